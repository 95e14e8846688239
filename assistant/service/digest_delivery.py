"""Emailing the digest: queued in the outbox under `digest:<ISO week>` and delivered by the
outbox like every other email we send.

The key makes the weekly send idempotent: a second run in the same week, a restart of
the scheduler, or `digest --send` by hand all find the key taken and send nothing more.
The chart travels with the row as an inline attachment (a Content-ID the HTML refers to),
so retries after a temporary failure are the outbox's ordinary backoff.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from assistant.errors import BadInput
from assistant.mail.compose import OutgoingEmail
from assistant.service.digest import Digest, build_digest, digest_zone
from assistant.service.digest_render import chart_cid, html_for_email, render_text
from assistant.service.outbox import DeliveryReport, deliver_due, enqueue
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import OutboxRow

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
CATCH_UP = timedelta(hours=24)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def digest_key(digest: Digest) -> str:
    return f"digest:{digest.week}"


@dataclass
class DigestSend:
    key: str
    queued: bool = False  # False: this week's digest was queued before
    sent: int = 0
    retried: int = 0
    failed: int = 0
    busy: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "queued": self.queued, "sent": self.sent, "retried": self.retried,
                "failed": self.failed, "busy": self.busy}

    def add(self, delivery: DeliveryReport) -> DigestSend:
        self.sent += delivery.sent
        self.retried += delivery.retried
        self.failed += delivery.failed
        self.busy = self.busy or delivery.busy
        return self


def queue_digest(engine: Engine, settings: Settings, digest: Digest, now: datetime) -> bool:
    """Store this week's digest in the outbox; False when the week's key is already there."""
    recipients = list(settings.digest.recipients)
    if not recipients:
        raise BadInput("digest.recipients is empty: set the addresses the digest goes to in [digest]")
    key = digest_key(digest)
    with transaction(engine) as session:
        if session.scalar(select(OutboxRow.id).where(OutboxRow.key == key)) is not None:
            return False
        email = OutgoingEmail(kind="digest", to=tuple(recipients), subject=digest.subject,
                              body_text=render_text(digest))
        row = enqueue(session, email, key, now, settings)
        # The Content-ID is derived from the Message-ID, known only once the row exists.
        row.body_html = html_for_email(digest, row.message_id)
        row.attachments = [{"filename": "digest-chart.png", "content_type": "image/png",
                            "content_id": chart_cid(row.message_id),
                            "data_base64": base64.b64encode(digest.chart_png).decode("ascii")}]
    return True


def send_weekly_digest(engine: Engine, settings: Settings, now: datetime) -> DigestSend:
    """Build, queue (once per ISO week) and deliver the digest."""
    digest = build_digest(engine, settings, now)
    report = DigestSend(key=digest_key(digest))
    report.queued = queue_digest(engine, settings, digest, now)
    return report.add(deliver_due(engine, settings, now))


def _utc_now() -> datetime:
    return datetime.now(UTC)


def weekly_digest_job(engine: Engine, settings: Settings, clock: Clock = _utc_now) -> None:
    try:
        log.info("weekly digest: %s", send_weekly_digest(engine, settings, clock()).as_json())
    except Exception:  # a failed run must not stop the scheduler; outbox retries and next week go on
        log.exception("weekly digest failed")


def cron_fields(settings: Settings) -> dict[str, Any]:
    """APScheduler cron fields for `[digest] weekday`, `time` and `timezone`."""
    hour, _, minute = settings.digest.time.partition(":")
    if settings.digest.weekday not in WEEKDAYS or not (hour.isdigit() and minute.isdigit()
                                                       and int(hour) < 24 and int(minute) < 60):
        raise BadInput(f"digest: weekday must be one of {', '.join(WEEKDAYS)} and time HH:MM, "
                       f"got {settings.digest.weekday!r} {settings.digest.time!r}")
    return {"day_of_week": settings.digest.weekday, "hour": int(hour), "minute": int(minute),
            "timezone": digest_zone(settings)}


def schedule_weekly_digest(scheduler: Any, engine: Engine, settings: Settings, clock: Clock = _utc_now) -> None:
    """Add the weekly digest (a cron trigger) to an APScheduler scheduler; retries after a
    temporary failure are the outbox's, delivered by the dunning pass. Without recipients
    nothing is scheduled."""
    if not settings.digest.recipients:
        log.info("digest.recipients is empty: the weekly digest is not emailed")
        return
    from apscheduler.triggers.cron import CronTrigger

    trigger = CronTrigger(**cron_fields(settings))
    # The job store is in memory, so a run missed while the process was down is not
    # replayed by the scheduler: when this week's time passed less than a day ago, run at
    # once. The outbox key keeps the made-up run from sending what was already sent.
    now = clock()
    latest = trigger.get_next_fire_time(None, now - CATCH_UP)
    extra: dict[str, Any] = {"next_run_time": now} if latest is not None and latest <= now else {}
    scheduler.add_job(weekly_digest_job, trigger, args=(engine, settings, clock), id="digest",
                      name="weekly digest", replace_existing=True, max_instances=1, coalesce=True,
                      misfire_grace_time=int(CATCH_UP.total_seconds()), **extra)
