"""The outbox: every email we send is written here, under a unique key, before sending.

`enqueue` is idempotent on the key, so planning the same reminder twice (two passes at
once, a pass every minute) stores it once. Without explicit threading headers, a new email
continues its thread: In-Reply-To and References name the thread's latest message we sent
(RFC 5322 section 3.6.4).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.core.statuses import OUTBOX_LIVE, OutboxStatus
from assistant.mail.compose import OutgoingEmail, message_id_domain, new_message_id, trim_references
from assistant.settings import Settings
from assistant.store.models import OutboxRow


def enqueue(session: Session, email: OutgoingEmail, key: str, now: datetime,
            settings: Settings | None = None) -> OutboxRow:
    """Store `email` under `key` (queued) unless that key exists; return the stored row."""
    existing = session.scalar(select(OutboxRow).where(OutboxRow.key == key))
    if existing is not None:
        return existing
    in_reply_to, references = email.in_reply_to, list(email.references)
    if in_reply_to is None and email.thread_key:
        previous = session.scalar(
            select(OutboxRow).where(OutboxRow.thread_key == email.thread_key,
                                    OutboxRow.status.in_(OUTBOX_LIVE))
            .order_by(OutboxRow.id.desc()).limit(1))
        if previous is not None:
            in_reply_to = previous.message_id
            references = [*(previous.references or "").split(), previous.message_id]
    domain = _domain(session, settings)
    row = OutboxRow(
        key=key, kind=email.kind, status=OutboxStatus.QUEUED, customer_pk=email.customer_pk,
        thread_key=email.thread_key, step=email.step, invoice_pks=list(email.invoice_pks),
        message_id=new_message_id(domain), in_reply_to=in_reply_to,
        references=" ".join(trim_references(references)) or None,
        from_addr=settings.smtp.from_address if settings else "", to_addrs=list(email.to), cc_addrs=list(email.cc),
        subject=email.subject, body_text=email.body_text, body_html=email.body_html,
        attachments=[dict(a) for a in email.attachments], attempts=0, next_attempt_at=now,
        created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another process stored the same key between our SELECT and INSERT.
        existing = session.scalar(select(OutboxRow).where(OutboxRow.key == key))
        if existing is None:
            raise
        return existing
    return row


def _domain(session: Session, settings: Settings | None) -> str:
    """Our Message-ID domain: from the settings; without them (a caller holding only a
    session), the domain of the latest message we wrote, which `send-due` wrote with them."""
    if settings is not None:
        return message_id_domain(settings.smtp.from_address, settings.company.message_id_domain)
    latest = session.scalar(select(OutboxRow.message_id).order_by(OutboxRow.id.desc()).limit(1))
    if latest and "@" in latest:
        return latest.rsplit("@", 1)[1].rstrip(">")
    return message_id_domain(Settings().smtp.from_address, Settings().company.message_id_domain)
