"""Emailing the digest: queued in the outbox under `digest:<ISO week>`, delivered here.

The key makes the weekly send idempotent: a second run in the same week, a restart of
the scheduler, or `digest --send` by hand all find the key taken and send nothing more.

The digest row is stored with `next_attempt_at` empty, so the dunning pass (which sends
rows whose time has come) leaves it alone; it is delivered by `deliver_digests`, which
builds the multipart/related message with the inline chart the generic sender cannot
express. Delivery holds the same outbox pass lock as the dunning pass, so a row in
'sending' is never mistaken for an orphan by a pass running at the same time.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from sqlalchemy import Engine, select

from assistant.errors import BadInput
from assistant.mail.compose import OutgoingEmail
from assistant.mail.smtp_outbox import SmtpSender
from assistant.service.digest import Digest, build_digest, digest_zone
from assistant.service.digest_render import build_email, chart_cid, html_for_email, render_text
from assistant.service.outbox import enqueue, flag_orphans
from assistant.settings import Settings
from assistant.store.db import session_factory, transaction
from assistant.store.models import OutboxRow
from assistant.store.pass_lock import pass_lock

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
        row.body_html = html_for_email(digest, row.message_id)
        row.attachments = [{"filename": "digest-chart.png", "content_type": "image/png",
                            "content_id": chart_cid(row.message_id),
                            "data_base64": base64.b64encode(digest.chart_png).decode("ascii")}]
        row.next_attempt_at = None  # not for the dunning pass: see the module docstring
    return True


def deliver_digests(engine: Engine, settings: Settings, now: datetime, report: DigestSend | None = None) -> DigestSend:
    """Send every queued digest row (normally one)."""
    report = report or DigestSend(key="")
    with pass_lock(engine, "outbox") as held:
        if not held:
            report.busy = True
            return report
        flag_orphans(engine, now)
        with session_factory(engine)() as session:
            ids = list(session.scalars(select(OutboxRow.id).where(OutboxRow.kind == "digest",
                                                                  OutboxRow.status == "queued")
                                       .order_by(OutboxRow.id)))
        with SmtpSender(settings, settings.dunning.smtp_timeout_seconds) as sender:
            for outbox_pk in ids:
                _deliver_one(engine, settings, sender, outbox_pk, now, report)
    return report


def _deliver_one(engine: Engine, settings: Settings, sender: SmtpSender, outbox_pk: int, now: datetime,
                 report: DigestSend) -> None:
    with transaction(engine) as session:
        row = session.scalar(select(OutboxRow).where(OutboxRow.id == outbox_pk, OutboxRow.status == "queued"))
        if row is None:
            return
        chart = next((base64.b64decode(a["data_base64"]) for a in row.attachments if "data_base64" in a), b"")
        msg = build_email(from_name=settings.company.name, from_address=settings.smtp.from_address,
                          to=list(row.to_addrs), subject=row.subject, body_text=row.body_text,
                          body_html=row.body_html or "", chart_png=chart, message_id=row.message_id,
                          date_header=format_datetime(now))
        row.status, row.attempts, row.claimed_at, row.updated_at = "sending", row.attempts + 1, now, now
        row.from_addr = settings.smtp.from_address
        recipients = list(row.to_addrs)
    # Committed as 'sending' before the first byte goes out (as the dunning pass does).
    result = sender.send(msg, settings.smtp.from_address, recipients)
    with transaction(engine) as session:
        row = session.get_one(OutboxRow, outbox_pk)
        row.updated_at = now
        if result.outcome == "sent":
            row.status, row.sent_at = "sent", now
            row.error = f"refused: {', '.join(result.refused)}" if result.refused else None
            report.sent += 1
        elif result.outcome == "permanent" or row.attempts >= settings.dunning.max_attempts:
            row.status, row.error = "failed", result.error
            report.failed += 1
        else:
            row.status, row.error = "queued", result.error  # the next delivery run tries again
            report.retried += 1


def send_weekly_digest(engine: Engine, settings: Settings, now: datetime) -> DigestSend:
    """Build, queue (once per ISO week) and deliver the digest."""
    digest = build_digest(engine, settings, now)
    report = DigestSend(key=digest_key(digest))
    report.queued = queue_digest(engine, settings, digest, now)
    return deliver_digests(engine, settings, now, report)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def weekly_digest_job(engine: Engine, settings: Settings, clock: Clock = _utc_now) -> None:
    try:
        log.info("weekly digest: %s", send_weekly_digest(engine, settings, clock()).as_json())
    except Exception:  # a failed run must not stop the scheduler; the retry job and next week go on
        log.exception("weekly digest failed")


def digest_retry_job(engine: Engine, settings: Settings, clock: Clock = _utc_now) -> None:
    try:
        report = deliver_digests(engine, settings, clock())
        if report.sent or report.failed:
            log.info("digest delivery: %s", report.as_json())
    except Exception:
        log.exception("digest delivery failed")


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
    """Add the weekly digest (a cron trigger) and its delivery retries to an APScheduler
    scheduler. Without recipients nothing is scheduled."""
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
    scheduler.add_job(digest_retry_job, "interval", seconds=settings.dunning.interval_minutes * 60,
                      args=(engine, settings, clock), id="digest-retry", name="digest delivery retries",
                      replace_existing=True, max_instances=1, coalesce=True)
