"""Payment-plan offers and schedules, built from the plan policy.

An offer splits the open balance into at most `max_instalments` monthly instalments, never
more months than `max_months`, each at least `min_instalment` (the last one takes the
rounding remainder). Balances above `staff_threshold` are not offered automatically: a
person negotiates them. Every instalment carries its own reminder date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal


@dataclass(frozen=True)
class PlanPolicy:
    max_instalments: int = 6
    min_instalment: Decimal = Decimal("100.00")
    max_months: int = 6
    staff_threshold: Decimal = Decimal("25000.00")
    first_due_days: int = 14  # the first instalment falls due this long after the offer
    reminder_days_before: int = 3


@dataclass(frozen=True)
class Instalment:
    number: int
    due_date: date
    amount: Decimal
    remind_on: date


@dataclass(frozen=True)
class PlanOffer:
    total: Decimal
    currency: str
    instalments: tuple[Instalment, ...]

    @property
    def count(self) -> int:
        return len(self.instalments)


@dataclass(frozen=True)
class HandToStaff:
    reason: str


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def instalment_count(total: Decimal, policy: PlanPolicy) -> int:
    limit = max(1, min(policy.max_instalments, policy.max_months))
    if policy.min_instalment <= 0:
        return limit
    by_minimum = int((total / policy.min_instalment).to_integral_value(rounding=ROUND_DOWN))
    return max(1, min(limit, by_minimum))


def split(total: Decimal, count: int) -> list[Decimal]:
    """`count` equal amounts in cents; the last one takes the remainder, so they add up."""
    base = (total / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [*([base] * (count - 1)), total - base * (count - 1)]


def offer_plan(total: Decimal, currency: str, today: date, policy: PlanPolicy) -> PlanOffer | HandToStaff:
    if total <= 0:
        return HandToStaff("nothing is open on these invoices")
    if total > policy.staff_threshold:
        return HandToStaff(f"open balance {total:.2f} {currency} is above the plan threshold "
                           f"{policy.staff_threshold:.2f}")
    return PlanOffer(total, currency, schedule(total, today + timedelta(days=policy.first_due_days),
                                               instalment_count(total, policy), policy.reminder_days_before))


def schedule(total: Decimal, first_due: date, count: int, reminder_days_before: int) -> tuple[Instalment, ...]:
    return tuple(
        Instalment(i + 1, due, amount, due - timedelta(days=reminder_days_before))
        for i, amount in enumerate(split(total, count))
        for due in (add_months(first_due, i),))
