"""`suggestions`, `approve`, `reject`, `reclassify`, `corrections`: decide suggested replies;
`verify-due`: the scheduler's job for due verifications and instalment reminders; `conversation`:
one invoice's conversation."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from assistant.commands.arguments import write_output
from assistant.commands.base import Context, add_now, command
from assistant.core.statuses import SuggestionStatus
from assistant.errors import BadInput


def register(sub: argparse._SubParsersAction) -> None:
    s = command(sub, "suggestions", run_list, "list suggested replies")
    s.add_argument("--status", choices=tuple(SuggestionStatus), help="only suggestions with this status")
    s.add_argument("--json", action="store_true", help="print one JSON array")
    a = command(sub, "approve", run_approve, "approve a suggested reply; it is sent in the customer's thread")
    a.add_argument("id", type=int, help="suggestion id")
    a.add_argument("--as", dest="user", help="who approves (default: the login name)")
    a.add_argument("--body-file", type=Path, help="send this text instead of the drafted body")
    a.add_argument("--no-send", action="store_true", help="only queue it; the next delivery pass sends it")
    add_now(a)
    r = command(sub, "reject", run_reject, "reject a suggested reply")
    r.add_argument("id", type=int, help="suggestion id")
    r.add_argument("--reason", help="why (kept in the audit log)")
    r.add_argument("--as", dest="user", help="who rejects (default: the login name)")
    add_now(r)
    c = command(sub, "reclassify", run_reclassify,
                "correct the intent of a reply: stored as training data, followed up again")
    c.add_argument("id", type=int, help="suggestion id")
    c.add_argument("intent", help="the correct intent label")
    c.add_argument("--as", dest="user", help="who corrects (default: the login name)")
    add_now(c)
    e = command(sub, "corrections", run_corrections, "export intent corrections as training JSONL")
    e.add_argument("--out", type=Path, help="write to this file (default: stdout)")
    d = command(sub, "decide", run_decide,
                "a staff decision on an invoice's conversation (resolve, close, collections, dispute, "
                "decline-plan, reopen)")
    d.add_argument("invoice", help="invoice number")
    d.add_argument("decision", nargs="?",
                   help="resolve | close | collections | dispute | decline-plan | reopen (omit with --owner "
                        "to only reassign the open dispute)")
    d.add_argument("--note", help="why; for 'dispute' the reason")
    d.add_argument("--owner", help="with 'dispute' or alone: route the open dispute to this person")
    d.add_argument("--as", dest="user", help="who decides (default: the login name)")
    add_now(d)
    h = command(sub, "conversation", run_conversation,
                "one invoice's conversation: state, holds, promises, disputes, plans, checks, history")
    h.add_argument("invoice", help="invoice number")
    h.add_argument("--json", action="store_true", help="print one JSON object")
    v = command(sub, "verify-due", run_verify_due,
                "check due promises and 'already paid' claims against the ledger; queue instalment reminders")
    add_now(v)


def _user(args: argparse.Namespace) -> str:
    return str(args.user or getpass.getuser())


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.suggestions import list_suggestions
    from assistant.store.access import open_store

    rows = list_suggestions(open_store(ctx.settings), args.status)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        invoices = ",".join(r["invoice_numbers"]) or "-"
        print(f"{r['id']:>5}  {r['status']:<9}{r['intent']:<13}{r['action']:<22}{r['customer_id'] or '-':<12}"
              f"{invoices:<20}{r['subject']}")
    return 0


def run_approve(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.suggestions import approve, suggestion_status
    from assistant.service.outbox.delivery import deliver_due
    from assistant.wiring import wire

    body = None
    if args.body_file is not None:
        try:
            body = args.body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"{args.body_file}: cannot read: {exc}") from exc
        if not body.strip():
            # As in the web app: an empty reply is never sent; the suggestion is rejected instead.
            raise BadInput(f"{args.body_file}: the reply is empty; reject the suggestion instead")
    now = ctx.now(args)
    wired = wire(ctx.settings, lambda: now)
    outbox_id = approve(wired.engine, ctx.settings, args.id, _user(args), now, body)
    if not args.no_send:
        # Delivery is the outbox's: queued mail that is due goes out in this pass.
        report = deliver_due(wired.engine, ctx.settings, now, wired.smtp)
        if report.deferred or report.busy:
            print("ar-assistant: queued; the SMTP server was not reachable now, delivery will retry",
                  file=sys.stderr)
    status = suggestion_status(wired.engine, args.id)
    print(json.dumps({"id": args.id, "status": status, "outbox_id": outbox_id}))
    return 0


def run_reject(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.suggestions import reject
    from assistant.store.access import open_store

    reject(open_store(ctx.settings), args.id, _user(args), ctx.now(args), args.reason)
    print(json.dumps({"id": args.id, "status": "rejected"}))
    return 0


def run_reclassify(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.reclassify import reclassify
    from assistant.store.access import open_store

    new_ids = reclassify(open_store(ctx.settings), ctx.settings, args.id, args.intent, _user(args),
                         ctx.now(args))
    print(json.dumps({"id": args.id, "intent": args.intent, "suggestions": new_ids}))
    return 0


def run_corrections(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.suggestions import export_corrections
    from assistant.store.access import open_store

    lines = list(export_corrections(open_store(ctx.settings)))
    text = "".join(line + "\n" for line in lines)
    if args.out is not None:
        write_output(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


def run_verify_due(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.verifications import run_due
    from assistant.store.access import open_store

    report = run_due(open_store(ctx.settings), ctx.settings, ctx.now(args))
    print(json.dumps(report.to_json()))
    return 0


def run_decide(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.decisions import assign_dispute, decide
    from assistant.store.access import open_store

    if args.decision is None and not args.owner:
        raise BadInput("decide: give a decision, or --owner NAME to reassign the open dispute")
    engine = open_store(ctx.settings)
    now = ctx.now(args)
    result: dict[str, Any] = {"invoice": args.invoice}
    if args.decision is not None:
        # One transaction: a decision whose owner cannot be set changes nothing.
        result = decide(engine, args.invoice, args.decision, _user(args), now, args.note, owner=args.owner)
    else:
        assign_dispute(engine, args.invoice, args.owner, _user(args), now)
        result["owner"] = args.owner
    print(json.dumps(result))
    return 0


def run_conversation(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.followup.conversation_view import invoice_conversation
    from assistant.store.access import open_store

    view = invoice_conversation(open_store(ctx.settings), args.invoice)
    if args.json:
        print(json.dumps(view, ensure_ascii=False))
        return 0
    print(f"{view['invoice']}: {view['state']}, open {view['balance']} {view['currency']}")
    for hold in view["holds"]:
        print(f"  hold {hold['reason']} until {hold['until'] or 'further notice'} ({hold['source']})")
    for key in ("promises", "disputes", "verifications", "plans", "suggestions"):
        for item in view[key]:
            shown = ", ".join(f"{k}={v}" for k, v in item.items() if k != "instalments")
            print(f"  {key[:-1]}: {shown}")
    for event in view["events"]:
        print(f"  {event['at']}  {event['event']:<32} {event['from']} -> {event['to'] or 'refused'}  {event['actor']}")
    return 0
