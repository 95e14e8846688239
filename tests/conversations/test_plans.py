"""Payment-plan offers from the plan policy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.core.plans import HandToStaff, PlanOffer, PlanPolicy, add_months, offer_plan, split

TODAY = date(2026, 11, 20)
POLICY = PlanPolicy(max_instalments=6, min_instalment=Decimal("100"), max_months=4,
                    staff_threshold=Decimal("5000"), first_due_days=14, reminder_days_before=3)


@pytest.mark.parametrize(("total", "count"), [
    ("1000.00", 4),   # max_months caps max_instalments
    ("250.00", 2),    # the minimum instalment caps the count
    ("99.00", 1),     # below one minimum: a single instalment
    ("5000.00", 4),   # at the threshold: still offered
])
def test_instalment_count(total: str, count: int) -> None:
    offer = offer_plan(Decimal(total), "EUR", TODAY, POLICY)
    assert isinstance(offer, PlanOffer)
    assert offer.count == count
    assert sum(i.amount for i in offer.instalments) == Decimal(total)
    assert all(i.amount >= min(POLICY.min_instalment, Decimal(total)) for i in offer.instalments)


def test_schedule_dates_and_reminders() -> None:
    offer = offer_plan(Decimal("1000.00"), "EUR", TODAY, POLICY)
    assert isinstance(offer, PlanOffer)
    dues = [i.due_date for i in offer.instalments]
    assert dues == [date(2026, 12, 4), date(2027, 1, 4), date(2027, 2, 4), date(2027, 3, 4)]
    assert offer.instalments[0].remind_on == date(2026, 12, 1)
    assert [i.number for i in offer.instalments] == [1, 2, 3, 4]


def test_above_threshold_goes_to_staff() -> None:
    assert isinstance(offer_plan(Decimal("5000.01"), "EUR", TODAY, POLICY), HandToStaff)
    assert isinstance(offer_plan(Decimal("0"), "EUR", TODAY, POLICY), HandToStaff)


def test_split_adds_up_in_cents() -> None:
    parts = split(Decimal("100.00"), 3)
    assert parts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
