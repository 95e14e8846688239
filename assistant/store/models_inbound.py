"""Inbound mail tables: every raw message read from the mailbox, and where each folder's
reading stopped.

Exactly once (RFC 3501 2.3.1.1): a message is identified on the server by (mailbox,
UIDVALIDITY, UID) and on our side by (Message-ID, sha256 of the raw bytes). Both are unique
keys here, so a message stored once is never stored again, whether the same UID is fetched
twice after a crash or the server renumbers the folder under a new UIDVALIDITY.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.base import Base

# received: stored, waiting for (or without) the reply handler; processed: handled;
# quarantined: kept raw for a person (see `reason`), listed by `quarantine list`.
INBOUND_STATUSES = ("received", "processed", "quarantined")
QUARANTINE_REASONS = ("unparseable", "too-large", "handler-failed")


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
    status: Mapped[str] = mapped_column(String(16), default="received")
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
