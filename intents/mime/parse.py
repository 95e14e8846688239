"""Parse raw RFC 5322 / MIME mail into a `ParsedMessage`, best effort, never raising.

mail-parser does the parsing and supplies the body texts (`text_plain` /
`text_html`; never `.body`, which joins parts with a literal marker). When it
fails, the stdlib parser with `policy.compat32` (the most lenient) takes over; if
that fails too, an empty message carrying the defects is returned. Attachments are
kept with a capped payload; message/rfc822 and text/rfc822-headers parts are kept
so bounce handling can find the original Message-ID.
"""

from __future__ import annotations

import email
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import Message
from itertools import islice

from intents.mime.headers import (
    decode_bytes,
    decode_header_value,
    message_ids,
    parse_addresses,
    parse_date,
    unescape_raw,
)
from intents.mime.html import html_to_text

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # payload kept per attachment
MAX_PARTS = 500  # enclosed-endless style bombs: stop walking after this many parts
MAX_DEPTH = 20
_MESSAGE_TYPES = frozenset({"message/rfc822", "text/rfc822-headers", "message/global",
                            "message/global-headers"})
_REPORT_TYPES = frozenset({"message/delivery-status", "message/disposition-notification",
                           "message/feedback-report", "message/global-delivery-status"})

# Plain parts that only say "view this in HTML": the HTML part is the real body.
_PLACEHOLDER = re.compile(
    r"\bhtml\b|view\s+(?:this|the)\s+(?:e-?mail|message)|does\s+not\s+support|"
    r"nicht\s+unterstützt|ne\s+(?:peut|supporte)\s+pas", re.IGNORECASE
)

logging.getLogger("mailparser").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Attachment:
    filename: str | None
    content_type: str
    size: int  # decoded size before capping
    is_message: bool  # message/rfc822 or text/rfc822-headers (bounce originals)
    payload: bytes  # at most MAX_ATTACHMENT_BYTES


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    from_address: str | None = None
    from_name: str | None = None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    date: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()
    text: str = ""
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    content_type: str = "text/plain"
    defects: tuple[str, ...] = ()
    raw_size: int = 0


def header(msg: ParsedMessage, name: str) -> str | None:
    """First decoded value of a header (case-insensitive), or None."""
    wanted = name.lower()
    return next((value for key, value in msg.headers if key.lower() == wanted), None)


def header_all(msg: ParsedMessage, name: str) -> list[str]:
    wanted = name.lower()
    return [value for key, value in msg.headers if key.lower() == wanted]


def _payload_bytes(part: Message) -> bytes:
    body = part.get_payload(decode=True)
    if isinstance(body, bytes):
        return body
    inner = part.get_payload()
    if isinstance(inner, list):  # message/rfc822, message/delivery-status: parsed blocks
        chunks = []
        for block in inner:
            try:
                if isinstance(block, Message):
                    chunks.append(block.as_bytes(policy=policy.compat32))
                else:
                    chunks.append(str(block).encode("utf-8", "surrogateescape"))
            except Exception:
                chunks.append(str(block).encode("utf-8", "surrogateescape"))
        return b"\n".join(chunks)
    if isinstance(inner, str):
        return inner.encode("utf-8", "surrogateescape")
    return b""


def _walk(message: Message, defects: list[str]) -> list[tuple[Message, bool]]:
    """Leaf parts as (part, is_attachment), not descending into attached messages."""
    out: list[tuple[Message, bool]] = []
    stack: list[tuple[Message, int, bool]] = [(message, 0, False)]
    while stack:
        part, depth, inherited = stack.pop()
        if len(out) >= MAX_PARTS:
            defects.append(f"TooManyParts: MIME walk stopped after {MAX_PARTS} parts")
            break
        if depth > MAX_DEPTH:
            defects.append(f"TooDeep: parts nested deeper than {MAX_DEPTH} skipped")
            continue
        content_type = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        attached = inherited or disposition == "attachment"
        if content_type in _MESSAGE_TYPES or content_type in _REPORT_TYPES:
            out.append((part, True))
        elif part.is_multipart():
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            stack.extend((child, depth + 1, attached) for child in reversed(children))
        elif content_type.startswith("multipart/"):
            # No usable boundary: the stdlib leaves the body as one string. Read it as text.
            out.append((part, attached))
        else:
            named = bool(part.get_filename())
            is_body = content_type in {"text/plain", "text/html"} and not attached and not named
            out.append((part, not is_body))
    return out


def _filename(part: Message, defects: list[str]) -> str | None:
    """Decoded file name (RFC 2231 or RFC 2047 or raw 8-bit), from disposition or type."""
    holder = Message()
    for key, value in part.raw_items():
        if key.lower() in {"content-disposition", "content-type"}:
            holder[key] = unescape_raw(value)
    try:
        filename = holder.get_filename() or holder.get_param("name")
    except Exception:
        filename = None
    if isinstance(filename, tuple):  # RFC 2231 triple left undecoded
        filename = filename[2]
    return decode_header_value(filename, defects) or None if filename else None


def _attachment(part: Message, defects: list[str]) -> Attachment:
    content_type = part.get_content_type()
    try:
        payload = _payload_bytes(part)
    except Exception as exc:  # corrupted base64 / quoted-printable bodies
        defects.append(f"PayloadDecodeDefect: {content_type}: {type(exc).__name__}")
        payload = b""
    name = _filename(part, defects)
    size = len(payload)
    if size > MAX_ATTACHMENT_BYTES:
        defects.append(f"AttachmentTruncated: {name or content_type} {size} bytes, "
                       f"kept {MAX_ATTACHMENT_BYTES}")
        payload = payload[:MAX_ATTACHMENT_BYTES]
    return Attachment(name or None, content_type, size, content_type in _MESSAGE_TYPES, payload)


def _body_text(part: Message, defects: list[str]) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if not isinstance(data, bytes):
        raw = part.get_payload()
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    return decode_bytes(data, part.get_content_charset(), defects)


def _stdlib_message(raw: bytes, defects: list[str]) -> Message | None:
    try:
        return email.message_from_bytes(raw, policy=policy.compat32)
    except Exception as exc:
        defects.append(f"ParseError: stdlib parser failed: {type(exc).__name__}")
        return None


def _mailparser_texts(raw: bytes, defects: list[str]) -> tuple[Message | None, list[str], list[str]]:
    try:
        import mailparser

        parsed = mailparser.parse_from_bytes(raw)
        plain = [t for t in parsed.text_plain if isinstance(t, str)]
        html = [t for t in parsed.text_html if isinstance(t, str)]
        return parsed.message, plain, html
    except Exception as exc:
        defects.append(f"ParseError: mail-parser failed: {type(exc).__name__}")
        return None, [], []


def _collect_defects(message: Message, parts: list[tuple[Message, bool]], defects: list[str]) -> None:
    seen = set(defects)
    for part in [message, *(p for p, _ in parts)]:
        for defect in getattr(part, "defects", []) or []:
            text = f"{type(defect).__name__}: {part.get_content_type()}"
            if text not in seen:
                seen.add(text)
                defects.append(text)


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse raw mail bytes. Never raises: problems are listed in `defects`."""
    defects: list[str] = []
    try:
        return _parse(raw, defects)
    except Exception as exc:  # last line of defence: a message we cannot read at all
        defects.append(f"ParseError: {type(exc).__name__}: {str(exc)[:200]}")
        return ParsedMessage(defects=tuple(defects), raw_size=len(raw or b""))


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def _enclosed_texts(parts: list[tuple[Message, bool]]) -> set[str]:
    texts: set[str] = set()
    for part, _ in parts:
        if part.get_content_type() not in _MESSAGE_TYPES or not part.is_multipart():
            continue
        for inner in islice(part.walk(), 1, MAX_PARTS):
            if inner.get_content_maintype() == "text" and not inner.is_multipart():
                texts.add(_normal(_body_text(inner, [])))
    texts.discard("")
    return texts


def _parse(raw: bytes, defects: list[str]) -> ParsedMessage:
    message, plain, html = _mailparser_texts(raw, defects)
    if message is None:
        message = _stdlib_message(raw, defects)
    if message is None:
        return ParsedMessage(defects=tuple(defects), raw_size=len(raw))
    parts = _walk(message, defects)
    _collect_defects(message, parts, defects)
    bodies = [part for part, is_attachment in parts if not is_attachment]
    # mail-parser also lists the bodies of attached messages (a bounced original, a
    # forwarded .eml); they are attachments here, not the sender's text.
    enclosed = _enclosed_texts(parts)
    plain = [t for t in plain if _normal(t) not in enclosed]
    html = [t for t in html if _normal(t) not in enclosed]
    # mail-parser's own charset fallback ends in U+FFFD; redo those with ours.
    if not (plain or html) or any("\ufffd" in t for t in plain + html):
        plain = [_body_text(p, defects) for p in bodies if p.get_content_type() != "text/html"]
        html = [_body_text(p, defects) for p in bodies if p.get_content_type() == "text/html"]
    plain = [t for t in plain if t.strip()]
    html = [t for t in html if t.strip()]
    html_body = "\n".join(html) if html else None
    text = "\n\n".join(t.replace("\r\n", "\n").strip("\n") for t in plain)
    if html_body and (not text or (_PLACEHOLDER.search(text) and len(text) < 300)):
        text = html_to_text(html_body)
    if not text and message.get_content_type() in _MESSAGE_TYPES | _REPORT_TYPES:
        # A bare report or message at the top level: its fields are the only text.
        text = decode_bytes(_payload_bytes(message), None).strip()

    # raw_items(): compat32 items() turns raw 8-bit bytes into U+FFFD; keep them to decode.
    raw_headers = [(str(name), str(value)) for name, value in message.raw_items()]
    headers = [(name, decode_header_value(value, defects)) for name, value in raw_headers]
    values = {name.lower(): value for name, value in reversed(headers)}

    def raw_values(name: str) -> list[str]:
        return [value for key, value in raw_headers if key.lower() == name]

    senders = parse_addresses(raw_values("from")[:1])
    to = parse_addresses(raw_values("to"))
    cc = parse_addresses(raw_values("cc"))
    message_id = message_ids(values.get("message-id"))
    in_reply_to = message_ids(values.get("in-reply-to"))
    return ParsedMessage(
        message_id=message_id[0] if message_id else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=message_ids(values.get("references")),
        from_address=senders[0][1] if senders else None,
        from_name=(senders[0][0] or None) if senders else None,
        to=tuple(address for _, address in to),
        cc=tuple(address for _, address in cc),
        subject=values.get("subject", ""),
        date=parse_date(values.get("date"), defects),
        headers=tuple(headers),
        text=text,
        html=html_body,
        attachments=tuple(_attachment(part, defects) for part, is_att in parts if is_att),
        content_type=message.get_content_type(),
        defects=tuple(dict.fromkeys(defects)),
        raw_size=len(raw),
    )
