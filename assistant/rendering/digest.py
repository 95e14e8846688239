"""The digest as text, as an HTML email and as the body of the web page.

Templates in templates/digest run in Jinja2's sandbox with autoescape and StrictUndefined:
customer names, reasons and subjects come from email and are only ever text. The email is
multipart/alternative (plain text, then HTML) with the HTML and the chart inside a
multipart/related part (RFC 2387), the image named by its Content-ID (RFC 2392) so that
`<img src="cid:...">` shows in mail clients that block remote and data: images.
"""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from assistant.core.digest import Digest, Line

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "digest"
CHART_CID_LEFT = "digest-chart"


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(
        enabled_extensions=("html",), default=False, default_for_string=False),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


ENV = _environment()


def sections(d: Digest) -> list[tuple[str, list[Line]]]:
    return [
        ("Promises due this week", d.promises_due),
        ("Promises broken", d.promises_broken),
        (f"Disputes open longer than {d.dispute_limit_days} days", d.disputes_overdue),
        ("Payment plans in default", d.plans_in_default),
        ("Suggestions waiting for approval over 24 hours", d.suggestions_waiting),
        ("Bounced contacts needing a new address", d.bounced),
        ("Quarantined mail", d.quarantined),
    ]


def render_text(d: Digest) -> str:
    return ENV.get_template("digest.txt").render(d=d, sections=sections(d))


def render_html(d: Digest, chart_src: str) -> str:
    return ENV.get_template("digest.html").render(d=d, sections=sections(d), chart_src=chart_src)


def render_fragment(d: Digest) -> Markup:
    """The digest body for the web page, the chart as a data: URI (the page's CSP allows it)."""
    src = "data:image/png;base64," + base64.b64encode(d.chart_png).decode("ascii")
    return Markup(ENV.get_template("_body.html").render(d=d, sections=sections(d), chart_src=src))


def chart_cid(message_id: str) -> str:
    """A Content-ID unique to this email: the chart of one digest never shadows another's."""
    local = message_id.strip("<>").split("@", 1)
    return f"{CHART_CID_LEFT}.{local[0]}@{local[1] if len(local) > 1 else 'localhost'}"


def html_for_email(d: Digest, message_id: str) -> str:
    return render_html(d, f"cid:{chart_cid(message_id)}")
