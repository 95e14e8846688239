"""`digest [--now ISO8601] [--out FILE.html] [--send]`: the weekly digest on demand."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from assistant.cli import Context, command
from assistant.commands.output_files import write_output
from assistant.commands.time_arguments import iso_datetime
from assistant.errors import BadInput


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "digest", run_digest,
                "build the weekly digest: print it as text, or write the HTML page with --out; "
                "--send emails it to [digest] recipients (once per ISO week)")
    p.add_argument("--now", type=iso_datetime, help="as of this ISO 8601 time (default: now)")
    p.add_argument("--out", type=Path, metavar="FILE.html", help="write the HTML digest here instead of printing text")
    p.add_argument("--send", action="store_true",
                   help="queue the digest in the outbox (key digest:<ISO week>) and deliver it")


def run_digest(args: argparse.Namespace, ctx: Context) -> int:
    import base64

    from assistant.service.digest import build_digest
    from assistant.service.digest_delivery import DigestSend, digest_key, queue_digest
    from assistant.service.digest_render import render_html, render_text
    from assistant.service.outbox import deliver_due
    from assistant.store.access import open_store

    settings = ctx.settings
    if args.send and not settings.digest.recipients:
        raise BadInput("digest.recipients is empty: set the addresses the digest goes to in [digest]")
    engine = open_store(settings)
    now = args.now or datetime.now(UTC)
    digest = build_digest(engine, settings, now)
    if args.out:
        # A file opened in a browser: the chart goes in as a data: URI.
        uri = "data:image/png;base64," + base64.b64encode(digest.chart_png).decode("ascii")
        write_output(args.out, render_html(digest, uri))
    else:
        sys.stdout.write(render_text(digest))
    if not args.send:
        return 0
    report = DigestSend(key=digest_key(digest), queued=queue_digest(engine, settings, digest, now))
    report.add(deliver_due(engine, settings, now))
    print(json.dumps(report.as_json()), file=sys.stderr)
    return 1 if report.failed else 0
