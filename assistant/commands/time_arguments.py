"""Command-line values that are points in time (`--now`)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime


def iso_datetime(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime; without an offset it is read as UTC.

    Raises `argparse.ArgumentTypeError`, so argparse reports it as a usage error (exit 2).
    """
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)
