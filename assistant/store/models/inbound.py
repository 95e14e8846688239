"""Inbound mail tables: every raw message read from the mailbox, what was read in it, and
where each folder's reading stopped.

Exactly once (RFC 3501 2.3.1.1): a message is identified on the server by (mailbox,
UIDVALIDITY, UID) and on our side by (Message-ID, sha256 of the raw bytes). Both are unique
keys here, so a message stored once is never stored again, whether the same UID is fetched
twice after a crash or the server renumbers the folder under a new UIDVALIDITY.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from assistant.core.statuses import InboundStatus
from assistant.store.base import Base


class InboundMessageRow(Base):
    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("mailbox", "uidvalidity", "uid"),
        # NULL never equals NULL in a unique index, so a missing Message-ID is stored as "".
        UniqueConstraint("mailbox", "message_key", "sha256"),
        Index("ix_inbound_messages_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(255))
    # UIDVALIDITY and UID are 32-bit unsigned (RFC 3501 2.3.1.1): too big for INTEGER.
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    message_key: Mapped[str] = mapped_column(String(998))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    server_date: Mapped[datetime | None]
    received_at: Mapped[datetime]
    # From the header block at intake, so lists need not parse the raw bytes.
    sender: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=InboundStatus.RECEIVED)
    reason: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None]
    # Set once the server-side keyword was added; always after the row was committed.
    flagged_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class MailboxStateRow(Base):
    """How far one folder has been read: every UID <= last_uid under `uidvalidity` is stored."""

    __tablename__ = "mailbox_state"

    mailbox: Mapped[str] = mapped_column(String(255), primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    last_sync_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class MessageReadingRow(Base):
    """What was read in one handled message, stored once by the reply handler."""

    __tablename__ = "message_readings"

    inbound_pk: Mapped[int] = mapped_column(ForeignKey("inbound_messages.id", ondelete="CASCADE"), primary_key=True)
    sender_name: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[datetime | None]  # the message's own Date header
    reply_text: Mapped[str] = mapped_column(Text)
    quoted_text: Mapped[str] = mapped_column(Text)
    signature: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)  # decoded, unsanitized: the web app sanitizes it
    attachments: Mapped[list[str]] = mapped_column(JSON, default=list)
    defects: Mapped[list[str]] = mapped_column(JSON, default=list)
    primary_intent: Mapped[str] = mapped_column(String(16))
    needs_human: Mapped[bool]
    # [{"intent", "confidence", "invoice", "evidence"}] and the `classify` entities object
    intents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    entities: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    machine_kind: Mapped[str | None] = mapped_column(String(32))
    read_at: Mapped[datetime]
