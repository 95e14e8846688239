"""`ar-assistant demo --headless` end to end: real Dovecot, real SMTP, real SQLite, the
production listener; the summary names every intent the demo replies carry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.conversation import INTENTS
from assistant.demo.dovecot_server import dovecot_available
from assistant.demo.pymap_server import pymap_command
from tests.conftest import ROOT, need

REPLIES = ROOT / "data" / "demo" / "replies"


@pytest.mark.parametrize("imap", ["dovecot", "pymap"])
def test_headless_demo_sends_reads_understands_and_suggests(tmp_path: Path, imap: str) -> None:
    if imap == "dovecot":
        need(dovecot_available(), "Dovecot (Debian package dovecot-imapd) is not installed")
    else:
        need(pymap_command() is not None, "pymap (dev extra) is not installed")
    run = subprocess.run([sys.executable, "-m", "assistant", "demo", "--headless", "--imap", imap,
                          "--dir", str(tmp_path / "demo")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    assert f"IMAP ({'Dovecot' if imap == 'dovecot' else 'pymap'})" in run.stdout
    summary = json.loads(lines[-1])
    replies = sorted(p.name for p in REPLIES.glob("*.eml"))
    assert [u["file"] for u in summary["understood"]] == replies
    assert summary["received"] == len(replies)
    assert summary["quarantined"] == 0
    assert all(u["threaded"] and u["status"] == "processed" for u in summary["understood"])
    assert summary["sent"] > 0
    # The replies cover every intent, an out-of-office and a bounce included.
    assert set(summary["intents"]) == set(INTENTS)
    text = "\n".join(lines[:-1])
    handled_line = next(line for line in lines if line.startswith("intents handled:"))
    for intent in INTENTS:
        assert intent in handled_line, text
    assert sum(summary["suggested"].values()) >= len(replies) - 1
    assert summary["digest"]["sent"] == 1  # emailed to the team through the same outbox
    assert summary["caught_by_smtp"] == summary["sent"] + 1
    by_file = {u["file"]: u for u in summary["understood"]}
    assert by_file["07-bounce.eml"]["intents"] == ["bounce"]
    assert by_file["06-out-of-office.eml"]["intents"] == ["auto-reply"]
    assert set(by_file["08-multi-intent.eml"]["intents"]) == {"already-paid", "not-received"}
