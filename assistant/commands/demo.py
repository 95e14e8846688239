"""`demo [--headless]`: the whole loop on the embedded default, with local SMTP and IMAP
servers started by the demo itself (see docs/demo.md)."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from assistant.commands.arguments import refuse_taken_port, tcp_port
from assistant.commands.base import Context, command, wall_clock

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "demo", run_demo,
                "the end-to-end demo: fresh store in var/demo, local SMTP and IMAP servers, reminders sent, "
                "replies read over IMAP, suggestions, and the web app")
    p.add_argument("--headless", action="store_true",
                   help="run the loop to completion, print a summary (last line JSON) and exit")
    p.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 20),
                   help="the business day of the demo clock (the demo ledger is dated around 2026-11-20)")
    p.add_argument("--dir", type=Path, default=Path("var/demo"), help="demo folder, recreated on each run")
    p.add_argument("--port", type=tcp_port, default=8000, help="web app port")
    p.add_argument("--imap", choices=("auto", "dovecot", "pymap"), default="auto",
                   help="the local IMAP server: Dovecot when installed (auto), else pymap (pure Python)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the replies to be handled")


def _say(text: str) -> None:
    print(text, flush=True)


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.demo.dovecot_server import DemoDovecot
    from assistant.demo.loop import (
        ListenerThread,
        append_replies,
        build_model,
        dunning_day,
        model_missing,
        pass_times,
        prepare,
        send_digest,
        wait_handled,
        wait_synced,
    )
    from assistant.demo.summary import summarize

    if not args.headless:
        refuse_taken_port("127.0.0.1", args.port)
    if model_missing():
        _say("building the intent model from data/intents/ (once; `make model` does the same)...")
        build_model()
    day_start = datetime.combine(args.day, datetime.min.time(), tzinfo=UTC)
    times = pass_times(day_start)
    env = prepare(args.dir, times[0], web_port=args.port, imap_choice=args.imap)
    listener: ListenerThread | None = None
    try:
        _say(f"demo store:   {env.config_path.parent} (config {env.config_path})")
        server = "Dovecot" if isinstance(env.imap, DemoDovecot) else "pymap"
        _say(f"SMTP catcher: 127.0.0.1:{env.smtp.port}    IMAP ({server}): 127.0.0.1:{env.imap.port}")

        def progress(at: datetime, summary: dict[str, Any]) -> None:
            if summary.get("sent"):
                _say(f"  {at:%Y-%m-%d %H:%M} UTC dunning pass: sent {summary['sent']}")

        _say(f"dunning passes through {args.day} ({times[0]:%H:%M}-{times[-1]:%H:%M} UTC):")
        dunning_day(env, times, progress)
        # From here the demo clock runs on from an hour after the last pass.
        env.clock.set(times[-1] + timedelta(hours=1))
        # The listener first, so the replies arrive while it waits in IDLE, as in production.
        listener = ListenerThread(env).start()
        wait_synced(env, 30, listener)
        appended = append_replies(env)
        _say(f"appended {len(appended)} customer replies to the IMAP mailbox "
             f"({sum(1 for a in appended if a.threaded_on)} threaded onto the reminders sent)")
        handled = wait_handled(env, len(appended), args.timeout, listener)
        send_digest(env)
        summary = summarize(env)
        for line in summary.lines():
            _say(line)
        complete = handled >= len(appended) and listener.error is None and summary.quarantined == 0
        if handled < len(appended):
            _say(f"the listener handled {handled} of {len(appended)} replies within {args.timeout:.0f} s")
        if summary.quarantined:
            _say(f"{summary.quarantined} replies were quarantined: ar-assistant --config {env.config_path} "
                 "quarantine list")
        if args.headless:
            _say(json.dumps(summary.as_json()))
            return 0 if complete else 1
        return _serve(env, args)
    finally:
        if listener is not None:
            listener.stop()
        env.stop()


def _noted(signum: int, frame: FrameType | None) -> None:
    log.info("signal %s: stopping the demo", signum)


def _serve(env: Any, args: argparse.Namespace) -> int:
    """The web app in the foreground until Ctrl-C. The listener keeps listening (IDLE), the
    outbox delivers replies approved in the web app to the SMTP catcher, and all of them
    (the web pages too) run on the demo clock.

    The demo day's dunning is over, so no further passes run. Delivery runs on the real
    clock: a reply approved from another process (`approve`, which knows nothing of the demo
    clock) is stamped with the real time, and one approved in the web app with the demo's,
    which is earlier; both are due.
    """
    import uvicorn

    from assistant.scheduling import delivery_scheduler
    from assistant.web.app import create_app

    def sent(count: int) -> None:
        _say(f"outbox: sent {count} approved repl{'y' if count == 1 else 'ies'} "
             f"to the SMTP catcher ({len(env.smtp.caught())} emails caught so far)")

    scheduler = delivery_scheduler(replace(env.wired, clock=wall_clock), sent)
    scheduler.start()
    try:
        url = f"http://127.0.0.1:{args.port}"
        _say("")
        _say(f"web app:      {url}")
        _say(f"login:        {env.login[0]} / {env.login[1]}   (role: approver)")
        _say(f"CLI:          ar-assistant --config {env.config_path} suggestions")
        _say("Ctrl-C stops the web app, the listener, the outbox and the demo servers.")
        app = create_app(env.settings, env.engine, env.clock)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=args.port, log_level="warning"))
        # uvicorn stops on SIGINT/SIGTERM, then hands the signal on to the previous handler;
        # ours only notes it, so Ctrl-C ends the demo with exit 0 instead of an interrupt.
        previous = {s: signal.signal(s, _noted) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            server.run()
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
    finally:
        scheduler.shutdown(wait=True)
    print("demo stopped", file=sys.stderr)
    return 0
