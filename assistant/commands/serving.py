"""`web` (the staff web app) and `run` (the scheduler, the listener and the web app in one
process, stopped cleanly by SIGTERM or Ctrl-C).

`run --only` runs some of the parts, so a team can run each as its own process (several web
processes, one listener per mailbox) sharing one PostgreSQL store; every pass is keyed and
locked in the store, so two schedulers send nothing twice. Both hand the wall clock to
what they start: each scheduler tick, listener step and web request reads it once.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from types import FrameType
from typing import Any

from assistant.commands.arguments import refuse_taken_port, tcp_port
from assistant.commands.base import Context, command, wall_clock
from assistant.errors import BadInput

PARTS = ("scheduler", "listener", "web")
log = logging.getLogger("assistant.run")


def _parts(text: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in text.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PARTS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"--only takes a comma-separated list of {', '.join(PARTS)}")
    return chosen


def register(sub: argparse._SubParsersAction) -> None:
    w = command(sub, "web", run_web, "serve the staff web app (approve, edit, reject, reclassify)")
    w.add_argument("--host", help="listen address (default: web.host)")
    w.add_argument("--port", type=tcp_port, help="port (default: web.port)")
    p = command(sub, "run", run_all,
                "run the scheduler, the mailbox listener and the web app in one process until SIGTERM")
    p.add_argument("--only", type=_parts, default=PARTS, metavar="PARTS",
                   help="comma-separated parts to run: scheduler,listener,web (default: all three)")
    p.add_argument("--log-format", choices=("text", "json"), default="text",
                   help="log lines as text or JSON lines; email addresses are redacted either way")
    p.add_argument("--host", help="web listen address (default: web.host)")
    p.add_argument("--port", type=tcp_port, help="web port (default: web.port)")


def run_web(args: argparse.Namespace, ctx: Context) -> int:
    import uvicorn

    from assistant.web.app import create_app
    from assistant.wiring import wire

    settings = ctx.settings
    host = args.host or settings.web.host
    port = args.port or settings.web.port
    refuse_taken_port(host, port)
    wired = wire(settings, wall_clock)
    app = create_app(settings, wired.engine, wired.clock)
    print(f"web app on http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=settings.web.https)
    return 0


class _Web:
    """uvicorn in a thread; the main thread owns the signals."""

    def __init__(self, app: Any, host: str, port: int, proxy_headers: bool) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                                    proxy_headers=proxy_headers, log_config=None))
        self.thread = threading.Thread(target=self.server.run, name="web", daemon=True)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def run_all(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.logging_setup import configure
    from assistant.scheduling import build_scheduler
    from assistant.web.app import create_app
    from assistant.wiring import wire

    configure(args.log_format, logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    settings = ctx.settings
    wired = wire(settings, wall_clock)
    stop = threading.Event()
    failure: list[BaseException] = []

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("signal %s: stopping", signal.Signals(signum).name)
        stop.set()

    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    scheduler = listener_thread = web = None
    try:
        if "listener" in args.only:
            listener_thread = _start_listener(wired.listener(stop), stop, failure)
        if "scheduler" in args.only:
            scheduler = build_scheduler(wired, first_run=wired.clock())  # a first pass at once
            scheduler.start()
            log.info("scheduler: dunning pass every %s min", settings.dunning.interval_minutes)
        if "web" in args.only:
            host, port = args.host or settings.web.host, args.port or settings.web.port
            web = _Web(create_app(settings, wired.engine, wired.clock), host, port, settings.web.https)
            web.thread.start()
            log.info("web app on http://%s:%s", host, port)
        log.info("running: %s", ", ".join(args.only))
        while not stop.wait(0.5):
            if failure:
                break
            if web is not None and not web.thread.is_alive():
                log.error("web server stopped (port in use?)")
                failure.append(RuntimeError("web server stopped"))
                break
    finally:
        stop.set()
        if web is not None:
            web.stop()
        if listener_thread is not None:
            listener_thread.join(max(10, settings.mailbox.timeout_seconds))
        if scheduler is not None and scheduler.running:  # not started when adding a job failed
            scheduler.shutdown(wait=True)
        wired.engine.dispose()
        for s, handler in previous.items():
            signal.signal(s, handler)
        log.info("stopped")
    if failure:
        if isinstance(failure[0], BadInput):
            raise failure[0]
        return 1
    return 0


def _start_listener(listener: Any, stop: threading.Event, failure: list[BaseException]) -> threading.Thread:
    def _run() -> None:
        try:
            listener.run_forever()
        except BaseException as exc:  # handed to the main thread, which stops the others
            log.exception("listener stopped")
            failure.append(exc)
            stop.set()

    thread = threading.Thread(target=_run, name="listener", daemon=True)
    thread.start()
    return thread
