"""Dispute, promise and payment-plan lists, seeded by handling real replies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from starlette.applications import Starlette
from starlette.testclient import TestClient

from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models.conversation import PromiseRow
from assistant.web.app import create_app
from tests.web.conftest import fixed_clock, login
from tests.web.seed_replies import seed_thread, with_smtp

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(web_settings: Settings, web_engine: Engine, intent_model: Path) -> Settings:
    return with_smtp(web_settings, web_engine)


@pytest.fixture
def app(settings: Settings, web_engine: Engine) -> Starlette:
    return create_app(settings, web_engine, fixed_clock)


def test_disputes_promises_and_plans_are_listed(client: TestClient, web_engine: Engine, settings: Settings) -> None:
    sids = seed_thread(web_engine, settings, NOW, "scheduled.eml", "cannot_pay.eml", "dispute.eml")
    login(client, "vera")
    panel = client.get(f"/suggestions/{sids[-1]}").text  # the invoice panel lists every case
    assert "<h4>Promises</h4>" in panel and "by 2026-11-27: " in panel
    assert "<h4>Payment plan</h4>" in panel and "<h4>Dispute</h4>" in panel and "open, owner " in panel
    disputes = client.get("/disputes").text
    assert "INV-100" in disputes and 'href="/conversations/' in disputes
    assert "No resolved disputes." in client.get("/disputes?status=resolved").text
    opened = client.get("/promises?status=open").text
    assert "INV-1001" in opened and "open" in opened
    with transaction(web_engine) as s:
        s.execute(update(PromiseRow).values(promised_date=date(2020, 1, 1)))
    assert "2020-01-01" in client.get("/promises").text  # the default tab: due
    with transaction(web_engine) as s:
        s.execute(update(PromiseRow).values(status="broken"))
    assert "No due promises." in client.get("/promises").text
    assert "2020-01-01" in client.get("/promises?status=broken").text
    assert "No kept promises." in client.get("/promises?status=kept").text
    plans = client.get("/plans?status=offered").text
    assert "ACME" in plans and "<ol class=\"instalments\">" in plans
    assert client.get("/plans?status=bogus").status_code == 200
