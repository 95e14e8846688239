"""The scheduler running for real: APScheduler's own threads and triggers, on the real clock.

Timing tests like the listener's and the demo's: they wait for real threads to fire, so they
are not among the tests run with the machine's clock set years ahead.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from assistant.scheduling import build_scheduler, schedule_weekly_digest
from assistant.settings import DigestSettings
from assistant.wiring import Wiring
from tests.digest.seed import seed
from tests.digest.test_digest_delivery import TEAM, settings_for
from tests.dunning.conftest import add_customer, add_invoice
from tests.dunning.conftest import settings_for as dunning_settings_for
from tests.servers.smtp import SmtpTestServer, smtp_server

__all__ = ["smtp_server"]
NOW = "2026-11-23T10:00:00+00:00"


def test_scheduler_passes_never_send_twice(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = dunning_settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", date(2026, 11, 16))
    fixed = datetime.fromisoformat(NOW)
    scheduler = build_scheduler(Wiring(settings, engine, lambda: fixed), interval_seconds=0.1)
    scheduler.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not smtp_server.messages:
            time.sleep(0.05)
        time.sleep(0.6)  # several more passes at the same "now"
    finally:
        scheduler.shutdown(wait=True)
    assert len(smtp_server.messages) == 1


def test_started_scheduler_makes_up_a_missed_run_once(engine: Engine, smtp_server: SmtpTestServer) -> None:
    """Through APScheduler itself: started after this week's time has passed (the process
    was down), the job runs at once; started again, it runs again and sends nothing."""
    import threading
    from zoneinfo import ZoneInfo

    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

    seed(engine)
    zone = ZoneInfo("Europe/London")
    fire = (datetime.now(UTC) - timedelta(hours=1)).astimezone(zone).replace(second=0, microsecond=0)
    settings = replace(settings_for(smtp_server), digest=DigestSettings(
        recipients=tuple(TEAM), weekday=fire.strftime("%a").lower(), time=fire.strftime("%H:%M"),
        timezone="Europe/London"))
    for _ in range(2):  # start, then a restart
        ran = threading.Event()
        scheduler = BackgroundScheduler(timezone=UTC)
        scheduler.add_listener(lambda event, ran=ran: ran.set() if event.job_id == "digest" else None,
                               EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        # The scheduler fires on the real clock, so the job's business time is the real time too.
        schedule_weekly_digest(scheduler, Wiring(settings, engine, lambda: datetime.now(UTC)))
        scheduler.start()
        try:
            assert ran.wait(30), "the missed weekly run was not made up"
            job = scheduler.get_job("digest")
            # Next week, same local time (wall clock, so a change of summer time does not matter).
            assert job.next_run_time.astimezone(zone).replace(tzinfo=None) == (
                fire.replace(tzinfo=None) + timedelta(days=7))
        finally:
            scheduler.shutdown(wait=True)
    assert len(smtp_server.messages) == 1
