"""Suggested replies: drafting, listing, and the decisions staff make on them.

Approving is a conditional UPDATE (`... WHERE status = 'pending'`): when two people approve
the same suggestion at once, exactly one UPDATE changes a row, and only that one enqueues
the email. The outbox key `suggestion:<id>` makes a repeat harmless as well. The reply goes
out in the customer's thread: In-Reply-To and References name the customer's message
(RFC 5322 section 3.6.4).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from assistant.core.statuses import OutboxKind, SuggestionStatus
from assistant.errors import BadInput, NotFound
from assistant.mail.compose import OutgoingEmail
from assistant.service.outbox.enqueue import enqueue
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import (
    AuditRow,
    CustomerRow,
    IntentCorrectionRow,
    OutboxRow,
    SuggestionRow,
    ThreadRow,
)


def to_json(row: SuggestionRow, customer_id: str | None) -> dict[str, Any]:
    """The `suggestions --json` object of CONTRACT.md, exactly."""
    return {"id": row.id, "thread_id": row.thread_pk, "customer_id": customer_id,
            "invoice_numbers": list(row.invoice_numbers), "intent": row.intent, "action": row.action,
            "status": row.status, "subject": row.subject, "body": row.body,
            "due": row.due.isoformat() if row.due else None, "created_at": row.created_at.isoformat()}


def list_suggestions(engine: Engine, status: str | None = None) -> list[dict[str, Any]]:
    if status is not None and status not in set(SuggestionStatus):
        raise BadInput(f"--status must be one of {', '.join(SuggestionStatus)}, got {status!r}")
    # 'sent' is recorded by the outbox when it delivers the reply (outbox._record).
    with transaction(engine) as session:
        stmt = (select(SuggestionRow, CustomerRow.customer_id)
                .outerjoin(CustomerRow, CustomerRow.id == SuggestionRow.customer_pk).order_by(SuggestionRow.id))
        if status is not None:
            stmt = stmt.where(SuggestionRow.status == status)
        return [to_json(row, cid) for row, cid in session.execute(stmt)]


def approve_in_session(session: Session, settings: Settings, suggestion_id: int, user: str, now: datetime,
                       body: str | None = None) -> OutboxRow:
    row = session.get(SuggestionRow, suggestion_id)
    if row is None:
        raise NotFound("suggestion", suggestion_id)
    if row.status == SuggestionStatus.PENDING and not row.to_addrs:
        raise BadInput(f"suggestion {suggestion_id} has no recipient (action {row.action}): reject it instead")
    edited = body is not None and body.strip() != row.body.strip()
    values: dict[str, Any] = {"status": SuggestionStatus.APPROVED, "decided_by": user, "decided_at": now}
    if edited:
        values.update(body=body, edited=True)
    result = session.execute(update(SuggestionRow)
                             .where(SuggestionRow.id == suggestion_id,
                                    SuggestionRow.status == SuggestionStatus.PENDING)
                             .values(**values).execution_options(synchronize_session=False))
    if not getattr(result, "rowcount", 0):
        session.refresh(row)
        raise BadInput(f"suggestion {suggestion_id} is {row.status}, not pending: nothing done")
    session.refresh(row)
    thread = session.get(ThreadRow, row.thread_pk) if row.thread_pk else None
    email = OutgoingEmail(
        kind=OutboxKind.REPLY, to=tuple(row.to_addrs), subject=row.subject, body_text=row.body,
        customer_pk=row.customer_pk, thread_key=thread.thread_key if thread else None,
        invoice_pks=tuple(row.invoice_pks), attachments=tuple(row.attachments),
        in_reply_to=row.in_reply_to, references=tuple((row.references or "").split()))
    outbox = enqueue(session, email, f"suggestion:{row.id}", now, settings)
    row.outbox_pk = outbox.id
    session.add(AuditRow(at=now, actor=user, action="suggestion.approved", subject_type="suggestion",
                         subject_id=str(row.id), detail={"edited": row.edited, "outbox": outbox.id}))
    return outbox


def suggestion_status(engine: Engine, suggestion_id: int) -> SuggestionStatus:
    with transaction(engine) as session:
        row = session.get(SuggestionRow, suggestion_id)
        if row is None:
            raise NotFound("suggestion", suggestion_id)
        return SuggestionStatus(row.status)


def approve(engine: Engine, settings: Settings, suggestion_id: int, user: str, now: datetime,
            body: str | None = None) -> int:
    """Approve and enqueue; returns the outbox row id. Raises BadInput unless pending."""
    with transaction(engine) as session:
        return approve_in_session(session, settings, suggestion_id, user, now, body).id


def reject(engine: Engine, suggestion_id: int, user: str, now: datetime, reason: str | None = None) -> None:
    with transaction(engine) as session:
        reject_in_session(session, suggestion_id, user, now, reason)


def reject_in_session(session: Session, suggestion_id: int, user: str, now: datetime, reason: str | None) -> None:
    result = session.execute(update(SuggestionRow)
                             .where(SuggestionRow.id == suggestion_id,
                                    SuggestionRow.status == SuggestionStatus.PENDING)
                             .values(status=SuggestionStatus.REJECTED, decided_by=user, decided_at=now,
                                     reason=reason)
                             .execution_options(synchronize_session=False))
    if not getattr(result, "rowcount", 0):
        row = session.get(SuggestionRow, suggestion_id)
        if row is None:
            raise NotFound("suggestion", suggestion_id)
        raise BadInput(f"suggestion {suggestion_id} is {row.status}, not pending: nothing done")
    session.add(AuditRow(at=now, actor=user, action="suggestion.rejected", subject_type="suggestion",
                         subject_id=str(suggestion_id), detail={"reason": reason}))


def export_corrections(engine: Engine) -> Iterable[str]:
    """Corrections as JSONL lines in the shape of `data/intents/*.jsonl`."""
    with transaction(engine) as session:
        rows: Sequence[IntentCorrectionRow] = list(session.scalars(select(IntentCorrectionRow)
                                                                   .order_by(IntentCorrectionRow.id)))
    for row in rows:
        yield json.dumps({"id": f"corr-{row.id:04d}", "subject": row.subject, "text": row.text,
                          "label": row.new_intent, "labels": [row.new_intent], "lang": row.language or "en",
                          "date": row.at.date().isoformat()}, ensure_ascii=False)
