"""Deciding whether a raw message can be read at all, before anything tries to understand it.

Pure: bytes in, a verdict out (with the parse made to judge it, handed on to the reader). A message that fails here is kept raw in the quarantine for
a person; it is never dropped and never blocks the messages behind it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from assistant.core.statuses import QuarantineReason
from intents.mime.parse import ParsedMessage, parse_message

# Any one of these makes the header block recognisably RFC 5322 mail (sections 3.6.x).
KNOWN_HEADERS = frozenset({
    "from", "sender", "reply-to", "to", "cc", "date", "message-id", "subject", "received",
    "return-path", "in-reply-to", "references", "mime-version", "content-type",
})


@dataclass(frozen=True)
class Intake:
    """What the listener stores for one raw message."""

    sha256: str
    size: int
    message_id: str | None
    reason: QuarantineReason | None = None  # None: readable; else why it is kept raw
    error: str | None = None  # human explanation for the quarantine list
    sender: str | None = None
    subject: str | None = None
    # The parse made to judge it, for the reader that comes next (parsing is not free).
    parsed: ParsedMessage | None = field(default=None, compare=False, repr=False)

    @property
    def message_key(self) -> str:
        return self.message_id or ""


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def assess(raw: bytes, max_bytes: int) -> Intake:
    """Quarantine empty, header-less or oversized mail; everything else goes on."""
    sha, size = sha256_hex(raw), len(raw)
    if size > max_bytes:
        head = parse_header_block(raw)
        return Intake(sha, size, head.message_id, QuarantineReason.TOO_LARGE,
                      f"{size} bytes exceeds mailbox.max_message_bytes = {max_bytes}",
                      head.from_address, head.subject or None)
    if not raw.strip():
        return Intake(sha, size, None, QuarantineReason.UNPARSEABLE, "empty message")
    parsed = parse_message(raw)
    problem = unreadable(parsed)
    sender, subject = parsed.from_address, parsed.subject or None
    if problem:
        return Intake(sha, size, parsed.message_id, QuarantineReason.UNPARSEABLE, problem, sender, subject)
    return Intake(sha, size, parsed.message_id, sender=sender, subject=subject, parsed=parsed)


def unreadable(parsed: ParsedMessage) -> str | None:
    """Why a parsed message cannot be read, or None when it can."""
    if not parsed.headers:
        defects = "; ".join(parsed.defects[:3])
        return "no header block" + (f" ({defects})" if defects else "")
    names = {name.lower() for name, _ in parsed.headers}
    if not names & KNOWN_HEADERS:
        return f"no recognisable mail header (saw: {', '.join(sorted(names)[:5])})"
    return None


def parse_header_block(raw: bytes, limit: int = 256 * 1024) -> ParsedMessage:
    """The header block alone, parsed (huge messages are not parsed whole)."""
    head = raw[:limit]
    for sep in (b"\r\n\r\n", b"\n\n"):
        end = head.find(sep)
        if end >= 0:
            head = head[:end + len(sep)]
            break
    return parse_message(head)


def header_message_id(raw: bytes, limit: int = 256 * 1024) -> str | None:
    """The Message-ID from the header block alone."""
    return parse_header_block(raw, limit).message_id
