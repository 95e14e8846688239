"""Use case: list the quarantine, look at a quarantined message, and read it again.

The quarantine is not a table of its own: it is every inbound message whose status is
'quarantined', kept raw with the reason and error, so reprocessing works from the same
bytes the server gave us. Reading one again is a staff action: audited here, whoever
asks (the command line or the web app).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.core.statuses import InboundStatus
from assistant.errors import BadInput, NotFound
from assistant.service.inbound.intake import assess
from assistant.service.inbound.reading import view_of_parse
from assistant.service.inbound.receive import handle
from assistant.settings import Settings
from assistant.store.db import session_factory, transaction
from assistant.store.models import AuditRow
from assistant.store.models.inbound import InboundMessageRow
from assistant.store.queries.messages import MessageView
from assistant.store.queries.quarantine import QuarantineEntry, quarantined
from intents.mime.parse import parse_message

SHOWN_LIMIT = 2_000_000  # bytes; bigger messages are not parsed for display


@dataclass(frozen=True)
class Reprocessed:
    id: int
    status: str
    reason: str | None
    error: str | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "reason": self.reason, "error": self.error}


@dataclass(frozen=True)
class Inspected:
    """A stored message with its raw bytes parsed for a person: nothing read it for us."""

    row: InboundMessageRow
    message: MessageView | None  # None: too large to show


def list_quarantined(engine: Engine) -> list[QuarantineEntry]:
    with session_factory(engine)() as session:
        return quarantined(session)


def inspect_message(engine: Engine, inbound_id: int) -> Inspected:
    with session_factory(engine)() as session:
        row = session.get(InboundMessageRow, inbound_id)
    if row is None:
        raise NotFound("inbound message", inbound_id)
    return Inspected(row, view_of_parse(parse_message(row.raw)) if row.size <= SHOWN_LIMIT else None)


def reprocess(engine: Engine, settings: Settings, inbound_id: int, now: datetime, actor: str) -> Reprocessed:
    """Check the raw bytes again with today's rules and limits; if they pass, hand the
    message to the reply handler. The attempt is audited whatever its outcome."""
    with transaction(engine) as session:
        row = session.get(InboundMessageRow, inbound_id)
        if row is None:
            raise NotFound("inbound message", inbound_id)
        if row.status != InboundStatus.QUARANTINED:
            raise BadInput(f"inbound message {inbound_id} is not quarantined (status {row.status})")
        intake = assess(row.raw, settings.mailbox.max_message_bytes)
        if intake.reason:
            row.reason, row.error, row.updated_at = intake.reason, intake.error, now
            outcome = Reprocessed(inbound_id, InboundStatus.QUARANTINED, intake.reason, intake.error)
            _audit(session, outcome, actor, now)
            return outcome
        row.status, row.reason, row.error, row.updated_at = InboundStatus.RECEIVED, None, None, now
    status = handle(engine, settings, inbound_id, now, parsed=intake.parsed)
    with transaction(engine) as session:
        row = session.get_one(InboundMessageRow, inbound_id)
        outcome = Reprocessed(inbound_id, status, row.reason, row.error)
        _audit(session, outcome, actor, now)
        return outcome


def _audit(session: Session, outcome: Reprocessed, actor: str, now: datetime) -> None:
    session.add(AuditRow(at=now, actor=actor, action="inbound.reprocessed", subject_type="inbound",
                         subject_id=str(outcome.id), detail=outcome.as_json()))
