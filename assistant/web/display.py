"""Customer mail made safe to show: text only, evidence highlighted, HTML sanitized.

What is shown was read and stored when the message was handled (`MessageView`); nothing
here parses MIME.

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

import nh3
from markupsafe import Markup, escape

# Tags a sanitized customer email may keep; no images (tracking pixels, remote fetches),
# no forms, no styles (CSS can exfiltrate), no links that open anything.
SAFE_TAGS = {"p", "br", "div", "span", "b", "i", "u", "em", "strong", "ul", "ol", "li", "blockquote",
             "table", "thead", "tbody", "tr", "td", "th", "pre", "code", "hr", "h1", "h2", "h3", "h4"}


def sanitize_html(html: str | None) -> str:
    """The customer's HTML with scripts, handlers, styles, images and links removed (the
    template's autoescape then escapes it into the iframe's srcdoc attribute)."""
    if not html:
        return ""
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
