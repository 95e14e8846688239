"""The weekly digest on a large store: time to build it and render text, HTML and chart.

Usage: .venv/bin/python bench/digest.py [--customers N] [--runs N] [--skip-postgres]

The store: N customers with five invoices each (a quarter partly paid), one open thread
per customer with its invoice states, a classified reply and a suggestion each (a third
pending for over a day, the rest decided), a promise, a dispute or a plan on some of
them, bounced contacts and quarantined mail. Timed in process, after one warm-up run.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, insert, text  # noqa: E402

from assistant.rendering.digest import html_for_email, render_fragment, render_text  # noqa: E402
from assistant.service.digest.build import build_digest  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store.db import make_engine  # noqa: E402
from assistant.store.migrate import upgrade  # noqa: E402
from assistant.store.models import (  # noqa: E402
    ContactRow,
    ConversationEventRow,
    CustomerRow,
    DisputeRow,
    InboundMessageRow,
    InstalmentRow,
    InvoiceRow,
    InvoiceStateRow,
    PaymentPlanRow,
    PaymentRow,
    PromiseRow,
    SuggestionRow,
    ThreadRow,
)

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
INTENTS = ("not-received", "scheduled", "cannot-pay", "already-paid", "dispute", "other")


def seed(engine: Engine, customers: int) -> None:
    t0 = NOW - timedelta(days=400)
    n_inv = customers * 5
    rows: dict[Any, list[dict[str, Any]]] = {}
    rows[CustomerRow] = [{"id": c + 1, "customer_id": f"C{c:06d}", "name": f"Customer {c}",
                          "email": f"ap{c}@c{c}.example", "language": "en", "opted_out": False,
                          "created_at": t0, "updated_at": t0} for c in range(customers)]
    rows[ContactRow] = [{"customer_pk": c + 1, "email": f"ap{c}@c{c}.example", "role": "billing",
                         "status": "bounced" if c % 50 == 0 else "active", "source": "import",
                         "created_at": t0, "updated_at": t0} for c in range(customers)]
    rows[InvoiceRow] = [{"id": i + 1, "invoice_number": f"INV-{i + 100000}", "customer_pk": i % customers + 1,
                         "issue_date": NOW.date() - timedelta(days=30 + i % 360),
                         "due_date": NOW.date() - timedelta(days=i % 360), "amount": Decimal(100 + i % 9000),
                         "currency": "EUR", "balance": Decimal(100 + i % 9000) / (2 if i % 4 == 0 else 1),
                         "balance_from_ledger": False, "created_at": t0, "updated_at": t0} for i in range(n_inv)]
    rows[PaymentRow] = [{"invoice_pk": i + 1, "amount": Decimal(100 + i % 9000) / 2,
                         "paid_on": NOW.date() - timedelta(days=i % 60), "reference": f"r{i}", "created_at": t0}
                        for i in range(0, n_inv, 4)]
    rows[ThreadRow] = [{"id": c + 1, "thread_key": f"dunning:C{c:06d}", "customer_pk": c + 1, "subject": "Invoices",
                        "status": "open", "created_at": t0, "updated_at": t0} for c in range(customers)]
    rows[InvoiceStateRow] = [{"invoice_pk": i + 1, "thread_pk": i % customers + 1, "state": "reminded",
                              "updated_at": t0} for i in range(n_inv)]
    inbound, events, suggestions = [], [], []
    for c in range(customers):
        at = NOW - timedelta(hours=6 + c % 300)
        raw = f"Message-ID: <r{c}@x>\r\n\r\nhello {c}\r\n".encode()
        inbound.append({"id": c + 1, "mailbox": "INBOX", "uidvalidity": 1, "uid": c + 1, "message_id": f"<r{c}@x>",
                        "message_key": f"<r{c}@x>", "sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw),
                        "raw": raw, "received_at": at, "status": "quarantined" if c % 97 == 0 else "processed",
                        "reason": "unparseable" if c % 97 == 0 else None, "updated_at": at})
        intent = INTENTS[c % len(INTENTS)]
        events.append({"thread_pk": c + 1, "invoice_pk": c + 1, "inbound_pk": c + 1, "event": "reply_classified",
                       "intent": intent, "detail": {}, "actor": "system", "at": at})
        decided = None if c % 3 == 0 else at + timedelta(hours=2)
        suggestions.append({"thread_pk": c + 1, "customer_pk": c + 1, "inbound_pk": c + 1, "invoice_pks": [c + 1],
                            "invoice_numbers": [], "intent": intent, "action": "acknowledge",
                            "status": "pending" if decided is None else "approved", "language": "en",
                            "to_addrs": [], "subject": "Re", "body": "b", "drafted_body": "b", "attachments": [],
                            "flags": [], "edited": c % 5 == 0, "decided_at": decided, "created_at": at})
    rows[InboundMessageRow], rows[ConversationEventRow], rows[SuggestionRow] = inbound, events, suggestions
    rows[PromiseRow] = [{"invoice_pk": c + 1, "thread_pk": c + 1, "promised_date": NOW.date() + timedelta(days=c % 14 - 7),
                         "status": "open", "created_at": t0} for c in range(0, customers, 7)]
    rows[DisputeRow] = [{"invoice_pk": c + 1, "thread_pk": c + 1, "reason": "wrong amount", "owner": f"owner{c % 4}",
                         "status": "open", "created_at": NOW - timedelta(days=c % 40)} for c in range(0, customers, 11)]
    rows[PaymentPlanRow] = [{"id": p + 1, "thread_pk": c + 1, "customer_pk": c + 1, "invoice_pks": [c + 1],
                             "status": "active", "total": Decimal(1000), "currency": "EUR", "created_at": t0}
                            for p, c in enumerate(range(0, customers, 13))]
    rows[InstalmentRow] = [{"plan_pk": p["id"], "number": 1, "due_date": NOW.date() - timedelta(days=p["id"] % 20 - 10),
                            "amount": Decimal(500), "remind_on": NOW.date(), "status": "scheduled"}
                           for p in rows[PaymentPlanRow]]
    with engine.begin() as conn:
        for model, values in rows.items():
            for start in range(0, len(values), 5000):
                conn.execute(insert(model), values[start:start + 5000])
        if engine.dialect.name == "postgresql":
            for table in ("customers", "invoices", "threads", "inbound_messages", "payment_plans"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))


def timed(engine: Engine, runs: int) -> dict[str, list[float]]:
    settings = Settings()
    times: dict[str, list[float]] = {"build": [], "render": []}
    for run in range(runs + 1):
        started = time.perf_counter()
        digest = build_digest(engine, settings, NOW)
        built = time.perf_counter()
        render_text(digest)
        html_for_email(digest, "<bench@x>")
        render_fragment(digest)
        done = time.perf_counter()
        if run:
            times["build"].append((built - started) * 1000)
            times["render"].append((done - built) * 1000)
    print(f"  {digest.conversation_count} conversations, {len(digest.suggestions_waiting)} waiting suggestions, "
          f"{len(digest.disputes_overdue)} old disputes, {len(digest.plans_in_default)} plans in default")
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {date.today()}")
    with tempfile.TemporaryDirectory() as tmp:
        backends = [("sqlite", f"sqlite:///{tmp}/bench.db")]
        pg_name = None
        if not args.skip_postgres:
            pg_name = f"ar_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{pg_name}"'))
            backends.append(("postgresql", PG_ADMIN.rsplit("/", 1)[0] + f"/{pg_name}"))
        try:
            for name, url in backends:
                engine = make_engine(url)
                upgrade(engine)
                seed(engine, args.customers)
                print(f"{name}: {args.customers} customers, {args.customers * 5} invoices")
                times = timed(engine, args.runs)
                for part, values in times.items():
                    print(f"  {part}: median {statistics.median(values):.0f} ms, max {max(values):.0f} ms")
                engine.dispose()
        finally:
            if pg_name:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
