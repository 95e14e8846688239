"""The dunning policy and the planner: which reminder each customer gets at `now`.

Pure: accounts and `now` in, a plan out. One email per customer per step, listing every
invoice of that customer at that step. An invoice is at the latest step whose date has
come (step dates fall on the customer's business days); a step already reached by an
invoice (or a later one) never repeats. The send window, the cap, holds, opt-outs and
bounced addresses all hold a reminder back and are counted by reason.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from assistant.core.business_days import (
    SendWindow,
    add_business_days,
    in_send_window,
    local_now,
    next_business_day,
)
from assistant.core.late_fees import LateFeeRule, late_fee
from assistant.core.ledger import Segment
from assistant.core.segments import SegmentRules
from assistant.core.statuses import SkipReason, StepAction

STEP_ACTIONS = tuple(StepAction)


@dataclass(frozen=True)
class Step:
    name: str
    offset_days: int  # relative to the due date; negative: before it
    tone: str
    template: str
    action: str = StepAction.EMAIL  # or collections: flag the hand-over, no email


@dataclass(frozen=True)
class SegmentAdjustment:
    tone_shift: int = 0  # along Policy.tones: -1 softer, +1 firmer
    delay_days: int = 0  # added to steps after the due date (more patience)
    skip_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cap:
    max_reminders: int = 2
    per_days: int = 7


@dataclass(frozen=True)
class Policy:
    steps: tuple[Step, ...]
    tones: tuple[str, ...] = ("friendly", "firm", "stern")
    offset_unit: str = "days"  # days | business_days
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    default_timezone: str = "UTC"
    window: SendWindow = field(default_factory=SendWindow)
    cap: Cap = field(default_factory=Cap)
    segments: dict[Segment, SegmentAdjustment] = field(default_factory=dict)
    segment_rules: SegmentRules = field(default_factory=SegmentRules)
    late_fees: LateFeeRule = field(default_factory=LateFeeRule)
    source: str = ""

    def tone_for(self, step: Step, segment: Segment) -> str:
        shift = self.segments.get(segment, SegmentAdjustment()).tone_shift
        index = min(max(self.tones.index(step.tone) + shift, 0), len(self.tones) - 1)
        return self.tones[index]

    def language_for(self, language: str | None) -> str:
        lang = (language or "").lower()[:2]
        return lang if lang in self.languages else self.default_language


@dataclass(frozen=True)
class OpenInvoice:
    pk: int
    number: str
    due_date: date
    amount: Decimal
    balance: Decimal
    currency: str
    holds: tuple[str, ...] = ()
    done_steps: frozenset[str] = frozenset()
    fee_charged: bool = False


@dataclass(frozen=True)
class Account:
    customer_pk: int
    customer_id: str
    name: str
    language: str | None
    timezone: str | None
    country: str | None
    segment: Segment
    opted_out: bool
    to: tuple[str, ...]  # active billing addresses
    cc: tuple[str, ...]
    invoices: tuple[OpenInvoice, ...]
    recent_reminders: tuple[datetime, ...] = ()  # reminders sent or queued to this customer


@dataclass(frozen=True)
class PlannedReminder:
    account: Account
    step: Step
    tone: str
    language: str
    local_date: date
    invoices: tuple[OpenInvoice, ...]
    fees: dict[int, Decimal]

    @property
    def key(self) -> str:
        """The outbox key: customer, step and the exact set of invoices."""
        digest = hashlib.sha256(",".join(sorted(i.number for i in self.invoices)).encode()).hexdigest()[:20]
        return f"reminder:{self.account.customer_id}:{self.step.name}:{digest}"


@dataclass(frozen=True)
class CollectionsFlag:
    account: Account
    step: Step
    invoices: tuple[OpenInvoice, ...]


@dataclass
class Plan:
    reminders: list[PlannedReminder] = field(default_factory=list)
    collections: list[CollectionsFlag] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def step_date(policy: Policy, step: Step, due: date, account: Account) -> date:
    adj = policy.segments.get(account.segment, SegmentAdjustment())
    offset = step.offset_days + (adj.delay_days if step.offset_days > 0 else 0)
    if policy.offset_unit == "business_days":
        target = add_business_days(due, offset, account.country, policy.window.weekdays)
    else:
        target = due + timedelta(days=offset)
    return next_business_day(target, account.country, policy.window.weekdays)


StepDates = dict[tuple[date, Segment, str | None], tuple[tuple[Step, date], ...]]


def step_dates(policy: Policy, due: date, account: Account, memo: StepDates | None = None) -> tuple[tuple[Step, date], ...]:
    """(step, date) for every step this account's segment takes, memoised per due date."""
    key = (due, account.segment, account.country)
    if memo is not None and key in memo:
        return memo[key]
    skip = policy.segments.get(account.segment, SegmentAdjustment()).skip_steps
    dates = tuple((s, step_date(policy, s, due, account)) for s in policy.steps if s.name not in skip)
    if memo is not None:
        memo[key] = dates
    return dates


def current_step(policy: Policy, invoice: OpenInvoice, account: Account, today: date,
                 memo: StepDates | None = None) -> Step | None:
    """The latest step reached on `today`, unless it (or a later one) was already taken."""
    reached = [s for s, when in step_dates(policy, invoice.due_date, account, memo) if when <= today]
    if not reached:
        return None
    step = reached[-1]
    order = {s.name: i for i, s in enumerate(policy.steps)}
    if any(order.get(done, -1) >= order[step.name] for done in invoice.done_steps):
        return None
    return step


def plan(accounts: Iterable[Account], policy: Policy, now: datetime) -> Plan:
    result = Plan()
    memo: StepDates = {}
    for account in accounts:
        _plan_account(account, policy, now, result, memo)
    return result


def _plan_account(account: Account, policy: Policy, now: datetime, result: Plan, memo: StepDates) -> None:
    local = local_now(now, account.timezone, policy.default_timezone)
    today = local.date()
    by_step: dict[str, list[OpenInvoice]] = {}
    steps = {s.name: s for s in policy.steps}
    for invoice in account.invoices:
        if invoice.balance <= 0:
            continue
        step = current_step(policy, invoice, account, today, memo)
        if step is None:
            continue
        if invoice.holds:
            result.skipped[sorted(invoice.holds)[0]] += 1
            continue
        by_step.setdefault(step.name, []).append(invoice)
    if not by_step:
        return
    # Collections is a flag for staff, not an email: no window, no cap, no address needed.
    for name in [n for n in by_step if steps[n].action == StepAction.COLLECTIONS]:
        result.collections.append(CollectionsFlag(account, steps[name], tuple(by_step.pop(name))))
    due_emails = sorted(by_step.items(), key=lambda kv: -steps[kv[0]].offset_days)
    reason = _account_blocker(account, policy, local, now)
    if reason:
        for _, invoices in due_emails:
            result.skipped[reason] += len(invoices)
        return
    allowed = policy.cap.max_reminders - _recent(account.recent_reminders, now, policy.cap.per_days)
    for name, invoices in due_emails:
        if allowed <= 0:
            result.skipped[SkipReason.CAP] += len(invoices)
            continue
        allowed -= 1
        step = steps[name]
        fees = _fees(policy, step, invoices, today)
        result.reminders.append(PlannedReminder(account, step, policy.tone_for(step, account.segment),
                                                policy.language_for(account.language), today,
                                                tuple(sorted(invoices, key=lambda i: (i.due_date, i.number))), fees))


def _account_blocker(account: Account, policy: Policy, local: datetime, now: datetime) -> str | None:
    if account.opted_out:
        return SkipReason.OPTED_OUT
    if not account.to and not account.cc:
        return SkipReason.BOUNCED
    if not in_send_window(local, account.country, policy.window):
        return SkipReason.OUTSIDE_SEND_WINDOW
    return None


def _recent(times: Sequence[datetime], now: datetime, days: int) -> int:
    since = now - timedelta(days=days)
    return sum(1 for t in times if since < t <= now)


def _fees(policy: Policy, step: Step, invoices: Sequence[OpenInvoice], today: date) -> dict[int, Decimal]:
    rule = policy.late_fees
    if not rule.enabled:
        return {}
    order = [s.name for s in policy.steps]
    if rule.at_step not in order or order.index(step.name) < order.index(rule.at_step):
        return {}
    fees = {}
    for inv in invoices:
        if inv.fee_charged:
            continue
        fee = late_fee(rule, inv.balance, inv.currency, (today - inv.due_date).days)
        if fee > 0:
            fees[inv.pk] = fee
    return fees
