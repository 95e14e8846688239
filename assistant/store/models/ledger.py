"""Ledger tables: customers and their contacts, invoices, payments; users; the audit log."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.core.statuses import ContactRole, ContactSource, ContactStatus
from assistant.store.base import Base


class CustomerRow(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(8), default="en")
    timezone: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))
    segment: Mapped[str | None] = mapped_column(String(32))
    opted_out: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    contacts: Mapped[list[ContactRow]] = relationship(back_populates="customer")


class ContactRow(Base):
    """An address we may write to for a customer; `status` records bounces."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("customer_pk", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=ContactRole.BILLING)
    status: Mapped[str] = mapped_column(String(16), default=ContactStatus.ACTIVE)
    source: Mapped[str] = mapped_column(String(16), default=ContactSource.IMPORT)
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    customer: Mapped[CustomerRow] = relationship(back_populates="contacts")


class InvoiceRow(Base):
    __tablename__ = "invoices"
    __table_args__ = (Index("ix_invoices_customer_due", "customer_pk", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_number: Mapped[str] = mapped_column(String(64), unique=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    issue_date: Mapped[date]
    due_date: Mapped[date]
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    # Open balance: the ledger's `balance` column when given, else amount minus the
    # payments recorded here. The ledger is the source of truth for "is it paid?".
    balance: Mapped[Decimal]
    balance_from_ledger: Mapped[bool] = mapped_column(default=False)
    pdf_path: Mapped[str | None] = mapped_column(Text)
    po_number: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


# Replies are matched case-insensitively on addresses and invoice numbers (migration 0005).
Index("ix_contacts_email_lower", func.lower(ContactRow.email))
Index("ix_customers_email_lower", func.lower(CustomerRow.email))
Index("ix_invoices_number_upper", func.upper(InvoiceRow.invoice_number))


class PaymentRow(Base):
    __tablename__ = "payments"
    # CONTRACT.md: payments are idempotent on invoice_number + paid_on + amount + reference.
    __table_args__ = (UniqueConstraint("invoice_pk", "paid_on", "amount", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal]
    paid_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(128), default="")
    method: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # Role
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AuditRow(Base):
    """Every decision and state change, who made it and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(128))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
