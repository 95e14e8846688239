"""Reply handling: time of `handle_inbound` per message (parse, understand, match, state
moves, follow-up records, suggested reply) on a ledger of many customers.

Usage: .venv/bin/python bench/conversations.py [--customers N] [--messages N] [--skip-postgres]

Each message is one of the reply fixtures (five intents, an out-of-office, a bounce)
rewritten for a random customer: its address, its invoice number, and In-Reply-To the
reminder we sent it. Messages are stored first; the clock covers `handle_inbound` only.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, text  # noqa: E402

from assistant.service.inbound.receive import store_message  # noqa: E402
from assistant.service.inbound.replies import handle_inbound  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store.db import make_engine, transaction  # noqa: E402
from assistant.store.migrate import upgrade  # noqa: E402
from assistant.store.models import ContactRow, CustomerRow, InvoiceRow, OutboxRow, ReminderSentRow  # noqa: E402

REPLIES = ROOT / "tests" / "fixtures" / "replies"
KINDS = ["not_received", "scheduled", "cannot_pay", "already_paid", "dispute", "out_of_office", "bounce"]
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def seed(engine: Engine, customers: int) -> None:
    with transaction(engine) as s:
        for n in range(customers):
            c = CustomerRow(customer_id=f"C{n:05d}", name=f"Customer {n}", email=f"ap@c{n}.example", language="en",
                            timezone="Europe/Berlin", country="DE", segment=None, opted_out=False,
                            created_at=NOW, updated_at=NOW)
            s.add(c)
            s.flush()
            s.add(ContactRow(customer_pk=c.id, email=c.email, role="billing", status="active", source="import",
                             created_at=NOW, updated_at=NOW))
            invs = []
            for k in (1, 2):
                inv = InvoiceRow(invoice_number=f"INV-{n:05d}{k}", customer_pk=c.id, issue_date=date(2026, 10, 1),
                                 due_date=date(2026, 11, 1), amount=Decimal("1200.00"), currency="EUR",
                                 balance=Decimal("1200.00"), balance_from_ledger=False, pdf_path=None,
                                 po_number=None, created_at=NOW, updated_at=NOW)
                s.add(inv)
                invs.append(inv)
            s.flush()
            out = OutboxRow(key=f"r{n}", kind="reminder", status="sent", customer_pk=c.id, thread_key=f"dunning:C{n:05d}",
                            step="overdue_14", invoice_pks=[invs[0].id], message_id=f"<reminder-{n}.ar@billing.example>",
                            in_reply_to=None, references=None, from_addr="ar@billing.example", to_addrs=[c.email],
                            cc_addrs=[], subject="Reminder", body_text="...", body_html=None, attachments=[],
                            attempts=1, next_attempt_at=NOW, claimed_at=NOW, sent_at=NOW, error=None,
                            created_at=NOW, updated_at=NOW)
            s.add(out)
            s.flush()
            s.add(ReminderSentRow(invoice_pk=invs[0].id, customer_pk=c.id, step="overdue_14", outbox_pk=out.id,
                                  created_at=NOW))


def message(kind: str, n: int, i: int) -> bytes:
    raw = (REPLIES / f"{kind}.eml").read_bytes()
    return (raw.replace(b"reminder-acme-1.ar@billing.example", f"reminder-{n}.ar@billing.example".encode())
            .replace(b"ap@acme.example", f"ap@c{n}.example".encode())
            .replace(b"acme.example", f"c{n}.example".encode())
            .replace(b"INV-1001", f"INV-{n:05d}1".encode())
            .replace(b"Message-ID: <", f"Message-ID: <m{i}-".encode()))


def run(engine: Engine, customers: int, messages: int) -> dict[str, object]:
    upgrade(engine)
    seed(engine, customers)
    rng = random.Random(7)
    ids = []
    for i in range(messages):
        n = rng.randrange(customers)
        ids.append(store_message(engine, "bench/INBOX", 1, i + 1, message(KINDS[i % len(KINDS)], n, i), None,
                                 10_000_000, NOW).inbound_id)
    settings = Settings()
    handle_inbound(engine, settings, ids[0], NOW)  # model load outside the clock
    times = []
    started = time.perf_counter()
    for inbound in ids[1:]:
        t0 = time.perf_counter()
        handle_inbound(engine, settings, inbound, NOW)
        times.append(time.perf_counter() - t0)
    wall = time.perf_counter() - started
    q = statistics.quantiles(times, n=100)
    return {"messages": len(times), "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1),
            "max_ms": round(max(times) * 1000, 1), "rate_per_s": round(len(times) / wall, 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=700)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}")
    with tempfile.TemporaryDirectory() as tmp:
        result = run(make_engine(f"sqlite:///{tmp}/bench.db"), args.customers, args.messages)
        print(json.dumps({"backend": "sqlite", **result}))
    if not args.skip_postgres:
        name = f"ar_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            engine = make_engine(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}")
            print(json.dumps({"backend": "postgresql", **run(engine, args.customers, args.messages)}))
            engine.dispose()
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
