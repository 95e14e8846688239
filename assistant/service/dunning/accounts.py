"""Reading the store into the planner's `Account` values: a handful of set-wise queries
(no per-customer round trips), so a pass over 100,000 invoices stays fast."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.core.business_days import local_now
from assistant.core.policy import Account, OpenInvoice, Policy
from assistant.core.segments import SettledInvoice, segment_for
from assistant.core.statuses import OUTBOX_LIVE, ContactRole, ContactStatus, OutboxKind
from assistant.service.holds import hold_spans, in_force
from assistant.store.models import (
    ContactRow,
    CustomerRow,
    InvoiceRow,
    LateFeeRow,
    OutboxRow,
    PaymentRow,
    ReminderSentRow,
)


def load_accounts(session: Session, policy: Policy, now: datetime) -> list[Account]:
    open_rows = session.execute(
        select(InvoiceRow.id, InvoiceRow.customer_pk, InvoiceRow.invoice_number, InvoiceRow.due_date,
               InvoiceRow.amount, InvoiceRow.balance, InvoiceRow.currency)
        .where(InvoiceRow.balance > 0)).all()
    if not open_rows:
        return []
    # A hold's `until` date is inclusive and means the customer's own calendar day.
    holds = hold_spans(session, now.date() - timedelta(days=1))
    local_today = _local_dates(session, policy, now)
    done: dict[int, set[str]] = defaultdict(set)
    for invoice_pk, step in session.execute(
            select(ReminderSentRow.invoice_pk, ReminderSentRow.step)
            .join(InvoiceRow, InvoiceRow.id == ReminderSentRow.invoice_pk).where(InvoiceRow.balance > 0)):
        done[invoice_pk].add(step)
    fees = set(session.scalars(select(LateFeeRow.invoice_pk))) if policy.late_fees.enabled else set()
    invoices: dict[int, list[OpenInvoice]] = defaultdict(list)
    for pk, customer_pk, number, due, amount, balance, currency in open_rows:
        held = in_force(holds[pk], local_today[customer_pk]) if pk in holds else ()
        invoices[customer_pk].append(OpenInvoice(pk, number, due, Decimal(amount), Decimal(balance), currency,
                                                 held, frozenset(done.get(pk, ())), pk in fees))
    to: dict[int, list[str]] = defaultdict(list)
    cc: dict[int, list[str]] = defaultdict(list)
    for customer_pk, email, role, status in session.execute(
            select(ContactRow.customer_pk, ContactRow.email, ContactRow.role, ContactRow.status)
            .order_by(ContactRow.id)):
        if status != ContactStatus.ACTIVE:
            continue
        if role == ContactRole.BILLING:
            to[customer_pk].append(email)
        elif role == ContactRole.CC:
            cc[customer_pk].append(email)
    recent = _recent_reminders(session, now - timedelta(days=policy.cap.per_days))
    history = _history(session, set(invoices))
    accounts = []
    for pk, customer_id, name, language, tz, country, segment, opted_out in session.execute(
            select(CustomerRow.id, CustomerRow.customer_id, CustomerRow.name, CustomerRow.language,
                   CustomerRow.timezone, CustomerRow.country, CustomerRow.segment, CustomerRow.opted_out)
            .order_by(CustomerRow.id)):
        if pk not in invoices:
            continue
        accounts.append(Account(
            customer_pk=pk, customer_id=customer_id, name=name, language=language, timezone=tz, country=country,
            segment=segment_for(history.get(pk, []), policy.segment_rules, segment), opted_out=bool(opted_out),
            to=tuple(to.get(pk, ())), cc=tuple(cc.get(pk, ())), invoices=tuple(invoices[pk]),
            recent_reminders=tuple(recent.get(pk, ()))))
    return accounts


def _local_dates(session: Session, policy: Policy, now: datetime) -> dict[int, date]:
    """customer_pk -> today's date where the customer is."""
    by_zone: dict[str | None, date] = {}
    out: dict[int, date] = {}
    for pk, tz in session.execute(select(CustomerRow.id, CustomerRow.timezone)):
        if tz not in by_zone:
            by_zone[tz] = local_now(now, tz, policy.default_timezone).date()
        out[pk] = by_zone[tz]
    return out


def _recent_reminders(session: Session, since: datetime) -> dict[int, list[datetime]]:
    found: dict[int, list[datetime]] = defaultdict(list)
    for customer_pk, at in session.execute(
            select(OutboxRow.customer_pk, OutboxRow.created_at)
            .where(OutboxRow.kind == OutboxKind.REMINDER, OutboxRow.status.in_(OUTBOX_LIVE),
                   OutboxRow.created_at > since)):
        if customer_pk is not None:
            found[customer_pk].append(at)
    return found


def _history(session: Session, customer_pks: Iterable[int]) -> dict[int, list[SettledInvoice]]:
    """Settled invoices with the date of their last payment, per customer."""
    wanted = set(customer_pks)
    stmt = (select(InvoiceRow.customer_pk, InvoiceRow.due_date, func.max(PaymentRow.paid_on))
            .join(PaymentRow, PaymentRow.invoice_pk == InvoiceRow.id)
            .where(InvoiceRow.balance <= 0)
            .group_by(InvoiceRow.id, InvoiceRow.customer_pk, InvoiceRow.due_date))
    found: dict[int, list[SettledInvoice]] = defaultdict(list)
    for customer_pk, due, paid_on in session.execute(stmt):
        if customer_pk in wanted and isinstance(paid_on, date):
            found[customer_pk].append(SettledInvoice(due, paid_on))
    return found
