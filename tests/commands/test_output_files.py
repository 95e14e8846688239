"""Files written at the operator's request: a path that cannot be written is bad input (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main


def _fail(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return err


def test_digest_and_corrections_refuse_an_unwritable_out(config_file: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    cfg = str(config_file)
    assert main(["init", "--config", cfg]) == 0
    missing = config_file.parent / "no-such-folder"
    err = _fail(capsys, "digest", "--now", "2026-11-20T15:00:00Z", "--out", str(missing / "d.html"),
                "--config", cfg)
    assert err.strip() == f"ar-assistant: {missing / 'd.html'}: cannot write: No such file or directory"
    err = _fail(capsys, "corrections", "--out", str(missing / "c.jsonl"), "--config", cfg)
    assert err.strip() == f"ar-assistant: {missing / 'c.jsonl'}: cannot write: No such file or directory"
    assert not missing.exists()


def test_init_refuses_a_config_path_it_cannot_create(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    err = _fail(capsys, "init", "--config", str(blocker / "sub" / "assistant.toml"))
    assert f"{blocker / 'sub'}: cannot create the folder" in err
    assert blocker.read_text(encoding="utf-8") == ""
