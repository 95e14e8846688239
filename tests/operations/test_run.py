"""`run` as a real process against real Dovecot and SMTP servers: it serves /healthz once
the listener has synced, reads a reply, and stops with exit 0 within seconds of SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL, ROOT, _postgres_available, need
from tests.servers.dovecot import Dovecot, dovecot
from tests.servers.smtp import SmtpTestServer, smtp_server
from tests.servers.web import free_port

__all__ = ["dovecot", "smtp_server"]  # fixtures used by name

REPLY = (b"From: Graham Hollis <accounts@hollisgrant.example>\r\nTo: ar@example.com\r\n"
         b"Subject: Statement please\r\nMessage-ID: <run-test-1@hollisgrant.example>\r\n"
         b"Date: Fri, 20 Nov 2026 12:30:00 +0000\r\n\r\nCould you send us a statement of account?\r\n")


def _config(tmp_path: Path, imap: Dovecot, smtp: SmtpTestServer, web_port: int, db_url: str = "") -> Path:
    path = tmp_path / "assistant.toml"
    path.write_text(f"""
[database]
url = "{db_url or f'sqlite:///{tmp_path / "assistant.db"}'}"
[mailbox]
host = "127.0.0.1"
port = {imap.port}
tls = "none"
username = "{imap.user}"
password_env = "AR_TEST_IMAP_PASSWORD"
idle_seconds = 30
[smtp]
host = "127.0.0.1"
port = {smtp.port}
tls = "none"
[web]
port = {web_port}
secret_file = "{tmp_path / 'secret.key'}"
""", encoding="utf-8")
    return path


def _cli(config: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _healthz(port: int) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _wait_healthy(port: int, process: subprocess.Popen[str], timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            status, body = _healthz(port)
            if status == 200:
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("run did not become healthy")


def _stop(process: subprocess.Popen[str]) -> tuple[float, str]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return time.monotonic() - started, err


def test_run_all_parts_then_sigterm_exits_zero(tmp_path: Path, dovecot: Dovecot, smtp_server: SmtpTestServer) -> None:
    port = free_port()
    config = _config(tmp_path, dovecot, smtp_server, port)
    env = {**os.environ, "AR_TEST_IMAP_PASSWORD": dovecot.password}
    assert subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "init"], cwd=ROOT, env=env,
                          capture_output=True).returncode == 0
    process = _cli(config, "run", "--log-format", "json", env=env)
    try:
        body = _wait_healthy(port, process)
        assert body["quarantine"] == {"size": 0}
        dovecot.append(REPLY)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and dovecot.flags().get(1, set()).isdisjoint({"$ArProcessed"}):
            time.sleep(0.2)
        assert "$ArProcessed" in dovecot.flags()[1]
    finally:
        elapsed, err = _stop(process)
    assert process.returncode == 0, err
    assert elapsed < 5
    logs = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    messages = [str(entry["message"]) for entry in logs]
    assert "stopped" in messages
    assert any(m.startswith("dunning pass: ") for m in messages), messages
    assert any(m.startswith("verifications and plan reminders: ") for m in messages), messages
    assert "accounts@hollisgrant" not in err and "ar@example.com" not in err


@pytest.fixture
def scratch_pg() -> Iterator[str]:
    """A PostgreSQL database of its own, dropped afterwards."""
    need(_postgres_available(), f"PostgreSQL at {PG_ADMIN_URL}")
    name = f"ar_run_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_parts_run_as_separate_processes(tmp_path: Path, dovecot: Dovecot, smtp_server: SmtpTestServer,
                                         backend: str, request: pytest.FixtureRequest) -> None:
    port = free_port()
    db_url = request.getfixturevalue("scratch_pg") if backend == "postgresql" else ""
    config = _config(tmp_path, dovecot, smtp_server, port, db_url)
    env = {**os.environ, "AR_TEST_IMAP_PASSWORD": dovecot.password}
    subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "init"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    web = _cli(config, "run", "--only", "web", env=env)
    listener = _cli(config, "run", "--only", "listener,scheduler", env=env)
    try:
        _wait_healthy(port, web)  # the web process sees the listener process's sync
    finally:
        results = [_stop(p) for p in (listener, web)]
    assert [p.returncode for p in (listener, web)] == [0, 0], [err for _, err in results]
    assert all(elapsed < 5 for elapsed, _ in results)


def test_listener_without_password_is_bad_input(tmp_path: Path, dovecot: Dovecot,
                                                smtp_server: SmtpTestServer) -> None:
    config = _config(tmp_path, dovecot, smtp_server, free_port())
    env = {k: v for k, v in os.environ.items() if k != "AR_TEST_IMAP_PASSWORD"}
    subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "init"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    run = subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "run", "--only", "listener"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert run.returncode == 2
    assert "AR_TEST_IMAP_PASSWORD" in run.stderr


def test_web_port_in_use_exits_one(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = tmp_path / "assistant.toml"
        config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "a.db"}"\n'
                          f'[web]\nport = {port}\nsecret_file = "{tmp_path / "secret.key"}"\n', encoding="utf-8")
        subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "init"], cwd=ROOT,
                       check=True, capture_output=True)
        run = subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "run", "--only", "web"],
                             cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert run.returncode == 1
    assert "web server stopped" in run.stderr
    assert "alembic" not in run.stderr


def test_a_bad_digest_schedule_is_bad_input(tmp_path: Path) -> None:
    config = tmp_path / "assistant.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "a.db"}"\n'
                      f'[digest]\nrecipients = ["ar-lead@example.com"]\ntime = "25:99"\n', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "init"], cwd=ROOT,
                   check=True, capture_output=True)
    run = subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "run", "--only", "scheduler"],
                         cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert run.returncode == 2, run.stderr
    assert "digest: weekday must be one of" in run.stderr and "'25:99'" in run.stderr
    assert "Traceback" not in run.stderr
