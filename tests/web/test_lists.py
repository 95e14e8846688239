"""Audit log and bounced-contact lists: content, escaping, pagination."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from starlette.testclient import TestClient

from assistant.store.db import transaction
from assistant.store.models import AuditRow, ContactRow, CustomerRow
from tests.web.conftest import login

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_audit_log_lists_logins_newest_first_and_pages(client: TestClient, web_engine: Engine) -> None:
    with transaction(web_engine) as s:
        for i in range(120):
            s.add(AuditRow(at=NOW - timedelta(minutes=i), actor="alex", action="suggestion.approved",
                           subject_type="suggestion", subject_id=str(i), detail={"n": i}))
    login(client, "vera")
    first = client.get("/audit").text
    assert "web.login" in first  # today's login is the newest entry
    assert "page 1 of 3 (124 in all)" in first  # 120 + three users added + one login
    last = client.get("/audit?page=3").text
    assert "suggestion 119" in last and "suggestion 3<" not in last


def test_bounced_contacts_are_listed_with_their_reason_escaped(client: TestClient, web_engine: Engine) -> None:
    with transaction(web_engine) as s:
        customer = CustomerRow(customer_id="C9", name="<b>Bold</b> Ltd", email="ap@bold.example",
                               created_at=NOW, updated_at=NOW)
        s.add(customer)
        s.flush()
        s.add(ContactRow(customer_pk=customer.id, email="ap@bold.example", status="bounced",
                         status_reason="550 5.1.1 user unknown", created_at=NOW, updated_at=NOW))
        s.add(ContactRow(customer_pk=customer.id, email="ok@bold.example", created_at=NOW, updated_at=NOW))
    login(client, "vera")
    html = client.get("/bounces").text
    assert "550 5.1.1 user unknown" in html and "ap@bold.example" in html
    assert "ok@bold.example" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; Ltd" in html and "<b>Bold</b>" not in html
