"""Use case: list the quarantine and read a quarantined message again.

The quarantine is not a table of its own: it is every inbound message whose status is
'quarantined', kept raw with the reason and error, so reprocessing works from the same
bytes the server gave us.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from assistant.core.intake import assess
from assistant.errors import BadInput, NotFound
from assistant.service.inbound import dispatch, resolve_handler
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models_inbound import InboundMessageRow
from intents.mime import parse_message


@dataclass(frozen=True)
class QuarantineEntry:
    id: int
    mailbox: str
    uidvalidity: int
    uid: int
    message_id: str | None
    size: int
    received_at: datetime
    reason: str
    error: str | None
    sender: str | None
    subject: str | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "mailbox": self.mailbox, "uidvalidity": self.uidvalidity,
                "uid": self.uid, "message_id": self.message_id, "size": self.size,
                "received_at": self.received_at.isoformat(), "reason": self.reason,
                "error": self.error, "from": self.sender, "subject": self.subject}


@dataclass(frozen=True)
class Reprocessed:
    id: int
    status: str
    reason: str | None
    error: str | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "reason": self.reason, "error": self.error}


def list_quarantined(engine: Engine) -> list[QuarantineEntry]:
    with transaction(engine) as session:
        rows = session.scalars(select(InboundMessageRow)
                               .where(InboundMessageRow.status == "quarantined")
                               .order_by(InboundMessageRow.id)).all()
        return [_entry(row) for row in rows]


def _entry(row: InboundMessageRow) -> QuarantineEntry:
    sender = subject = None
    if row.reason != "too-large":  # a huge message is not parsed just to be listed
        parsed = parse_message(row.raw)
        sender, subject = parsed.from_address, parsed.subject or None
    return QuarantineEntry(row.id, row.mailbox, row.uidvalidity, row.uid, row.message_id,
                           row.size, row.received_at, row.reason or "", row.error, sender, subject)


def reprocess(engine: Engine, settings: Settings, inbound_id: int, now: datetime) -> Reprocessed:
    """Check the raw bytes again with today's rules and limits; if they pass, hand the
    message to the reply handler (or leave it 'received' when there is none yet)."""
    with transaction(engine) as session:
        row = session.get(InboundMessageRow, inbound_id)
        if row is None:
            raise NotFound("inbound message", inbound_id)
        if row.status != "quarantined":
            raise BadInput(f"inbound message {inbound_id} is not quarantined (status {row.status})")
        intake = assess(row.raw, settings.mailbox.max_message_bytes)
        if intake.reason:
            row.reason, row.error, row.updated_at = intake.reason, intake.error, now
            return Reprocessed(inbound_id, "quarantined", intake.reason, intake.error)
        row.status, row.reason, row.error, row.updated_at = "received", None, None, now
    handler = resolve_handler()
    status = "received" if handler is None else dispatch(engine, settings, inbound_id, now, handler)
    with transaction(engine) as session:
        row = session.get(InboundMessageRow, inbound_id)
        assert row is not None
        return Reprocessed(inbound_id, status, row.reason, row.error)
