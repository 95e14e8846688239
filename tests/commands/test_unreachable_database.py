"""A database that cannot be created or reached is bad configuration: one line, exit 2,
for `init` as for every other command."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.cli import main


def _config(tmp_path: Path, url: str) -> str:
    path = tmp_path / "assistant.toml"
    path.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return str(path)


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("command", [["init"], ["suggestions"]])
def test_sqlite_file_whose_folder_cannot_be_made(tmp_path: Path, command: list[str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    cfg = _config(tmp_path, f"sqlite:///{blocker}/var/assistant.db")
    err = _one_line_error(capsys, *command, "--config", cfg)
    assert err.startswith("ar-assistant: database.url: cannot create the database folder:")


@pytest.mark.parametrize("command", [["init"], ["suggestions"]])
def test_postgresql_that_refuses_connections(tmp_path: Path, command: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = _config(tmp_path, f"postgresql+psycopg://postgres@127.0.0.1:{port}/ar")
    err = _one_line_error(capsys, *command, "--config", cfg)
    assert err.startswith("ar-assistant: database.url: cannot open the database:")
    assert "refused" in err
