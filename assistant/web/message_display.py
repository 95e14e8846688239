"""Customer mail made safe to show: text only, evidence highlighted, HTML sanitized.

Customer content is never live HTML in our pages. Text is escaped by Jinja's autoescape;
the only markup we add ourselves (`<mark>` around evidence) is built here by escaping each
piece of customer text first and wrapping it afterwards, so a `<script>` in a reply stays
text. When a message has an HTML body it may be shown as well, but only after nh3 (ammonia)
has removed scripts, event handlers and styles, and only inside `<iframe sandbox="" srcdoc>`:
an empty sandbox forbids scripts, forms, popups and same-origin access even if the
sanitizer missed something.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import nh3
from markupsafe import Markup, escape

from intents.mime import parse_message
from intents.reply_text import extract_reply

# Tags a sanitized customer email may keep; no images (tracking pixels, remote fetches),
# no forms, no styles (CSS can exfiltrate), no links that open anything.
SAFE_TAGS = {"p", "br", "div", "span", "b", "i", "u", "em", "strong", "ul", "ol", "li", "blockquote",
             "table", "thead", "tbody", "tr", "td", "th", "pre", "code", "hr", "h1", "h2", "h3", "h4"}
MAX_SHOWN_CHARS = 200_000  # a pathological body is cut, not rendered whole


@dataclass(frozen=True)
class DisplayedMessage:
    """One email as text parts ready for a template (all fields are plain strings)."""

    message_id: str | None
    sender: str | None
    sender_name: str | None
    subject: str
    date: datetime | None
    reply: str
    quoted: str
    signature: str | None
    safe_html: str | None  # nh3-sanitized; only for an iframe srcdoc
    attachments: tuple[str, ...]
    defects: tuple[str, ...]


def display_message(raw: bytes) -> DisplayedMessage:
    msg = parse_message(raw)
    text = msg.text[:MAX_SHOWN_CHARS]
    html = msg.html[:MAX_SHOWN_CHARS] if msg.html else None
    reply = extract_reply(text, html)
    return DisplayedMessage(
        message_id=msg.message_id, sender=msg.from_address, sender_name=msg.from_name, subject=msg.subject,
        date=msg.date, reply=reply.reply, quoted=reply.quoted, signature=reply.signature,
        safe_html=sanitize_html(html) if html else None,
        attachments=tuple(a.filename or a.content_type for a in msg.attachments), defects=msg.defects)


def sanitize_html(html: str) -> str:
    return nh3.clean(html, tags=SAFE_TAGS, attributes={}, url_schemes=set(), strip_comments=True,
                     link_rel=None)


def _pattern(needle: str) -> re.Pattern[str] | None:
    words = needle.split()
    if not words:
        return None
    # Line wrapping in the mail may differ from the evidence string: any run of
    # whitespace matches any other.
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, needles: Iterable[str | None]) -> Markup:
    """`text` escaped, with every occurrence of each needle wrapped in `<mark>`."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        pattern = _pattern(needle or "")
        if pattern is None:
            continue
        spans.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    spans.sort()
    out: list[str] = []
    at = 0
    for start, end in spans:
        if start < at:  # overlapping evidence: the earlier mark already covers it
            continue
        out.append(str(escape(text[at:start])))
        out.append(f'<mark class="evidence">{escape(text[start:end])}</mark>')
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))
