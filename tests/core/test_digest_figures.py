"""Golden figures for the digest core: DSO countback, week figures, aging."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from assistant.core.digest import (
    ReplySeen,
    SuggestionSeen,
    dso_countback,
    ledger_figures,
    monthly_sales,
    week_bounds,
    week_figures,
)
from assistant.core.ledger import Invoice


@pytest.mark.parametrize(
    ("receivable", "sales", "expected"),
    [
        # Textbook countback: 50,000 open; Nov sales 30,000 (30 days), Oct 40,000 (31 days):
        # all of November (30 days) plus 20,000/40,000 of October's 31 days = 45.5 days.
        (Decimal(50000), [(30, Decimal(30000)), (31, Decimal(40000))], Decimal("45.5")),
        (Decimal(15000), [(30, Decimal(30000))], Decimal("15.0")),
        (Decimal(0), [(30, Decimal(30000))], Decimal(0)),
        (Decimal(100), [(30, Decimal(0)), (31, Decimal(0))], None),
        # A month with no sales still counts its days.
        (Decimal(10000), [(30, Decimal(0)), (31, Decimal(20000))], Decimal("45.5")),
        # More open than all sales counted: every period.
        (Decimal(90000), [(30, Decimal(30000)), (31, Decimal(40000))], Decimal("61.0")),
    ],
)
def test_dso_countback(receivable: Decimal, sales: list, expected: Decimal | None) -> None:
    assert dso_countback(receivable, sales) == expected


def inv(number: str, issued: date, amount: str, balance: str | None = None, due_days: int = 30,
        currency: str = "EUR") -> Invoice:
    return Invoice(number, "C1", issued, issued + timedelta(days=due_days), Decimal(amount), currency,
                   None if balance is None else Decimal(balance))


def test_monthly_sales_cut_at_today_newest_first() -> None:
    invoices = [inv("A", date(2026, 11, 3), "100"), inv("B", date(2026, 10, 31), "50"),
                inv("C", date(2026, 11, 25), "999")]
    sales = monthly_sales(invoices, date(2026, 11, 20), months=2)
    assert sales == [(20, Decimal(100)), (31, Decimal(50))]


def test_ledger_figures_aging_and_dso_per_currency() -> None:
    today = date(2026, 11, 20)
    invoices = [
        inv("A", date(2026, 11, 1), "3000"),                    # due 12-01: current
        inv("B", date(2026, 10, 1), "2000", balance="500"),     # due 10-31: 20 days over
        inv("C", date(2026, 7, 1), "1000", balance="0"),        # paid: not in aging
        inv("D", date(2026, 6, 1), "400", due_days=10),         # due 06-11: 162 days
        inv("E", date(2026, 11, 2), "70", currency="USD"),
    ]
    figures = ledger_figures(invoices, today)
    assert figures.aging.counts == {"current": 2, "1-30": 1, "90+": 1}
    assert figures.aging.totals["current"] == {"EUR": Decimal(3000), "USD": Decimal(70)}
    # EUR open 3,900; Nov 1-20 sales 3,000 (20 days); Oct sales 2,000 (31 days): 20 + 900/2000*31 = 33.95
    assert figures.dso_days["EUR"] == Decimal("34.0")
    assert figures.dso_days["USD"] == Decimal("20.0")


def test_week_figures() -> None:
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    start, end = week_bounds(now)
    day = timedelta(days=1)
    replies = [
        ReplySeen(now - 2 * day, "scheduled", now - 2 * day + timedelta(hours=3)),
        ReplySeen(now - 3 * day, "dispute", now - 3 * day + timedelta(hours=5)),
        ReplySeen(now - 1 * day, "scheduled", None),
        ReplySeen(now - 9 * day, "bounce", None),  # last week: not counted
    ]
    suggestions = [
        SuggestionSeen(now - 3 * day, "sent", now - 2 * day, edited=False),
        SuggestionSeen(now - 3 * day, "approved", now - 2 * day, edited=True),
        SuggestionSeen(now - 3 * day, "rejected", now - 2 * day, edited=False),
        SuggestionSeen(now - 3 * day, "sent", now - 1 * day, edited=False),
        SuggestionSeen(now - 3 * day, "pending", None, edited=False),
    ]
    week = week_figures(replies, suggestions, start, end)
    assert (week.replies, week.by_intent) == (3, {"dispute": 1, "scheduled": 2})
    assert (week.decided, week.approved_unchanged) == (4, 2)
    assert week.approved_unchanged_share == 0.5
    assert week.median_first_response_hours == 4.0


def test_empty_week_has_no_share_or_median() -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    week = week_figures([], [], *week_bounds(now))
    assert (week.replies, week.approved_unchanged_share, week.median_first_response_hours) == (0, None, None)
