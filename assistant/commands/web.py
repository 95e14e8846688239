"""`web`: the staff web app."""

from __future__ import annotations

import argparse

from assistant.cli import Context, command
from assistant.commands.listen_address import refuse_taken_port, tcp_port


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "web", run_web, "serve the staff web app (approve, edit, reject, reclassify)")
    p.add_argument("--host", help="listen address (default: web.host)")
    p.add_argument("--port", type=tcp_port, help="port (default: web.port)")


def run_web(args: argparse.Namespace, ctx: Context) -> int:
    import uvicorn

    from assistant.store.access import open_store
    from assistant.web.app import create_app

    settings = ctx.settings
    host = args.host or settings.web.host
    port = args.port or settings.web.port
    refuse_taken_port(host, port)
    app = create_app(settings, open_store(settings))
    print(f"web app on http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=settings.web.https)
    return 0
