"""The conversation view and its decisions through the in-process client, per role."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import AuditRow, IntentCorrectionRow, OutboxRow
from assistant.web.app import create_app
from tests.web.conftest import csrf_from, fixed_clock, login
from tests.web.seed_mail import XSS_BODY, XSS_SUBJECT, eml, live_markup
from tests.web.seed_replies import seed_thread, suggestion, with_smtp

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(web_settings: Settings, web_engine: Engine, intent_model: Path) -> Settings:
    return with_smtp(web_settings, web_engine)


@pytest.fixture
def app(settings: Settings, web_engine: Engine) -> Starlette:
    return create_app(settings, web_engine, fixed_clock)


def test_conversation_shows_thread_evidence_entities_and_invoice_panel(client: TestClient, web_engine: Engine,
                                                                       settings: Settings) -> None:
    [sid] = seed_thread(web_engine, settings, NOW, "already_paid.eml")
    login(client, "vera")
    html = client.get(f"/suggestions/{sid}").text
    assert "we already paid INV-1001 on 16 November 2026" in html
    assert '<mark class="evidence">' in html  # the evidence sentence, highlighted
    assert "already-paid" in html and "88123" in html  # intent and the payment reference entity
    assert "<details" in html and "Quoted history" in html
    assert "Dunning history" in html and "overdue_14" in html  # the reminder from the outbox
    assert "Reminder: invoice INV-1001 overdue" in html  # our message in the thread
    assert "Approve and send" not in html and "Approving needs the approver role." in html
    login(client, "alex")
    html = client.get(f"/suggestions/{sid}").text
    assert "Approve and send" in html and '<textarea name="body"' in html
    assert client.get(f"/conversations/{suggestion(web_engine, sid).thread_pk}", follow_redirects=False
                      ).headers["location"] == f"/suggestions/{sid}"
    assert client.get("/suggestions/999999").status_code == 404


def test_viewer_cannot_decide(client: TestClient, web_engine: Engine, settings: Settings) -> None:
    [sid] = seed_thread(web_engine, settings, NOW, "not_received.eml")
    login(client, "vera")
    token = csrf_from(client.get(f"/suggestions/{sid}").text)
    for action, data in (("approve", {}), ("reject", {"reason": "no"}), ("reclassify", {"intent": "other"})):
        response = client.post(f"/suggestions/{sid}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == 403, action
    assert suggestion(web_engine, sid).status == "pending"


def test_approve_with_edit_enqueues_once_and_second_approval_is_already_decided(
        client: TestClient, web_engine: Engine, settings: Settings) -> None:
    [sid] = seed_thread(web_engine, settings, NOW, "not_received.eml")
    login(client, "alex")
    token = csrf_from(client.get(f"/suggestions/{sid}").text)
    assert client.post(f"/suggestions/{sid}/approve", data={"body": "edited"}).status_code == 403  # no CSRF
    done = client.post(f"/suggestions/{sid}/approve", data={"csrf_token": token, "body": "Edited reply.\r\nBye"})
    assert done.status_code == 200 and "approved" in done.text and done.url.path == "/queue"
    row = suggestion(web_engine, sid)
    assert (row.status, row.decided_by, row.edited, row.body) == ("approved", "alex", True, "Edited reply.\nBye")
    again = client.post(f"/suggestions/{sid}/approve", data={"csrf_token": token, "body": "other"})
    assert "Already decided" in again.text
    with transaction(web_engine) as s:
        replies = list(s.scalars(select(OutboxRow).where(OutboxRow.kind == "reply")))
        assert [r.body_text for r in replies] == ["Edited reply.\nBye"]
        assert s.scalar(select(AuditRow.actor).where(AuditRow.action == "suggestion.approved")) == "alex"


def test_reject_needs_a_reason_and_is_recorded(client: TestClient, web_engine: Engine, settings: Settings) -> None:
    [sid] = seed_thread(web_engine, settings, NOW, "dispute.eml")
    login(client, "alex")
    token = csrf_from(client.get(f"/suggestions/{sid}").text)
    assert client.post(f"/suggestions/{sid}/reject", data={"csrf_token": token, "reason": "  "}).status_code == 400
    done = client.post(f"/suggestions/{sid}/reject", data={"csrf_token": token, "reason": "Handled by phone"})
    assert "rejected" in done.text
    row = suggestion(web_engine, sid)
    assert (row.status, row.reason, row.decided_by) == ("rejected", "Handled by phone", "alex")


def test_reclassify_stores_the_correction_and_admin_exports_it(client: TestClient, web_engine: Engine,
                                                               settings: Settings) -> None:
    [sid] = seed_thread(web_engine, settings, NOW, "scheduled.eml")
    login(client, "alex")
    token = csrf_from(client.get(f"/suggestions/{sid}").text)
    done = client.post(f"/suggestions/{sid}/reclassify", data={"csrf_token": token, "intent": "already-paid"})
    assert "reclassified" in done.text
    with transaction(web_engine) as s:
        correction = s.scalar(select(IntentCorrectionRow))
        assert correction is not None and (correction.new_intent, correction.corrected_by) == ("already-paid", "alex")
    assert suggestion(web_engine, sid).status == "rejected"
    assert client.get("/corrections.jsonl").status_code == 403  # admins only
    login(client, "ada")
    export = client.get("/corrections.jsonl")
    assert export.status_code == 200 and export.headers["content-type"].startswith("application/x-ndjson")
    assert '"label": "already-paid"' in export.text and export.text.endswith("\n")


def test_xss_reply_is_inert_in_the_conversation_view(client: TestClient, web_engine: Engine,
                                                     settings: Settings) -> None:
    raw = eml(XSS_SUBJECT, XSS_BODY, sender="ap@acme.example", message_id="<xss@acme.example>",
              in_reply_to="<reminder-acme-1.ar@billing.example>")
    [sid, *_] = seed_thread(web_engine, settings, NOW, raw)
    login(client, "alex")
    html = client.get(f"/suggestions/{sid}").text
    assert live_markup(html) == ([], [])
    assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in html


def test_unknown_intent_is_refused(client: TestClient, web_engine: Engine, settings: Settings) -> None:
    [sid] = seed_thread(web_engine, settings, NOW, "scheduled.eml")
    login(client, "alex")
    token = csrf_from(client.get(f"/suggestions/{sid}").text)
    assert client.post(f"/suggestions/{sid}/reclassify", data={"csrf_token": token, "intent": "<x>"}).status_code == 400
