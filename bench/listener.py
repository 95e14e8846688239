"""IMAP listener: latency from APPEND to stored message (and to handled reply, when the
reply handler is installed), and throughput on a backlog, against a real Dovecot.

Usage: .venv/bin/python bench/listener.py [--latency N] [--backlog N] [--skip-postgres]

Latency: a listener runs in IDLE; each message is appended on its own after a random pause
and the clock stops when its row is visible in the store (polled every 5 ms). Dovecot's
IDLE notification delay is included. Backlog: N messages are appended first, then one
`ar-assistant listen --once` process reads them all (process start-up included).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, func, select, text  # noqa: E402

from assistant.commands.base import wall_clock  # noqa: E402
from assistant.settings import DatabaseSettings, MailboxSettings, Settings  # noqa: E402
from assistant.store.db import make_engine, transaction  # noqa: E402
from assistant.store.migrate import upgrade  # noqa: E402
from assistant.store.models.inbound import InboundMessageRow  # noqa: E402
from assistant.wiring import Wiring  # noqa: E402
from tests.servers.dovecot import Dovecot, start_dovecot  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
QUOTED = "\r\n".join(f"> line {i} of the reminder we sent: invoice INV-2026-{i:04d} is overdue."
                     for i in range(25))


def reply(n: int, tag: str) -> bytes:
    return (f"From: Customer {n} <ap{n}@customer{n % 97}.example>\r\nTo: ar@example.com\r\n"
            f"Subject: Re: Invoice INV-2026-{n:05d} is overdue\r\n"
            f"Message-ID: <{tag}-{n}@customer.example>\r\n"
            f"In-Reply-To: <reminder-{n}@ar.example.com>\r\n"
            f"Date: Mon, 23 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Hello, we will pay invoice INV-2026-{n:05d} next Friday.\r\nRegards, Customer {n}\r\n\r\n"
            f"On Fri, 20 Nov 2026 you wrote:\r\n{QUOTED}\r\n").encode()


def settings_for(url: str, server: Dovecot, **mailbox: object) -> Settings:
    box = MailboxSettings(host=server.host, port=server.port, tls="none", username=server.user,
                          **mailbox)  # type: ignore[arg-type]
    return dataclasses.replace(Settings(), database=DatabaseSettings(url=url), mailbox=box)


def state_of(engine: Engine, message_id: str) -> str | None:
    with transaction(engine) as session:
        status: str | None = session.scalar(select(InboundMessageRow.status)
                                            .where(InboundMessageRow.message_id == message_id))
        return status


def latency(url: str, count: int) -> dict[str, float]:
    server = start_dovecot()
    engine = make_engine(url)
    upgrade(engine)
    listener = Wiring(settings_for(url, server, idle_seconds=540), engine, wall_clock).listener(password=server.password)
    thread = threading.Thread(target=listener.run_forever, daemon=True)
    thread.start()
    stored_s: list[float] = []
    handled_s: list[float] = []
    imap = server.client()
    try:
        time.sleep(1.0)  # connected and in IDLE
        tag = uuid.uuid4().hex[:8]
        for n in range(count):
            time.sleep(random.uniform(0.05, 0.25))
            message_id = f"<{tag}-{n}@customer.example>"
            started = time.monotonic()
            imap.append("INBOX", None, None, reply(n, tag))
            t_stored = None
            while time.monotonic() - started < 30:
                status = state_of(engine, message_id)
                if status is not None and t_stored is None:
                    t_stored = time.monotonic() - started
                if status is not None and status != "received":
                    break
                time.sleep(0.005)
            if t_stored is None:
                raise SystemExit(f"message {n} not stored within 30 s")
            stored_s.append(t_stored)
            handled_s.append(time.monotonic() - started)
    finally:
        imap.logout()
        listener.stop.set()
        thread.join(15)
        server.stop()
        engine.dispose()
    return {"p50_stored": pct(stored_s, 50), "p95_stored": pct(stored_s, 95), "max_stored": max(stored_s),
            "p50_handled": pct(handled_s, 50), "p95_handled": pct(handled_s, 95)}


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def backlog(url: str, count: int, folder: Path) -> dict[str, float]:
    server = start_dovecot()
    try:
        engine = make_engine(url)
        upgrade(engine)
        imap = server.client()
        tag = uuid.uuid4().hex[:8]
        started = time.monotonic()
        for n in range(count):
            imap.append("INBOX", None, None, reply(n, tag))
        imap.logout()
        append_s = time.monotonic() - started
        config = folder / f"listener-{uuid.uuid4().hex[:6]}.toml"
        config.write_text(f'[database]\nurl = "{url}"\n[mailbox]\nhost = "{server.host}"\n'
                          f'port = {server.port}\ntls = "none"\nusername = "{server.user}"\n')
        env = {**os.environ, "AR_IMAP_PASSWORD": server.password, "AR_ASSISTANT_CONFIG": str(config)}
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "assistant", "listen", "--once"], env=env,
                              cwd=ROOT, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        if done.returncode != 0:
            raise SystemExit(f"listen --once failed: {done.stderr[-2000:]}")
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        with transaction(engine) as session:
            rows = session.scalar(select(func.count()).select_from(InboundMessageRow))
        if rows != count:
            raise SystemExit(f"{rows} rows stored for {count} messages")
        engine.dispose()
        return {"append_s": append_s, "listen_s": elapsed, "rate": count / elapsed,
                "processed": summary["processed"], "quarantined": summary["quarantined"]}
    finally:
        server.stop()


def pg_database() -> tuple[str, str] | None:
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"ar_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return name, PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    except Exception as exc:
        print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
        return None


def drop_pg(name: str) -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--latency", type=int, default=200, help="messages for the latency run")
    ap.add_argument("--backlog", type=int, default=5000, help="messages in the backlog run")
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        backends = [("sqlite", f"sqlite:///{folder}/lat.db", f"sqlite:///{folder}/backlog.db", None)]
        if not args.skip_postgres:
            for_latency, for_backlog = pg_database(), pg_database()
            if for_latency and for_backlog:
                backends.append(("postgresql", for_latency[1], for_backlog[1],
                                 (for_latency[0], for_backlog[0])))
        for name, lat_url, backlog_url, pg_names in backends:
            try:
                lat = latency(lat_url, args.latency)
                print(f"{name}: APPEND -> stored over {args.latency} messages: "
                      f"p50 {lat['p50_stored'] * 1000:.0f} ms, p95 {lat['p95_stored'] * 1000:.0f} ms, "
                      f"max {lat['max_stored'] * 1000:.0f} ms (target p95 < 1500 ms)")
                print(f"{name}: APPEND -> handled: p50 {lat['p50_handled'] * 1000:.0f} ms, "
                      f"p95 {lat['p95_handled'] * 1000:.0f} ms")
                bl = backlog(backlog_url, args.backlog, folder)
                print(f"{name}: backlog of {args.backlog}: appended in {bl['append_s']:.1f} s; "
                      f"listen --once {bl['listen_s']:.1f} s = {bl['rate']:.0f} msg/s "
                      f"(target >= 100), processed {bl['processed']:.0f}, quarantined {bl['quarantined']:.0f}")
            finally:
                if pg_names:
                    for db in pg_names:
                        drop_pg(db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
