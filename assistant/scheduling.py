"""Every scheduled job, and the only module that knows APScheduler (3.x).

Jobs: the dunning pass and the due verifications on `[dunning] interval_minutes`, the
weekly digest on its cron (`[digest] weekday`, `time`, `timezone`), and, for the demo, the
outbox delivery every few seconds. Each tick reads the clock it was given once and passes
that `now` down.

Correctness never depends on the cadence: every pass is keyed and locked in the store, so
a pass every minute, a late pass, or two processes running passes at once send nothing
extra. `max_instances=1` and `coalesce` only save work inside one process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from assistant.errors import BadInput
from assistant.service.digest.build import digest_zone
from assistant.service.digest.delivery import send_weekly_digest
from assistant.service.dunning.send_due import send_due
from assistant.service.followup.verifications import run_due
from assistant.service.outbox.delivery import deliver_due
from assistant.settings import Settings
from assistant.wiring import Wiring

log = logging.getLogger(__name__)
CATCH_UP = timedelta(hours=24)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def dunning_job(wired: Wiring) -> None:
    try:
        summary = send_due(wired.engine, wired.settings, wired.clock(), wired.smtp, loaded=wired.policy)
        log.info("dunning pass: %s", summary)
    except Exception:  # one failed pass must not stop the scheduler; the next one retries
        log.exception("dunning pass failed")


def verify_due_job(wired: Wiring) -> None:
    try:
        log.info("verifications and plan reminders: %s",
                 run_due(wired.engine, wired.settings, wired.clock()).to_json())
    except Exception:  # one failed run must not stop the scheduler; the next one retries
        log.exception("verification run failed")


def weekly_digest_job(wired: Wiring) -> None:
    try:
        log.info("weekly digest: %s",
                 send_weekly_digest(wired.engine, wired.settings, wired.clock(), wired.smtp).as_json())
    except Exception:  # a failed run must not stop the scheduler; outbox retries and next week go on
        log.exception("weekly digest failed")


def delivery_job(wired: Wiring, on_sent: Callable[[int], None] | None = None) -> None:
    try:
        report = deliver_due(wired.engine, wired.settings, wired.clock(), wired.smtp)
        if report.sent:
            log.info("outbox: sent %s", report.sent)
            if on_sent is not None:
                on_sent(report.sent)
    except Exception:  # the next tick retries
        log.exception("outbox delivery failed")


def build_scheduler(wired: Wiring, *, interval_seconds: float | None = None,
                    first_run: datetime | None = None) -> BackgroundScheduler:
    """A scheduler (not started) with the dunning pass, the due verifications and, when
    `[digest] recipients` is set, the weekly digest.

    The scheduler keeps its own time (APScheduler reads the real clock to fire jobs); each
    job reads the wiring's clock for its business time. `first_run`: when the two interval
    jobs first run, in the scheduler's time (default: one interval after the start).
    """
    scheduler = BackgroundScheduler(timezone=UTC)
    seconds = interval_seconds if interval_seconds is not None else wired.settings.dunning.interval_minutes * 60
    first: dict[str, Any] = {"next_run_time": first_run} if first_run is not None else {}
    scheduler.add_job(dunning_job, "interval", seconds=seconds, args=(wired,), id="dunning",
                      name="dunning pass", max_instances=1, coalesce=True, **first)
    scheduler.add_job(verify_due_job, "interval", seconds=seconds, args=(wired,), id="verify-due",
                      name="due verifications", max_instances=1, coalesce=True, **first)
    schedule_weekly_digest(scheduler, wired)
    return scheduler


def delivery_scheduler(wired: Wiring, on_sent: Callable[[int], None] | None = None,
                       seconds: float = 5) -> BackgroundScheduler:
    """Only the outbox, every few seconds: approved replies go out while the demo serves."""
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(delivery_job, "interval", seconds=seconds, args=(wired, on_sent), id="outbox",
                      max_instances=1, coalesce=True)
    return scheduler


def cron_fields(settings: Settings) -> dict[str, Any]:
    """APScheduler cron fields for `[digest] weekday`, `time` and `timezone`."""
    hour, _, minute = settings.digest.time.partition(":")
    if settings.digest.weekday not in WEEKDAYS or not (hour.isdigit() and minute.isdigit()
                                                       and int(hour) < 24 and int(minute) < 60):
        raise BadInput(f"digest: weekday must be one of {', '.join(WEEKDAYS)} and time HH:MM, "
                       f"got {settings.digest.weekday!r} {settings.digest.time!r}")
    return {"day_of_week": settings.digest.weekday, "hour": int(hour), "minute": int(minute),
            "timezone": digest_zone(settings)}


def schedule_weekly_digest(scheduler: BackgroundScheduler, wired: Wiring) -> None:
    """Add the weekly digest (a cron trigger); retries after a temporary failure are the
    outbox's, delivered by the dunning pass. Without recipients nothing is scheduled."""
    settings = wired.settings
    if not settings.digest.recipients:
        log.info("digest.recipients is empty: the weekly digest is not emailed")
        return
    trigger = CronTrigger(**cron_fields(settings))
    # The job store is in memory, so a run missed while the process was down is not
    # replayed by the scheduler: when this week's time passed less than a day ago, run at
    # once. The outbox key keeps the made-up run from sending what was already sent.
    now = wired.clock()
    latest = trigger.get_next_fire_time(None, now - CATCH_UP)
    extra: dict[str, Any] = {"next_run_time": now} if latest is not None and latest <= now else {}
    scheduler.add_job(weekly_digest_job, trigger, args=(wired,), id="digest", name="weekly digest",
                      replace_existing=True, max_instances=1, coalesce=True,
                      misfire_grace_time=int(CATCH_UP.total_seconds()), **extra)
