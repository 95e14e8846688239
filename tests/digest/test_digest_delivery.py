"""The digest by email through the outbox to a real SMTP server, and the weekly job."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, select

from assistant.scheduling import schedule_weekly_digest
from assistant.service.digest.build import build_digest
from assistant.service.digest.delivery import send_weekly_digest
from assistant.service.outbox.delivery import deliver_due
from assistant.settings import DigestSettings, Settings, SmtpSettings
from assistant.store.db import make_engine, session_factory
from assistant.store.models import OutboxRow
from assistant.wiring import Wiring, smtp_connector
from tests.digest.seed import NOW, seed
from tests.servers.smtp import SmtpTestServer, smtp_server

__all__ = ["smtp_server"]
TEAM = ["ar-team@example.com", "cfo@example.com"]


def settings_for(server: SmtpTestServer) -> Settings:
    return replace(Settings(), smtp=SmtpSettings(host="127.0.0.1", port=server.port, tls="none",
                                                 from_address="ar@billing.example"),
                   digest=DigestSettings(recipients=tuple(TEAM), weekday="mon", time="08:00",
                                         timezone="Europe/London"))


def parts(msg: EmailMessage) -> dict[str, EmailMessage]:
    return {p.get_content_type(): p for p in msg.walk() if isinstance(p, EmailMessage)}


def test_digest_email_has_text_html_and_inline_chart(engine: Engine, smtp_server: SmtpTestServer) -> None:
    seed(engine)
    settings = settings_for(smtp_server)
    report = send_weekly_digest(engine, settings, NOW, smtp_connector(settings))
    assert (report.key, report.queued, report.sent, report.failed) == ("digest:2026-W48", True, 1, 0)
    (received,) = smtp_server.messages
    assert sorted(received.rcpt_tos) == sorted(TEAM)
    msg = received.message
    assert msg["Subject"] == "AR digest 2026-W48: 3 open conversations"
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Auto-Submitted"] == "auto-generated"
    found = parts(msg)
    assert set(found) >= {"text/plain", "multipart/related", "text/html", "image/png"}
    text = found["text/plain"].get_content()
    assert "OPEN CONVERSATIONS - dana (1)" in text and "168.2 days" in text
    html = found["text/html"].get_content()
    image = found["image/png"]
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html
    assert image.get_content_disposition() == "inline"
    assert image.get_content() == build_digest(engine, settings, NOW).chart_png
    # The HTML and the image travel together in multipart/related, the HTML first (RFC 2387).
    related = found["multipart/related"]
    assert [p.get_content_type() for p in related.iter_parts()] == ["text/html", "image/png"]
    with session_factory(engine)() as s:
        row = s.scalar(select(OutboxRow).where(OutboxRow.kind == "digest"))
        assert row is not None and (row.key, row.status, row.message_id) == (
            "digest:2026-W48", "sent", msg["Message-ID"])


def test_a_temporary_failure_is_retried_by_the_outbox_with_its_chart(
        engine: Engine, smtp_server: SmtpTestServer) -> None:
    seed(engine)
    settings = settings_for(smtp_server)
    smtp_server.reject_data(451)
    report = send_weekly_digest(engine, settings, NOW, smtp_connector(settings))
    assert (report.sent, report.retried) == (0, 1)
    assert smtp_server.messages == []
    # The ordinary outbox backoff sends it on a later pass, chart and all, exactly once.
    later = NOW + timedelta(seconds=settings.dunning.retry_base_seconds + 1)
    assert deliver_due(engine, settings, later, smtp_connector(settings)).sent == 1
    (received,) = smtp_server.messages
    assert "image/png" in parts(received.message)
    assert deliver_due(engine, settings, later + timedelta(hours=1), smtp_connector(settings)).sent == 0


def _fire(scheduler: BackgroundScheduler) -> None:
    job = scheduler.get_job("digest")
    assert job is not None
    job.func(*job.args, **job.kwargs)


def test_weekly_job_sends_once_per_week_across_restarts(engine: Engine, smtp_server: SmtpTestServer) -> None:
    seed(engine)
    settings = settings_for(smtp_server)
    clock = [NOW]

    def start() -> BackgroundScheduler:
        scheduler = BackgroundScheduler(timezone=UTC)
        schedule_weekly_digest(scheduler, Wiring(settings, make_engine(engine.url.render_as_string(hide_password=False)),
                                                 lambda: clock[0]))
        return scheduler

    scheduler = start()
    trigger = scheduler.get_job("digest").trigger
    fires, previous, moment = [], None, datetime(2026, 11, 20, tzinfo=UTC)
    while len(fires) < 4:
        moment = trigger.get_next_fire_time(previous, moment)
        fires.append(moment)
        previous, moment = moment, moment + timedelta(seconds=1)
    # Monday 08:00 in London, once a week, through the change back from summer time.
    assert [f.astimezone(UTC).isoformat() for f in fires] == [
        "2026-11-23T08:00:00+00:00", "2026-11-30T08:00:00+00:00", "2026-12-07T08:00:00+00:00",
        "2026-12-14T08:00:00+00:00"]
    assert trigger.get_next_fire_time(None, datetime(2026, 3, 28, tzinfo=UTC)).astimezone(UTC).hour == 7

    _fire(scheduler)
    clock[0] = NOW + timedelta(hours=3)
    _fire(scheduler)  # a second run in the same week
    scheduler = start()  # a restart: new scheduler, new engine, same store
    clock[0] = NOW + timedelta(days=2)
    _fire(scheduler)
    assert len(smtp_server.messages) == 1
    clock[0] = NOW + timedelta(days=7)  # next Monday
    _fire(scheduler)
    scheduler = start()
    _fire(scheduler)
    subjects = [m.message["Subject"] for m in smtp_server.messages]
    assert subjects == ["AR digest 2026-W48: 3 open conversations", "AR digest 2026-W49: 3 open conversations"]
    with session_factory(engine)() as s:
        keys = list(s.scalars(select(OutboxRow.key).where(OutboxRow.kind == "digest").order_by(OutboxRow.id)))
    assert keys == ["digest:2026-W48", "digest:2026-W49"]


def test_no_recipients_no_job() -> None:
    scheduler = BackgroundScheduler(timezone=UTC)
    schedule_weekly_digest(scheduler, Wiring(Settings(), make_engine("sqlite://"), lambda: NOW))
    assert scheduler.get_jobs() == []
