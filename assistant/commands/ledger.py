"""`import customers|invoices|payments FILE.csv` and `aging`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from assistant.commands.base import Context, add_now, command

KINDS = ("customers", "invoices", "payments")


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "import", run_import,
                "import a ledger CSV file atomically: every row valid, or nothing written (exit 2)")
    p.add_argument("kind", choices=KINDS, help="what the file holds")
    p.add_argument("file", type=Path, help="CSV file: UTF-8, header row required, extra columns ignored")
    add_now(p, "stamp the imported rows with this ISO 8601 time")
    a = command(sub, "aging", run_aging, "open balances per aging bucket (current, 1-30, 31-60, 61-90, 90+)")
    add_now(a)
    a.add_argument("--json", action="store_true", help="print one JSON object")


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.ledger import imports as ledger_import
    from assistant.store.access import open_store

    engine = open_store(ctx.settings)
    importer = {"customers": ledger_import.import_customers, "invoices": ledger_import.import_invoices,
                "payments": ledger_import.import_payments}[args.kind]
    result = importer(engine, args.file, ctx.now(args))
    print(result.summary(args.file))
    return 0


def run_aging(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.core.ledger import AGING_BUCKETS
    from assistant.core.money import Money
    from assistant.service.ledger.aging import aging_summary
    from assistant.store.access import open_store

    today = ctx.now(args).astimezone(ZoneInfo(ctx.settings.company.timezone)).date()

    summary = aging_summary(open_store(ctx.settings), today)
    if args.json:
        # Amounts in the currency's minor units (ISO 4217), as the text output shows them.
        shown_totals = {b: {c: str(Money(v, c).quantized().amount) for c, v in sorted(t.items())}
                        for b, _, _ in AGING_BUCKETS if (t := summary.totals.get(b))}
        counts = {b: summary.counts[b] for b, _, _ in AGING_BUCKETS if b in summary.counts}
        print(json.dumps({"as_of": today.isoformat(), "counts": counts, "totals": shown_totals}))
        return 0
    print(f"aging as of {today} ({ctx.settings.company.name})")
    print(f"{'bucket':<10}{'invoices':>10}  open balance")
    for name, _, _ in AGING_BUCKETS:
        totals = summary.totals.get(name, {})
        shown = ", ".join(str(Money(v, c)) for c, v in sorted(totals.items())) or "-"
        print(f"{name:<10}{summary.counts.get(name, 0):>10}  {shown}")
    return 0
