"""Putting a customer reply into the demo mailbox, as the customer's mail server would."""

from __future__ import annotations

import imaplib
import re

from assistant.errors import AssistantError


def imap_append(host: str, port: int, user: str, password: str, folder: str, raw: bytes) -> int | None:
    """IMAP APPEND one message (RFC 3501 6.3.11); the UID from APPENDUID (RFC 4315)."""
    imap = imaplib.IMAP4(host, port, timeout=30)
    try:
        imap.login(user, password)
        typ, data = imap.append(folder, None, None, raw)
        if typ != "OK":
            raise AssistantError(f"APPEND failed: {data!r}")
        found = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
        return int(found.group(1)) if found else None
    finally:
        imap.logout()
