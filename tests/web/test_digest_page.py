"""`/digest`: the digest as a page (viewer role), and in real headless Chromium."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.conftest import need
from tests.digest.seed import NOW as DIGEST_NOW
from tests.digest.seed import seed
from tests.servers.web import CHROMIUM, chromium, live_server, screenshot
from tests.web.conftest import PASSWORD, login


def test_digest_needs_a_login(client: TestClient) -> None:
    response = client.get("/digest", follow_redirects=False)
    assert response.status_code in (302, 303) and "/login" in response.headers["location"]


def test_viewer_sees_the_digest_with_links_and_chart(client: TestClient, web_engine: Engine) -> None:
    seeded = seed(web_engine)
    login(client, "vera")
    response = client.get("/digest")
    assert response.status_code == 200
    html = response.text
    assert "Open conversations &middot; dana (1)" in html
    for thread in ("A", "B", "C"):
        assert f'href="http://127.0.0.1:8000/conversations/{seeded.threads[thread]}"' in html
    assert 'src="data:image/png;base64,' in html
    assert "Quarantined mail (1)" in html
    # Text from customers' mail is escaped, never markup.
    assert "<script" not in html.split("</head>", 1)[1].replace('<script src="/static', "")


@pytest.mark.browser
def test_digest_in_chromium(app: Starlette, web_engine: Engine) -> None:
    need(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (make test installs it as root)")
    seed(web_engine)
    with live_server(app) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{base}/digest")
        page.fill("input[name=name]", "vera")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/digest")
        assert page.locator("h1").first.inner_text().startswith("AR digest 20")
        chart = page.locator("img[alt^='Chart']")
        assert chart.evaluate("img => img.complete && img.naturalWidth") == 760
        assert page.get_by_role("link", name="B Ltd").count() >= 1
        assert "dana" in page.locator("h2", has_text="Open conversations").first.inner_text()
        screenshot(page, "digest")
        assert errors == []


@pytest.mark.browser
def test_digest_email_html_in_chromium(web_engine: Engine) -> None:
    """The email's HTML part as a mail client shows it: the cid: image resolved to its part."""
    import base64

    from assistant.rendering.digest import chart_cid, html_for_email
    from assistant.service.digest.build import build_digest
    from assistant.settings import Settings
    from tests.digest.seed import NOW

    need(CHROMIUM.exists(), "Debian chromium at /usr/bin/chromium (make test installs it as root)")
    seed(web_engine)
    digest = build_digest(web_engine, Settings(), NOW)
    message_id = "<digest-test.ar@billing.example>"
    html = html_for_email(digest, message_id)
    cid_src = f"cid:{chart_cid(message_id)}"
    assert html.count(cid_src) == 1
    shown = html.replace(cid_src, "data:image/png;base64," + base64.b64encode(digest.chart_png).decode("ascii"))
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.set_content(shown)
        assert page.locator("h1").inner_text() == "AR digest 2026-W48 · Example Ltd"
        assert page.locator("img").evaluate("img => img.complete && img.naturalWidth") == 760
        rows = page.locator("table[aria-label=figures] tr").all_inner_texts()
        assert any(r.split("\t")[:3] == ["Replies received", "3", "1"] for r in rows)
        screenshot(page, "digest-email")


def test_digest_page_on_both_backends(engine: Engine, web_settings: object) -> None:
    from datetime import UTC, datetime

    from assistant.service.users import add_user
    from assistant.settings import Settings
    from assistant.web.app import create_app

    assert isinstance(web_settings, Settings)
    seeded = seed(engine)
    add_user(engine, "vera", "viewer", PASSWORD, datetime(2026, 11, 20, tzinfo=UTC))
    with TestClient(create_app(web_settings, engine, lambda: DIGEST_NOW), base_url="http://127.0.0.1") as client:
        login(client, "vera")
        html = client.get("/digest").text
    assert f'href="http://127.0.0.1:8000/conversations/{seeded.threads["B"]}"' in html
    assert "Disputes open longer than 14 days (1)" in html and "168.2 days" in html
