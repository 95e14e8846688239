"""`demo`: the product on the embedded default (SQLite under ./var), with the demo ledger."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from assistant.cli import Context, command

DEMO_DATA = Path(__file__).resolve().parents[2] / "data" / "demo"


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "demo", run_demo, "run the end-to-end demo on the embedded default (SQLite in ./var)")
    p.add_argument("--headless", action="store_true", help="run to completion, print a summary and exit")
    p.add_argument("--now", default="2026-11-20T10:00:00+00:00",
                   help="the demo clock (ISO 8601); the demo ledger is dated around 2026-11-20")


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.commands import ledger
    from assistant.commands.setup import run_init

    run_init(args, ctx)
    for kind in ("customers", "invoices", "payments"):
        ledger.run_import(argparse.Namespace(kind=kind, file=DEMO_DATA / f"{kind}.csv"), ctx)
    now = datetime.fromisoformat(args.now)
    ledger.run_aging(argparse.Namespace(now=now.astimezone(UTC), json=False), ctx)
    return 0
