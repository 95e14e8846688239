"""Read-only snapshots of the store for the weekly digest. Nothing here writes.

Every query orders its rows, so the digest for a given `now` is the same on SQLite and
PostgreSQL and from one run to the next.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.core.conversation import State
from assistant.core.digest import ReplySeen, SuggestionSeen
from assistant.core.ledger import Invoice
from assistant.core.statuses import (
    ContactStatus,
    DisputeStatus,
    InboundStatus,
    InstalmentStatus,
    OutboxStatus,
    PlanStatus,
    PromiseStatus,
    SuggestionStatus,
    ThreadStatus,
    VerificationStatus,
)
from assistant.store.models import (
    ContactRow,
    ConversationEventRow,
    CustomerRow,
    DisputeRow,
    InboundMessageRow,
    InstalmentRow,
    InvoiceRow,
    InvoiceStateRow,
    OutboxRow,
    PaymentPlanRow,
    PaymentRow,
    PromiseRow,
    SuggestionRow,
    ThreadRow,
    VerificationRow,
)

SETTLED_STATES = (State.PAID, State.CLOSED)


@dataclass
class ThreadSnapshot:
    id: int
    thread_key: str
    customer: str
    subject: str
    customer_pk: int | None = None
    intent: str | None = None
    last_customer_at: datetime | None = None
    last_ours_at: datetime | None = None
    # (invoice number, open balance, currency, state) of the invoices still open in the thread
    invoices: list[tuple[str, Decimal, str, str]] = field(default_factory=list)
    pending_suggestions: list[tuple[datetime, str]] = field(default_factory=list)  # (created, action)
    verifications: list[tuple[date, str]] = field(default_factory=list)
    promises: list[date] = field(default_factory=list)
    instalments: list[date] = field(default_factory=list)
    dispute_owners: list[str] = field(default_factory=list)


def ledger(session: Session) -> tuple[list[Invoice], dict[str, list[tuple[date, Decimal]]]]:
    """Every invoice as a ledger value, and the payments recorded per invoice number."""
    # Columns, not ORM objects: a ledger of 10,000 invoices loads in a fraction of the time.
    invoices = [Invoice(number, customer_id, issued, due, Decimal(amount), currency, Decimal(balance))
                for number, customer_id, issued, due, amount, currency, balance in session.execute(
                    select(InvoiceRow.invoice_number, CustomerRow.customer_id, InvoiceRow.issue_date,
                           InvoiceRow.due_date, InvoiceRow.amount, InvoiceRow.currency, InvoiceRow.balance)
                    .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk).order_by(InvoiceRow.id))]
    payments: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for number, paid_on, amount in session.execute(
            select(InvoiceRow.invoice_number, PaymentRow.paid_on, PaymentRow.amount)
            .join(InvoiceRow, InvoiceRow.id == PaymentRow.invoice_pk).order_by(PaymentRow.id)):
        payments[number].append((paid_on, Decimal(amount)))
    return invoices, dict(payments)


def customer_names(session: Session) -> dict[int, str]:
    return {pk: name for pk, name in session.execute(select(CustomerRow.id, CustomerRow.name))}


def open_threads(session: Session, today: date) -> list[ThreadSnapshot]:
    """Threads still open with an invoice not paid or closed, or a suggestion waiting."""
    names = customer_names(session)
    snaps: dict[int, ThreadSnapshot] = {}
    for thread in session.scalars(select(ThreadRow).where(ThreadRow.status == ThreadStatus.OPEN).order_by(ThreadRow.id)):
        customer = names.get(thread.customer_pk, "") if thread.customer_pk else "unmatched sender"
        snaps[thread.id] = ThreadSnapshot(thread.id, thread.thread_key, customer, thread.subject, thread.customer_pk)
    if not snaps:
        return []
    for number, balance, currency, state, thread_pk in session.execute(
            select(InvoiceRow.invoice_number, InvoiceRow.balance, InvoiceRow.currency, InvoiceStateRow.state,
                   InvoiceStateRow.thread_pk)
            .join(InvoiceRow, InvoiceRow.id == InvoiceStateRow.invoice_pk)
            .where(InvoiceStateRow.state.not_in(SETTLED_STATES), InvoiceRow.balance > 0)
            .order_by(InvoiceRow.invoice_number)):
        if thread_pk in snaps:
            snaps[thread_pk].invoices.append((number, Decimal(balance), currency, state))
    for thread_pk, created_at, action in session.execute(
            select(SuggestionRow.thread_pk, SuggestionRow.created_at, SuggestionRow.action)
            .where(SuggestionRow.status == SuggestionStatus.PENDING).order_by(SuggestionRow.created_at, SuggestionRow.id)):
        if thread_pk in snaps:
            snaps[thread_pk].pending_suggestions.append((created_at, action))
    # The latest classified intent and the customer's latest message in each thread.
    for thread_pk, intent, at in session.execute(
            select(ConversationEventRow.thread_pk, ConversationEventRow.intent, ConversationEventRow.at)
            .where(ConversationEventRow.inbound_pk.is_not(None))
            .order_by(ConversationEventRow.at, ConversationEventRow.id)):
        snap = snaps.get(thread_pk) if thread_pk is not None else None
        if snap is not None:
            snap.last_customer_at = at
            snap.intent = intent or snap.intent
    for thread_pk, intent, at in session.execute(
            select(SuggestionRow.thread_pk, SuggestionRow.intent, InboundMessageRow.received_at)
            .join(InboundMessageRow, InboundMessageRow.id == SuggestionRow.inbound_pk)
            .order_by(InboundMessageRow.received_at, SuggestionRow.id)):
        snap = snaps.get(thread_pk) if thread_pk is not None else None
        if snap is not None and (snap.last_customer_at is None or at >= snap.last_customer_at):
            snap.last_customer_at, snap.intent = at, intent
    by_key = {s.thread_key: s for s in snaps.values()}
    for key, sent_at in session.execute(
            select(OutboxRow.thread_key, func.max(OutboxRow.sent_at))
            .where(OutboxRow.status == OutboxStatus.SENT, OutboxRow.thread_key.in_(sorted(by_key)))
            .group_by(OutboxRow.thread_key)):
        if key is not None:
            by_key[key].last_ours_at = sent_at
    for thread_pk, decided_at in session.execute(
            select(SuggestionRow.thread_pk, func.max(SuggestionRow.decided_at))
            .where(SuggestionRow.decided_at.is_not(None)).group_by(SuggestionRow.thread_pk)):
        snap = snaps.get(thread_pk) if thread_pk is not None else None
        if snap is not None and decided_at is not None and (snap.last_ours_at is None
                                                            or decided_at > snap.last_ours_at):
            snap.last_ours_at = decided_at
    for thread_pk, due, kind in session.execute(
            select(VerificationRow.thread_pk, VerificationRow.due_date, VerificationRow.kind)
            .where(VerificationRow.status == VerificationStatus.PENDING).order_by(VerificationRow.due_date, VerificationRow.id)):
        if thread_pk in snaps:
            snaps[thread_pk].verifications.append((due, kind))
    for thread_pk, promised in session.execute(
            select(PromiseRow.thread_pk, PromiseRow.promised_date).where(PromiseRow.status == PromiseStatus.OPEN)
            .order_by(PromiseRow.promised_date, PromiseRow.id)):
        if thread_pk in snaps:
            snaps[thread_pk].promises.append(promised)
    for thread_pk, due in session.execute(
            select(PaymentPlanRow.thread_pk, InstalmentRow.due_date)
            .join(InstalmentRow, InstalmentRow.plan_pk == PaymentPlanRow.id)
            .where(PaymentPlanRow.status == PlanStatus.ACTIVE, InstalmentRow.status != InstalmentStatus.PAID)
            .order_by(InstalmentRow.due_date, InstalmentRow.id)):
        if thread_pk in snaps:
            snaps[thread_pk].instalments.append(due)
    for thread_pk, owner in session.execute(
            select(DisputeRow.thread_pk, DisputeRow.owner).where(DisputeRow.status == DisputeStatus.OPEN)
            .order_by(DisputeRow.id)):
        if thread_pk in snaps and owner not in snaps[thread_pk].dispute_owners:
            snaps[thread_pk].dispute_owners.append(owner)
    return [s for s in snaps.values() if s.invoices or s.pending_suggestions]


@dataclass(frozen=True)
class PromiseSnapshot:
    thread_pk: int | None
    customer: str
    invoice: str
    promised_date: date
    amount: Decimal
    currency: str
    status: str
    resolved_at: datetime | None


def promises(session: Session) -> list[PromiseSnapshot]:
    names = customer_names(session)
    return [PromiseSnapshot(p.thread_pk, names.get(inv.customer_pk, ""), inv.invoice_number, p.promised_date,
                            Decimal(p.amount if p.amount is not None else inv.balance), p.currency or inv.currency,
                            p.status, p.resolved_at)
            for p, inv in session.execute(select(PromiseRow, InvoiceRow)
                                          .join(InvoiceRow, InvoiceRow.id == PromiseRow.invoice_pk)
                                          .where(PromiseRow.status.in_((PromiseStatus.OPEN, PromiseStatus.BROKEN)))
                                          .order_by(PromiseRow.promised_date, PromiseRow.id))]


@dataclass(frozen=True)
class DisputeSnapshot:
    thread_pk: int | None
    customer: str
    invoice: str
    owner: str
    reason: str
    created_at: datetime
    balance: Decimal
    currency: str


def open_disputes(session: Session) -> list[DisputeSnapshot]:
    names = customer_names(session)
    return [DisputeSnapshot(d.thread_pk, names.get(inv.customer_pk, ""), inv.invoice_number, d.owner, d.reason,
                            d.created_at, Decimal(inv.balance), inv.currency)
            for d, inv in session.execute(select(DisputeRow, InvoiceRow)
                                          .join(InvoiceRow, InvoiceRow.id == DisputeRow.invoice_pk)
                                          .where(DisputeRow.status == DisputeStatus.OPEN)
                                          .order_by(DisputeRow.created_at, DisputeRow.id))]


@dataclass(frozen=True)
class PlanSnapshot:
    id: int
    thread_pk: int | None
    customer: str
    status: str
    total: Decimal
    currency: str
    missed: tuple[tuple[int, date, Decimal], ...]  # (number, due, amount) unpaid past their date


def plans_in_default(session: Session, today: date) -> list[PlanSnapshot]:
    """Plans marked defaulted, and active plans with an instalment unpaid past its date."""
    names = customer_names(session)
    found: list[PlanSnapshot] = []
    live = (PlanStatus.ACTIVE, PlanStatus.DEFAULTED)
    overdue: dict[int, list[tuple[int, date, Decimal]]] = defaultdict(list)
    for plan_pk, number, due, amount in session.execute(
            select(InstalmentRow.plan_pk, InstalmentRow.number, InstalmentRow.due_date, InstalmentRow.amount)
            .join(PaymentPlanRow, PaymentPlanRow.id == InstalmentRow.plan_pk)
            .where(PaymentPlanRow.status.in_(live), InstalmentRow.status != InstalmentStatus.PAID, InstalmentRow.due_date < today)
            .order_by(InstalmentRow.plan_pk, InstalmentRow.number)):
        overdue[plan_pk].append((number, due, Decimal(amount)))
    for plan in session.scalars(select(PaymentPlanRow).where(PaymentPlanRow.status.in_(live))
                                .order_by(PaymentPlanRow.id)):
        missed = tuple(overdue.get(plan.id, ()))
        if plan.status == PlanStatus.DEFAULTED or missed:
            found.append(PlanSnapshot(plan.id, plan.thread_pk, names.get(plan.customer_pk, ""), plan.status,
                                      Decimal(plan.total), plan.currency, missed))
    return found


@dataclass(frozen=True)
class SuggestionSnapshot:
    id: int
    thread_pk: int | None
    customer: str
    intent: str
    action: str
    created_at: datetime


def pending_suggestions(session: Session, older_than: datetime) -> list[SuggestionSnapshot]:
    names = customer_names(session)
    return [SuggestionSnapshot(s.id, s.thread_pk, names.get(s.customer_pk, "") if s.customer_pk else "unmatched sender",
                               s.intent, s.action, s.created_at)
            for s in session.scalars(select(SuggestionRow).where(SuggestionRow.status == SuggestionStatus.PENDING,
                                                                 SuggestionRow.created_at < older_than)
                                     .order_by(SuggestionRow.created_at, SuggestionRow.id))]


@dataclass(frozen=True)
class BouncedSnapshot:
    customer_pk: int
    customer: str
    email: str
    reason: str
    since: datetime


def bounced_contacts(session: Session) -> list[BouncedSnapshot]:
    """Bounced addresses of customers left without any active address."""
    names = customer_names(session)
    active = set(session.scalars(select(ContactRow.customer_pk).where(ContactRow.status == ContactStatus.ACTIVE)))
    return [BouncedSnapshot(c.customer_pk, names.get(c.customer_pk, ""), c.email, c.status_reason or "", c.updated_at)
            for c in session.scalars(select(ContactRow).where(ContactRow.status == ContactStatus.BOUNCED)
                                     .order_by(ContactRow.customer_pk, ContactRow.email))
            if c.customer_pk not in active]


def threads_by_customer(session: Session) -> dict[int, int]:
    """The open conversation of each customer (the oldest open one)."""
    found: dict[int, int] = {}
    for pk, customer_pk in session.execute(select(ThreadRow.id, ThreadRow.customer_pk)
                                           .where(ThreadRow.customer_pk.is_not(None)).order_by(ThreadRow.id)):
        if customer_pk is not None:
            found.setdefault(customer_pk, pk)
    return found


@dataclass(frozen=True)
class QuarantinedSnapshot:
    id: int
    received_at: datetime
    reason: str
    error: str


def quarantine(session: Session) -> list[QuarantinedSnapshot]:
    return [QuarantinedSnapshot(i, at, reason or "", (error or "")[:200]) for i, at, reason, error in session.execute(
        select(InboundMessageRow.id, InboundMessageRow.received_at, InboundMessageRow.reason, InboundMessageRow.error)
        .where(InboundMessageRow.status == InboundStatus.QUARANTINED).order_by(InboundMessageRow.id))]


def replies_seen(session: Session, since: datetime) -> list[ReplySeen]:
    """Customer messages handled since `since`: the intent read (a suggestion's, else the
    first classified event's) and when our first reply to it went out."""
    received: dict[int, datetime] = {}
    intents: dict[int, str] = {}
    answered: dict[int, datetime] = {}
    for inbound_pk, at, intent in session.execute(
            select(SuggestionRow.inbound_pk, InboundMessageRow.received_at, SuggestionRow.intent)
            .join(InboundMessageRow, InboundMessageRow.id == SuggestionRow.inbound_pk)
            .where(InboundMessageRow.received_at >= since).order_by(SuggestionRow.id)):
        if inbound_pk is not None and intent is not None:
            received[inbound_pk] = at
            intents.setdefault(inbound_pk, intent)
    for inbound_pk, at, event_intent in session.execute(
            select(ConversationEventRow.inbound_pk, InboundMessageRow.received_at, ConversationEventRow.intent)
            .join(InboundMessageRow, InboundMessageRow.id == ConversationEventRow.inbound_pk)
            .where(InboundMessageRow.received_at >= since, ConversationEventRow.intent.is_not(None))
            .order_by(ConversationEventRow.id)):
        if inbound_pk is not None and event_intent is not None:
            received[inbound_pk] = at
            intents.setdefault(inbound_pk, event_intent)
    for inbound_pk, sent_at in session.execute(
            select(SuggestionRow.inbound_pk, func.min(OutboxRow.sent_at))
            .join(OutboxRow, OutboxRow.id == SuggestionRow.outbox_pk)
            .where(OutboxRow.status == OutboxStatus.SENT, SuggestionRow.inbound_pk.is_not(None))
            .group_by(SuggestionRow.inbound_pk)):
        if inbound_pk is not None and sent_at is not None:
            answered[inbound_pk] = sent_at
    return [ReplySeen(received[pk], intents[pk], answered.get(pk)) for pk in sorted(received)]


def suggestions_seen(session: Session, since: datetime) -> list[SuggestionSeen]:
    return [SuggestionSeen(created, status, decided, edited) for created, status, decided, edited in session.execute(
        select(SuggestionRow.created_at, SuggestionRow.status, SuggestionRow.decided_at, SuggestionRow.edited)
        .where(SuggestionRow.decided_at >= since).order_by(SuggestionRow.id))]
