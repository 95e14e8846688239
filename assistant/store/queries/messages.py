"""Stored customer messages as text parts ready to show: what the reply handler read in them.

Nothing here parses MIME: the reading (new text, quoted history, signature, HTML body,
attachment names, intents, entities) was stored once when the message was handled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.store.models.inbound import InboundMessageRow, MessageReadingRow


@dataclass(frozen=True)
class MessageView:
    """One email as plain text parts (all customer text: escape it when showing it)."""

    message_id: str | None
    sender: str | None
    sender_name: str | None
    subject: str
    date: datetime | None
    reply: str
    quoted: str
    signature: str | None
    html: str | None  # decoded but not sanitized
    attachments: tuple[str, ...]
    defects: tuple[str, ...]
    entities: dict[str, Any] = field(default_factory=dict)


def view_of(inbound: InboundMessageRow, reading: MessageReadingRow | None) -> MessageView:
    """The message as stored; without a reading (stored before readings were kept, or not
    handled yet) only its header fields."""
    if reading is None:
        return MessageView(inbound.message_id, inbound.sender, None, inbound.subject or "", None,
                           "", "", None, None, (), ())
    found = {k: v for k, v in (reading.entities or {}).items() if v}
    return MessageView(inbound.message_id, inbound.sender, reading.sender_name, inbound.subject or "",
                       reading.sent_at, reading.reply_text, reading.quoted_text, reading.signature, reading.html,
                       tuple(reading.attachments), tuple(reading.defects), found)


def readings(session: Session, inbound_pks: Sequence[int]) -> list[tuple[InboundMessageRow, MessageReadingRow | None]]:
    """The messages with these keys and their readings, in key order."""
    if not inbound_pks:
        return []
    return [(inbound, reading) for inbound, reading in session.execute(
        select(InboundMessageRow, MessageReadingRow)
        .outerjoin(MessageReadingRow, MessageReadingRow.inbound_pk == InboundMessageRow.id)
        .where(InboundMessageRow.id.in_(list(inbound_pks))).order_by(InboundMessageRow.id))]


def reply_text_of(session: Session, inbound_pk: int | None) -> tuple[str, str]:
    """(subject, new text) of a stored message, as read when it was handled."""
    if inbound_pk is None:
        return "", ""
    found = session.execute(select(InboundMessageRow.subject, MessageReadingRow.reply_text)
                            .outerjoin(MessageReadingRow, MessageReadingRow.inbound_pk == InboundMessageRow.id)
                            .where(InboundMessageRow.id == inbound_pk)).first()
    if found is None:
        return "", ""
    return found[0] or "", found[1] or ""
