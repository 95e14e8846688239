"""Deciding suggestions: approve sends once, in the customer's thread, through a real SMTP
server; reject; reclassify with exportable corrections; the CLI's JSON shape."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from assistant.cli import main
from assistant.errors import BadInput
from assistant.service.followup.reclassify import reclassify
from assistant.service.followup.suggestions import (
    approve,
    export_corrections,
    list_suggestions,
    reject,
)
from assistant.service.inbound.replies import handle_inbound
from assistant.service.outbox.delivery import deliver_due
from assistant.store.db import transaction
from assistant.store.models import IntentCorrectionRow, OutboxRow, SuggestionRow
from assistant.wiring import smtp_connector
from tests.conversations.seed import REMINDER_ID, ledger, settings_for, store
from tests.servers.smtp import SmtpTestServer, smtp_server

__all__ = ["smtp_server"]
CONTRACT = {"id", "thread_id", "customer_id", "invoice_numbers", "intent", "action", "status", "subject", "body",
            "due", "created_at"}


def suggest(engine: Engine, name: str, now: datetime) -> int:
    handled = handle_inbound(engine, settings_for(engine), store(engine, name, now), now)
    return handled.suggestion_ids[0]


def test_approved_reply_goes_out_in_thread_with_the_invoice(engine: Engine, now: datetime,
                                                            smtp_server: SmtpTestServer) -> None:
    ledger(engine)
    sid = suggest(engine, "not_received.eml", now)
    settings = settings_for(engine, smtp_server.port)
    approve(engine, settings, sid, "alex", now)
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert report.sent == 1
    [got] = smtp_server.messages
    msg = got.message
    assert got.rcpt_tos == ["ap@acme.example"]
    assert msg["In-Reply-To"] == "<CAF7x1nr@mail.acme.example>"
    assert msg["References"].split() == [REMINDER_ID, "<CAF7x1nr@mail.acme.example>"]
    assert msg["Subject"] == "Re: Reminder: invoice INV-1001 overdue"
    [pdf] = [p for p in msg.iter_attachments()]
    assert pdf.get_filename() == "INV-1001.pdf" and pdf.get_content_type() == "application/pdf"
    # The send itself records the suggestion as sent (the web app and digest read the row).
    from assistant.store.db import session_factory
    from assistant.store.models import SuggestionRow

    with session_factory(engine)() as s:
        assert s.get_one(SuggestionRow, sid).status == "sent"
    [row] = list_suggestions(engine, "sent")
    assert row["id"] == sid


def test_two_approvers_at_once_send_once(engine: Engine, now: datetime) -> None:
    ledger(engine)
    sid = suggest(engine, "dispute.eml", now)
    settings = settings_for(engine)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def approver(name: str) -> None:
        barrier.wait()
        try:
            approve(engine, settings, sid, name, now)
            outcomes.append("approved")
        except BadInput:
            outcomes.append("refused")

    threads = [threading.Thread(target=approver, args=(n,)) for n in ("alex", "sam")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "refused"]
    with transaction(engine) as s:
        assert len(list(s.scalars(select(OutboxRow).where(OutboxRow.kind == "reply")))) == 1


def test_edited_body_and_decisions_only_once(engine: Engine, now: datetime) -> None:
    ledger(engine)
    sid = suggest(engine, "scheduled.eml", now)
    settings = settings_for(engine)
    approve(engine, settings, sid, "alex", now, body="Thanks, noted for the 27th.\n")
    with transaction(engine) as s:
        row = s.get_one(SuggestionRow, sid)
        assert (row.status, row.edited, row.decided_by) == ("approved", True, "alex")
        assert s.scalars(select(OutboxRow.body_text).where(OutboxRow.kind == "reply")).one() == \
            "Thanks, noted for the 27th.\n"
    with pytest.raises(BadInput):
        reject(engine, sid, "sam", now, "too late")
    other = suggest(engine, "dispute.eml", now)
    reject(engine, other, "sam", now, "answered by phone")
    with pytest.raises(BadInput):
        approve(engine, settings, other, "alex", now)
    assert [r["id"] for r in list_suggestions(engine, "rejected")] == [other]


def test_reclassify_stores_training_data_and_follows_up_again(engine: Engine, now: datetime) -> None:
    ledger(engine)
    sid = suggest(engine, "already_paid.eml", now)
    new_ids = reclassify(engine, settings_for(engine), sid, "dispute", "alex", now)
    with transaction(engine) as s:
        assert s.get_one(SuggestionRow, sid).status == "rejected"
        [new] = [s.get_one(SuggestionRow, i) for i in new_ids]
        assert (new.intent, new.action) == ("dispute", "open-dispute")
        assert s.scalars(select(IntentCorrectionRow.old_intent)).one() == "already-paid"
    [line] = list(export_corrections(engine))
    example = json.loads(line)
    assert example["label"] == "dispute" and example["labels"] == ["dispute"]
    assert "INV-1001" in example["text"] and "wrote:" not in example["text"]
    with pytest.raises(BadInput):
        reclassify(engine, settings_for(engine), sid, "angry", "alex", now)


def test_cli_lists_contract_fields_and_decides(tmp_path: Path, now: datetime, capsys: pytest.CaptureFixture[str],
                                               smtp_server: SmtpTestServer) -> None:
    from assistant.store.db import make_engine
    from assistant.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ledger(engine)
    sid = suggest(engine, "cannot_pay.eml", now)
    config = tmp_path / "assistant.toml"
    config.write_text(f'[database]\nurl = "{url}"\n[smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\n'
                      f'tls = "none"\nfrom_address = "ar@billing.example"\n', encoding="utf-8")
    assert main(["suggestions", "--json", "--config", str(config)]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert set(row) == CONTRACT
    assert (row["id"], row["customer_id"], row["intent"], row["action"], row["status"]) == \
        (sid, "ACME", "cannot-pay", "offer-payment-plan", "pending")
    assert row["invoice_numbers"] == ["INV-1001"]
    assert main(["approve", str(sid), "--as", "alex", "--config", str(config)]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["status"] == "sent"
    assert len(smtp_server.messages) == 1
    assert main(["approve", str(sid), "--config", str(config)]) == 2
    assert "not pending" in capsys.readouterr().err
    assert main(["reject", "999", "--config", str(config)]) == 2
    assert main(["suggestions", "--status", "sent", "--config", str(config)]) == 0
    assert "offer-payment-plan" in capsys.readouterr().out


def test_cli_reclassify_corrections_decide_verify(tmp_path: Path, now: datetime,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.store.db import make_engine
    from assistant.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'a.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ledger(engine)
    sid = suggest(engine, "already_paid.eml", now)
    config = tmp_path / "assistant.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    c = ["--config", str(config)]
    assert main(["reclassify", str(sid), "dispute", "--as", "alex", *c]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["intent"] == "dispute" and len(out["suggestions"]) == 1
    assert main(["reclassify", str(sid), "nonsense", *c]) == 2
    capsys.readouterr()
    export = tmp_path / "corrections.jsonl"
    assert main(["corrections", "--out", str(export), *c]) == 0
    assert json.loads(export.read_text(encoding="utf-8").splitlines()[0])["label"] == "dispute"
    assert main(["decide", "INV-1001", "resolve", "--as", "sam", *c]) == 0
    assert json.loads(capsys.readouterr().out) == {"invoice": "INV-1001", "from": "disputed", "to": "reminded"}
    assert main(["decide", "INV-1001", "decline-plan", *c]) == 2
    assert "not allowed" in capsys.readouterr().err
    assert main(["conversation", "inv-1001", "--json", *c]) == 0
    view = json.loads(capsys.readouterr().out)
    assert (view["state"], view["disputes"][0]["status"]) == ("reminded", "resolved")
    assert [e["to"] for e in view["events"]] == ["verifying", "disputed", "reminded"]  # the refusal left nothing
    assert [x["status"] for x in view["suggestions"]] == ["rejected", "pending"]
    assert main(["conversation", "INV-1001", *c]) == 0
    assert "INV-1001: reminded" in capsys.readouterr().out
    assert main(["conversation", "INV-404", *c]) == 2
    assert main(["verify-due", "--now", "2026-12-01T09:00:00+00:00", *c]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["not_found"] == 0  # the "already paid" check went with the wrong reading
