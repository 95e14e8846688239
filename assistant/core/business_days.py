"""Business days, public holidays and send windows, in the customer's own time zone.

Pure: the caller passes `now`. Public holidays come from the `holidays` package for the
customer's country (ISO 3166 alpha-2); an unknown country means weekends only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class SendWindow:
    start: time = time(9, 0)
    end: time = time(17, 0)
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # date.weekday(): Monday is 0


@lru_cache(maxsize=512)
def _holiday_dates(country: str, year: int) -> frozenset[date]:
    # Memoised because building a country's calendar is slow and a pass asks per customer;
    # the result depends only on the arguments, so this stays a pure function.
    try:
        table = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(table.keys())


def is_holiday(day: date, country: str | None) -> bool:
    return bool(country) and day in _holiday_dates(str(country).upper(), day.year)


def is_business_day(day: date, country: str | None, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> bool:
    return day.weekday() in weekdays and not is_holiday(day, country)


def next_business_day(day: date, country: str | None, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> date:
    """`day` itself when it is a business day, else the first business day after it."""
    for _ in range(60):
        if is_business_day(day, country, weekdays):
            return day
        day += timedelta(days=1)
    raise ValueError(f"no business day within 60 days of {day} for {country!r}")


def add_business_days(day: date, n: int, country: str | None, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> date:
    """Move `n` business days forward (or back, for negative `n`)."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_business_day(day, country, weekdays):
            remaining -= 1
    return day


def local_now(now: datetime, timezone: str | None, fallback: str) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(ZoneInfo(timezone or fallback))


def in_send_window(local: datetime, country: str | None, window: SendWindow) -> bool:
    """Is this local time inside the window on a working day of the customer's country?"""
    if not is_business_day(local.date(), country, window.weekdays):
        return False
    return window.start <= local.time().replace(tzinfo=None) < window.end
