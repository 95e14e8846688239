"""`digest [--now ISO8601] [--out FILE.html] [--send]`: the weekly digest on demand."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.commands.arguments import write_output
from assistant.commands.base import Context, add_now, command
from assistant.errors import BadInput


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "digest", run_digest,
                "build the weekly digest: print it as text, or write the HTML page with --out; "
                "--send emails it to [digest] recipients (once per ISO week)")
    add_now(p)
    p.add_argument("--out", type=Path, metavar="FILE.html", help="write the HTML digest here instead of printing text")
    p.add_argument("--send", action="store_true",
                   help="queue the digest in the outbox (key digest:<ISO week>) and deliver it")


def run_digest(args: argparse.Namespace, ctx: Context) -> int:
    import base64

    from assistant.rendering.digest import render_html, render_text
    from assistant.service.digest.build import build_digest
    from assistant.service.digest.delivery import send_weekly_digest
    from assistant.wiring import wire

    settings = ctx.settings
    if args.send and not settings.digest.recipients:
        raise BadInput("digest.recipients is empty: set the addresses the digest goes to in [digest]")
    now = ctx.now(args)
    wired = wire(settings, lambda: now)
    digest = build_digest(wired.engine, settings, now)
    if args.out:
        # A file opened in a browser: the chart goes in as a data: URI.
        uri = "data:image/png;base64," + base64.b64encode(digest.chart_png).decode("ascii")
        write_output(args.out, render_html(digest, uri))
    else:
        sys.stdout.write(render_text(digest))
    if not args.send:
        return 0
    report = send_weekly_digest(wired.engine, settings, now, wired.smtp, digest=digest)
    print(json.dumps(report.as_json()), file=sys.stderr)
    return 1 if report.failed else 0
