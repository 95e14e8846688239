"""Dunning fixtures: a ledger written straight into the store, settings pointing at the
real SMTP test server."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from assistant.settings import Settings, SmtpSettings
from assistant.store.db import transaction
from assistant.store.models import ContactRow, CustomerRow, InvoiceRow, PaymentRow
from tests.servers.smtp import SmtpTestServer, smtp_server

__all__ = ["smtp_server"]

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def add_customer(engine: Engine, customer_id: str, *, email: str | None = None, cc: tuple[str, ...] = (),
                 language: str = "en", timezone: str | None = "Europe/London", country: str | None = "GB",
                 segment: str | None = None, opted_out: bool = False) -> int:
    email = email or f"ap@{customer_id.lower()}.example"
    with transaction(engine) as s:
        row = CustomerRow(customer_id=customer_id, name=f"{customer_id} GmbH", email=email, language=language,
                          timezone=timezone, country=country, segment=segment, opted_out=opted_out,
                          created_at=T0, updated_at=T0)
        s.add(row)
        s.flush()
        s.add(ContactRow(customer_pk=row.id, email=email, role="billing", status="active", source="import",
                         created_at=T0, updated_at=T0))
        for a in cc:
            s.add(ContactRow(customer_pk=row.id, email=a, role="cc", status="active", source="import",
                             created_at=T0, updated_at=T0))
        return row.id


def add_invoice(engine: Engine, customer_pk: int, number: str, due: date, amount: str = "100.00",
                balance: str | None = None, currency: str = "EUR", pdf_path: str | None = None,
                issue: date | None = None) -> int:
    with transaction(engine) as s:
        row = InvoiceRow(invoice_number=number, customer_pk=customer_pk, issue_date=issue or date(2026, 1, 1),
                         due_date=due, amount=Decimal(amount), currency=currency,
                         balance=Decimal(balance if balance is not None else amount), balance_from_ledger=False,
                         pdf_path=pdf_path, po_number=None, created_at=T0, updated_at=T0)
        s.add(row)
        s.flush()
        return row.id


def add_payment(engine: Engine, invoice_pk: int, amount: str, paid_on: date) -> None:
    with transaction(engine) as s:
        s.add(PaymentRow(invoice_pk=invoice_pk, amount=Decimal(amount), paid_on=paid_on, reference=str(paid_on),
                         method=None, created_at=T0))


def settings_for(engine: Engine, server: SmtpTestServer | None = None, **dunning: object) -> Settings:
    base = Settings()
    smtp = SmtpSettings(host="127.0.0.1", port=server.port if server else 1, tls="none",
                        from_address="ar@billing.example")
    url = engine.url.render_as_string(hide_password=False)
    return replace(base, database=replace(base.database, url=url), smtp=smtp,
                   dunning=replace(base.dunning, **dunning))  # type: ignore[arg-type]


@pytest.fixture
def make_settings() -> object:
    return settings_for
