"""`digest [--now] [--out FILE.html] [--send]` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.store.db import make_engine
from tests.digest.seed import seed
from tests.servers.smtp import SmtpTestServer, smtp_server

__all__ = ["smtp_server"]
NOW = "2026-11-23T09:00:00Z"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded_config(config_file: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(capsys, "init", "--config", str(config_file))[0] == 0
    seed(make_engine(sqlite_url))
    return config_file


def test_digest_prints_text(seeded_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "digest", "--now", NOW, "--config", str(seeded_config))
    assert code == 0
    assert out.startswith("AR digest 2026-W48 - Example Ltd\nAs of 2026-11-23.\n3 open conversations.\n")
    assert "- DSO, countback (EUR): 168.2 days" in out
    assert "- 90+: 1, 5,000.00 EUR" in out
    assert "* B Ltd: dispute: answer-dispute (waiting 144 h)" in out
    assert "<" not in out  # plain text, no markup


def test_digest_writes_html(seeded_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "digest.html"
    code, out, _ = run(capsys, "digest", "--now", NOW, "--out", str(target), "--config", str(seeded_config))
    assert code == 0 and out == ""
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'src="data:image/png;base64,iVBOR' in html
    assert "168.2 days" in html


def test_digest_send_once_per_week(seeded_config: Path, smtp_server: SmtpTestServer,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with seeded_config.open("a", encoding="utf-8") as f:
        f.write(f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\ntls = "none"\n'
                '[digest]\nrecipients = ["team@example.com"]\n')
    cfg = str(seeded_config)
    code, _, err = run(capsys, "digest", "--now", NOW, "--send", "--config", cfg)
    assert code == 0
    assert json.loads(err.strip().splitlines()[-1]) == {
        "key": "digest:2026-W48", "queued": True, "sent": 1, "retried": 0, "failed": 0, "busy": False}
    code, _, err = run(capsys, "digest", "--now", "2026-11-25T12:00:00Z", "--send", "--config", cfg)
    assert json.loads(err.strip().splitlines()[-1])["queued"] is False
    assert len(smtp_server.messages) == 1


def test_digest_send_without_recipients_is_bad_input(seeded_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "digest", "--now", NOW, "--send", "--config", str(seeded_config))
    assert code == 2 and "digest.recipients" in err and out == ""
