"""A small ledger and one sent reminder, written straight into the store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from assistant.service.inbound.receive import store_message
from assistant.settings import ConversationSettings, Settings, SmtpSettings
from assistant.store.db import transaction
from assistant.store.models import ContactRow, CustomerRow, InvoiceRow, OutboxRow, ReminderSentRow

REPLIES = Path(__file__).resolve().parent.parent / "fixtures" / "replies"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
REMINDER_ID = "<reminder-acme-1.ar@billing.example>"


def add_customer(engine: Engine, customer_id: str = "ACME", email: str = "ap@acme.example",
                 language: str = "en") -> int:
    with transaction(engine) as s:
        row = CustomerRow(customer_id=customer_id, name=f"{customer_id} GmbH", email=email, language=language,
                          timezone="Europe/Berlin", country="GB", segment=None, opted_out=False,
                          created_at=T0, updated_at=T0)
        s.add(row)
        s.flush()
        s.add(ContactRow(customer_pk=row.id, email=email, role="billing", status="active", source="import",
                         created_at=T0, updated_at=T0))
        return row.id


def add_invoice(engine: Engine, customer_pk: int, number: str, amount: str = "1200.00",
                balance: str | None = None) -> int:
    with transaction(engine) as s:
        row = InvoiceRow(invoice_number=number, customer_pk=customer_pk, issue_date=date(2026, 10, 1),
                         due_date=date(2026, 11, 1), amount=Decimal(amount), currency="EUR",
                         balance=Decimal(balance if balance is not None else amount), balance_from_ledger=False,
                         pdf_path=None, po_number=None, created_at=T0, updated_at=T0)
        s.add(row)
        s.flush()
        return row.id


def add_reminder(engine: Engine, customer_pk: int, invoice_pks: list[int], message_id: str = REMINDER_ID) -> int:
    at = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    with transaction(engine) as s:
        row = OutboxRow(key=f"reminder:{message_id}", kind="reminder", status="sent", customer_pk=customer_pk,
                        thread_key="dunning:ACME", step="overdue_14", invoice_pks=invoice_pks, message_id=message_id,
                        in_reply_to=None, references=None, from_addr="ar@billing.example",
                        to_addrs=["ap@acme.example"], cc_addrs=[], subject="Reminder: invoice INV-1001 overdue",
                        body_text="...", body_html=None, attachments=[], attempts=1, next_attempt_at=at,
                        claimed_at=at, sent_at=at, error=None, created_at=at, updated_at=at)
        s.add(row)
        s.flush()
        for pk in invoice_pks:
            s.add(ReminderSentRow(invoice_pk=pk, customer_pk=customer_pk, step="overdue_14", outbox_pk=row.id,
                                  created_at=at))
        return row.id


def ledger(engine: Engine) -> tuple[int, int, int]:
    """ACME with INV-1001 (1200.00, reminded) and INV-1002 (300.00); returns the pks."""
    customer = add_customer(engine)
    inv1 = add_invoice(engine, customer, "INV-1001")
    inv2 = add_invoice(engine, customer, "INV-1002", "300.00")
    add_reminder(engine, customer, [inv1])
    return customer, inv1, inv2


_uid = [0]


def store(engine: Engine, raw: bytes | str, now: datetime) -> int:
    data = raw.encode() if isinstance(raw, str) else raw
    if isinstance(raw, str) and not raw.startswith(("From", "Return", "Authentication")):
        data = (REPLIES / raw).read_bytes()
    _uid[0] += 1
    stored = store_message(engine, "ar@test/INBOX", 1, _uid[0], data, None, 10_000_000, now)
    assert stored.inbound_id is not None, stored
    return stored.inbound_id


def settings_for(engine: Engine, smtp_port: int = 1, **conversations: Any) -> Settings:
    base = Settings()
    return replace(base, database=replace(base.database, url=engine.url.render_as_string(hide_password=False)),
                   smtp=SmtpSettings(host="127.0.0.1", port=smtp_port, tls="none", from_address="ar@billing.example"),
                   conversations=replace(ConversationSettings(), **conversations))
