"""The whole approval flow in headless Chromium against a real SMTP server: log in, open the
queue, open a suggestion with the keyboard, edit the reply, approve it, deliver the outbox
and find the edited reply, in thread, at the SMTP server. Screenshots are kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assistant.service.outbox.delivery import deliver_due
from assistant.settings import Settings
from assistant.web.app import create_app
from assistant.wiring import smtp_connector
from tests.conftest import need
from tests.servers.smtp import SmtpTestServer, smtp_server  # noqa: F401 - fixture
from tests.servers.web import CHROMIUM, chromium, live_server, screenshot
from tests.web.conftest import WEB_NOW, fixed_clock
from tests.web.seed_mail import XSS_BODY, XSS_SUBJECT, eml
from tests.web.seed_replies import seed_thread, suggestion, with_smtp
from tests.web.test_browser_safety import log_in, watch

pytestmark = pytest.mark.browser
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_edit_approve_and_deliver_in_chromium(web_settings: Settings, web_engine: Engine, intent_model: Path,
                                              smtp_server: SmtpTestServer) -> None:  # noqa: F811
    need(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (make test installs it as root)")
    settings = with_smtp(web_settings, web_engine, smtp_server.port)
    xss = eml(XSS_SUBJECT, XSS_BODY, sender="ap@acme.example", message_id="<xss@acme.example>",
              in_reply_to="<reminder-acme-1.ar@billing.example>")
    sids = seed_thread(web_engine, settings, NOW, "not_received.eml", xss)
    target = sids[0]
    app = create_app(settings, web_engine, fixed_clock)
    with live_server(app) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs, errors = watch(page)
        log_in(page, base, "alex", "/queue")
        rows = page.locator("tr.queue-row")
        assert rows.count() == len(sids)
        screenshot(page, "queue")
        # Keyboard: move to the row of the suggestion under test, then Enter opens it.
        ids = [int(r.get_attribute("data-id") or 0) for r in rows.all()]
        for _ in range(ids.index(target)):
            page.keyboard.press("j")
        assert page.locator("tr.queue-row.selected").get_attribute("data-id") == str(target)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/suggestions/{target}\?pos=\d+$"))
        texts = page.locator("pre.reply-text").all_inner_texts()
        assert any("never received" in t for t in texts)  # the whole thread is shown
        assert page.locator("mark.evidence").count() >= 1
        screenshot(page, "conversation")
        body = page.locator("#reply-body")
        body.fill(body.input_value() + "\n\nP.S. Edited by Alex in the browser.")
        page.click("button.approve")
        # Approved, and on to the next suggestion in the queue: the reply with hostile
        # markup, which opens inertly.
        other = next(sid for sid in sids if sid != target)
        page.wait_for_url(re.compile(rf"/suggestions/{other}\?pos=\d+$"))
        assert "approved" in page.locator(".flash").inner_text()
        assert any('<script>alert("body")</script>' in t for t in page.locator("pre.reply-text").all_inner_texts())
        assert page.locator("main script, main img, main svg").count() == 0
        # Back in the queue, "a" approves the selected row in place (htmx) as drafted.
        page.keyboard.press("q")
        page.wait_for_url(f"{base}/queue")
        assert page.locator("tr.queue-row.selected").get_attribute("data-id") == str(other)
        page.keyboard.press("a")
        page.wait_for_selector(f"tr[data-decided='{other}']")
        assert "approved" in page.locator(f"tr[data-decided='{other}']").inner_text()
    assert dialogs == [] and errors == []

    row = suggestion(web_engine, target)
    assert (row.status, row.decided_by, row.edited) == ("approved", "alex", True)
    assert suggestion(web_engine, other).status == "approved"
    report = deliver_due(web_engine, settings, WEB_NOW + timedelta(minutes=1), smtp_connector(settings))
    assert report.sent == 2
    [msg] = [m.message for m in smtp_server.to("ap@acme.example") if m.message["In-Reply-To"] == row.in_reply_to]
    assert "P.S. Edited by Alex in the browser." in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert msg["In-Reply-To"] == row.in_reply_to and "<reminder-acme-1.ar@billing.example>" in msg["References"]
    assert deliver_due(web_engine, settings, WEB_NOW + timedelta(minutes=1), smtp_connector(settings)).sent == 0  # sent once


def test_viewer_sees_no_approve_and_is_refused_in_chromium(web_settings: Settings, web_engine: Engine,
                                                           intent_model: Path) -> None:
    need(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (make test installs it as root)")
    settings = with_smtp(web_settings, web_engine)
    [sid] = seed_thread(web_engine, settings, NOW, "scheduled.eml")
    with live_server(create_app(settings, web_engine, fixed_clock)) as base, chromium() as browser:
        page = browser.new_page()
        log_in(page, base, "vera", f"/suggestions/{sid}")
        assert page.locator("button.approve").count() == 0
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        status = page.evaluate(
            """async ([url, token]) => (await fetch(url, {method: "POST", headers: {"x-csrf-token": token},
                                                          body: new URLSearchParams({body: "x"})})).status""",
            [f"{base}/suggestions/{sid}/approve", token])
        assert status == 403
    assert suggestion(web_engine, sid).status == "pending"
