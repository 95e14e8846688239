"""Use case: import customers, invoices or payments from a CSV file, atomically.

Either every row is valid and all are written in one transaction, or nothing is written
and every invalid row is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assistant.core.ledger import Customer, Invoice, Payment
from assistant.core.statuses import ContactRole, ContactSource, ContactStatus
from assistant.errors import ImportRowsInvalid
from assistant.service.ledger import rows as lr
from assistant.service.ledger.csv_source import CsvTable, progress, read_table
from assistant.store.db import transaction
from assistant.store.models import AuditRow, ContactRow, CustomerRow, InvoiceRow, PaymentRow
from assistant.store.upsert import chunks, insert_ignore, upsert


@dataclass(frozen=True)
class ImportResult:
    kind: str
    rows: int
    inserted: int
    updated: int

    def summary(self, path: Path) -> str:
        # A payment is never updated: one already recorded (same key) is skipped.
        rest = "already recorded" if self.kind == "payments" else "updated or unchanged"
        return f"{path}: {self.rows} {self.kind} imported ({self.inserted} new, {self.updated} {rest})"


def import_customers(engine: Engine, path: Path, now: datetime, actor: str = "cli") -> ImportResult:
    table = read_table(path, lr.CUSTOMER_COLUMNS, lr.CUSTOMER_OPTIONAL)
    customers, problems = lr.validate_rows(progress(table.rows, "customers"), path, lr.customer_from_row,
                                           lambda c: c.customer_id, "customer_id")
    _raise(problems)
    with transaction(engine) as session:
        existing = set(session.scalars(select(CustomerRow.customer_id)))
        upsert(session, CustomerRow.__table__, [_customer_values(c, now) for c in customers],  # type: ignore[arg-type]
               keys=["customer_id"], update=["name", "email", "language", "timezone", "country", "segment", "updated_at"])
        _upsert_contacts(session, customers, now)
        inserted = sum(1 for c in customers if c.customer_id not in existing)
        result = ImportResult("customers", len(customers), inserted, len(customers) - inserted)
        _audit(session, now, actor, table, result)
    return result


def import_invoices(engine: Engine, path: Path, now: datetime, actor: str = "cli") -> ImportResult:
    table = read_table(path, lr.INVOICE_COLUMNS, lr.INVOICE_OPTIONAL)
    with transaction(engine) as session:
        customer_pks = dict(session.execute(select(CustomerRow.customer_id, CustomerRow.id)).all())
        invoices, problems = lr.validate_rows(progress(table.rows, "invoices"), path,
                                              lambda r: lr.invoice_from_row(r, customer_pks),
                                              lambda i: i.invoice_number, "invoice_number")
        _raise(problems)
        existing = set(session.scalars(select(InvoiceRow.invoice_number)))
        paid = _payment_totals(session)
        rows = [_invoice_values(i, customer_pks[i.customer_id], paid.get(i.invoice_number, Decimal(0)), now)
                for i in invoices]
        upsert(session, InvoiceRow.__table__, rows, keys=["invoice_number"],  # type: ignore[arg-type]
               update=["customer_pk", "issue_date", "due_date", "amount", "currency", "balance",
                       "balance_from_ledger", "pdf_path", "po_number", "updated_at"])
        inserted = sum(1 for i in invoices if i.invoice_number not in existing)
        result = ImportResult("invoices", len(invoices), inserted, len(invoices) - inserted)
        _audit(session, now, actor, table, result)
    return result


def import_payments(engine: Engine, path: Path, now: datetime, actor: str = "cli") -> ImportResult:
    """Record payments; a payment already recorded (same four-field key) is skipped."""
    table = read_table(path, lr.PAYMENT_COLUMNS, lr.PAYMENT_OPTIONAL)
    with transaction(engine) as session:
        wanted = {r.get("invoice_number") for r in table.rows}
        invoice_pks = _invoice_pks(session, wanted)
        payments, problems = lr.validate_rows(progress(table.rows, "payments"), path,
                                              lambda r: lr.payment_from_row(r, invoice_pks),
                                              lambda p: p.key, "payment")
        _raise(problems)
        known = _payment_keys(session, [invoice_pks[p.invoice_number] for p in payments])
        new = [p for p in payments if (invoice_pks[p.invoice_number], p.paid_on, p.amount, p.reference) not in known]
        insert_ignore(session, PaymentRow.__table__, [  # type: ignore[arg-type]
            {"invoice_pk": invoice_pks[p.invoice_number], "amount": p.amount, "paid_on": p.paid_on,
             "reference": p.reference, "method": p.method, "created_at": now} for p in new])
        _reduce_balances(session, new, invoice_pks, now)
        result = ImportResult("payments", len(payments), len(new), len(payments) - len(new))
        _audit(session, now, actor, table, result)
    return result


def _raise(problems: list[str]) -> None:
    if problems:
        raise ImportRowsInvalid([*problems, f"nothing imported: {len(problems)} invalid row(s)"])


def _customer_values(c: Customer, now: datetime) -> dict[str, Any]:
    return {"customer_id": c.customer_id, "name": c.name, "email": c.email, "language": c.language,
            "timezone": c.timezone, "country": c.country, "segment": c.segment.value if c.segment else None,
            "opted_out": False, "created_at": now, "updated_at": now}


def _upsert_contacts(session: Session, customers: Sequence[Customer], now: datetime) -> None:
    pks = dict(session.execute(select(CustomerRow.customer_id, CustomerRow.id)).all())
    rows = []
    for c in customers:
        rows.append({"customer_pk": pks[c.customer_id], "email": c.email, "role": ContactRole.BILLING,
                     "status": ContactStatus.ACTIVE, "source": ContactSource.IMPORT, "created_at": now, "updated_at": now})
        rows.extend({"customer_pk": pks[c.customer_id], "email": a, "role": ContactRole.CC,
                     "status": ContactStatus.ACTIVE, "source": ContactSource.IMPORT, "created_at": now,
                     "updated_at": now} for a in c.cc if a != c.email)
    # A re-import may change a role, but never resets a bounce: that is our own knowledge.
    upsert(session, ContactRow.__table__, rows, keys=["customer_pk", "email"], update=["role", "updated_at"])  # type: ignore[arg-type]


def _invoice_values(i: Invoice, customer_pk: int, paid: Decimal, now: datetime) -> dict[str, Any]:
    from_ledger = i.balance is not None
    balance = i.balance if i.balance is not None else i.amount - paid
    return {"invoice_number": i.invoice_number, "customer_pk": customer_pk, "issue_date": i.issue_date,
            "due_date": i.due_date, "amount": i.amount, "currency": i.currency, "balance": balance,
            "balance_from_ledger": from_ledger, "pdf_path": i.pdf_path, "po_number": i.po_number,
            "created_at": now, "updated_at": now}


def _payment_totals(session: Session) -> dict[str, Decimal]:
    from sqlalchemy import func

    stmt = (select(InvoiceRow.invoice_number, func.sum(PaymentRow.amount))
            .join(PaymentRow, PaymentRow.invoice_pk == InvoiceRow.id).group_by(InvoiceRow.invoice_number))
    return {n: Decimal(t) for n, t in session.execute(stmt).all()}


def _invoice_pks(session: Session, numbers: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(sorted(numbers), 900):
        stmt = select(InvoiceRow.invoice_number, InvoiceRow.id).where(InvoiceRow.invoice_number.in_(chunk))
        found.update(session.execute(stmt).all())
    return found


def _payment_keys(session: Session, invoice_pks: list[int]) -> set[tuple[int, Any, Decimal, str]]:
    keys: set[tuple[int, Any, Decimal, str]] = set()
    for chunk in chunks(sorted(set(invoice_pks)), 900):
        stmt = select(PaymentRow.invoice_pk, PaymentRow.paid_on, PaymentRow.amount, PaymentRow.reference).where(
            PaymentRow.invoice_pk.in_(chunk))
        keys.update((pk, d, Decimal(a), r) for pk, d, a, r in session.execute(stmt).all())
    return keys


def _reduce_balances(session: Session, new: list[Payment], invoice_pks: dict[str, int], now: datetime) -> None:
    totals: dict[int, Decimal] = {}
    for p in new:
        pk = invoice_pks[p.invoice_number]
        totals[pk] = totals.get(pk, Decimal(0)) + p.amount
    for chunk in chunks(sorted(totals), 900):
        for invoice in session.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(chunk))):
            invoice.balance = invoice.balance - totals[invoice.id]
            invoice.updated_at = now


def _audit(session: Session, now: datetime, actor: str, table: CsvTable, result: ImportResult) -> None:
    session.add(AuditRow(at=now, actor=actor, action=f"import.{result.kind}", subject_type="file",
                         subject_id=table.path.name[:128],
                         detail={"rows": result.rows, "inserted": result.inserted, "updated": result.updated}))
