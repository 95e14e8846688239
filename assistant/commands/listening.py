"""`listen [--once]` and `quarantine list|reprocess`."""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
from types import FrameType

from assistant.commands.base import Context, add_now, clock_from, command


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "listen", run_listen,
                "watch the mailbox (IDLE) and store every reply exactly once; "
                "--once: process everything not yet processed, then exit")
    p.add_argument("--once", action="store_true",
                   help='catch up and exit; last line {"processed": N, "duplicates": N, "quarantined": N}')
    add_now(p, "handle mail as of this ISO 8601 time (with --once every message is stamped with it; "
               "without, the clock starts there and runs on)")
    q = command(sub, "quarantine", _usage, "messages kept raw because they could not be read or handled")
    qsub = q.add_subparsers(dest="quarantine_command", metavar="ACTION")
    ls = command(qsub, "list", run_list, "list quarantined messages")
    ls.add_argument("--json", action="store_true", help="print a JSON array")
    rp = command(qsub, "reprocess", run_reprocess,
                 "read a quarantined message again (after a fix or a larger size limit)")
    rp.add_argument("id", type=int, help="the quarantined message id (from `quarantine list`)")
    rp.add_argument("--as", dest="user", help="who asks (kept in the audit log; default: the login name)")
    add_now(rp)


def _usage(args: argparse.Namespace, ctx: Context) -> int:
    print("usage: ar-assistant quarantine {list [--json] | reprocess ID}", file=sys.stderr)
    return 2


def run_listen(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.wiring import wire

    wired = wire(ctx.settings, clock_from(args.now, fixed=args.once))
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        # Finish the message in hand, add its keyword, log out; then exit 0.
        stop.set()

    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        listener = wired.listener(stop)
        counts = listener.run_once() if args.once else listener.run_forever()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    print(json.dumps(counts.summary()), flush=True)
    return 0


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.inbound.quarantine import list_quarantined
    from assistant.store.access import open_store

    entries = list_quarantined(open_store(ctx.settings))
    if args.json:
        print(json.dumps([e.as_json() for e in entries]))
        return 0
    if not entries:
        print("quarantine is empty")
        return 0
    print(f"{'id':>6}  {'received (UTC)':<19}  {'reason':<14} {'bytes':>9}  from / subject / problem")
    for e in entries:
        print(f"{e.id:>6}  {e.received_at:%Y-%m-%d %H:%M:%S}  {e.reason:<14} {e.size:>9}  "
              f"{e.sender or '-'} / {e.subject or '-'} / {e.error or '-'}")
    return 0


def run_reprocess(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.inbound.quarantine import reprocess
    from assistant.store.access import open_store

    result = reprocess(open_store(ctx.settings), ctx.settings, args.id, ctx.now(args),
                       str(args.user or getpass.getuser()))
    print(json.dumps(result.as_json()))
    return 0 if result.status != "quarantined" else 1
