"""Threads and invoice states in the store, moved only through the transition table.

`move` reads an invoice's state, asks `assistant.core.conversation.apply` for the next one
and records the event; an illegal move is recorded as refused and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.core.conversation import Event, EventKind, State, apply, reminder_sent
from assistant.core.statuses import ThreadStatus
from assistant.errors import IllegalTransition
from assistant.mail.compose import thread_key_for_customer
from assistant.store.models import (
    ConversationEventRow,
    CustomerRow,
    InvoiceRow,
    InvoiceStateRow,
    ReminderSentRow,
    ThreadRow,
)


@dataclass(frozen=True)
class Moved:
    before: State
    after: State
    refused: bool = False


def ensure_thread(session: Session, customer_pk: int | None, key: str | None, subject: str,
                  now: datetime) -> ThreadRow:
    """The customer's conversation (the dunning thread key), or a triage thread of its own."""
    if key is None and customer_pk is not None:
        customer = session.get_one(CustomerRow, customer_pk)
        key = thread_key_for_customer(customer.customer_id)
    key = key or f"triage:{now.timestamp()}"
    thread = session.scalar(select(ThreadRow).where(ThreadRow.thread_key == key))
    if thread is None:
        thread = ThreadRow(thread_key=key, customer_pk=customer_pk, subject=subject[:1000], status=ThreadStatus.OPEN,
                           last_message_at=now, created_at=now, updated_at=now)
        session.add(thread)
        session.flush()
    thread.last_message_at, thread.updated_at = now, now
    return thread


@dataclass(frozen=True)
class Known:
    """An invoice's current state together with its stored row (None: never stored)."""

    state: State
    row: InvoiceStateRow | None


def current_state(session: Session, invoice: InvoiceRow) -> State:
    """The stored state; without one (or while still `open`), what the ledger and the
    dunning steps say: paid, reminded (a reminder went out; dunning records those itself) or open."""
    row = session.get(InvoiceStateRow, invoice.id)
    if row is not None and row.state != State.OPEN.value:
        return State(row.state)
    if row is None and invoice.balance <= 0:
        return State.PAID
    reminded = session.scalar(select(ReminderSentRow.id).where(ReminderSentRow.invoice_pk == invoice.id).limit(1))
    return _unstated(reminded is not None)


def known_states(session: Session, invoices: Sequence[InvoiceRow]) -> dict[int, Known]:
    """`current_state` of several invoices in two queries instead of two per invoice."""
    pks = [i.id for i in invoices]
    if not pks:
        return {}
    rows = {r.invoice_pk: r for r in session.scalars(select(InvoiceStateRow)
                                                     .where(InvoiceStateRow.invoice_pk.in_(pks)))}
    reminded = set(session.scalars(select(ReminderSentRow.invoice_pk)
                                   .where(ReminderSentRow.invoice_pk.in_(pks)).distinct()))
    known: dict[int, Known] = {}
    for invoice in invoices:
        row = rows.get(invoice.id)
        if row is not None and row.state != State.OPEN.value:
            state = State(row.state)
        elif row is None and invoice.balance <= 0:
            state = State.PAID
        else:
            state = _unstated(invoice.id in reminded)
        known[invoice.id] = Known(state, row)
    return known


def _unstated(reminded: bool) -> State:
    # apply(OPEN, reminder_sent) is REMINDED: the reminders dunning sent, read from its own table.
    return apply(State.OPEN, reminder_sent()) if reminded else State.OPEN


def move(session: Session, invoice: InvoiceRow, event: Event, now: datetime, *, thread_pk: int | None = None,
         inbound_pk: int | None = None, confidence: float | None = None, evidence: str | None = None,
         actor: str = "system", detail: dict[str, Any] | None = None, known: Known | None = None) -> Moved:
    """`known`: the invoice's state from `known_states` in this transaction, when the caller has it."""
    before = known.state if known is not None else current_state(session, invoice)
    try:
        after = apply(before, event)
    except IllegalTransition as exc:
        session.add(ConversationEventRow(
            thread_pk=thread_pk, invoice_pk=invoice.id, inbound_pk=inbound_pk, event=event.key[:64],
            from_state=before.value, to_state=None, intent=_intent(event), confidence=confidence,
            evidence=evidence, detail={**(detail or {}), "refused": str(exc)}, actor=actor, at=now))
        return Moved(before, before, refused=True)
    row = known.row if known is not None else session.get(InvoiceStateRow, invoice.id)
    if row is None:
        row = InvoiceStateRow(invoice_pk=invoice.id, thread_pk=thread_pk, state=after.value, updated_at=now)
        session.add(row)
    row.state, row.updated_at = after.value, now
    if thread_pk is not None:
        row.thread_pk = thread_pk
    session.add(ConversationEventRow(
        thread_pk=thread_pk or row.thread_pk, invoice_pk=invoice.id, inbound_pk=inbound_pk, event=event.key[:64],
        from_state=before.value, to_state=after.value, intent=_intent(event), confidence=confidence,
        evidence=evidence, detail=detail or {}, actor=actor, at=now))
    session.flush()
    return Moved(before, after)


def _intent(event: Event) -> str | None:
    return event.detail if event.kind == EventKind.REPLY_CLASSIFIED else None
