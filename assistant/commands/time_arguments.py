"""Command-line values that are points in time (`--now`)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def iso_datetime(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime; without an offset it is read as UTC.

    Raises `argparse.ArgumentTypeError`, so argparse reports it as a usage error (exit 2).
    """
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    # Passes look back and ahead by months; near datetime's limits that arithmetic overflows.
    try:
        in_range = EARLIEST <= value < LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise argparse.ArgumentTypeError(f"{text!r} is outside {EARLIEST:%Y} to {LATEST.year - 1}")
    return value
