"""Dunning benchmarks.

1. `send-due --dry-run` over 100,000 open invoices for 20,000 customers (targets: < 10 s,
   < 500 MB peak RSS), run as the real command in a subprocess on SQLite (and on
   PostgreSQL when it is reachable at 127.0.0.1:5432).
2. SMTP throughput: queued reminders (each with a rendered PDF attached) delivered to a
   local aiosmtpd server over one reused connection (target: >= 50 messages/s).

Usage: python bench/dunning.py [--invoices N] [--customers N] [--messages N] [--no-pg]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, insert, text  # noqa: E402

from assistant.settings import Settings, SmtpSettings  # noqa: E402
from assistant.store.db import make_engine  # noqa: E402
from assistant.store.migrate import upgrade  # noqa: E402
from assistant.store.models import ContactRow, CustomerRow, InvoiceRow  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, inside the European send window
PLACES = [("GB", "Europe/London", "en"), ("DE", "Europe/Berlin", "de"), ("FR", "Europe/Paris", "fr"),
          ("ES", "Europe/Madrid", "es"), ("US", "America/New_York", "en"), ("NL", "Europe/Amsterdam", "en")]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def fill(engine: Engine, customers: int, invoices: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        rows: list[dict[str, object]] = []
        for n in range(customers):
            country, tz, lang = PLACES[n % len(PLACES)]
            rows.append({"id": n + 1, "customer_id": f"C{n:06d}", "name": f"Customer {n}", "email": f"ap@c{n}.example",
                         "language": lang, "timezone": tz, "country": country, "segment": None,
                         "opted_out": n % 97 == 0, "created_at": t0, "updated_at": t0})
        conn.execute(insert(CustomerRow), rows)
        conn.execute(insert(ContactRow), [
            {"customer_pk": n + 1, "email": f"ap@c{n}.example", "role": "billing",
             "status": "bounced" if (n + 1) % 89 == 0 else "active", "source": "import", "created_at": t0,
             "updated_at": t0} for n in range(customers)])
        batch: list[dict[str, object]] = []
        for n in range(invoices):
            due = NOW.date() + timedelta(days=rng.randint(-60, 20))
            amount = Decimal(rng.randint(5000, 500000)) / 100
            batch.append({"invoice_number": f"INV-{n:07d}", "customer_pk": n % customers + 1,
                          "issue_date": due - timedelta(days=30), "due_date": due, "amount": amount,
                          "currency": "EUR", "balance": amount, "balance_from_ledger": False, "pdf_path": None,
                          "po_number": None, "created_at": t0, "updated_at": t0})
            if len(batch) == 5000:
                conn.execute(insert(InvoiceRow), batch)
                batch = []
        if batch:
            conn.execute(insert(InvoiceRow), batch)


def run_dry_run(url: str, workdir: Path) -> dict[str, object]:
    config = workdir / "assistant.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    script = ("import resource, sys, time\n"
              "from assistant.cli import main\n"
              "t = time.perf_counter()\n"
              "code = main(sys.argv[1:])\n"
              "print('ELAPSED', time.perf_counter() - t, file=sys.stderr)\n"
              "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
              "raise SystemExit(code)\n")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, "send-due", "--config", str(config), "--dry-run",
                           "--now", NOW.isoformat()], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"send-due failed: {done.stderr}")
    stats = dict(line.split(" ", 1) for line in done.stderr.splitlines() if line.startswith(("ELAPSED", "MAXRSS")))
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall_s": round(wall, 2), "pass_s": round(float(stats["ELAPSED"]), 2),
            "peak_rss_mb": round(int(stats["MAXRSS"]) / 1024, 1), "summary": summary}


def pg_url() -> str | None:
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"ar_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    except Exception:
        return None


def drop_pg(url: str) -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


SERVER = """
import sys, time
from tests.servers.smtp import SmtpTestServer
with SmtpTestServer(port=int(sys.argv[1])) as server:
    print("ready", flush=True)
    sys.stdin.readline()
    print(len(server.messages), flush=True)
"""


def smtp_throughput(workdir: Path, messages: int) -> dict[str, object]:
    from assistant.service.dunning.send_due import send_due
    from assistant.service.outbox.delivery import deliver_due
    from assistant.wiring import smtp_connector
    from tests.servers.smtp import free_port

    engine = make_engine(f"sqlite:///{workdir / 'smtp.db'}")
    upgrade(engine)
    fill(engine, messages, messages)
    with engine.begin() as conn:  # every invoice at overdue_7 and every contact reachable, nobody opted out
        conn.execute(text("UPDATE invoices SET due_date = :d"), {"d": date(2026, 11, 16)})
        conn.execute(text("UPDATE contacts SET status = 'active'"))
        conn.execute(text("UPDATE customers SET opted_out = :f, timezone = 'Europe/London', country = 'GB'"),
                     {"f": False})
    # The SMTP server runs in its own process, as a real one would (not competing for our GIL).
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert server.stdout is not None and server.stdin is not None
    server.stdout.readline()
    try:
        settings = replace(Settings(), smtp=SmtpSettings(host="127.0.0.1", port=port, tls="none"))
        # Plan and write to the outbox with delivery pointed at a closed port, so that the
        # timed part below is delivery alone.
        closed = replace(settings, smtp=replace(settings.smtp, port=1),
                         dunning=replace(settings.dunning, retry_base_seconds=0))
        started = time.perf_counter()
        summary = send_due(engine, closed, NOW, smtp_connector(closed))
        planning = time.perf_counter() - started
        started = time.perf_counter()
        report = deliver_due(engine, settings, NOW + timedelta(seconds=1), smtp_connector(settings))
        elapsed = time.perf_counter() - started
    finally:
        server.stdin.write("\n")
        server.stdin.flush()
        received = int(server.stdout.readline().strip() or 0)
        server.wait(10)
    return {"messages": report.sent, "received": received, "seconds": round(elapsed, 2),
            "msg_per_s": round(report.sent / elapsed, 1), "connections": report.connections,
            "planned": summary["planned"], "plan_and_enqueue_s": round(planning, 2)}


def full_pass(engine: Engine) -> dict[str, object]:
    """Plan and write every reminder; delivery points at a closed port and defers at once."""
    from assistant.service.dunning.send_due import send_due
    from assistant.wiring import smtp_connector

    settings = replace(Settings(), smtp=SmtpSettings(host="127.0.0.1", port=1, tls="none"))
    started = time.perf_counter()
    first = send_due(engine, settings, NOW, smtp_connector(settings))
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    second = send_due(engine, settings, NOW, smtp_connector(settings))
    second_s = time.perf_counter() - started
    return {"written": first["planned"], "first_pass_s": round(first_s, 1),
            "second_pass_planned": second["planned"], "second_pass_s": round(second_s, 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--full-pass", action="store_true",
                        help="also time a real pass writing every planned reminder to the outbox (about a minute)")
    args = parser.parse_args()
    results: dict[str, object] = {"machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
                                  "date": datetime.now(UTC).date().isoformat()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        started = time.perf_counter()
        fill(engine, args.customers, args.invoices)
        print(f"filled {args.invoices} invoices / {args.customers} customers in {time.perf_counter() - started:.1f} s",
              flush=True)
        results["dry_run_sqlite"] = run_dry_run(url, work)
        print("dry run, SQLite:", json.dumps(results["dry_run_sqlite"]), flush=True)
        pg = None if args.no_pg else pg_url()
        if pg:
            try:
                pg_engine = make_engine(pg)
                upgrade(pg_engine)
                fill(pg_engine, args.customers, args.invoices)
                pg_engine.dispose()
                results["dry_run_postgresql"] = run_dry_run(pg, work)
                print("dry run, PostgreSQL:", json.dumps(results["dry_run_postgresql"]), flush=True)
            finally:
                drop_pg(pg)
        if args.full_pass:
            results["full_pass_sqlite"] = full_pass(engine)
            print("full pass, SQLite:", json.dumps(results["full_pass_sqlite"]), flush=True)
        results["smtp"] = smtp_throughput(work, args.messages)
        print("SMTP delivery:", json.dumps(results["smtp"]), flush=True)
    dry = results["dry_run_sqlite"]
    smtp = results["smtp"]
    assert isinstance(dry, dict) and isinstance(smtp, dict)
    ok = float(dry["pass_s"]) < 10 and float(dry["peak_rss_mb"]) < 500 and float(smtp["msg_per_s"]) >= 50
    print(json.dumps(results))
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
