"""`approve ID --body-file F`: the file's text is the reply; an empty or unreadable file is
bad input (exit 2) and the suggestion stays pending, as in the web app."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.service.inbound.replies import handle_inbound
from assistant.store.db import make_engine
from assistant.store.migrate import upgrade
from tests.conversations.seed import ledger, settings_for, store
from tests.servers.smtp import SmtpTestServer, smtp_server

__all__ = ["smtp_server"]


def test_body_file_must_hold_a_reply(tmp_path: Path, now: datetime, intent_model: Path,
                                     smtp_server: SmtpTestServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ledger(engine)
    [sid, *_] = handle_inbound(engine, settings_for(engine), store(engine, "cannot_pay.eml", now), now).suggestion_ids
    config = tmp_path / "assistant.toml"
    config.write_text(f'[database]\nurl = "{url}"\n[smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\n'
                      f'tls = "none"\nfrom_address = "ar@billing.example"\n', encoding="utf-8")
    c = ["--as", "alex", "--config", str(config)]
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Grüße".encode("latin-1"))
    assert main(["approve", str(sid), "--body-file", str(blank), *c]) == 2
    assert capsys.readouterr().err.strip() == f"ar-assistant: {blank}: the reply is empty; reject the suggestion instead"
    assert main(["approve", str(sid), "--body-file", str(latin1), *c]) == 2
    assert capsys.readouterr().err.startswith(f"ar-assistant: {latin1}: cannot read:")
    assert main(["suggestions", "--status", "pending", "--json", "--config", str(config)]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [sid]
    assert smtp_server.messages == []
    edited = tmp_path / "reply.txt"
    edited.write_text("Thank you: a plan of three instalments is fine.\n", encoding="utf-8")
    assert main(["approve", str(sid), "--body-file", str(edited), *c]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["status"] == "sent"
    [sent] = smtp_server.messages
    assert "a plan of three instalments is fine" in sent.message.get_content()
