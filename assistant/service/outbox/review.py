"""Use case: a person reviews the outbox and decides what happened to a send whose outcome
is unknown (the process stopped between handing the message to the server and recording
the answer) or that failed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from assistant.core.statuses import OutboxDecision, OutboxStatus
from assistant.errors import BadInput, NotFound
from assistant.store.db import session_factory, transaction
from assistant.store.models import AuditRow, OutboxRow


def list_outbox(engine: Engine, status: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    stmt = select(OutboxRow).order_by(OutboxRow.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(OutboxRow.status == status)
    with session_factory(engine)() as session:
        return [{"id": r.id, "kind": r.kind, "status": r.status, "step": r.step, "to": r.to_addrs,
                 "subject": r.subject, "message_id": r.message_id, "attempts": r.attempts,
                 "created_at": r.created_at.isoformat(), "sent_at": r.sent_at.isoformat() if r.sent_at else None,
                 "error": r.error} for r in session.scalars(stmt)]


def resolve(engine: Engine, outbox_pk: int, decision: str, actor: str, now: datetime) -> OutboxRow:
    """`sent`: the message did go out; `resend`: queue it again (same Message-ID, so a copy
    that did arrive is recognised as the same message); `cancel`: never send it."""
    if decision not in set(OutboxDecision):
        raise BadInput(f"decision must be one of {', '.join(OutboxDecision)}, got {decision!r}")
    with transaction(engine) as session:
        row = session.get(OutboxRow, outbox_pk)
        if row is None:
            raise NotFound("outbox message", outbox_pk)
        if row.status not in (OutboxStatus.UNKNOWN, OutboxStatus.FAILED):
            raise BadInput(f"outbox message {outbox_pk} is {row.status}: only unknown or failed ones are decided")
        before = row.status
        if decision == OutboxDecision.SENT:
            row.status, row.sent_at = OutboxStatus.SENT, row.claimed_at or now
        elif decision == OutboxDecision.RESEND:
            row.status, row.next_attempt_at, row.attempts = OutboxStatus.QUEUED, now, 0
        else:
            row.status = OutboxStatus.CANCELLED
        row.error = f"{before}; decided '{decision}' by {actor}"
        row.updated_at = now
        session.add(AuditRow(at=now, actor=actor, action=f"outbox.{decision}", subject_type="outbox",
                             subject_id=str(outbox_pk), detail={"before": before, "message_id": row.message_id}))
    return row
