"""Logging for long-running processes: plain text or JSON lines, email addresses redacted.

Customer addresses are personal data (GDPR art. 5(1)(c), data minimisation): logs keep the
first character and the domain, `a***@example.com`, enough to tell customers apart when
debugging, not enough to write to them. Redaction applies to the rendered message and to
exception text, whatever the logger.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

# Local part and domain per RFC 5322 addr-spec, simplified to what appears in logs.
_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
FORMATS = ("text", "json")


def redact(text: str) -> str:
    """Every email address in `text` as `a***@domain`."""
    return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)


class RedactingFilter(logging.Filter):
    """Renders the message once, redacted, so no handler ever sees the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, thread."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
            "thread": record.threadName,
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure(fmt: str = "text", level: int = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Replace the root handlers with one redacting handler in `fmt` ('text' or 'json')."""
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonLinesFormatter() if fmt == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("apscheduler", "uvicorn.access", "alembic"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    return handler


def redact_existing_handlers() -> None:
    """Add redaction to the root handlers already installed (every command's default logging)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
