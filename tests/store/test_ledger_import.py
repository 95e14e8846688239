"""Ledger import contract, run against SQLite and PostgreSQL: atomic, upsert by natural key,
every invalid row reported as FILE:LINE: reason."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from assistant.errors import BadInput
from assistant.service.ledger.imports import import_customers, import_invoices, import_payments
from assistant.store.db import session_factory
from assistant.store.models import AuditRow, ContactRow, CustomerRow, InvoiceRow, PaymentRow

CUSTOMERS = (
    "customer_id,name,email,cc,language,timezone,country,segment,ignored_extra\n"
    "C1,Acme GmbH,AP@acme.de,boss@acme.de; cfo@acme.de,de,Europe/Berlin,de,good,x\n"
    "C2,Beta Inc,ap@beta.com,,,America/New_York,US,,y\n"
)
INVOICES = (
    "invoice_number,customer_id,issue_date,due_date,amount,currency,balance,pdf_path,po_number\n"
    "INV-1,C1,2026-10-01,2026-10-31,1200.00,EUR,,/srv/inv1.pdf,PO-9\n"
    "INV-2,C2,2026-10-05,2026-11-04,99.50,usd,40.00,,\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(engine: Engine, model: type) -> int:
    with session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def balances(engine: Engine) -> dict[str, Decimal]:
    with session_factory(engine)() as s:
        return {n: Decimal(b) for n, b in s.execute(select(InvoiceRow.invoice_number, InvoiceRow.balance)).all()}


@pytest.fixture
def ledger(engine: Engine, tmp_path: Path, now: datetime) -> Engine:
    import_customers(engine, write(tmp_path, "customers.csv", CUSTOMERS), now)
    import_invoices(engine, write(tmp_path, "invoices.csv", INVOICES), now)
    return engine


def test_customers_and_contacts_are_imported(ledger: Engine) -> None:
    with session_factory(ledger)() as s:
        acme = s.scalar(select(CustomerRow).where(CustomerRow.customer_id == "C1"))
        assert acme is not None
        assert (acme.email, acme.language, acme.timezone, acme.country, acme.segment) == (
            "ap@acme.de", "de", "Europe/Berlin", "DE", "good")
        contacts = sorted(s.execute(select(ContactRow.email, ContactRow.role)
                                    .where(ContactRow.customer_pk == acme.id)).all())
    assert contacts == [("ap@acme.de", "billing"), ("boss@acme.de", "cc"), ("cfo@acme.de", "cc")]


def test_invoice_balance_from_ledger_or_amount(ledger: Engine) -> None:
    assert balances(ledger) == {"INV-1": Decimal("1200"), "INV-2": Decimal("40")}


def test_reimport_upserts_by_natural_key(ledger: Engine, tmp_path: Path, now: datetime) -> None:
    changed = INVOICES.replace("1200.00,EUR", "1300.00,EUR")
    result = import_invoices(ledger, write(tmp_path, "again.csv", changed), now)
    assert (result.inserted, result.updated) == (0, 2)
    assert count(ledger, InvoiceRow) == 2
    assert balances(ledger)["INV-1"] == Decimal("1300")


def test_payments_are_idempotent_and_reduce_the_balance(ledger: Engine, tmp_path: Path, now: datetime) -> None:
    payments = write(tmp_path, "payments.csv",
                     "invoice_number,amount,paid_on,reference,method\n"
                     "INV-1,200.00,2026-11-02,R-1,wire\n"
                     "INV-1,200.00,2026-11-02,R-2,wire\n"
                     "INV-2,40,2026-11-03,,card\n")
    first = import_payments(ledger, payments, now)
    second = import_payments(ledger, payments, now)
    assert (first.inserted, second.inserted, second.updated) == (3, 0, 3)
    assert second.summary(payments) == f"{payments}: 3 payments imported (0 new, 3 already recorded)"
    assert count(ledger, PaymentRow) == 3
    assert balances(ledger) == {"INV-1": Decimal("800"), "INV-2": Decimal("0")}


def test_invoice_reimport_without_balance_accounts_for_recorded_payments(
        ledger: Engine, tmp_path: Path, now: datetime) -> None:
    import_payments(ledger, write(tmp_path, "p.csv", "invoice_number,amount,paid_on\nINV-1,100,2026-11-02\n"), now)
    import_invoices(ledger, write(tmp_path, "again.csv", INVOICES), now)
    assert balances(ledger)["INV-1"] == Decimal("1100")


def test_every_import_is_audited(ledger: Engine) -> None:
    with session_factory(ledger)() as s:
        actions = s.scalars(select(AuditRow.action).order_by(AuditRow.id)).all()
    assert actions == ["import.customers", "import.invoices"]


def test_bom_and_crlf_are_accepted(engine: Engine, tmp_path: Path, now: datetime) -> None:
    path = write(tmp_path, "bom.csv", "\ufeff" + CUSTOMERS.replace("\n", "\r\n"))
    assert import_customers(engine, path, now).rows == 2
    with session_factory(engine)() as s:
        assert s.scalar(select(CustomerRow.name).where(CustomerRow.customer_id == "C2")) == "Beta Inc"


HEADER = "invoice_number,customer_id,issue_date,due_date,amount,currency\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("INV-9,C1,2026-13-01,2026-12-01,10,EUR\n", ":2: issue_date '2026-13-01' is not an ISO date"),
        ("INV-9,C1,01/10/2026,2026-12-01,10,EUR\n", ":2: issue_date '01/10/2026' is not an ISO date"),
        ("INV-9,C1,2026-10-01,2026-09-01,10,EUR\n", ":2: due_date 2026-09-01 is before issue_date"),
        ("INV-9,C1,2026-10-01,2026-12-01,-10,EUR\n", ":2: amount -10 is negative"),
        ("INV-9,C1,2026-10-01,2026-12-01,ten,EUR\n", ":2: amount 'ten' is not a decimal number"),
        ("INV-9,C1,2026-10-01,2026-12-01,١٠,EUR\n", ":2: amount '١٠' is not a decimal number"),
        ("INV-9,C1,2026-10-01,2026-12-01,1.005,EUR\n", ":2: amount 1.005 has more decimals than EUR allows (2)"),
        ("INV-9,C1,2026-10-01,2026-12-01,100.5,JPY\n", ":2: amount 100.5 has more decimals than JPY allows (0)"),
        ("INV-9,C1,2026-10-01,2026-12-01,1.234,56,EUR\n", ":2: 7 fields but the header has 6"),
        ("INV-9,C404,2026-10-01,2026-12-01,10,EUR\n", ":2: unknown customer 'C404'"),
        ("INV-9,C1,2026-10-01,2026-12-01,10,EUX\n", ":2: unknown currency code 'EUX'"),
        ("INV-9,C1,2026-10-01,2026-12-01,10,EUR\nINV-9,C1,2026-10-01,2026-12-01,11,EUR\n",
         ":3: duplicate invoice_number INV-9 (first on line 2)"),
        (",C1,2026-10-01,2026-12-01,10,EUR\n", ":2: invoice_number is empty"),
    ],
)
def test_invalid_rows_are_reported_and_nothing_is_written(
        ledger: Engine, tmp_path: Path, now: datetime, body: str, expected: str) -> None:
    # A valid row first: atomicity means it must not be written either.
    path = write(tmp_path, "bad.csv", HEADER + "INV-OK,C1,2026-10-01,2026-12-01,10,EUR\n" + body.replace(":2:", ":3:"))
    with pytest.raises(BadInput) as caught:
        import_invoices(ledger, path, now)
    shifted = expected.replace(":3:", ":4:").replace(":2:", ":3:").replace("line 2", "line 3")
    assert any(p.startswith(str(path)) and shifted in p for p in caught.value.problems), caught.value.problems
    assert count(ledger, InvoiceRow) == 2


def test_all_invalid_rows_are_reported_at_once(ledger: Engine, tmp_path: Path, now: datetime) -> None:
    path = write(tmp_path, "bad.csv", HEADER + "A,C1,x,2026-12-01,10,EUR\nB,C1,2026-10-01,2026-12-01,10,EUR\n"
                 "C,C9,2026-10-01,2026-12-01,10,EUR\n")
    with pytest.raises(BadInput) as caught:
        import_invoices(ledger, path, now)
    lines = [p.split(": ")[0] for p in caught.value.problems if p.startswith(str(path))]
    assert lines == [f"{path}:2", f"{path}:4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ":1: empty file"),
        ("   \n\n", ":1: empty file"),
        ("invoice_number,customer_id,issue_date,amount,currency\nX,C1,2026-01-01,1,EUR\n",
         ":1: missing required column due_date"),
        (HEADER, ":2: no data rows"),
    ],
)
def test_file_level_problems(ledger: Engine, tmp_path: Path, now: datetime, text: str, expected: str) -> None:
    path = write(tmp_path, "f.csv", text)
    with pytest.raises(BadInput) as caught:
        import_invoices(ledger, path, now)
    assert f"{path}{expected}" in caught.value.problems[0]


def test_non_utf8_file_names_the_line(ledger: Engine, tmp_path: Path, now: datetime) -> None:
    path = write(tmp_path, "latin.csv", CUSTOMERS.replace("Beta Inc", "Bêta Inc"), encoding="latin-1")
    with pytest.raises(BadInput, match=r"latin.csv:3: not valid UTF-8"):
        import_customers(ledger, path, now)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("C3,Gamma,not-an-email,,,,,", "email 'not-an-email' is not an email address"),
        ("C3,Gamma,a@gamma.com,bad cc,,,,", "cc 'bad cc' is not an email address"),
        ("C3,Gamma,a@gamma.com,,,Mars/Base,,", "timezone 'Mars/Base' is not a known IANA time zone"),
        ("C3,Gamma,a@gamma.com,,,,,vip", "segment 'vip' is not one of new, good, chronic"),
        ("C3,,a@gamma.com,,,,,", "name is empty"),
        ("C3,Gamma,a@gamma.com,,,,USA,", "country 'USA' is not a two-letter"),
    ],
)
def test_invalid_customer_rows(engine: Engine, tmp_path: Path, now: datetime, row: str, expected: str) -> None:
    path = write(tmp_path, "c.csv", "customer_id,name,email,cc,language,timezone,country,segment\n" + row + "\n")
    with pytest.raises(BadInput) as caught:
        import_customers(engine, path, now)
    assert f"{path}:2: {expected}" in caught.value.problems[0]
    assert count(engine, CustomerRow) == 0


def test_invalid_payment_rows(ledger: Engine, tmp_path: Path, now: datetime) -> None:
    path = write(tmp_path, "p.csv", "invoice_number,amount,paid_on,reference\n"
                 "INV-404,10,2026-11-01,\nINV-1,0,2026-11-01,\nINV-1,5,yesterday,\n"
                 "INV-1,5,2026-11-01,A\nINV-1,5,2026-11-01,A\n")
    with pytest.raises(BadInput) as caught:
        import_payments(ledger, path, now)
    joined = "\n".join(caught.value.problems)
    assert f"{path}:2: unknown invoice 'INV-404'" in joined
    assert f"{path}:3: amount is zero" in joined
    assert f"{path}:4: paid_on 'yesterday' is not an ISO date" in joined
    assert f"{path}:6: duplicate payment INV-1 + 2026-11-01 + 5 + A (first on line 5)" in joined
    assert count(ledger, PaymentRow) == 0
