"""What every command shares: `--config` everywhere, and one reading of `--now`."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from assistant.cli import build_parser, main
from assistant.commands.arguments import iso_datetime

NOW_COMMANDS = (["send-due"], ["digest"], ["aging"], ["verify-due"])


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


def test_every_command_and_group_accepts_config() -> None:
    seen = []
    for path, parser in _commands(build_parser()):
        options = {s for a in parser._actions for s in a.option_strings}
        assert "--config" in options, f"{' '.join(path) or 'ar-assistant'} lacks --config"
        seen.append(path)
    assert ("send-due",) in seen and ("users", "add") in seen and ("users",) in seen


def test_config_before_the_users_action_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AR_ASSISTANT_NEW_PASSWORD", "correct horse battery")
    missing = tmp_path / "missing.toml"
    code = main(["users", "--config", str(missing), "add", "maria", "--role", "viewer"])
    assert code == 2
    assert f"{missing}: config file not found" in capsys.readouterr().err


def test_iso_datetime_reads_offsets_and_takes_naive_times_as_utc() -> None:
    assert iso_datetime("2026-11-20T15:00:00") == datetime(2026, 11, 20, 15, tzinfo=UTC)
    assert iso_datetime("2026-11-20T15:00:00Z") == datetime(2026, 11, 20, 15, tzinfo=UTC)
    plus_one = iso_datetime("2026-11-20T16:00:00+01:00")
    assert plus_one.utcoffset() == timedelta(hours=1)
    assert plus_one == datetime(2026, 11, 20, 16, tzinfo=timezone(timedelta(hours=1)))
    with pytest.raises(argparse.ArgumentTypeError, match="not an ISO 8601 time: '2026-13-01'"):
        iso_datetime("2026-13-01")


@pytest.mark.parametrize("text", ["9999-12-31T23:00:00Z", "0001-01-01T00:00:00+01:00", "1969-12-31T23:59:59Z",
                                  "8999-12-31T23:00:00-12:00"])
def test_iso_datetime_refuses_times_near_the_ends_of_the_calendar(text: str) -> None:
    # A pass looks months back and ahead: there, date arithmetic would overflow (exit 1).
    with pytest.raises(argparse.ArgumentTypeError, match=re.escape(f"'{text}' is outside 1970 to 8999")):
        iso_datetime(text)
    assert iso_datetime("1970-01-01T00:00:00Z").year == 1970
    assert iso_datetime("8999-12-31T10:00:00Z").year == 8999


@pytest.mark.parametrize("command", NOW_COMMANDS, ids=lambda c: c[0])
def test_a_bad_now_is_a_usage_error_on_every_command(command: list[str], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*command, "--now", "next tuesday", "--config", str(tmp_path / "unused.toml")])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "argument --now: not an ISO 8601 time: 'next tuesday'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["web", "run", "demo"])
@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_bad_port_is_a_usage_error(command: str, port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--port", port])
    assert caught.value.code == 2
    assert f"argument --port: not a TCP port (1-65535): '{port}'" in capsys.readouterr().err


def test_web_refuses_a_taken_port_before_opening_the_store(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    database = tmp_path / "var" / "assistant.db"
    config = tmp_path / "assistant.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{database}"\n', encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["web", "--port", str(port), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ar-assistant: port {port} is in use (") and err.count("\n") == 1
    assert not database.exists()
