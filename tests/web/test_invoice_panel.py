"""The invoice panel queries: ledger status, payments, dunning history from the outbox, holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine

from assistant.store.db import session_factory, transaction
from assistant.store.models import (
    CustomerRow,
    HoldRow,
    InvoiceRow,
    OutboxRow,
    PaymentRow,
    ReminderSentRow,
)
from assistant.store.queries.invoices import invoice_panels, invoice_pks_for_numbers

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def seed(engine: Engine) -> tuple[int, int]:
    with transaction(engine) as s:
        customer = CustomerRow(customer_id="C1", name="Acme", email="ap@acme.example", created_at=NOW, updated_at=NOW)
        s.add(customer)
        s.flush()
        open_inv = InvoiceRow(invoice_number="INV-1", customer_pk=customer.id, issue_date=date(2026, 10, 1),
                              due_date=date(2026, 10, 31), amount=Decimal("1200.00"), currency="EUR",
                              balance=Decimal("200.00"), created_at=NOW, updated_at=NOW)
        paid = InvoiceRow(invoice_number="INV-2", customer_pk=customer.id, issue_date=date(2026, 11, 1),
                          due_date=date(2026, 12, 1), amount=Decimal("50.00"), currency="EUR",
                          balance=Decimal("0"), created_at=NOW, updated_at=NOW)
        s.add_all([open_inv, paid])
        s.flush()
        s.add(PaymentRow(invoice_pk=open_inv.id, amount=Decimal("1000.00"), paid_on=date(2026, 11, 5),
                         reference="88123", created_at=NOW))
        out = OutboxRow(key="r1", kind="reminder", status="sent", customer_pk=customer.id, thread_key="t",
                        step="overdue-1", invoice_pks=[open_inv.id], message_id="<m1@example.com>",
                        from_addr="ar@example.com", to_addrs=["ap@acme.example"], subject="Reminder: INV-1",
                        body_text="Please pay", attempts=1, sent_at=NOW, created_at=NOW, updated_at=NOW)
        s.add(out)
        s.flush()
        s.add(ReminderSentRow(invoice_pk=open_inv.id, customer_pk=customer.id, step="overdue-1", outbox_pk=out.id,
                              created_at=NOW))
        s.add(HoldRow(invoice_pk=open_inv.id, reason="promise", until=date(2026, 11, 30), source="reply",
                      created_at=NOW))
        s.add(HoldRow(invoice_pk=open_inv.id, reason="grace", source="reply", active=False, created_at=NOW))
        return open_inv.id, paid.id


def test_panel_shows_status_payments_reminders_and_active_holds(web_engine: Engine) -> None:
    open_pk, paid_pk = seed(web_engine)
    with session_factory(web_engine)() as s:
        assert invoice_pks_for_numbers(s, ["INV-2", "NOPE", "INV-1"]) == [paid_pk, open_pk]
        first, second = invoice_panels(s, [open_pk, paid_pk, 999], date(2026, 11, 20))
    assert first.number == "INV-1" and first.status == "part-paid, 20 days overdue"
    assert [p.reference for p in first.payments] == ["88123"]
    assert [(r.step, r.status, r.subject) for r in first.reminders] == [("overdue-1", "sent", "Reminder: INV-1")]
    assert [h.reason for h in first.holds] == ["promise"]
    assert second.status == "paid" and second.reminders == [] and second.holds == []
