"""Hostile mail in real headless Chromium: no script runs, no dialog opens, no console error;
a role-gated action is refused for a user without the role."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette

from tests.conftest import need
from tests.servers.web import CHROMIUM, chromium, live_server, screenshot
from tests.web.conftest import PASSWORD
from tests.web.seed_mail import XSS_BODY, XSS_HTML, XSS_SUBJECT, eml, store_inbound

pytestmark = pytest.mark.browser


def log_in(page: Any, base: str, name: str, target: str) -> None:
    page.goto(f"{base}{target}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{target}")


def watch(page: Any) -> tuple[list[str], list[str]]:
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return dialogs, errors


def test_xss_mail_opens_inertly_in_chromium(app: Starlette, web_engine: Engine) -> None:
    need(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (make test installs it as root)")
    inbound = store_inbound(web_engine, eml(XSS_SUBJECT, XSS_BODY, html=XSS_HTML), status="quarantined",
                            reason="handler-failed", error="handler crashed")
    with live_server(app) as base, chromium() as browser:
        page = browser.new_page()
        dialogs, errors = watch(page)
        log_in(page, base, "vera", f"/quarantine/{inbound}")
        for summary in page.locator("details summary").all():
            summary.click()  # open the quoted part and the sanitized HTML too
        page.wait_for_timeout(300)
        text = page.locator("pre.reply-text").inner_text()
        assert '<script>alert("body")</script>' in text  # shown as text
        assert page.locator("main script, main img, main svg").count() == 0
        frame = page.frame_locator("iframe.mail-html")
        assert "We paid INV-1001." in frame.locator("body").inner_text()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        screenshot(page, "web-xss-message")
    assert dialogs == [] and errors == []


def test_admin_only_action_is_refused_for_a_viewer_in_chromium(app: Starlette, web_engine: Engine) -> None:
    need(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (make test installs it as root)")
    inbound = store_inbound(web_engine, b"junk", status="quarantined", reason="unparseable", error="no header block")
    with live_server(app) as base, chromium() as browser:
        page = browser.new_page()
        log_in(page, base, "vera", f"/quarantine/{inbound}")
        assert page.locator("text=Read it again").count() == 0
        # Even a hand-made request with a valid CSRF token is refused by the server.
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        status = page.evaluate(
            """async ([url, token]) => (await fetch(url, {method: "POST", headers: {"x-csrf-token": token}})).status""",
            [f"{base}/quarantine/{inbound}/reprocess", token])
        assert status == 403
