"""`send-due [--now ISO8601] [--dry-run]`: one dunning pass (CONTRACT.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from assistant.cli import Context, command


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "send-due", run_send_due,
                "one dunning pass at NOW: plan reminders, write them to the outbox, send what is due; "
                "the last line is a JSON summary")
    p.add_argument("--now", type=_iso_datetime, help="as of this ISO 8601 time (default: the current time; "
                                                      "without an offset: UTC)")
    p.add_argument("--dry-run", action="store_true", help="plan only: write nothing, send nothing")


def _iso_datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def run_send_due(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.policy_file import load_for
    from assistant.service.send_due import send_due
    from assistant.store.access import open_store

    loaded = load_for(ctx.settings)  # a bad policy or template fails here, before anything is written
    engine = open_store(ctx.settings)
    now = args.now or datetime.now(UTC)
    summary = send_due(engine, ctx.settings, now, dry_run=args.dry_run, loaded=loaded)
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0
