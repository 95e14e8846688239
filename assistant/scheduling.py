"""APScheduler 3.x wiring only: the dunning pass on an interval.

Correctness never depends on the cadence: every pass is keyed and locked (see
`assistant.service.send_due`), so a pass every minute, a late pass, or two processes
running passes at once send nothing extra. `max_instances=1` and `coalesce` only save
work inside one process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from assistant.settings import Settings

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def dunning_job(engine: Engine, settings: Settings, clock: Clock = _utc_now) -> None:
    from assistant.service.send_due import send_due

    try:
        summary = send_due(engine, settings, clock())
        log.info("dunning pass: %s", summary)
    except Exception:  # one failed pass must not stop the scheduler; the next one retries
        log.exception("dunning pass failed")


def build_scheduler(engine: Engine, settings: Settings, *, clock: Clock = _utc_now,
                    interval_seconds: float | None = None) -> BackgroundScheduler:
    """A scheduler (not started) running the dunning pass every `[dunning] interval_minutes`."""
    scheduler = BackgroundScheduler(timezone=UTC)
    seconds = interval_seconds if interval_seconds is not None else settings.dunning.interval_minutes * 60
    scheduler.add_job(dunning_job, "interval", seconds=seconds, args=(engine, settings, clock),
                      id="dunning", name="dunning pass", max_instances=1, coalesce=True,
                      next_run_time=datetime.now(UTC))
    return scheduler
