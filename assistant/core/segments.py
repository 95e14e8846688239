"""Customer segments from payment history: new, good payer with an occasional slip,
chronic late payer (PRODUCT.md). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.core.ledger import Segment


@dataclass(frozen=True)
class SegmentRules:
    # Fewer settled invoices than this: too little history to judge -> new.
    min_history: int = 3
    # Paid within this many days after the due date still counts as on time.
    late_grace_days: int = 3
    # Chronic: at least this share of settled invoices paid late ...
    chronic_late_share: float = 0.5
    # ... or an average lateness of at least this many days.
    chronic_avg_days_late: float = 15.0


@dataclass(frozen=True)
class SettledInvoice:
    due_date: date
    paid_on: date

    @property
    def days_late(self) -> int:
        return max(0, (self.paid_on - self.due_date).days)


def segment_for(history: Sequence[SettledInvoice], rules: SegmentRules, explicit: str | None = None) -> Segment:
    """The ledger's own segment when it gives one; else computed from settled invoices."""
    if explicit:
        try:
            return Segment(explicit)
        except ValueError:
            pass
    if len(history) < rules.min_history:
        return Segment.NEW
    late = [h for h in history if h.days_late > rules.late_grace_days]
    share = len(late) / len(history)
    average = sum(h.days_late for h in history) / len(history)
    if share >= rules.chronic_late_share or average >= rules.chronic_avg_days_late:
        return Segment.CHRONIC
    return Segment.GOOD
