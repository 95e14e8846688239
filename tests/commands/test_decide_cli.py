"""`decide INVOICE [DECISION] [--owner NAME]`: a decision, a new owner for the open dispute, or both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.store.db import make_engine
from assistant.store.migrate import upgrade
from tests.conversations.seed import ledger


def test_owner_alone_reassigns_the_open_dispute(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ledger(engine)
    config = tmp_path / "assistant.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    c = ["--as", "sam", "--config", str(config)]
    assert main(["decide", "INV-1001", *c]) == 2
    assert capsys.readouterr().err.strip() == (
        "ar-assistant: decide: give a decision, or --owner NAME to reassign the open dispute")
    assert main(["decide", "INV-1001", "--owner", "dana", *c]) == 2  # no dispute open yet
    assert "open dispute for invoice not found: INV-1001" in capsys.readouterr().err
    assert main(["decide", "INV-1001", "dispute", "--note", "wrong quantity", "--owner", "dana", *c]) == 0
    assert json.loads(capsys.readouterr().out)["owner"] == "dana"
    assert main(["decide", "INV-1001", "--owner", "lee", *c]) == 0
    assert json.loads(capsys.readouterr().out) == {"invoice": "INV-1001", "owner": "lee"}
    assert main(["conversation", "INV-1001", "--json", "--config", str(config)]) == 0
    [dispute] = json.loads(capsys.readouterr().out)["disputes"]
    assert (dispute["status"], dispute["owner"]) == ("open", "lee")


def test_a_decision_whose_owner_cannot_be_set_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import func, select

    from assistant.store.db import session_factory
    from assistant.store.models import AuditRow

    url = f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ledger(engine)
    config = tmp_path / "assistant.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    c = ["--as", "sam", "--config", str(config)]
    with session_factory(engine)() as s:
        audit_before = s.scalar(select(func.count()).select_from(AuditRow))
    # Collections is a legal decision, but there is no open dispute to give an owner.
    assert main(["decide", "INV-1001", "collections", "--owner", "dana", *c]) == 2
    assert "open dispute for invoice not found: INV-1001" in capsys.readouterr().err
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(AuditRow)) == audit_before
    assert main(["conversation", "INV-1001", "--json", "--config", str(config)]) == 0
    view = json.loads(capsys.readouterr().out)
    assert "collections" not in json.dumps(view.get("holds", []))
