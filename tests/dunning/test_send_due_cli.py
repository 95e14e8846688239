"""`send-due` through the command line (CONTRACT.md), and the scheduler running passes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from assistant.cli import main
from assistant.store.db import make_engine, transaction
from assistant.store.migrate import upgrade
from assistant.store.models import OutboxRow
from tests.dunning.conftest import add_customer, add_invoice
from tests.servers.smtp import SmtpTestServer

NOW = "2026-11-23T10:00:00+00:00"


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'assistant.db'}")
    upgrade(engine)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", date(2026, 11, 16))
    return engine


def _config(tmp_path: Path, engine: Engine, server: SmtpTestServer, extra: str = "") -> Path:
    path = tmp_path / "assistant.toml"
    path.write_text(f'[database]\nurl = "{engine.url}"\n[smtp]\nport = {server.port}\ntls = "none"\n{extra}',
                    encoding="utf-8")
    return path


def test_send_due_prints_the_summary_last(store: Engine, smtp_server: SmtpTestServer, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, store, smtp_server)
    assert main(["send-due", "--config", str(config), "--now", NOW, "--dry-run"]) == 0
    dry = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (dry["planned"], dry["sent"], dry["skipped"]) == (1, 0, {})
    assert main(["send-due", "--config", str(config), "--now", NOW]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (first["planned"], first["sent"]) == (1, 1)
    assert main(["send-due", "--config", str(config), "--now", NOW]) == 0
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (second["planned"], second["sent"]) == (0, 0)
    assert len(smtp_server.messages) == 1


def test_bad_policy_exits_2_and_writes_nothing(store: Engine, smtp_server: SmtpTestServer, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[cap]\nmax_reminders = 0\n", encoding="utf-8")
    config = _config(tmp_path, store, smtp_server, f'[dunning]\npolicy = "{policy}"\n')
    assert main(["send-due", "--config", str(config), "--now", NOW]) == 2
    err = capsys.readouterr().err
    assert f"{policy}: cap:" in err and f"{policy}: steps:" in err
    with transaction(store) as s:
        assert list(s.scalars(select(OutboxRow))) == []


def test_unknown_sends_are_listed_and_decided_by_a_person(store: Engine, smtp_server: SmtpTestServer,
                                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, store, smtp_server)
    smtp_server.reject("ap@c1.example", 451)
    assert main(["send-due", "--config", str(config), "--now", NOW]) == 0
    with transaction(store) as s:
        row = s.scalars(select(OutboxRow)).one()
        row.status = "unknown"
        pk = row.id
    capsys.readouterr()
    assert main(["outbox", "--config", str(config), "--status", "unknown", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in listed] == [pk]
    decided = "2026-11-23T10:30:00+00:00"  # a resend is due from the time of the decision
    assert main(["outbox-resolve", "--config", str(config), str(pk), "resend", "--as", "alice", "--now", decided]) == 0
    assert main(["outbox-resolve", "--config", str(config), str(pk), "sent", "--now", decided]) == 2  # no longer unknown
    smtp_server.clear()
    assert main(["send-due", "--config", str(config), "--now", "2026-11-23T11:00:00+00:00"]) == 0
    assert len(smtp_server.messages) == 1
