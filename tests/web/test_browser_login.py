"""The web app in real headless Chromium: log in, see the overview, no console errors."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from tests.conftest import need
from tests.servers.web import CHROMIUM, chromium, live_server, screenshot
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_login_in_chromium(app: Starlette) -> None:
    need(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (make test installs it as root)")
    with live_server(app) as base, chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{base}/")
        assert page.url.endswith("/login?next=/")
        page.fill("input[name=name]", "alex")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        assert page.locator("h1").inner_text() == "Overview"
        assert "alex · approver" in page.locator(".who").inner_text()
        screenshot(page, "web-overview")
        assert errors == []
