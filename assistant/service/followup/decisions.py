"""Staff decisions on an invoice's conversation: resolve or close a dispute, hand over to
collections, open a dispute by hand, decline a plan, reopen. Each is a `staff_decided`
event through the transition table; its side effects on holds and cases follow here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from assistant.core.conversation import Decision, staff_decided
from assistant.core.statuses import DisputeStatus, HoldReason, PlanStatus
from assistant.errors import BadInput, IllegalTransition, NotFound
from assistant.service.followup.states import move
from assistant.service.holds import place_hold, release_holds
from assistant.store.db import transaction
from assistant.store.models import AuditRow, DisputeRow, InvoiceRow, PaymentPlanRow


def decide(engine: Engine, invoice_number: str, decision: str, user: str, now: datetime,
           note: str | None = None, owner: str | None = None) -> dict[str, str]:
    """Apply a decision (and route the open dispute to `owner`, when given) in one
    transaction; an illegal one raises BadInput and changes nothing."""
    try:
        event = staff_decided(decision)
    except ValueError as exc:
        raise BadInput(str(exc)) from exc
    with transaction(engine) as session:
        invoice = session.scalar(select(InvoiceRow).where(
            func.upper(InvoiceRow.invoice_number) == invoice_number.upper()))
        if invoice is None:
            raise NotFound("invoice", invoice_number)
        moved = move(session, invoice, event, now, actor=user, detail={"note": note} if note else None)
        if moved.refused:
            raise BadInput(str(IllegalTransition(moved.before.value, event.key)))
        _effects(session, invoice, decision, user, now, note)
        session.add(AuditRow(at=now, actor=user, action=f"invoice.{decision}", subject_type="invoice",
                             subject_id=invoice.invoice_number,
                             detail={"from": moved.before.value, "to": moved.after.value, "note": note}))
        result = {"invoice": invoice.invoice_number, "from": moved.before.value, "to": moved.after.value}
        if owner:
            _assign(session, invoice.invoice_number, owner, user, now)
            result["owner"] = owner
        return result


def _effects(session: Session, invoice: InvoiceRow, decision: str, user: str, now: datetime,
             note: str | None) -> None:
    pk = invoice.id
    if decision in (Decision.RESOLVE, Decision.CLOSE):
        session.execute(update(DisputeRow).where(DisputeRow.invoice_pk == pk, DisputeRow.status == DisputeStatus.OPEN)
                        .values(status=DisputeStatus.RESOLVED, resolved_at=now))
        for reason in (HoldReason.DISPUTE, HoldReason.PROMISE, HoldReason.GRACE, HoldReason.PLAN):
            release_holds(session, pk, reason, now)
    if decision == Decision.CLOSE:
        release_holds(session, pk, None, now)
    elif decision == Decision.COLLECTIONS:
        place_hold(session, pk, HoldReason.COLLECTIONS, None, f"staff:{user}", now, note=note)
    elif decision == Decision.DISPUTE:
        session.add(DisputeRow(invoice_pk=pk, thread_pk=None, reason=note or "opened by staff", owner=user,
                               status=DisputeStatus.OPEN, created_at=now, resolved_at=None))
        place_hold(session, pk, HoldReason.DISPUTE, None, f"staff:{user}", now, note=note)
    elif decision == Decision.DECLINE_PLAN:
        release_holds(session, pk, HoldReason.PLAN, now)
        for plan in session.scalars(select(PaymentPlanRow).where(PaymentPlanRow.status == PlanStatus.OFFERED)):
            if pk in plan.invoice_pks:
                plan.status = PlanStatus.DECLINED
    elif decision == Decision.REOPEN:
        release_holds(session, pk, None, now)


def assign_dispute(engine: Engine, invoice_number: str, owner: str, user: str, now: datetime) -> int:
    """Route the open dispute of an invoice to `owner`; returns the dispute id."""
    with transaction(engine) as session:
        return _assign(session, invoice_number, owner, user, now)


def _assign(session: Session, invoice_number: str, owner: str, user: str, now: datetime) -> int:
    dispute = session.scalar(select(DisputeRow).join(InvoiceRow, InvoiceRow.id == DisputeRow.invoice_pk).where(
        func.upper(InvoiceRow.invoice_number) == invoice_number.upper(), DisputeRow.status == DisputeStatus.OPEN))
    if dispute is None:
        raise NotFound("open dispute for invoice", invoice_number)
    dispute.owner = owner
    session.add(AuditRow(at=now, actor=user, action="dispute.assigned", subject_type="dispute",
                         subject_id=str(dispute.id), detail={"owner": owner}))
    return dispute.id
