"""Pure digest helpers: overdue as it stood on a past day, the next action, ISO weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from assistant.core.digest import earliest_action, iso_week, overdue_on, week_ends, whole_days
from assistant.core.ledger import Invoice


def inv(number: str, due: date, amount: str, balance: str, issued: date = date(2026, 1, 1),
        currency: str = "EUR") -> Invoice:
    return Invoice(number, "C1", issued, due, Decimal(amount), currency, Decimal(balance))


def test_overdue_on_adds_back_later_payments_and_caps_at_the_amount() -> None:
    invoices = [inv("A", date(2026, 3, 1), "100", "40"), inv("B", date(2026, 3, 10), "50", "50"),
                inv("C", date(2026, 2, 1), "70", "0", currency="USD"),
                inv("D", date(2026, 2, 1), "20", "20", issued=date(2026, 3, 6))]
    paid_after = {"A": Decimal("60"), "C": Decimal("90")}
    # On 03-05: A was overdue with 100 open (60 paid later); B not yet due; C overdue, capped
    # at its amount; D not issued yet.
    assert overdue_on(invoices, paid_after, date(2026, 3, 5)) == {"EUR": Decimal("100"), "USD": Decimal("70")}
    assert overdue_on(invoices, {}, date(2026, 3, 11)) == {"EUR": Decimal("110")}
    assert overdue_on(invoices, {}, date(2026, 3, 1)) == {}  # due that day is not overdue yet
    assert overdue_on(invoices, {}, date(2026, 3, 2)) == {"EUR": Decimal("40")}


def test_week_ends_oldest_first() -> None:
    assert week_ends(date(2026, 11, 23), 3) == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]


@pytest.mark.parametrize(("candidates", "expected"), [
    ([], ("wait for the customer", None)),
    ([(None, "resolve the dispute")], ("resolve the dispute", None)),
    ([(None, "resolve"), (date(2026, 5, 3), "check"), (date(2026, 5, 1), "promise")], ("promise", date(2026, 5, 1))),
])
def test_earliest_action(candidates: list[tuple[date | None, str]], expected: tuple[str, date | None]) -> None:
    assert earliest_action(candidates) == expected


def test_iso_week_across_the_year_end() -> None:
    assert iso_week(date(2026, 12, 31)) == "2026-W53"
    assert iso_week(date(2027, 1, 3)) == "2026-W53"
    assert iso_week(date(2027, 1, 4)) == "2027-W01"


def test_whole_days() -> None:
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert whole_days(None, now) is None
    assert whole_days(datetime(2026, 11, 20, 10, tzinfo=UTC), now) == 2
    assert whole_days(datetime(2026, 11, 24, tzinfo=UTC), now) == 0
