"""Digest figures from snapshots of the store. Pure: the caller passes `now` and the data.

DSO uses the countback method: starting from the most recent month, whole months of
credit sales are "counted back" against the open receivables; the remainder is a
fraction of the month where it runs out.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from assistant.core.ledger import AgingSummary, Invoice
from assistant.core.policy import Account, Policy, StepDates, step_dates
from assistant.core.statuses import StepAction, SuggestionStatus

APPROVED = (SuggestionStatus.APPROVED, SuggestionStatus.SENT)
DECIDED = (*APPROVED, SuggestionStatus.REJECTED)


@dataclass(frozen=True)
class ReplySeen:
    """A customer message and what the assistant understood."""

    received_at: datetime
    intent: str
    first_response_at: datetime | None = None  # our first approved reply sent after it


@dataclass(frozen=True)
class SuggestionSeen:
    created_at: datetime
    status: str  # pending | approved | sent | rejected
    decided_at: datetime | None
    edited: bool


@dataclass(frozen=True)
class WeekFigures:
    start: datetime
    end: datetime
    replies: int
    by_intent: dict[str, int]
    decided: int
    approved_unchanged: int
    median_first_response_hours: float | None

    @property
    def approved_unchanged_share(self) -> float | None:
        return None if self.decided == 0 else self.approved_unchanged / self.decided


@dataclass(frozen=True)
class Change:
    current: float | None
    previous: float | None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous


@dataclass
class LedgerFigures:
    aging: AgingSummary = field(default_factory=AgingSummary)
    dso_days: dict[str, Decimal | None] = field(default_factory=dict)  # per currency


def week_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The seven days ending at `now`."""
    return now - timedelta(days=7), now


def week_figures(replies: Iterable[ReplySeen], suggestions: Iterable[SuggestionSeen],
                 start: datetime, end: datetime) -> WeekFigures:
    in_week = [r for r in replies if start <= r.received_at < end]
    by_intent = Counter(r.intent for r in in_week)
    decided = [s for s in suggestions
               if s.decided_at is not None and start <= s.decided_at < end and s.status in DECIDED]
    unchanged = sum(1 for s in decided if s.status in APPROVED and not s.edited)
    waits = [(r.first_response_at - r.received_at).total_seconds() / 3600
             for r in in_week if r.first_response_at is not None]
    return WeekFigures(start, end, len(in_week), dict(sorted(by_intent.items())), len(decided), unchanged,
                       statistics.median(waits) if waits else None)


def ledger_figures(invoices: Sequence[Invoice], today: date) -> LedgerFigures:
    figures = LedgerFigures()
    for invoice in invoices:
        figures.aging.add(invoice, today)
    for currency in sorted({i.currency for i in invoices}):
        mine = [i for i in invoices if i.currency == currency]
        receivable = sum((i.open_balance for i in mine if not i.is_paid()), Decimal(0))
        figures.dso_days[currency] = dso_countback(receivable, monthly_sales(mine, today))
    return figures


def monthly_sales(invoices: Iterable[Invoice], today: date, months: int = 12) -> list[tuple[int, Decimal]]:
    """(days in period, credit sales) per calendar month, newest first; the current
    month counts only up to `today`."""
    periods: list[tuple[date, date]] = []
    year, month = today.year, today.month
    for _ in range(months):
        first = date(year, month, 1)
        last = min(date(year, month, calendar.monthrange(year, month)[1]), today)
        periods.append((first, last))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    totals = [Decimal(0)] * len(periods)
    for invoice in invoices:
        for index, (first, last) in enumerate(periods):
            if first <= invoice.issue_date <= last:
                totals[index] += invoice.amount
                break
    return [((last - first).days + 1, total) for (first, last), total in zip(periods, totals, strict=True)]


def dso_countback(receivable: Decimal, sales_newest_first: Sequence[tuple[int, Decimal]]) -> Decimal | None:
    """Days sales outstanding by the countback method; None when there were no sales."""
    if receivable <= 0:
        return Decimal(0)
    remaining = receivable
    days = Decimal(0)
    for period_days, sales in sales_newest_first:
        if sales <= 0:
            days += period_days
            continue
        if remaining <= sales:
            return (days + remaining / sales * period_days).quantize(Decimal("0.1"))
        remaining -= sales
        days += period_days
    return None if all(s <= 0 for _, s in sales_newest_first) else days.quantize(Decimal("0.1"))


def overdue_on(invoices: Iterable[Invoice], paid_after: dict[str, Decimal], day: date) -> dict[str, Decimal]:
    """Overdue balance per currency as it stood at the end of `day`: today's balance plus the
    payments recorded after that day (`paid_after[invoice_number]`), never above the amount."""
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        if invoice.due_date >= day or invoice.issue_date > day:
            continue
        if invoice.open_balance <= 0 and invoice.invoice_number not in paid_after:
            continue
        balance = min(invoice.amount, invoice.open_balance + paid_after.get(invoice.invoice_number, Decimal(0)))
        if balance > 0:
            totals[invoice.currency] = totals.get(invoice.currency, Decimal(0)) + balance
    return totals


def week_ends(today: date, weeks: int) -> list[date]:
    """The last day of each of the `weeks` seven-day periods ending today, oldest first."""
    return [today - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]


def whole_days(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, (now - since).days)


def earliest_action(candidates: Iterable[tuple[date | None, str]]) -> tuple[str, date | None]:
    """The next thing to do: the earliest dated candidate; undated ones only when none is dated."""
    listed = list(candidates)
    dated = sorted((d, text) for d, text in listed if d is not None)
    if dated:
        return dated[0][1], dated[0][0]
    return (listed[0][1], None) if listed else ("wait for the customer", None)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def next_dunning_step(policy: Policy, account: Account, today: date,
                      memo: StepDates | None = None) -> tuple[date, str] | None:
    """The customer's next reminder (or collections hand-over) and its date, for invoices
    without a hold: the latest step already reached and not taken goes out at the next
    pass (today), as the planner sends it; else the first step still ahead."""
    if account.opted_out:
        return None
    order = {s.name: i for i, s in enumerate(policy.steps)}
    memo = {} if memo is None else memo  # step dates per (due date, segment, country)
    best: tuple[date, str] | None = None
    for invoice in account.invoices:
        if invoice.holds:
            continue
        taken = max((order.get(name, -1) for name in invoice.done_steps), default=-1)
        ahead = [(when, step) for step, when in step_dates(policy, invoice.due_date, account, memo)
                 if order[step.name] > taken]
        if not ahead:
            continue
        reached = [pair for pair in ahead if pair[0] <= today]
        when, step = (today, reached[-1][1]) if reached else ahead[0]
        text = "hand over to collections" if step.action == StepAction.COLLECTIONS else f"reminder {step.name}"
        if best is None or when < best[0]:
            best = (when, text)
    return best


# -- the digest as shown: what the text, HTML and page renderings read --------------------


@dataclass(frozen=True)
class ConversationLine:
    id: int
    customer: str
    subject: str
    intent: str
    days_since_customer: int | None
    days_since_us: int | None
    amount: str
    invoices: str
    next_action: str
    next_date: date | None
    url: str


@dataclass(frozen=True)
class OwnerSection:
    owner: str
    conversations: list[ConversationLine]


@dataclass(frozen=True)
class Line:
    """One row of a list section: who, what, when, and where to look."""

    customer: str
    what: str
    when: str
    url: str


@dataclass(frozen=True)
class AgingLine:
    bucket: str
    count: int
    amount: str
    totals: dict[str, Decimal]


@dataclass(frozen=True)
class FigureLine:
    name: str
    current: str
    previous: str
    change: str


@dataclass
class Digest:
    now: datetime
    today: date
    week: str
    company: str
    base_url: str
    owners: list[OwnerSection] = field(default_factory=list)
    promises_due: list[Line] = field(default_factory=list)
    promises_broken: list[Line] = field(default_factory=list)
    disputes_overdue: list[Line] = field(default_factory=list)
    plans_in_default: list[Line] = field(default_factory=list)
    suggestions_waiting: list[Line] = field(default_factory=list)
    bounced: list[Line] = field(default_factory=list)
    quarantined: list[Line] = field(default_factory=list)
    aging: list[AgingLine] = field(default_factory=list)
    overdue: dict[str, Decimal] = field(default_factory=dict)
    overdue_previous: dict[str, Decimal] = field(default_factory=dict)
    dso: dict[str, Decimal | None] = field(default_factory=dict)
    this_week: WeekFigures | None = None
    last_week: WeekFigures | None = None
    figures: list[FigureLine] = field(default_factory=list)
    chart_currency: str = ""
    trend: list[tuple[str, Decimal]] = field(default_factory=list)
    chart_png: bytes = b""
    dispute_limit_days: int = 0

    @property
    def conversation_count(self) -> int:
        return sum(len(o.conversations) for o in self.owners)

    @property
    def empty(self) -> bool:
        """Nothing waiting for anyone this week."""
        return not (self.owners or self.promises_due or self.promises_broken or self.disputes_overdue
                    or self.plans_in_default or self.suggestions_waiting or self.bounced or self.quarantined)

    @property
    def subject(self) -> str:
        if self.empty:
            return f"AR digest {self.week}: nothing waiting"
        return f"AR digest {self.week}: {self.conversation_count} open conversations"
