"""Every page and action, for every role: who may see what, and who may decide."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient

from assistant.settings import Settings
from assistant.web.app import create_app
from tests.conversations.seed import REPLIES
from tests.web.conftest import csrf_from, fixed_clock, login
from tests.web.seed_mail import store_inbound
from tests.web.seed_replies import handle, seed_thread, suggestion, with_smtp

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PAGES = ["/", "/queue", "/disputes", "/promises", "/plans", "/bounces", "/quarantine", "/audit"]


@pytest.fixture
def settings(web_settings: Settings, web_engine: Engine, intent_model: Path) -> Settings:
    return with_smtp(web_settings, web_engine)


@pytest.fixture
def app(settings: Settings, web_engine: Engine) -> Starlette:
    return create_app(settings, web_engine, fixed_clock)


def test_every_page_needs_a_login_then_opens_for_every_role(client: TestClient, web_engine: Engine,
                                                            settings: Settings) -> None:
    [sid] = seed_thread(web_engine, settings, NOW, "scheduled.eml")
    inbound = store_inbound(web_engine, b"junk", status="quarantined", uid=99, reason="unparseable", error="x")
    pages = [*PAGES, f"/suggestions/{sid}", f"/quarantine/{inbound}"]
    for path in [*pages, "/corrections.jsonl"]:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    for name in ("vera", "alex", "ada"):
        login(client, name)
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, (name, path)
            assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert client.get("/corrections.jsonl").status_code == (200 if name == "ada" else 403)


@pytest.mark.parametrize(("name", "allowed"), [("vera", False), ("alex", True), ("ada", True)])
def test_decisions_by_role(client: TestClient, web_engine: Engine, settings: Settings, name: str,
                           allowed: bool) -> None:
    sids = seed_thread(web_engine, settings, NOW, "not_received.eml", "already_paid.eml", "cannot_pay.eml")
    login(client, name)
    token = csrf_from(client.get("/queue").text)
    actions = [(sids[0], "approve", {}), (sids[1], "reject", {"reason": "wrong"}),
               (sids[2], "reclassify", {"intent": "other"})]
    for sid, action, data in actions:
        response = client.post(f"/suggestions/{sid}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == (200 if allowed else 403), (name, action)
    statuses = [suggestion(web_engine, sid).status for sid in sids]
    assert statuses == (["approved", "rejected", "rejected"] if allowed else ["pending"] * 3)


def test_every_fixture_reply_opens(client: TestClient, web_engine: Engine, settings: Settings) -> None:
    seed_thread(web_engine, settings, NOW)
    sids = [sid for eml in sorted(REPLIES.glob("*.eml")) for sid in handle(web_engine, settings, eml.read_bytes(), NOW)]
    assert len(sids) >= 5
    login(client, "alex")
    for sid in sids:
        page = client.get(f"/suggestions/{sid}")
        assert page.status_code == 200, sid
        if not suggestion(web_engine, sid).to_addrs:
            assert "Approve and send" not in page.text and "task for a person" in page.text


def test_every_page_renders_on_both_backends(engine: Engine, web_settings: Settings, intent_model: Path) -> None:
    from assistant.service.users import add_user

    add_user(engine, "vera", "viewer", "correct horse battery", NOW)
    settings = with_smtp(web_settings, engine)
    sids = seed_thread(engine, settings, NOW, "scheduled.eml", "cannot_pay.eml", "dispute.eml")
    inbound = store_inbound(engine, b"junk", status="quarantined", uid=98, reason="unparseable", error="x")
    with TestClient(create_app(settings, engine, fixed_clock), base_url="http://127.0.0.1") as client:
        login(client, "vera")
        pages = [*PAGES, "/promises?status=open", "/plans?status=offered", f"/quarantine/{inbound}",
                 *(f"/suggestions/{sid}" for sid in sids), "/queue?sort=confidence&max_confidence=0.99",
                 "/queue?owner=nobody", "/queue?min_age=0&intent=dispute"]
        for path in pages:
            assert client.get(path).status_code == 200, path
        assert "INV-1001" in client.get("/disputes").text and "INV-1001" in client.get("/queue").text
