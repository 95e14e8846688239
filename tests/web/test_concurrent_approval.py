"""Two approvers press Approve on the same suggestion at the same moment, over HTTP, on
SQLite and PostgreSQL: one reply is queued, the other person is told it was already decided."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from starlette.testclient import TestClient

from assistant.service.users import add_user
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import OutboxRow
from assistant.web.app import create_app
from tests.web.conftest import PASSWORD, csrf_from, fixed_clock, login
from tests.web.seed_replies import seed_thread, suggestion, with_smtp

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_two_approvers_at_once_send_once(engine: Engine, web_settings: Settings, intent_model: Path) -> None:
    for name in ("alex", "ada"):
        add_user(engine, name, "approver", PASSWORD, NOW)
    settings = with_smtp(web_settings, engine)
    [sid] = seed_thread(engine, settings, NOW, "not_received.eml")
    app = create_app(settings, engine, fixed_clock)
    results: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def press(name: str) -> None:
        with TestClient(app, base_url="http://127.0.0.1") as client:
            login(client, name)
            token = csrf_from(client.get(f"/suggestions/{sid}").text)
            barrier.wait()
            response = client.post(f"/suggestions/{sid}/approve", data={"csrf_token": token, "body": f"From {name}"})
            results[name] = response.text

    threads = [threading.Thread(target=press, args=(name,)) for name in ("alex", "ada")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    winners = [n for n, html in results.items() if "approved; the reply is queued" in html]
    losers = [n for n, html in results.items() if "Already decided" in html]
    assert len(winners) == 1 and len(losers) == 1, results.keys()
    row = suggestion(engine, sid)
    assert row.decided_by == winners[0] and row.body == f"From {winners[0]}"
    with transaction(engine) as s:
        assert s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.kind == "reply")) == 1
