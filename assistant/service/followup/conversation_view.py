"""One invoice's conversation as data: state, holds, events, promises, disputes, plans,
verifications and suggestions (the `conversation INVOICE` command prints it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, or_, select

from assistant.errors import NotFound
from assistant.service.followup.states import current_state
from assistant.store.db import transaction
from assistant.store.models import (
    ConversationEventRow,
    DisputeRow,
    HoldRow,
    InstalmentRow,
    InvoiceRow,
    PaymentPlanRow,
    PromiseRow,
    SuggestionRow,
    VerificationRow,
)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def invoice_conversation(engine: Engine, invoice_number: str, events: int = 50) -> dict[str, Any]:
    with transaction(engine) as s:
        inv = s.scalar(select(InvoiceRow).where(func.upper(InvoiceRow.invoice_number) == invoice_number.upper()))
        if inv is None:
            raise NotFound("invoice", invoice_number)
        pk = inv.id
        holds = s.scalars(select(HoldRow).where(HoldRow.invoice_pk == pk, HoldRow.active.is_(True)))
        history = list(s.scalars(select(ConversationEventRow).where(ConversationEventRow.invoice_pk == pk)
                                 .order_by(ConversationEventRow.id.desc()).limit(events)))
        plans = [p for p in s.scalars(select(PaymentPlanRow).where(PaymentPlanRow.customer_pk == inv.customer_pk)
                                      .order_by(PaymentPlanRow.id)) if pk in p.invoice_pks]
        suggestions = [x for x in s.scalars(select(SuggestionRow).where(or_(
            SuggestionRow.customer_pk == inv.customer_pk, SuggestionRow.customer_pk.is_(None)))
            .order_by(SuggestionRow.id)) if pk in x.invoice_pks]
        return {
            "invoice": inv.invoice_number, "balance": str(inv.balance), "currency": inv.currency,
            "state": current_state(s, inv).value,
            "holds": [{"reason": h.reason, "until": _iso(h.until), "source": h.source} for h in holds],
            "promises": [{"date": _iso(p.promised_date), "status": p.status} for p in s.scalars(
                select(PromiseRow).where(PromiseRow.invoice_pk == pk).order_by(PromiseRow.id))],
            "disputes": [{"reason": d.reason, "owner": d.owner, "status": d.status} for d in s.scalars(
                select(DisputeRow).where(DisputeRow.invoice_pk == pk).order_by(DisputeRow.id))],
            "verifications": [{"kind": v.kind, "due": _iso(v.due_date), "status": v.status, "outcome": v.outcome}
                              for v in s.scalars(select(VerificationRow).where(VerificationRow.invoice_pk == pk)
                                                 .order_by(VerificationRow.id))],
            "plans": [{"id": p.id, "status": p.status, "total": str(p.total), "instalments": [
                {"number": i.number, "due": _iso(i.due_date), "amount": str(i.amount), "status": i.status}
                for i in s.scalars(select(InstalmentRow).where(InstalmentRow.plan_pk == p.id)
                                   .order_by(InstalmentRow.number))]} for p in plans],
            "suggestions": [{"id": x.id, "intent": x.intent, "action": x.action, "status": x.status}
                            for x in suggestions],
            "events": [{"at": _iso(e.at), "event": e.event, "from": e.from_state, "to": e.to_state,
                        "actor": e.actor, "evidence": e.evidence} for e in reversed(history)],
        }
