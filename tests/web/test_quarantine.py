"""The quarantine pages: listing, inert display of hostile mail, admin-only reprocess."""

from __future__ import annotations

from sqlalchemy import Engine
from starlette.testclient import TestClient

from assistant.store.db import session_factory
from assistant.store.models import AuditRow
from assistant.store.models.inbound import InboundMessageRow
from tests.web.conftest import csrf_from, login
from tests.web.seed_mail import XSS_BODY, XSS_HTML, XSS_SUBJECT, eml, live_markup, store_inbound


def test_quarantine_lists_only_quarantined_mail(client: TestClient, web_engine: Engine) -> None:
    bad = store_inbound(web_engine, b"garbage without headers", status="quarantined", uid=1,
                        reason="unparseable", error="no header block")
    store_inbound(web_engine, eml("Fine", "all good", message_id="<ok@x>"), uid=2)
    login(client, "vera")
    html = client.get("/quarantine").text
    assert f'href="/quarantine/{bad}"' in html and "no header block" in html
    assert "Fine" not in html


def test_hostile_message_is_shown_as_text_only(client: TestClient, web_engine: Engine) -> None:
    raw = eml(XSS_SUBJECT, XSS_BODY, html=XSS_HTML)
    inbound = store_inbound(web_engine, raw, status="quarantined", reason="handler-failed", error="boom <script>")
    login(client, "vera")
    html = client.get(f"/quarantine/{inbound}").text
    assert live_markup(html) == ([], [])
    assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the subject, escaped
    # The sanitized HTML sits in an empty sandbox, itself escaped into the srcdoc attribute.
    assert 'sandbox=""' in html and "srcdoc=" in html
    srcdoc = html.split('srcdoc="', 1)[1].split('"', 1)[0]
    for payload in ("script", "onerror", "onclick", "javascript:", "iframe", "evil.example"):
        assert payload not in srcdoc, payload
    assert "<details" in html and "Quoted history" in html  # the quoted part is collapsed


def test_viewer_and_approver_cannot_reprocess(client: TestClient, web_engine: Engine) -> None:
    inbound = store_inbound(web_engine, b"junk", status="quarantined", reason="unparseable", error="no header block")
    for name in ("vera", "alex"):
        login(client, name)
        page = client.get(f"/quarantine/{inbound}").text
        assert "Read it again" not in page
        response = client.post(f"/quarantine/{inbound}/reprocess", data={"csrf_token": csrf_from(page)})
        assert response.status_code == 403


def test_admin_reprocess_reads_the_message_again(client: TestClient, web_engine: Engine) -> None:
    readable = store_inbound(web_engine, eml("Paid", "We paid it."), status="quarantined", uid=1,
                             reason="handler-failed", error="handler crashed")
    junk = store_inbound(web_engine, b"junk", status="quarantined", uid=2, reason="unparseable",
                         error="no header block")
    login(client, "ada")
    token = csrf_from(client.get(f"/quarantine/{readable}").text)
    assert client.post(f"/quarantine/{readable}/reprocess", data={}).status_code == 403  # no CSRF token
    done = client.post(f"/quarantine/{readable}/reprocess", data={"csrf_token": token})
    assert done.status_code == 200 and "read again" in done.text
    stays = client.post(f"/quarantine/{junk}/reprocess", data={"csrf_token": token})
    assert "still cannot be read" in stays.text
    with session_factory(web_engine)() as s:
        assert s.get_one(InboundMessageRow, readable).status != "quarantined"
        assert s.get_one(InboundMessageRow, junk).status == "quarantined"
        actions = [a.actor for a in s.query(AuditRow).filter(AuditRow.action == "inbound.reprocessed")]
    assert actions == ["ada", "ada"]
