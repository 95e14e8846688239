"""Business days, public holidays and send windows across time zones and DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from assistant.core.business_days import (
    SendWindow,
    add_business_days,
    in_send_window,
    is_business_day,
    local_now,
    next_business_day,
)


@pytest.mark.parametrize(("day", "country", "expected"), [
    (date(2026, 11, 23), "GB", True),    # Monday
    (date(2026, 11, 21), "GB", False),   # Saturday
    (date(2026, 12, 25), "DE", False),   # Christmas
    (date(2026, 12, 28), "GB", False),   # Boxing Day moved to Monday (26th is a Saturday)
    (date(2026, 12, 28), "DE", True),    # ... not in Germany
    (date(2026, 11, 11), "FR", False),   # Armistice Day, a Wednesday
    (date(2026, 11, 11), "DE", True),
    (date(2026, 11, 26), "US", False),   # Thanksgiving
    (date(2026, 11, 26), None, True),    # no country: weekends only
    (date(2026, 11, 26), "ZZ", True),    # unknown country: weekends only
])
def test_business_days(day: date, country: str | None, expected: bool) -> None:
    assert is_business_day(day, country) is expected


@pytest.mark.parametrize(("day", "country", "expected"), [
    (date(2026, 12, 24), "DE", date(2026, 12, 24)),
    (date(2026, 12, 25), "DE", date(2026, 12, 28)),   # Fri holiday, Sat, Sun -> Mon
    (date(2026, 12, 25), "GB", date(2026, 12, 29)),   # ... Mon 28th is Boxing Day (substitute) in GB
    (date(2026, 11, 21), "GB", date(2026, 11, 23)),
])
def test_next_business_day(day: date, country: str, expected: date) -> None:
    assert next_business_day(day, country) == expected


@pytest.mark.parametrize(("day", "n", "country", "expected"), [
    (date(2026, 11, 20), 1, "GB", date(2026, 11, 23)),
    (date(2026, 11, 23), -3, "GB", date(2026, 11, 18)),
    (date(2026, 12, 23), 3, "DE", date(2026, 12, 29)),   # Thu 24th; 25th, 26th holidays, 27th Sun; Mon 28th, Tue 29th
])
def test_add_business_days(day: date, n: int, country: str, expected: date) -> None:
    assert add_business_days(day, n, country) == expected


W = SendWindow()


@pytest.mark.parametrize(("utc", "tz", "country", "inside"), [
    # Europe/Berlin switches to summer time on Sun 29 March 2026: 08:30 UTC is 09:30 CET on
    # Friday the 27th but 10:30 CEST on Monday the 30th; 07:30 UTC is 08:30 CET (before the
    # window) on the 27th and 09:30 CEST (inside it) on the 30th.
    (datetime(2026, 3, 27, 7, 30, tzinfo=UTC), "Europe/Berlin", "DE", False),
    (datetime(2026, 3, 30, 7, 30, tzinfo=UTC), "Europe/Berlin", "DE", True),
    # New York changes on 8 March 2026: 13:30 UTC is 08:30 EST on Fri 6th, 09:30 EDT on Mon 9th.
    (datetime(2026, 3, 6, 13, 30, tzinfo=UTC), "America/New_York", "US", False),
    (datetime(2026, 3, 9, 13, 30, tzinfo=UTC), "America/New_York", "US", True),
    # Back to winter time on 25 October 2026 in the EU: 15:30 UTC is 16:30 CET (inside)...
    (datetime(2026, 10, 26, 15, 30, tzinfo=UTC), "Europe/Paris", "FR", True),
    # ... but 17:30 CEST (after the window) on Friday the 23rd.
    (datetime(2026, 10, 23, 15, 30, tzinfo=UTC), "Europe/Paris", "FR", False),
    # The end of the window is exclusive; the start inclusive.
    (datetime(2026, 11, 23, 17, 0, tzinfo=UTC), "Europe/London", "GB", False),
    (datetime(2026, 11, 23, 9, 0, tzinfo=UTC), "Europe/London", "GB", True),
    # A weekday in UTC can be Saturday for the customer.
    # Friday 23:30 UTC is Saturday 12:30 in Auckland.
    (datetime(2026, 11, 20, 23, 30, tzinfo=UTC), "Pacific/Auckland", "NZ", False),
    # Public holiday in the customer's country, mid-morning.
    (datetime(2026, 12, 25, 10, 0, tzinfo=UTC), "Europe/London", "GB", False),
    (datetime(2026, 11, 11, 10, 0, tzinfo=UTC), "Europe/Paris", "FR", False),
    (datetime(2026, 11, 11, 10, 0, tzinfo=UTC), "Europe/Berlin", "DE", True),
])
def test_send_window(utc: datetime, tz: str, country: str, inside: bool) -> None:
    local = local_now(utc, tz, "UTC")
    assert in_send_window(local, country, W) is inside


def test_custom_window_and_weekdays() -> None:
    window = SendWindow(time(8, 0), time(12, 0), (5,))  # Saturdays 08-12 only
    sat = local_now(datetime(2026, 11, 21, 9, 0, tzinfo=UTC), "Europe/London", "UTC")
    mon = local_now(datetime(2026, 11, 23, 9, 0, tzinfo=UTC), "Europe/London", "UTC")
    assert in_send_window(sat, "GB", window) and not in_send_window(mon, "GB", window)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        local_now(datetime(2026, 11, 23, 9, 0), "Europe/London", "UTC")
