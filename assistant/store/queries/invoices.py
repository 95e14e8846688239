"""Read-only queries behind the invoice panel: ledger status, payments, dunning history, holds.

Every query is keyed by invoice primary keys (indexed: payments.invoice_pk,
reminders_sent.invoice_pk, holds(invoice_pk, active)), so the panel costs a handful of
small lookups however large the ledger is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.store.models import (
    CustomerRow,
    HoldRow,
    InvoiceRow,
    OutboxRow,
    PaymentRow,
    ReminderSentRow,
)


@dataclass(frozen=True)
class Reminder:
    step: str
    planned_at: datetime
    status: str
    sent_at: datetime | None
    subject: str
    message_id: str


@dataclass(frozen=True)
class Hold:
    reason: str
    until: date | None
    source: str
    note: str | None
    created_at: datetime


@dataclass(frozen=True)
class Payment:
    paid_on: date
    amount: Decimal
    reference: str


@dataclass
class InvoicePanel:
    pk: int
    number: str
    customer_id: str
    customer_name: str
    issue_date: date
    due_date: date
    amount: Decimal
    balance: Decimal
    currency: str
    po_number: str | None
    today: date
    payments: list[Payment] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due_date).days

    @property
    def status(self) -> str:
        if self.balance <= 0:
            return "paid"
        base = "part-paid" if self.balance < self.amount else "open"
        days = self.days_overdue
        if days > 0:
            return f"{base}, {days} days overdue"
        return f"{base}, due {'today' if days == 0 else f'in {-days} days'}"


def invoice_panels(session: Session, invoice_pks: Sequence[int], today: date) -> list[InvoicePanel]:
    """One panel per invoice, in the order given; unknown keys are left out."""
    if not invoice_pks:
        return []
    pks = list(dict.fromkeys(invoice_pks))
    rows = session.execute(select(InvoiceRow, CustomerRow).join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk)
                           .where(InvoiceRow.id.in_(pks))).all()
    panels = {inv.id: InvoicePanel(inv.id, inv.invoice_number, cust.customer_id, cust.name, inv.issue_date,
                                   inv.due_date, inv.amount, inv.balance, inv.currency, inv.po_number, today)
              for inv, cust in rows}
    for pay in session.scalars(select(PaymentRow).where(PaymentRow.invoice_pk.in_(pks))
                               .order_by(PaymentRow.paid_on)):
        panels[pay.invoice_pk].payments.append(Payment(pay.paid_on, pay.amount, pay.reference))
    reminders: dict[int, list[Reminder]] = defaultdict(list)
    for sent, out in session.execute(select(ReminderSentRow, OutboxRow)
                                     .outerjoin(OutboxRow, OutboxRow.id == ReminderSentRow.outbox_pk)
                                     .where(ReminderSentRow.invoice_pk.in_(pks))
                                     .order_by(ReminderSentRow.created_at)):
        reminders[sent.invoice_pk].append(Reminder(
            sent.step, sent.created_at, out.status if out else "unknown", out.sent_at if out else None,
            out.subject if out else "", out.message_id if out else ""))
    for pk, items in reminders.items():
        panels[pk].reminders = items
    for hold in session.scalars(select(HoldRow).where(HoldRow.invoice_pk.in_(pks), HoldRow.active.is_(True))
                                .order_by(HoldRow.created_at)):
        panels[hold.invoice_pk].holds.append(Hold(hold.reason, hold.until, hold.source, hold.note, hold.created_at))
    return [panels[pk] for pk in pks if pk in panels]


def invoice_pks_for_numbers(session: Session, numbers: Sequence[str]) -> list[int]:
    if not numbers:
        return []
    found = dict(session.execute(select(InvoiceRow.invoice_number, InvoiceRow.id)
                                 .where(InvoiceRow.invoice_number.in_(list(numbers)))).all())
    return [found[n] for n in numbers if n in found]
