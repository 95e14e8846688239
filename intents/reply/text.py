"""Keep only the new text of a reply: drop quoted history, signatures and banners.

The text is cut at the earliest of: an attribution line ("On ... wrote:" and its
translations, also wrapped over two or three lines), an Outlook header block
(From/Sent/To/Subject and translations), an "Original Message" separator, a `>`
quoted line. A signature (RFC 3676 "-- ", mobile "Sent from my ...", a closing
word followed by a short name block) ends the reply earlier. For HTML bodies the
client's quote markers (gmail_quote, divRplyFwdMsg, blockquote type=cite, ...) are
used first. Bottom-posted replies (quote first, answer below) keep the unquoted text.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from intents.mime.html import html_to_text, split_html
from intents.normalize import normalize
from intents.reply import markers as m

_WINDOW = 3  # lines an attribution may be wrapped over
_SIGNATURE_BLOCK_LINES = 6  # at most this many short lines after "Regards,"


class Line(str):
    """A body line as the rules read it (typography folded, see `intents.normalize`), which
    remembers the line as it was written: the cut is decided on the first, the reply text
    is made of the second, so "On 3 Mar 2026, at 09:14, Ann wrote:" with a narrow no-break
    space is found, and the customer's own curly apostrophes stay in what we keep."""

    written: str

    def __new__(cls, written: str) -> Line:
        line = super().__new__(cls, normalize(written).replace("\n", " "))
        line.written = written
        return line


def _line(written: str) -> str:
    """Most lines read as written; only a line whose typography folds becomes a `Line`."""
    if written.isascii():
        return written
    line = Line(written)
    return written if line == written else line


def _written(line: str) -> str:
    return line.written if isinstance(line, Line) else line


@dataclass(frozen=True)
class ReplyText:
    reply: str
    quoted: str
    signature: str | None


def _joined(lines: list[str], start: int, size: int) -> str:
    return " ".join(line.strip() for line in lines[start : start + size])


def _attribution_size(lines: list[str], index: int, *, nested: bool = True) -> int:
    """Number of lines of the attribution starting at `index`, 0 if there is none."""
    for size in range(1, _WINDOW + 1):
        if index + size > len(lines) or (size > 1 and not lines[index + size - 1].strip()):
            return 0
        if size > 1 and not m.ATTRIBUTION_START.match(lines[index]):
            return 0
        if (size > 1 and nested and not any(ch.isdigit() for ch in lines[index])
                and m.ATTRIBUTION_START.match(lines[index + 1])
                and _attribution_size(lines, index + 1, nested=False)):
            return 0  # "Am heutigen Tage\nAm So., 1. Jan. ... schrieb": cut at the second line
        text = _joined(lines, index, size)
        if len(text) > 400:
            return 0
        if not (any(ch.isdigit() for ch in text) or "@" in text):
            continue
        if m.ATTRIBUTION_VERB_FIRST.search(text) or m.ATTRIBUTION_NO_VERB.match(text):
            return size
        if m.ATTRIBUTION_END.search(text):
            # "... wrote:" is enough; a bare "... wrote" (no colon) also needs an opener
            # and an address, so "nobody ever wrote" in a sentence is not a cut.
            if text.rstrip(" -").endswith(":"):
                return size
            if m.ATTRIBUTION_START.match(lines[index]) and "@" in text:
                return size
    return 0


def _is_attribution(lines: list[str], index: int) -> bool:
    return _attribution_size(lines, index) > 0


def _is_header_block(lines: list[str], index: int) -> bool:
    if not m.HEADER_ANY.match(lines[index]):
        return False
    window = lines[index : index + 7]
    headers = [line for line in window if m.HEADER_ANY.match(line)]
    senders = [line for line in window if m.HEADER_FROM.match(line)]
    if not senders or len(headers) < 2:
        return False
    # Two keys with an address ("From: x <a@b>", "[mailto:...]"), or three keys without,
    # so "From: 1 March / To: 15 March we are closed" stays reply text.
    return len(headers) >= 3 or "@" in " ".join(window[:3])


def _next_content(lines: list[str], index: int, count: int) -> list[str]:
    """The next `count` non-blank lines after `index` (lazily: bodies can be huge)."""
    following = (lines[i] for i in range(index + 1, len(lines)))
    return list(islice((line for line in following if line.strip()), count))


def _quote_start(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(">") or m.ORIGINAL_MESSAGE.match(line):
            return index
        if _is_attribution(lines, index) or _is_header_block(lines, index):
            return index
        if m.SEPARATOR.match(line) and not m.SIGNATURE_DASHES.match(stripped):
            following = _next_content(lines, index, 2)
            if any(m.HEADER_ANY.match(f) or m.ORIGINAL_MESSAGE.match(f) for f in following):
                return index
    return None


def _signature_start(lines: list[str]) -> int | None:
    seen_text = False  # a closing word alone ("Thanks!") is the reply, not a signature
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if m.SIGNATURE_DASHES.match(line) or m.UNDERSCORES.match(line):
            return index
        if m.MOBILE_SIGNATURE.match(line):
            return index
        if m.DISCLAIMER.match(line) and seen_text:
            return index
        if m.VALEDICTION.match(line) and seen_text:
            rest = _next_content(lines, index, _SIGNATURE_BLOCK_LINES + 1)
            cut = next((i for i, tail in enumerate(rest) if m.DISCLAIMER.match(tail)), None)
            rest = rest[:cut]
            if len(rest) <= _SIGNATURE_BLOCK_LINES and all(len(t.strip()) <= 60 for t in rest):
                return index
        seen_text = seen_text or not m.SEPARATOR.match(line)
    return None


def _drop_banners(lines: list[str]) -> list[str]:
    """Remove "CAUTION: external sender" paragraphs that mail gateways prepend."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if m.EXTERNAL_TAG.match(line):
            index += 1
            continue
        if m.EXTERNAL_BANNER.match(line):
            end = index
            while end < len(lines) and lines[end].strip() and end - index < 12:
                end += 1
            if m.BANNER_WORDS.search(" ".join(lines[index:end])):
                index = end + 1
                continue
        out.append(line)
        index += 1
    return out


def _trim(lines: list[str]) -> str:
    """Join lines, dropping blank and separator-only lines at both ends."""
    end = len(lines)
    while end and (not lines[end - 1].strip() or m.SEPARATOR.match(lines[end - 1])):
        end -= 1
    start = 0
    while start < end and not lines[start].strip():
        start += 1
    return "\n".join(_written(line).rstrip() for line in lines[start:end])


def _is_quote_line(line: str) -> bool:
    return line.lstrip().startswith(">")


def _unquoted(lines: list[str]) -> list[str]:
    """Reply lines of a bottom-posted or inline answer: everything outside `>` blocks
    and their attributions, up to a forwarded header block or "Original Message"."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if m.ORIGINAL_MESSAGE.match(line) or _is_header_block(lines, index):
            break
        size = _attribution_size(lines, index)
        if size:
            index += size
            continue
        blank_run = not line.strip() and (not kept or not kept[-1].strip())
        if not _is_quote_line(line) and not blank_run:
            kept.append(line)  # removed quote blocks leave one blank line, not several
        index += 1
    return kept


def _answers_inline(lines: list[str], quote: int) -> bool:
    """True when new text sits between two `>` blocks (a point-by-point answer).

    The text must be set off by a blank line on one side: a line glued between two
    quoted lines is the hard-wrapped tail of a quoted line, not an answer.
    """
    tail = lines[quote:]
    blocks, answered = 0, False
    for index, line in enumerate(tail):
        if _is_quote_line(line):
            if index == 0 or not _is_quote_line(tail[index - 1]):
                blocks += 1
                if blocks >= 2 and answered:
                    return True
        elif line.strip() and blocks:
            before = tail[index - 1] if index else ""
            after = tail[index + 1] if index + 1 < len(tail) else ""
            if not before.strip() or not after.strip():
                answered = True
    return False


def _below_forwarded(lines: list[str], quote: int) -> list[str] | None:
    """Reply written under an unquoted header block (the whole old message first).

    The old message ends with its sign-off: a closing word, at most three short name
    lines, a blank line. Whatever follows is the answer.
    """
    for index in range(quote + 1, len(lines)):
        if not m.VALEDICTION.match(lines[index]):
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() and end - index <= 3:
            end += 1
        if end - index > 3 or end >= len(lines) or lines[end].strip():
            continue
        if any(len(line.strip()) > 60 for line in lines[index + 1 : end]):
            continue
        rest = lines[end:]
        first = _first_content(rest)
        if first is not None and _quote_start(rest) != first:
            return rest
    return None


def _first_content(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def extract_text_reply(text: str) -> ReplyText:
    lines = _drop_banners([_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
    quote = _quote_start(lines)
    quoted = ""
    head = lines
    if quote is not None:
        head = lines[:quote]
        quoted = _trim(lines[quote:])
        starts_quote = _is_quote_line(lines[quote]) or _is_attribution(lines, quote)
        if starts_quote and (not _trim(head) or _answers_inline(lines, quote)):
            kept = _unquoted(lines)
            if _trim(kept):
                head = kept
        elif not _trim(head):
            below = _below_forwarded(lines, quote)
            if below is not None:
                quoted = _trim(lines[quote : len(lines) - len(below)])
                ends = _quote_start(below)
                head = below if ends is None else below[:ends]
    signature_at = _signature_start(head)
    signature = None
    if signature_at is not None:
        signature = _trim(head[signature_at:]) or None
        head = head[:signature_at]
    return ReplyText(reply=_trim(head), quoted=quoted, signature=signature)


def extract_reply(text: str, html: str | None = None) -> ReplyText:
    """Split a reply body into new text, quoted history and signature.

    `text` is the plain-text body; `html` the HTML body when the message has one. The
    HTML quote markers are more reliable than text heuristics, so they win when present.
    """
    if html:
        parts = split_html(html, m.is_html_quote_start)
        if parts is not None:
            before, after = parts
            result = extract_text_reply(before)
            if result.reply:
                quoted = "\n\n".join(p for p in (result.quoted, after) if p)
                return ReplyText(reply=result.reply, quoted=quoted, signature=result.signature)
            # Marker before any text (answer written below the quote): use the text rules.
        if not text.strip():
            text = html_to_text(html)
    return extract_text_reply(text)
