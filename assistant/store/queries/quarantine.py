"""The quarantine, read: every inbound message kept raw because it could not be read or
handled, newest or oldest first, one page at a time (index-backed on status)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.core.statuses import InboundStatus
from assistant.store.models.inbound import InboundMessageRow


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


QUARANTINED = InboundMessageRow.status == InboundStatus.QUARANTINED


def count_quarantined(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(InboundMessageRow).where(QUARANTINED)) or 0)


def quarantined(session: Session, *, newest_first: bool = False, offset: int = 0,
                limit: int | None = None) -> list[QuarantineEntry]:
    order = InboundMessageRow.id.desc() if newest_first else InboundMessageRow.id
    # Only the columns a list shows: the raw bytes stay in the database.
    rows = session.execute(select(
        InboundMessageRow.id, InboundMessageRow.mailbox, InboundMessageRow.uidvalidity, InboundMessageRow.uid,
        InboundMessageRow.message_id, InboundMessageRow.size, InboundMessageRow.received_at,
        InboundMessageRow.reason, InboundMessageRow.error, InboundMessageRow.sender, InboundMessageRow.subject)
        .where(QUARANTINED).order_by(order).offset(offset).limit(limit))
    return [QuarantineEntry(pk, box, validity, uid, mid, size, at, reason or "", error, sender, subject)
            for pk, box, validity, uid, mid, size, at, reason, error, sender, subject in rows]
