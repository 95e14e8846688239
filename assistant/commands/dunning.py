"""`send-due [--now ISO8601] [--dry-run]`: one dunning pass (CONTRACT.md); `outbox` and
`outbox-resolve` for the sends a person has to decide."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from assistant.cli import Context, command
from assistant.commands.time_arguments import iso_datetime


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "send-due", run_send_due,
                "one dunning pass at NOW: plan reminders, write them to the outbox, send what is due; "
                "the last line is a JSON summary")
    p.add_argument("--now", type=iso_datetime, help="as of this ISO 8601 time (default: the current time; "
                                                     "without an offset: UTC)")
    p.add_argument("--dry-run", action="store_true", help="plan only: write nothing, send nothing")
    o = command(sub, "outbox", run_outbox, "list outgoing emails, newest first")
    o.add_argument("--status", choices=("queued", "sending", "sent", "failed", "unknown", "cancelled"),
                   help="only this status (unknown: the outcome of a send was lost in a crash)")
    o.add_argument("--json", action="store_true", help="print a JSON array")
    r = command(sub, "outbox-resolve", run_outbox_resolve,
                "decide an outgoing email whose outcome is unknown, or that failed")
    r.add_argument("id", type=int, help="outbox id (see `outbox --status unknown`)")
    r.add_argument("decision", choices=("sent", "resend", "cancel"),
                   help="sent: it did go out; resend: queue it again; cancel: never send it")
    r.add_argument("--as", dest="actor", default="cli", help="who decided (kept in the audit log)")


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


def run_outbox(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.outbox_review import list_outbox
    from assistant.store.access import open_store

    rows = list_outbox(open_store(ctx.settings), args.status)
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        print(f"{row['id']:>6}  {row['status']:<9} {row['kind']:<8} {','.join(row['to'])[:40]:<40}  "
              f"{row['subject'][:60]}{'  [' + row['error'] + ']' if row['error'] else ''}")
    return 0


def run_outbox_resolve(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.outbox_review import resolve
    from assistant.store.access import open_store

    row = resolve(open_store(ctx.settings), args.id, args.decision, args.actor, datetime.now(UTC))
    print(f"outbox {row.id}: {row.status}")
    return 0
