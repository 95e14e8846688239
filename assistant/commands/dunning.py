"""`send-due [--now ISO8601] [--dry-run]`: one dunning pass (CONTRACT.md); `outbox` and
`outbox-resolve` for the sends a person has to decide."""

from __future__ import annotations

import argparse
import json
import sys

from assistant.commands.base import Context, add_now, command
from assistant.core.statuses import OutboxDecision, OutboxStatus


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "send-due", run_send_due,
                "one dunning pass at NOW: plan reminders, write them to the outbox, send what is due; "
                "the last line is a JSON summary")
    add_now(p)
    p.add_argument("--dry-run", action="store_true", help="plan only: write nothing, send nothing")
    o = command(sub, "outbox", run_outbox, "list outgoing emails, newest first")
    o.add_argument("--status", choices=tuple(OutboxStatus),
                   help="only this status (unknown: the outcome of a send was lost in a crash)")
    o.add_argument("--json", action="store_true", help="print a JSON array")
    r = command(sub, "outbox-resolve", run_outbox_resolve,
                "decide an outgoing email whose outcome is unknown, or that failed")
    r.add_argument("id", type=int, help="outbox id (see `outbox --status unknown`)")
    r.add_argument("decision", choices=tuple(OutboxDecision),
                   help="sent: it did go out; resend: queue it again; cancel: never send it")
    r.add_argument("--as", dest="actor", default="cli", help="who decided (kept in the audit log)")
    add_now(r, "decide as of this ISO 8601 time; a resend is due from then")


def run_send_due(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.dunning.policy_file import load_for
    from assistant.service.dunning.send_due import send_due
    from assistant.wiring import wire

    loaded = load_for(ctx.settings)  # a bad policy or template fails here, before anything is written
    now = ctx.now(args)
    wired = wire(ctx.settings, lambda: now)
    summary = send_due(wired.engine, ctx.settings, now, wired.smtp, dry_run=args.dry_run, loaded=loaded)
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0


def run_outbox(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.outbox.review import list_outbox
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
    from assistant.service.outbox.review import resolve
    from assistant.store.access import open_store

    row = resolve(open_store(ctx.settings), args.id, args.decision, args.actor, ctx.now(args))
    print(f"outbox {row.id}: {row.status}")
    return 0
