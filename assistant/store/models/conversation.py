"""Conversation tables: threads with customers, the state of each invoice in them, every
event applied, promises, disputes, payment plans and their instalments, verification tasks,
suggested replies waiting for a person, and intent corrections made by staff.

The state column of `invoice_states` only ever holds what `assistant.core.conversation`
returned; `conversation_events` keeps the history that led there.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.core.statuses import (
    DisputeStatus,
    InstalmentStatus,
    PlanStatus,
    PromiseStatus,
    SuggestionStatus,
    ThreadStatus,
    VerificationStatus,
)
from assistant.store.base import Base


class ThreadRow(Base):
    """One conversation with a customer (or, unmatched, with a sender awaiting triage)."""

    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_key: Mapped[str] = mapped_column(String(255), unique=True)
    customer_pk: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ThreadStatus.OPEN)
    last_message_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class InvoiceStateRow(Base):
    __tablename__ = "invoice_states"

    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True)
    thread_pk: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    updated_at: Mapped[datetime]


class ConversationEventRow(Base):
    __tablename__ = "conversation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_pk: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    invoice_pk: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    inbound_pk: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id", ondelete="SET NULL"))
    event: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    intent: Mapped[str | None] = mapped_column(String(16))
    confidence: Mapped[float | None]
    evidence: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor: Mapped[str] = mapped_column(String(64), default="system")
    at: Mapped[datetime] = mapped_column(index=True)


class PromiseRow(Base):
    __tablename__ = "promises"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    thread_pk: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    promised_date: Mapped[date]
    amount: Mapped[Decimal | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default=PromiseStatus.OPEN)
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class DisputeRow(Base):
    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    thread_pk: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=DisputeStatus.OPEN)
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class PaymentPlanRow(Base):
    __tablename__ = "payment_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_pk: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"), index=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    invoice_pks: Mapped[list[int]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=PlanStatus.OFFERED)
    total: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]


class InstalmentRow(Base):
    __tablename__ = "plan_instalments"
    __table_args__ = (Index("ix_plan_instalments_remind", "status", "remind_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_pk: Mapped[int] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    due_date: Mapped[date]
    amount: Mapped[Decimal]
    remind_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default=InstalmentStatus.SCHEDULED)
    reminded_at: Mapped[datetime | None]


class VerificationRow(Base):
    """A check due on a date: did the promised or claimed payment reach the ledger?"""

    __tablename__ = "verifications"
    __table_args__ = (Index("ix_verifications_due", "status", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    thread_pk: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # VerificationKind
    due_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default=VerificationStatus.PENDING)
    outcome: Mapped[str | None] = mapped_column(String(32))  # VerificationOutcome
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]


class SuggestionRow(Base):
    """A drafted answer (or a task for a person) waiting for a decision."""

    __tablename__ = "suggestions"
    __table_args__ = (Index("ix_suggestions_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_pk: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"), index=True)
    customer_pk: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    inbound_pk: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id", ondelete="SET NULL"),
                                                   index=True)
    invoice_pks: Mapped[list[int]] = mapped_column(JSON, default=list)
    invoice_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    intent: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=SuggestionStatus.PENDING)
    language: Mapped[str] = mapped_column(String(8), default="en")
    to_addrs: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    drafted_body: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    references: Mapped[str | None] = mapped_column(Text)
    due: Mapped[date | None]
    confidence: Mapped[float | None]
    evidence: Mapped[str | None] = mapped_column(Text)
    # Why a person must look: spoofed-sender, dmarc-fail, low-confidence, unmatched, ...
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    edited: Mapped[bool] = mapped_column(default=False)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)
    outbox_pk: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class IntentCorrectionRow(Base):
    """A person's corrected label for a reply: exported as training data."""

    __tablename__ = "intent_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_pk: Mapped[int | None] = mapped_column(ForeignKey("suggestions.id", ondelete="SET NULL"))
    inbound_pk: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id", ondelete="SET NULL"))
    old_intent: Mapped[str] = mapped_column(String(16))
    new_intent: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(8))
    corrected_by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
