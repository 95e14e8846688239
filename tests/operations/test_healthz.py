"""`/healthz`: no login, the listener's last sync, outbox backlog, quarantine size; 503 when
the listener has not synced for too long."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from starlette.testclient import TestClient

from assistant.mail.compose import OutgoingEmail
from assistant.service.outbox.enqueue import enqueue
from assistant.settings import MailboxSettings, Settings, WebSettings
from assistant.store.db import transaction
from assistant.store.models import InboundMessageRow, MailboxStateRow
from assistant.web.app import create_app


def _client(engine: Engine, tmp_path: Path, now: datetime) -> TestClient:
    settings = replace(Settings(), web=replace(WebSettings(), secret_file=str(tmp_path / "secret.key")),
                       mailbox=replace(MailboxSettings(), idle_seconds=60))
    app = create_app(settings, engine, lambda: now)
    return TestClient(app, base_url="http://127.0.0.1")


def _synced(engine: Engine, at: datetime) -> None:
    with transaction(engine) as s:
        s.add(MailboxStateRow(mailbox="ar@example.com@127.0.0.1/INBOX", uidvalidity=7, last_uid=3,
                              last_sync_at=at, updated_at=at))


def test_never_synced_is_503_without_login(engine: Engine, tmp_path: Path, now: datetime) -> None:
    with _client(engine, tmp_path, now) as client:
        response = client.get("/healthz", follow_redirects=False)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "listener has never synced"
    assert body["listener"]["last_sync_at"] is None


def test_recent_sync_is_200_with_backlog_and_quarantine(engine: Engine, tmp_path: Path, now: datetime) -> None:
    _synced(engine, now - timedelta(seconds=30))
    with transaction(engine) as s:
        for n in range(2):
            enqueue(s, OutgoingEmail(kind="reminder", to=(f"c{n}@example.com",), subject="s", body_text="b"),
                    f"health:{n}", now)
        s.add(InboundMessageRow(mailbox="m", uidvalidity=1, uid=1, message_id=None, message_key="", sha256="0" * 64,
                                size=1, raw=b"x", received_at=now, status="quarantined", reason="unparseable",
                                updated_at=now))
    with _client(engine, tmp_path, now) as client:
        response = client.get("/healthz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert body["listener"]["seconds_since_sync"] == 30
    assert body["outbox"]["backlog"] == 2
    assert body["quarantine"]["size"] == 1
    assert "example.com" not in response.text  # no personal data


def test_stale_sync_is_503(engine: Engine, tmp_path: Path, now: datetime) -> None:
    # idle_seconds = 60: stale after 2 * 60 + 60 seconds.
    _synced(engine, now - timedelta(seconds=181))
    with _client(engine, tmp_path, now) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "listener has not synced recently"
    assert response.json()["listener"]["stale_after_seconds"] == 180
