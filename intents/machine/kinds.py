"""The result type of machine-mail detection and small shared pieces.

Kinds: "auto-reply" and "bounce" are customer-facing labels; "read-receipt", "list",
"delay" and "complaint" are never a customer intent (they map to `other`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

KINDS = ("auto-reply", "bounce", "read-receipt", "list", "delay", "complaint")


@dataclass(frozen=True)
class MachineMail:
    kind: str
    confidence: float
    evidence: str
    permanent: bool | None = None
    status: str | None = None  # RFC 3463 enhanced status code, e.g. "5.1.1"
    failed_recipients: tuple[str, ...] = field(default=())
    original_message_id: str | None = None
    return_date: date | None = None
    alternate_contact: str | None = None


ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
# RFC 3463: class.subject.detail; class 2 success, 4 persistent transient, 5 permanent.
STATUS_CODE = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)")


def clip(text: str, limit: int = 160) -> str:
    """One-line evidence text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
