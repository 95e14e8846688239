"""Ledger values: what the accounting system tells us. Pure data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from assistant.core.money import Money


class Segment(StrEnum):
    """Customer segments that change dunning tone and pace (PRODUCT.md)."""

    NEW = "new"
    GOOD = "good"  # a good payer with an occasional slip
    CHRONIC = "chronic"  # a chronic late payer


@dataclass(frozen=True)
class Customer:
    customer_id: str
    name: str
    email: str
    cc: tuple[str, ...] = ()
    language: str = "en"
    timezone: str | None = None
    country: str | None = None
    segment: Segment | None = None


@dataclass(frozen=True)
class Invoice:
    invoice_number: str
    customer_id: str
    issue_date: date
    due_date: date
    amount: Decimal
    currency: str
    balance: Decimal | None = None
    pdf_path: str | None = None
    po_number: str | None = None

    @property
    def open_balance(self) -> Decimal:
        return self.amount if self.balance is None else self.balance

    @property
    def money(self) -> Money:
        return Money(self.open_balance, self.currency)

    def days_overdue(self, today: date) -> int:
        return (today - self.due_date).days

    def is_paid(self) -> bool:
        return self.open_balance <= 0


@dataclass(frozen=True)
class Payment:
    invoice_number: str
    amount: Decimal
    paid_on: date
    reference: str = ""
    method: str | None = None

    @property
    def key(self) -> tuple[str, date, Decimal, str]:
        """CONTRACT.md: payments are idempotent on these four fields."""
        return (self.invoice_number, self.paid_on, self.amount, self.reference)


AGING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("current", -(10**6), 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("90+", 91, None),
)


def aging_bucket(days_overdue: int) -> str:
    for name, low, high in AGING_BUCKETS:
        if days_overdue >= low and (high is None or days_overdue <= high):
            return name
    raise AssertionError("buckets cover every integer")


@dataclass
class AgingSummary:
    """Open balances per aging bucket and currency."""

    totals: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, invoice: Invoice, today: date) -> None:
        if invoice.is_paid():
            return
        bucket = aging_bucket(invoice.days_overdue(today))
        per_currency = self.totals.setdefault(bucket, {})
        per_currency[invoice.currency] = per_currency.get(invoice.currency, Decimal(0)) + invoice.open_balance
        self.counts[bucket] = self.counts.get(bucket, 0) + 1
