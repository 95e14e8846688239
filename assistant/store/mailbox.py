"""The books of the watched folders: how far each was read, and every raw message stored.

Each message is committed in its own transaction together with the folder's `last_uid`,
so a crash at any point leaves either both or neither: a restart resumes right after the
last stored UID and the unique keys turn any repeat into a counted duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, Table, select, update

from assistant.core.statuses import InboundStatus, QuarantineReason, StoreOutcome
from assistant.store.db import transaction
from assistant.store.models.inbound import InboundMessageRow, MailboxStateRow
from assistant.store.upsert import dialect_insert

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """The outcome for one fetched message, and its row when one was written."""

    outcome: StoreOutcome
    inbound_id: int | None
    uid: int


@dataclass(frozen=True)
class Arrival:
    """One raw message as it arrived, with what intake found in its header block."""

    mailbox: str
    uidvalidity: int
    uid: int
    raw: bytes
    server_date: datetime | None
    message_id: str | None
    sha256: str
    sender: str | None = None
    subject: str | None = None
    reason: QuarantineReason | None = None  # set: kept raw for a person
    error: str | None = None


def open_folder(engine: Engine, mailbox: str, uidvalidity: int, now: datetime) -> int:
    """Record the folder's UIDVALIDITY and return the last stored UID under it.

    A new UIDVALIDITY voids every UID we knew (RFC 3501 2.3.1.1): reading starts again at
    UID 1, and the (Message-ID, sha256) key keeps messages we already have from repeating.
    """
    table = cast(Table, MailboxStateRow.__table__)
    with transaction(engine) as session:
        # Two listeners may start at once: insert-if-absent, then lock the row.
        session.execute(dialect_insert(session, table).values(
            mailbox=mailbox, uidvalidity=uidvalidity, last_uid=0, last_sync_at=now,
            updated_at=now).on_conflict_do_nothing())
        state = session.execute(select(MailboxStateRow).where(MailboxStateRow.mailbox == mailbox)
                                .with_for_update()).scalar_one()
        if state.uidvalidity != uidvalidity:
            log.warning("%s: UIDVALIDITY changed from %s to %s; re-reading the folder",
                        mailbox, state.uidvalidity, uidvalidity)
            state.uidvalidity, state.last_uid, state.updated_at = uidvalidity, 0, now
        state.last_sync_at = now
        return state.last_uid


def record_arrival(engine: Engine, arrival: Arrival, now: datetime) -> Stored:
    """Store the message once, and move the folder's position past it, in one transaction."""
    values: dict[str, Any] = {
        "mailbox": arrival.mailbox, "uidvalidity": arrival.uidvalidity, "uid": arrival.uid,
        "message_id": arrival.message_id, "message_key": (arrival.message_id or "")[:998],
        "sha256": arrival.sha256, "size": len(arrival.raw), "raw": arrival.raw,
        "server_date": arrival.server_date, "received_at": now, "updated_at": now,
        "sender": (arrival.sender or None) and arrival.sender[:320], "subject": arrival.subject,
        "status": InboundStatus.QUARANTINED if arrival.reason else InboundStatus.RECEIVED,
        "reason": arrival.reason, "error": arrival.error,
    }
    table = cast(Table, InboundMessageRow.__table__)
    with transaction(engine) as session:
        stmt = dialect_insert(session, table).values(**values).on_conflict_do_nothing()
        inbound_id = session.execute(stmt.returning(table.c.id)).scalar_one_or_none()
        session.execute(update(MailboxStateRow)
                        .where(MailboxStateRow.mailbox == arrival.mailbox,
                               MailboxStateRow.uidvalidity == arrival.uidvalidity,
                               MailboxStateRow.last_uid < arrival.uid)
                        .values(last_uid=arrival.uid, last_sync_at=now, updated_at=now))
    if inbound_id is None:
        return Stored(StoreOutcome.DUPLICATE, None, arrival.uid)
    if arrival.reason:
        log.warning("%s UID %s quarantined (%s): %s", arrival.mailbox, arrival.uid, arrival.reason, arrival.error)
        return Stored(StoreOutcome.QUARANTINED, inbound_id, arrival.uid)
    return Stored(StoreOutcome.STORED, inbound_id, arrival.uid)


def unflagged_uids(engine: Engine, mailbox: str, uidvalidity: int) -> list[int]:
    """Stored messages whose server-side keyword is still missing (e.g. after a crash)."""
    with transaction(engine) as session:
        rows = session.scalars(select(InboundMessageRow.uid).where(
            InboundMessageRow.mailbox == mailbox, InboundMessageRow.uidvalidity == uidvalidity,
            InboundMessageRow.flagged_at.is_(None)).order_by(InboundMessageRow.uid))
        return list(rows)


def mark_flagged(engine: Engine, mailbox: str, uidvalidity: int, uids: Sequence[int],
                 now: datetime) -> None:
    if not uids:
        return
    with transaction(engine) as session:
        session.execute(update(InboundMessageRow).where(
            InboundMessageRow.mailbox == mailbox, InboundMessageRow.uidvalidity == uidvalidity,
            InboundMessageRow.uid.in_(list(uids))).values(flagged_at=now))


def waiting_ids(engine: Engine) -> list[int]:
    """Messages stored but not yet handed to the reply handler, oldest first."""
    with transaction(engine) as session:
        return list(session.scalars(select(InboundMessageRow.id)
                                    .where(InboundMessageRow.status == InboundStatus.RECEIVED)
                                    .order_by(InboundMessageRow.id)))


def quarantine(engine: Engine, inbound_id: int, reason: QuarantineReason, error: str, now: datetime) -> None:
    with transaction(engine) as session:
        session.execute(update(InboundMessageRow).where(InboundMessageRow.id == inbound_id)
                        .values(status=InboundStatus.QUARANTINED, reason=reason, error=error[:4000],
                                updated_at=now))
