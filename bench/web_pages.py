"""Queue and conversation pages with 10,000 pending suggestions: server time p50/p95.

Usage: .venv/bin/python bench/web_pages.py [--pending N] [--runs N] [--skip-postgres]

The store gets a ledger (2,000 customers, one invoice per suggestion, a sent reminder
each), N pending suggestions written in bulk, and a handful of real customer replies
(tests/fixtures/replies) handled by `handle_inbound`, whose conversation pages are timed.
Server time is measured in process around each request (ASGI app, database, templates;
no network), after warm-up. Target: under 300 ms per page.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, insert, text  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from assistant.service.inbound.replies import handle_inbound  # noqa: E402
from assistant.service.users import add_user  # noqa: E402
from assistant.settings import Settings, SmtpSettings, WebSettings  # noqa: E402
from assistant.store.db import make_engine  # noqa: E402
from assistant.store.migrate import upgrade  # noqa: E402
from assistant.store.models import CustomerRow, InvoiceRow, OutboxRow, ReminderSentRow  # noqa: E402
from assistant.store.models.conversation import SuggestionRow  # noqa: E402
from assistant.web.app import create_app  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REPLIES = ROOT / "tests" / "fixtures" / "replies"
NOW = datetime.now(UTC)
INTENTS = ("not-received", "scheduled", "cannot-pay", "already-paid", "dispute", "other")
PASSWORD = "bench password 1"


def seed(engine: Engine, pending: int, customers: int = 2000) -> None:
    t0 = NOW - timedelta(days=60)
    with engine.begin() as conn:
        conn.execute(insert(CustomerRow), [
            {"id": i + 1, "customer_id": f"C{i:06d}", "name": f"Customer {i}", "email": f"ap{i}@c{i}.example",
             "language": "en", "segment": ("chronic", "new", None)[i % 3], "opted_out": False,
             "created_at": t0, "updated_at": t0} for i in range(customers)])
        conn.execute(insert(InvoiceRow), [
            {"id": i + 1, "invoice_number": f"INV-{i + 100000}", "customer_pk": i % customers + 1,
             "issue_date": date(2026, 8, 1), "due_date": NOW.date() - timedelta(days=i % 90),
             "amount": Decimal(100 + i % 9000), "currency": "EUR", "balance": Decimal(100 + i % 9000),
             "balance_from_ledger": False, "created_at": t0, "updated_at": t0} for i in range(pending)])
        conn.execute(insert(OutboxRow), [
            {"id": i + 1, "key": f"reminder:{i}", "kind": "reminder", "status": "sent",
             "customer_pk": i % customers + 1, "thread_key": f"dunning:C{i % customers:06d}", "step": "overdue_14",
             "invoice_pks": [i + 1], "message_id": f"<r{i}@bench.example>", "from_addr": "ar@billing.example",
             "to_addrs": [f"ap{i % customers}@c{i % customers}.example"], "cc_addrs": [], "subject": "Reminder",
             "body_text": "Please pay.", "attachments": [], "attempts": 1, "sent_at": t0, "created_at": t0,
             "updated_at": t0} for i in range(pending)])
        conn.execute(insert(ReminderSentRow), [
            {"invoice_pk": i + 1, "customer_pk": i % customers + 1, "step": "overdue_14", "outbox_pk": i + 1,
             "created_at": t0} for i in range(pending)])
        conn.execute(insert(SuggestionRow), [
            {"customer_pk": i % customers + 1, "invoice_pks": [i + 1], "invoice_numbers": [f"INV-{i + 100000}"],
             "intent": INTENTS[i % len(INTENTS)], "action": "triage", "status": "pending", "language": "en",
             "to_addrs": [f"ap{i % customers}@c{i % customers}.example"], "subject": "Re: Reminder",
             "body": "Dear customer,\n\nthank you for your reply.\n", "drafted_body": "", "attachments": [],
             "confidence": (i % 100) / 100, "evidence": "We will pay soon.", "flags": [], "edited": False,
             "created_at": NOW - timedelta(minutes=i)} for i in range(pending)])
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("customers", "invoices", "outbox"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
            conn.execute(text("ANALYZE"))


def handle_real_replies(engine: Engine, settings: Settings) -> list[int]:
    """ACME with its reminder, and five real replies in one thread; their suggestion ids."""
    sys.path.insert(0, str(ROOT))
    from tests.conversations.seed import add_customer, add_invoice, add_reminder, store

    customer = add_customer(engine)
    inv1 = add_invoice(engine, customer, "INV-1001")
    add_invoice(engine, customer, "INV-1002", "300.00")
    add_reminder(engine, customer, [inv1])
    ids: list[int] = []
    for name in ("not_received.eml", "scheduled.eml", "already_paid.eml", "cannot_pay.eml", "dispute.eml"):
        ids += handle_inbound(engine, settings, store(engine, name, NOW), NOW).suggestion_ids
    return ids


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: TestClient, path: str, runs: int) -> tuple[float, float]:
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    return statistics.median(times), percentile(times, 0.95)


def run_backend(name: str, url: str, pending: int, runs: int, folder: Path) -> list[tuple[str, str, float, float]]:
    engine = make_engine(url)
    upgrade(engine)
    base = Settings()
    settings = replace(base, database=replace(base.database, url=url),
                       smtp=SmtpSettings(host="127.0.0.1", port=1, tls="none", from_address="ar@billing.example"),
                       web=replace(WebSettings(), secret_file=str(folder / "secret.key")))
    started = time.monotonic()
    seed(engine, pending)
    sids = handle_real_replies(engine, settings)
    add_user(engine, "bench", "approver", PASSWORD, NOW)
    print(f"{name}: seeded {pending} pending suggestions in {time.monotonic() - started:.1f} s", flush=True)
    rows: list[tuple[str, str, float, float]] = []
    with TestClient(create_app(settings, engine, lambda: NOW), base_url="http://127.0.0.1") as client:
        import re

        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token.group(1)})
        pages = [("queue, priority, page 1", "/queue"), ("queue, priority, page 100", "/queue?page=100"),
                 ("queue, intent + confidence filter", "/queue?intent=dispute&max_confidence=0.5"),
                 ("queue, oldest first", "/queue?sort=oldest"),
                 ("conversation (5-message thread)", f"/suggestions/{sids[-1]}"),
                 ("conversation (bulk suggestion)", "/suggestions/5000")]
        for label, path in pages:
            p50, p95 = measure(client, path, runs)
            rows.append((name, label, p50, p95))
            print(f"{name:10s} {label:36s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms", flush=True)
    engine.dispose()
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    model = ROOT / "intents" / "model" / "calibration.json"
    if not model.is_file():
        subprocess.run([sys.executable, "-m", "intents.classify.training", "--quiet"], cwd=ROOT, check=True)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {date.today()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows += run_backend("sqlite", f"sqlite:///{folder / 'bench.db'}", args.pending, args.runs, folder)
        if not args.skip_postgres:
            rows += _postgres(args.pending, args.runs, folder)
    worst = max(p95 for *_, p95 in rows)
    print(f"worst p95: {worst:.1f} ms (target < 300 ms): {'ok' if worst < 300 else 'OVER'}")
    print("\n| backend | page | p50 | p95 |\n|---|---|---|---|")
    for name, label, p50, p95 in rows:
        print(f"| {name} | {label} | {p50:.1f} ms | {p95:.1f} ms |")
    return 0 if worst < 300 else 1


def _postgres(pending: int, runs: int, folder: Path) -> list[Any]:
    name = f"ar_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server: report it, keep the SQLite figures
        print(f"postgresql skipped: {exc.__class__.__name__}")
        return []
    try:
        return run_backend("postgresql", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", pending, runs, folder)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
