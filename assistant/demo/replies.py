"""The demo replies in `data/demo/replies/`, threaded onto the reminders actually sent.

A real customer's mail program answers our reminder with `In-Reply-To` and `References`
naming its Message-ID (RFC 5322 section 3.6.4), and a bounce quotes the headers of the
message it could not deliver (RFC 3464). The files carry no such ids because ours are only
known once the demo has sent its reminders; this module writes them in before APPEND.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDER = b"<reminder-message-id@placeholder.invalid>"
_ROW = re.compile(r"^\|\s*(\S+\.eml)\s*\|\s*(\S+)\s")
_THREAD_HEADERS = (b"in-reply-to", b"references")


@dataclass(frozen=True)
class DemoReply:
    path: Path
    customer_id: str | None

    @property
    def name(self) -> str:
        return self.path.name


def load_replies(folder: Path) -> list[DemoReply]:
    """Every .eml in the folder, with the customer its README table says it comes from."""
    owners: dict[str, str] = {}
    readme = folder / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            found = _ROW.match(line)
            if found:
                owners[found.group(1)] = found.group(2)
    return [DemoReply(path, owners.get(path.name)) for path in sorted(folder.glob("*.eml"))]


def to_crlf(raw: bytes) -> bytes:
    """IMAP messages are CRLF-terminated lines (RFC 3501 section 2.3.1.1, RFC 5322 2.1)."""
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def thread_onto(raw: bytes, reminder_message_id: str | None) -> bytes:
    """The reply with In-Reply-To/References set to our reminder's Message-ID, the bounce
    placeholder replaced, CRLF line ends. Without a reminder the reply is left unthreaded."""
    text = raw.replace(b"\r\n", b"\n")
    if reminder_message_id is None:
        return to_crlf(text)
    msgid = reminder_message_id.strip()
    if not msgid.startswith("<"):
        msgid = f"<{msgid}>"
    if PLACEHOLDER in text:
        # A bounce names our message only inside the returned headers, as real ones do.
        return to_crlf(text.replace(PLACEHOLDER, msgid.encode()))
    head, sep, body = text.partition(b"\n\n")
    kept: list[bytes] = []
    skipping = False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and skipping:
            continue  # folded continuation of a dropped header
        name = line.split(b":", 1)[0].strip().lower()
        skipping = name in _THREAD_HEADERS
        if not skipping:
            kept.append(line)
    kept += [b"In-Reply-To: " + msgid.encode(), b"References: " + msgid.encode()]
    rebuilt = b"\n".join(kept) + sep + body.replace(PLACEHOLDER, msgid.encode())
    return to_crlf(rebuilt)
