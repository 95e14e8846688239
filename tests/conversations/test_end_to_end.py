"""The loop closed against real servers: a reply per intent APPENDed to Dovecot ->
`listen --once` -> `suggestions --json` shows PRODUCT.md's follow-up -> `approve` -> the
SMTP server receives the answer in the customer's thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assistant.cli import main
from assistant.store.db import make_engine
from assistant.store.migrate import upgrade
from tests.conversations.seed import REMINDER_ID, REPLIES, ledger
from tests.servers.dovecot import Dovecot, dovecot
from tests.servers.smtp import SmtpTestServer, smtp_server

__all__ = ["dovecot", "smtp_server"]

# reply fixture -> (intent, action) as in PRODUCT.md's follow-up table
EXPECTED = {
    "not_received.eml": ("not-received", "resend-invoice"),
    "scheduled.eml": ("scheduled", "schedule-verification"),
    "cannot_pay.eml": ("cannot-pay", "offer-payment-plan"),
    "already_paid.eml": ("already-paid", "schedule-verification"),
    "dispute.eml": ("dispute", "open-dispute"),
}


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'assistant.db'}")
    upgrade(engine)
    return engine


def config(tmp_path: Path, engine: Engine, imap: Dovecot, smtp: SmtpTestServer) -> str:
    path = tmp_path / "assistant.toml"
    path.write_text(
        f'[database]\nurl = "{engine.url.render_as_string(hide_password=False)}"\n'
        f'[mailbox]\nhost = "{imap.host}"\nport = {imap.port}\ntls = "none"\nusername = "{imap.user}"\n'
        f'folder = "{imap.folder}"\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\ntls = "none"\nfrom_address = "ar@billing.example"\n',
        encoding="utf-8")
    return str(path)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reply_to_suggestion_to_threaded_answer(name: str, store: Engine, dovecot: Dovecot,
                                                smtp_server: SmtpTestServer, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AR_IMAP_PASSWORD", dovecot.password)
    ledger(store)
    cfg = config(tmp_path, store, dovecot, smtp_server)
    raw = (REPLIES / name).read_bytes()
    dovecot.append(raw)
    summary = run_json(capsys, "listen", "--once", "--config", cfg)
    assert summary == {"processed": 1, "duplicates": 0, "quarantined": 0}
    rows = run_json(capsys, "suggestions", "--json", "--config", cfg)
    assert isinstance(rows, list)
    [row] = rows
    assert (row["intent"], row["action"], row["status"]) == (*EXPECTED[name], "pending")
    assert (row["customer_id"], row["invoice_numbers"]) == ("ACME", ["INV-1001"])
    decided = run_json(capsys, "approve", str(row["id"]), "--as", "alex", "--config", cfg)
    assert isinstance(decided, dict) and decided["status"] == "sent"
    [got] = smtp_server.messages
    msg = got.message
    customer_message_id = next(line.split(b":", 1)[1].strip().decode() for line in raw.splitlines()
                               if line.lower().startswith(b"message-id:"))
    assert got.rcpt_tos == ["ap@acme.example"]
    assert msg["In-Reply-To"] == customer_message_id
    assert msg["References"].split() == [REMINDER_ID, customer_message_id]
    assert msg["Subject"].startswith("Re: ")
    assert (len(list(msg.iter_attachments())) == 1) is (row["action"] == "resend-invoice")
    assert run_json(capsys, "listen", "--once", "--config", cfg) == {"processed": 0, "duplicates": 0,
                                                                     "quarantined": 0}


def test_yes_to_the_plan_offer_we_sent_accepts_it(store: Engine, dovecot: Dovecot, smtp_server: SmtpTestServer,
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AR_IMAP_PASSWORD", dovecot.password)
    ledger(store)
    cfg = config(tmp_path, store, dovecot, smtp_server)
    dovecot.append((REPLIES / "cannot_pay.eml").read_bytes())
    run_json(capsys, "listen", "--once", "--config", cfg)
    rows = run_json(capsys, "suggestions", "--json", "--config", cfg)
    assert isinstance(rows, list)
    offer_id = rows[0]["id"]
    run_json(capsys, "approve", str(offer_id), "--config", cfg)
    offer = smtp_server.messages[0].message
    # The customer answers our offer (not the reminder): only its Message-ID ties it back.
    answer = (f"From: Jane Doe <ap@acme.example>\r\nTo: ar@billing.example\r\n"
              f"Subject: Re: {offer['Subject']}\r\nDate: Fri, 20 Nov 2026 15:00:00 +0100\r\n"
              f"Message-ID: <yes-1@mail.acme.example>\r\nIn-Reply-To: {offer['Message-ID']}\r\n"
              f"References: {offer['References']} {offer['Message-ID']}\r\n"
              f"Content-Type: text/plain; charset=utf-8\r\n\r\nYes, that works for us.\r\n\r\n"
              f"> We can offer to split the open amount\r\n").encode()
    dovecot.append(answer)
    run_json(capsys, "listen", "--once", "--config", cfg)
    rows = run_json(capsys, "suggestions", "--status", "pending", "--json", "--config", cfg)
    assert isinstance(rows, list)
    [confirm] = rows
    assert (confirm["action"], confirm["invoice_numbers"]) == ("confirm-plan", ["INV-1001"])
    assert "payment plan is agreed" in confirm["body"]
    run_json(capsys, "approve", str(confirm["id"]), "--config", cfg)
    sent = smtp_server.messages[1].message
    assert sent["In-Reply-To"] == "<yes-1@mail.acme.example>"
    assert offer["Message-ID"] in sent["References"].split()
