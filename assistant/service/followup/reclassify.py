"""Use case: a person corrects the intent of a reply.

The correction is kept as training data (`corrections` exports it), the old suggestion is
rejected, what the wrong reading scheduled is cancelled, and the reply is followed up again
under the corrected intent, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from assistant.core.followups import Facts
from assistant.core.statuses import Intent, SuggestionStatus, VerificationStatus
from assistant.errors import BadInput, NotFound
from assistant.service.followup.effects import Assignment, ReplyContext, apply_followups
from assistant.service.followup.suggestions import reject_in_session
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import IntentCorrectionRow, InvoiceRow, SuggestionRow, VerificationRow
from assistant.store.queries.messages import reply_text_of


def reclassify(engine: Engine, settings: Settings, suggestion_id: int, intent: str, user: str,
               now: datetime) -> list[int]:
    """Store a person's corrected intent (training data), reject the old suggestion and
    follow the reply up again under the new intent; returns the new suggestion ids."""
    if intent not in set(Intent):
        raise BadInput(f"intent must be one of {', '.join(Intent)}, got {intent!r}")
    with transaction(engine) as session:
        row = session.get(SuggestionRow, suggestion_id)
        if row is None:
            raise NotFound("suggestion", suggestion_id)
        subject, text = reply_text_of(session, row.inbound_pk)
        session.add(IntentCorrectionRow(suggestion_pk=row.id, inbound_pk=row.inbound_pk, old_intent=row.intent,
                                        new_intent=intent, subject=subject, text=text, language=row.language,
                                        corrected_by=user, at=now))
        if row.status == SuggestionStatus.PENDING:
            reject_in_session(session, row.id, user, now, f"reclassified as {intent}")
        return follow_up_again(session, settings, row, Intent(intent), now)


def follow_up_again(session: Session, settings: Settings, old: SuggestionRow, intent: Intent,
                    now: datetime) -> list[int]:
    """Follow a reply up once more under a person's corrected intent."""
    invoices = list(session.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(old.invoice_pks))))
    # What the wrong reading scheduled no longer applies.
    session.execute(update(VerificationRow).where(VerificationRow.invoice_pk.in_(old.invoice_pks),
                                                  VerificationRow.status == VerificationStatus.PENDING,
                                                  VerificationRow.created_at >= old.created_at)
                    .values(status=VerificationStatus.CANCELLED, done_at=now))
    ctx = ReplyContext(old.thread_pk or 0, old.customer_pk, old.inbound_pk, None, tuple(old.to_addrs),
                       old.subject.removeprefix("Re: "), old.in_reply_to,
                       tuple((old.references or "").split()[:-1]), "", ())
    assignments = [Assignment(inv, Facts(intent=intent, confidence=1.0)) for inv in invoices]
    if not assignments:
        return []
    return [d.id for d in apply_followups(session, settings, ctx, assignments, now, actor="staff")]
