"""The IMAP listener against a real Dovecot, on SQLite and PostgreSQL.

Faults are real too: a `kill -9` of a listener process, a Dovecot restart, a folder
renumbered under a new UIDVALIDITY, and a network that stops answering (a TCP relay that
swallows traffic).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from assistant.cli import main
from assistant.commands.base import wall_clock
from assistant.mail.imap_listener import Counts, Listener
from assistant.settings import MailboxSettings, Settings
from assistant.store.db import transaction
from assistant.store.models.inbound import InboundMessageRow
from assistant.wiring import Wiring
from tests.servers.dovecot import Dovecot
from tests.servers.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.dovecot]
KEYWORD = "$ArProcessed"
HANDLED = "processed"  # stored and handled by the reply handler


def reply(n: int, body: str = "I will pay next Friday.") -> bytes:
    return (f"From: Customer {n} <billing{n}@customer.example>\r\n"
            f"To: ar@example.com\r\nSubject: Re: Invoice INV-{n:05d}\r\n"
            f"Message-ID: <reply-{n}@customer.example>\r\n"
            f"Date: Fri, 20 Nov 2026 10:00:00 +0000\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


def settings_for(engine: Engine, server: Dovecot, port: int | None = None, **mailbox: object) -> Settings:
    base = Settings()
    fields: dict[str, object] = {"host": server.host, "port": port or server.port, "tls": "none",
                                 "username": server.user, "folder": server.folder, **mailbox}
    box = MailboxSettings(**fields)  # type: ignore[arg-type]
    db = dataclasses.replace(base.database, url=engine.url.render_as_string(hide_password=False))
    return dataclasses.replace(base, database=db, mailbox=box)


def stored(engine: Engine) -> list[InboundMessageRow]:
    with transaction(engine) as session:
        return list(session.scalars(select(InboundMessageRow).order_by(InboundMessageRow.id)))


def count(engine: Engine) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(InboundMessageRow)) or 0)


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def listener_for(engine: Engine, settings: Settings, password: str) -> Listener:
    """The listener as `listen` wires it: driven by the inbound use case, on the wall clock."""
    return Wiring(settings, engine, wall_clock).listener(password=password)


@contextmanager
def listening(engine: Engine, settings: Settings, password: str) -> Iterator[Listener]:
    """A listener running `run_forever` in a thread, stopped at the end."""
    listener = listener_for(engine, settings, password)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            listener.run_forever()
        except BaseException as exc:  # surfaced in the test below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        listener.stop.set()
        thread.join(15)
        assert not thread.is_alive(), "listener did not stop within 15 s"
        assert not errors, errors


def test_appended_message_is_stored_once_and_flagged_after(engine: Engine, dovecot: Dovecot) -> None:
    raw = reply(1)
    (uid,) = dovecot.append(raw)
    settings = settings_for(engine, dovecot)
    counts = listener_for(engine, settings, dovecot.password).run_once()
    assert counts.summary() == {"processed": 1, "duplicates": 0, "quarantined": 0}
    (row,) = stored(engine)
    assert (row.uid, row.uidvalidity, row.message_id) == (uid, dovecot.uidvalidity(), "<reply-1@customer.example>")
    assert row.raw.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert row.status == HANDLED and row.flagged_at is not None
    flags = dovecot.flags()[uid]
    assert KEYWORD in flags and "\\Seen" not in flags  # BODY.PEEK[] leaves \Seen alone
    again = listener_for(engine, settings, dovecot.password).run_once()
    assert again.summary() == {"processed": 0, "duplicates": 0, "quarantined": 0}
    assert count(engine) == 1


def test_listen_once_twice_processes_nothing_the_second_time(
        engine: Engine, dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    dovecot.append(*(reply(n) for n in range(1, 6)))
    config = write_config(tmp_path, settings_for(engine, dovecot))
    monkeypatch.setenv("AR_IMAP_PASSWORD", dovecot.password)
    assert main(["--config", str(config), "listen", "--once"]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert first == {"processed": 5, "duplicates": 0, "quarantined": 0}
    assert main(["--config", str(config), "listen", "--once"]) == 0
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert second == {"processed": 0, "duplicates": 0, "quarantined": 0}
    assert count(engine) == 5


def test_listen_without_password_is_bad_input(engine: Engine, dovecot: Dovecot, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, settings_for(engine, dovecot))
    monkeypatch.delenv("AR_IMAP_PASSWORD", raising=False)
    assert main(["--config", str(config), "listen", "--once"]) == 2


def test_refused_login_is_bad_input_at_once(engine: Engine, dovecot: Dovecot, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, settings_for(engine, dovecot))
    monkeypatch.setenv("AR_IMAP_PASSWORD", "wrong-password")
    started = time.monotonic()
    assert main(["--config", str(config), "listen", "--once"]) == 2
    assert time.monotonic() - started < 10
    assert "refused" in capsys.readouterr().err


def write_config(tmp_path: Path, settings: Settings) -> Path:
    box = settings.mailbox
    path = tmp_path / "assistant.toml"
    path.write_text(
        f'[database]\nurl = "{settings.database.url}"\n'
        f'[mailbox]\nhost = "{box.host}"\nport = {box.port}\ntls = "{box.tls}"\n'
        f'username = "{box.username}"\nidle_seconds = {box.idle_seconds}\n'
        f'timeout_seconds = {box.timeout_seconds}\nmax_message_bytes = {box.max_message_bytes}\n',
        encoding="utf-8")
    return path


def cli(config: Path, *args: str, password: str) -> subprocess.Popen[str]:
    env = dict(os.environ, AR_IMAP_PASSWORD=password)
    return subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.slow
def test_kill_9_mid_batch_then_restart_processes_every_message_exactly_once(
        engine: Engine, dovecot: Dovecot, tmp_path: Path) -> None:
    total = 600
    uids = dovecot.append(*(reply(n) for n in range(total)))
    config = write_config(tmp_path, settings_for(engine, dovecot))
    proc = cli(config, "listen", password=dovecot.password)
    try:
        wait_for(lambda: count(engine) >= 30, 60, "the first messages to be stored")
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    at_kill = count(engine)
    assert 0 < at_kill < total, f"the kill did not land mid-batch ({at_kill} of {total} stored)"
    # Stored but not yet handed to the reply handler when the process died.
    unhandled = sum(r.status == "received" for r in stored(engine))
    rerun = cli(config, "listen", "--once", password=dovecot.password)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    rows = stored(engine)
    assert len(rows) == total
    assert sorted(r.uid for r in rows) == sorted(uids)
    assert len({r.message_id for r in rows}) == total
    assert summary["duplicates"] == 0
    assert summary["processed"] == total - at_kill + unhandled
    assert all(r.status == HANDLED for r in rows)
    flags = dovecot.flags()
    assert all(KEYWORD in flags[uid] for uid in uids), "a stored message lacks its keyword"
    assert all(r.flagged_at is not None for r in rows)


@pytest.mark.slow
def test_two_listeners_at_once_store_each_message_once(engine: Engine, dovecot: Dovecot,
                                                       tmp_path: Path) -> None:
    total = 150
    dovecot.append(*(reply(n) for n in range(total)))
    config = write_config(tmp_path, settings_for(engine, dovecot))
    procs = [cli(config, "listen", "--once", password=dovecot.password) for _ in range(2)]
    summaries = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        summaries.append(json.loads(out.strip().splitlines()[-1]))
    assert count(engine) == total
    assert sum(s["processed"] for s in summaries) == total


def test_sigterm_stops_the_listener_cleanly(engine: Engine, dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.append(reply(1))
    config = write_config(tmp_path, settings_for(engine, dovecot, idle_seconds=300))
    proc = cli(config, "listen", password=dovecot.password)
    try:
        wait_for(lambda: count(engine) == 1, 30, "the message to be stored")
        time.sleep(0.3)  # let it settle into IDLE
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert json.loads(out.strip().splitlines()[-1]) == {"processed": 1, "duplicates": 0, "quarantined": 0}


def test_idle_wakes_the_listener_without_waiting_for_the_cycle(engine: Engine, dovecot: Dovecot) -> None:
    settings = settings_for(engine, dovecot, idle_seconds=300)
    with listening(engine, settings, dovecot.password) as listener:
        wait_for(lambda: listener.counts.reconnects == 0 and listener._connected_once, 10, "connect")
        time.sleep(0.3)
        started = time.monotonic()
        dovecot.append(reply(7))
        wait_for(lambda: count(engine) == 1, 5, "the IDLE wake-up")
        assert time.monotonic() - started < 5


@pytest.mark.slow
def test_dovecot_restart_makes_the_listener_reconnect_and_catch_up(engine: Engine, dovecot: Dovecot) -> None:
    settings = settings_for(engine, dovecot, idle_seconds=300, timeout_seconds=5)
    with listening(engine, settings, dovecot.password) as listener:
        dovecot.append(reply(1))
        wait_for(lambda: count(engine) == 1, 10, "the first message")
        dovecot.restart()
        # Appended while the listener is still between connections: only the catch-up
        # UID SEARCH after reconnecting can find these.
        dovecot.append(reply(2), reply(3))
        wait_for(lambda: count(engine) == 3, 30, "the catch-up after the restart")
        assert listener.counts.reconnects >= 1
        dovecot.append(reply(4))
        wait_for(lambda: count(engine) == 4, 10, "IDLE on the new connection")
    assert sorted(r.message_id or "" for r in stored(engine)) == [f"<reply-{n}@customer.example>" for n in (1, 2, 3, 4)]


def test_uidvalidity_change_causes_no_duplicates(engine: Engine, dovecot: Dovecot) -> None:
    settings = settings_for(engine, dovecot)
    dovecot.append(reply(1), reply(2), reply(3))
    first = listener_for(engine, settings, dovecot.password).run_once()
    assert first.summary() == {"processed": 3, "duplicates": 0, "quarantined": 0}
    old = dovecot.uidvalidity()
    new = dovecot.reset_uidvalidity()  # same messages, same UID numbers, new UIDVALIDITY
    assert new != old
    dovecot.append(reply(4))
    second = listener_for(engine, settings, dovecot.password).run_once()
    assert second.summary() == {"processed": 1, "duplicates": 3, "quarantined": 0}
    rows = stored(engine)
    assert len(rows) == 4
    assert rows[-1].uidvalidity == new and rows[-1].message_id == "<reply-4@customer.example>"
    assert all(KEYWORD in f for f in dovecot.flags().values())
    third = listener_for(engine, settings, dovecot.password).run_once()
    assert third.summary() == {"processed": 0, "duplicates": 0, "quarantined": 0}


def test_unparseable_message_is_quarantined_and_the_next_one_processed(
        engine: Engine, dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    garbage = b"\xff\xfe\x00\x01 not a mail message at all\r\n\x89PNG\x1a binary junk\r\n"
    uids = dovecot.append(garbage.replace(b"\x00", b"\x02"), reply(2))
    settings = settings_for(engine, dovecot)
    counts = listener_for(engine, settings, dovecot.password).run_once()
    assert counts.summary() == {"processed": 1, "duplicates": 0, "quarantined": 1}
    bad, good = stored(engine)
    assert (bad.uid, bad.status, bad.reason) == (uids[0], "quarantined", "unparseable")
    assert bad.raw.startswith(b"\xff\xfe")  # kept raw, byte for byte
    assert (good.uid, good.status) == (uids[1], HANDLED)
    assert all(KEYWORD in f for f in dovecot.flags().values())

    config = write_config(tmp_path, settings)
    assert main(["--config", str(config), "quarantine", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["id"], e["reason"], e["uid"]) for e in listed] == [(bad.id, "unparseable", uids[0])]
    # Still unreadable: reprocessing keeps it in the quarantine (exit 1), nothing lost.
    assert main(["--config", str(config), "quarantine", "reprocess", str(bad.id)]) == 1
    assert json.loads(capsys.readouterr().out)["status"] == "quarantined"
    assert main(["--config", str(config), "quarantine", "reprocess", str(good.id)]) == 2


def test_huge_message_is_quarantined_raw_and_reprocessed_after_raising_the_limit(
        engine: Engine, dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = reply(9, body="x" * 70 + ("\r\n" + "y" * 70) * 100)
    dovecot.append(big, reply(10))
    small = settings_for(engine, dovecot, max_message_bytes=4096)
    counts = listener_for(engine, small, dovecot.password).run_once()
    assert counts.summary() == {"processed": 1, "duplicates": 0, "quarantined": 1}
    huge = stored(engine)[0]
    assert (huge.reason, huge.message_id, huge.size) == ("too-large", "<reply-9@customer.example>", len(huge.raw))
    config = write_config(tmp_path, settings_for(engine, dovecot))  # default limit: 25 MB
    assert main(["--config", str(config), "quarantine", "reprocess", str(huge.id)]) == 0
    assert json.loads(capsys.readouterr().out)["status"] in ("received", "processed")
    assert main(["--config", str(config), "quarantine", "list"]) == 0
    assert "quarantine is empty" in capsys.readouterr().out


@pytest.mark.slow
def test_idle_watchdog_fires_when_the_server_stops_answering(engine: Engine, dovecot: Dovecot) -> None:
    proxy = TcpProxy(dovecot.host, dovecot.port)
    try:
        settings = settings_for(engine, dovecot, port=proxy.port, idle_seconds=2, timeout_seconds=2)
        with listening(engine, settings, dovecot.password) as listener:
            dovecot.append(reply(1))
            wait_for(lambda: count(engine) == 1, 10, "the first message")
            time.sleep(0.2)
            assert proxy.blackhole() == 1  # the listener's connection now goes nowhere
            dovecot.append(reply(2))
            # The IDLE cycle ends within 2 s, DONE gets no answer, the watchdog drops the
            # connection within 2 s more, and the reconnect's catch-up finds message 2.
            wait_for(lambda: count(engine) == 2, 15, "the catch-up after the watchdog")
            assert listener.counts.reconnects >= 1
        assert listener.counts.watchdog_fired >= 1
    finally:
        proxy.close()


def test_counts_summary_has_exactly_the_contract_keys() -> None:
    assert set(Counts(processed=1).summary()) == {"processed", "duplicates", "quarantined"}


@pytest.mark.parametrize(("mode", "use_tls_port"), [("ssl", True), ("starttls", False)])
def test_tls_modes_read_the_mailbox(engine: Engine, dovecot_tls: Dovecot, mode: str,
                                    use_tls_port: bool) -> None:
    dovecot_tls.append(reply(1))
    port = dovecot_tls.tls_port if use_tls_port else dovecot_tls.port
    settings = settings_for(engine, dovecot_tls, port=port, tls=mode, verify_tls=False)
    counts = listener_for(engine, settings, dovecot_tls.password).run_once()
    assert counts.summary() == {"processed": 1, "duplicates": 0, "quarantined": 0}


def test_untrusted_certificate_is_refused_by_default(engine: Engine, dovecot_tls: Dovecot,
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    dovecot_tls.append(reply(1))
    settings = settings_for(engine, dovecot_tls, port=dovecot_tls.tls_port, tls="ssl")
    config = write_config(tmp_path, settings)  # verify_tls: the default, true
    monkeypatch.setenv("AR_IMAP_PASSWORD", dovecot_tls.password)
    assert main(["--config", str(config), "listen", "--once"]) == 2
    assert "not trusted" in capsys.readouterr().err
    assert count(engine) == 0
