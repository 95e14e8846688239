"""Everything the conversation view shows, read in one session: the suggestion, the thread's
messages in both directions, what was detected in each reply, and the invoice cases.

Customer messages are shown as they were read when handled (`messages.MessageView`:
text only, nothing parsed again); detected intents come from the conversation events
written when the reply was handled, the entities from the stored reading.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.store.models import CustomerRow, InvoiceRow, OutboxRow
from assistant.store.models.conversation import (
    ConversationEventRow,
    DisputeRow,
    PaymentPlanRow,
    PromiseRow,
    SuggestionRow,
    ThreadRow,
)
from assistant.store.queries.invoices import InvoicePanel, invoice_panels
from assistant.store.queries.messages import MessageView, readings, view_of

MAX_MESSAGES = 30  # the newest messages of a long thread; older ones stay in the store
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Detected:
    intent: str
    confidence: float | None
    invoice: str | None
    evidence: str | None


@dataclass
class ThreadItem:
    kind: str  # "in" (customer) | "out" (ours)
    at: datetime
    message: MessageView | None = None
    evidence: list[str] = field(default_factory=list)  # sentences to mark in the reply text
    intents: list[Detected] = field(default_factory=list)
    entities: dict[str, Any] = field(default_factory=dict)
    subject: str = ""
    body: str = ""
    status: str = ""
    kind_label: str = ""


@dataclass
class Cases:
    promises: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    disputes: list[str] = field(default_factory=list)


@dataclass
class SuggestionView:
    row: SuggestionRow
    customer_id: str
    customer_name: str
    thread: list[ThreadItem]
    panels: list[InvoicePanel]
    cases: dict[int, Cases]

    def __getattr__(self, name: str) -> Any:  # the template reads s.intent, s.body, ...
        if name == "row":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.row, name)


def suggestion_view(session: Session, suggestion_id: int, today: date) -> SuggestionView | None:
    row = session.get(SuggestionRow, suggestion_id)
    if row is None:
        return None
    customer = session.get(CustomerRow, row.customer_pk) if row.customer_pk else None
    thread = session.get(ThreadRow, row.thread_pk) if row.thread_pk else None
    items = _incoming(session, row, thread) + (_outgoing(session, thread) if thread else [])
    items.sort(key=lambda item: item.at)
    return SuggestionView(row, customer.customer_id if customer else "",
                          customer.name if customer else "(unmatched sender)", items,
                          invoice_panels(session, row.invoice_pks, today), _cases(session, row))


def newest_suggestion_of_thread(session: Session, thread_id: int) -> int | None:
    return session.scalar(select(SuggestionRow.id).where(SuggestionRow.thread_pk == thread_id)
                          .order_by(SuggestionRow.id.desc()).limit(1))


def _incoming(session: Session, row: SuggestionRow, thread: ThreadRow | None) -> list[ThreadItem]:
    inbound_pks: set[int] = {row.inbound_pk} if row.inbound_pk else set()
    detected: dict[int, list[Detected]] = defaultdict(list)
    if thread is not None:
        inbound_pks.update(pk for pk in session.scalars(
            select(SuggestionRow.inbound_pk).where(SuggestionRow.thread_pk == thread.id,
                                                   SuggestionRow.inbound_pk.is_not(None))) if pk)
        events = session.execute(
            select(ConversationEventRow, InvoiceRow.invoice_number)
            .outerjoin(InvoiceRow, InvoiceRow.id == ConversationEventRow.invoice_pk)
            .where(or_(ConversationEventRow.thread_pk == thread.id,
                       ConversationEventRow.inbound_pk.in_(inbound_pks or {0})),
                   ConversationEventRow.intent.is_not(None), ConversationEventRow.inbound_pk.is_not(None))
            .order_by(ConversationEventRow.id)).all()
        for event, number in events:
            assert event.inbound_pk is not None and event.intent is not None
            inbound_pks.add(event.inbound_pk)
            found = Detected(event.intent, event.confidence, number, event.evidence)
            if found not in detected[event.inbound_pk]:
                detected[event.inbound_pk].append(found)
    if row.inbound_pk and not detected[row.inbound_pk]:
        detected[row.inbound_pk].append(Detected(row.intent, row.confidence, None, row.evidence))
    newest = sorted(inbound_pks)[-MAX_MESSAGES:]
    items = []
    for inbound, reading in readings(session, newest):
        shown = view_of(inbound, reading)
        evidence = [d.evidence for d in detected[inbound.id] if d.evidence]
        if inbound.id == row.inbound_pk and row.evidence:
            evidence.append(row.evidence)
        items.append(ThreadItem("in", shown.date or inbound.received_at or EPOCH, message=shown,
                                evidence=evidence, intents=detected[inbound.id], entities=shown.entities))
    return items


def _outgoing(session: Session, thread: ThreadRow) -> list[ThreadItem]:
    rows = session.scalars(select(OutboxRow).where(OutboxRow.thread_key == thread.thread_key)
                           .order_by(OutboxRow.id.desc()).limit(MAX_MESSAGES))
    return [ThreadItem("out", out.sent_at or out.created_at, subject=out.subject, body=out.body_text,
                       status=out.status, kind_label=out.kind) for out in rows]


def _cases(session: Session, row: SuggestionRow) -> dict[int, Cases]:
    pks = list(row.invoice_pks)
    cases: dict[int, Cases] = defaultdict(Cases)
    if not pks:
        return {}
    for p in session.scalars(select(PromiseRow).where(PromiseRow.invoice_pk.in_(pks)).order_by(PromiseRow.id)):
        amount = f" {p.amount:.2f} {p.currency or ''}" if p.amount is not None else ""
        cases[p.invoice_pk].promises.append(f"pay{amount} by {p.promised_date}: {p.status}")
    for d in session.scalars(select(DisputeRow).where(DisputeRow.invoice_pk.in_(pks)).order_by(DisputeRow.id)):
        cases[d.invoice_pk].disputes.append(f"{d.status}, owner {d.owner}: {d.reason}")
    if row.customer_pk:
        for plan in session.scalars(select(PaymentPlanRow).where(PaymentPlanRow.customer_pk == row.customer_pk)
                                    .order_by(PaymentPlanRow.id)):
            for pk in set(plan.invoice_pks) & set(pks):
                cases[pk].plans.append(f"{plan.status}: {plan.total:.2f} {plan.currency} (plan {plan.id})")
    return dict(cases)
