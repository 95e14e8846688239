"""Dunning tables: the outbox (every email we send), reminder steps per invoice, holds,
and late fees.

The outbox row is written, with its unique key, before any byte goes to the SMTP server:
a key is never sent twice, and a row left in 'sending' by a crashed process becomes
'unknown' (a person decides) instead of being repeated.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.core.statuses import OutboxStatus
from assistant.store.base import Base


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # OutboxKind
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.QUEUED)  # OutboxStatus
    customer_pk: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    thread_key: Mapped[str | None] = mapped_column(String(128), index=True)
    step: Mapped[str | None] = mapped_column(String(32))
    invoice_pks: Mapped[list[int]] = mapped_column(JSON, default=list)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    in_reply_to: Mapped[str | None] = mapped_column(String(255))
    references: Mapped[str | None] = mapped_column(Text)
    from_addr: Mapped[str] = mapped_column(String(320))
    to_addrs: Mapped[list[str]] = mapped_column(JSON, default=list)
    cc_addrs: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # [{"invoice_number": ...} | {"path": ..., "filename": ..., "content_type": ...}]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReminderSentRow(Base):
    """One dunning step reached by one invoice; the unique pair keeps a step from repeating
    even when the customer's set of invoices (and so the outbox key) changes."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("invoice_pk", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    outbox_pk: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(index=True)


class HoldRow(Base):
    """A reason not to chase an invoice: written by the conversation engine and staff."""

    __tablename__ = "holds"
    __table_args__ = (Index("ix_holds_invoice_active", "invoice_pk", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))  # HoldReason
    until: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    released_at: Mapped[datetime | None]


class LateFeeRow(Base):
    """A late fee charged on an invoice; unique per invoice so it is never charged twice."""

    __tablename__ = "late_fees"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), unique=True)
    step: Mapped[str] = mapped_column(String(32))
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime]
