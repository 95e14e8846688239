"""Use case: store a raw message read from the mailbox exactly once, then hand it on.

Each message is committed in its own transaction together with the folder's `last_uid`,
so a crash at any point leaves either both or neither: a restart resumes right after the
last stored UID and the unique keys turn any repeat into a counted duplicate. The reply
handler runs after that commit, in its own transactions; if it fails, the message moves to
the quarantine with the error and the next message goes on.
"""

from __future__ import annotations

import importlib
import logging
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, Table, select, update

from assistant.core.intake import assess
from assistant.settings import MailboxSettings, Settings
from assistant.store.db import transaction
from assistant.store.models_inbound import InboundMessageRow, MailboxStateRow
from assistant.store.upsert import dialect_insert
from intents.mime import ParsedMessage

log = logging.getLogger(__name__)

HANDLER_MODULE = "assistant.service.replies"
Handler = Callable[[Engine, Settings, int, datetime], Any]
# Messages just stored, parsed, keyed by sha256: the handler usually runs right after the
# store and would parse the same bytes again. Small and bounded; a miss only costs a parse.
PARSED_KEPT = 64
PARSED_MAX_BYTES = 1024 * 1024
_parsed: OrderedDict[str, ParsedMessage] = OrderedDict()
_parsed_lock = threading.Lock()


@dataclass(frozen=True)
class Stored:
    """The outcome for one fetched message: 'stored', 'duplicate' or 'quarantined'."""

    outcome: str
    inbound_id: int | None
    uid: int


def mailbox_key(mailbox: MailboxSettings) -> str:
    """Our name for the watched folder: the same login and folder is the same mailbox."""
    return f"{mailbox.username.lower()}@{mailbox.host}/{mailbox.folder}"


def resolve_handler() -> Handler | None:
    """`handle_inbound` of the reply handler when that module is installed, else None."""
    try:
        module = importlib.import_module(HANDLER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name == HANDLER_MODULE:
            return None
        raise
    handler: Handler | None = getattr(module, "handle_inbound", None)
    return handler


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


def store_message(engine: Engine, mailbox: str, uidvalidity: int, uid: int, raw: bytes,
                  server_date: datetime | None, max_bytes: int, now: datetime) -> Stored:
    intake = assess(raw, max_bytes)
    values = {
        "mailbox": mailbox, "uidvalidity": uidvalidity, "uid": uid, "message_id": intake.message_id,
        "message_key": intake.message_key[:998], "sha256": intake.sha256, "size": intake.size,
        "raw": raw, "server_date": server_date, "received_at": now, "updated_at": now,
        "status": "quarantined" if intake.reason else "received",
        "reason": intake.reason, "error": intake.error,
    }
    table = cast(Table, InboundMessageRow.__table__)
    with transaction(engine) as session:
        stmt = dialect_insert(session, table).values(**values).on_conflict_do_nothing()
        inbound_id = session.execute(stmt.returning(table.c.id)).scalar_one_or_none()
        session.execute(update(MailboxStateRow)
                        .where(MailboxStateRow.mailbox == mailbox,
                               MailboxStateRow.uidvalidity == uidvalidity,
                               MailboxStateRow.last_uid < uid)
                        .values(last_uid=uid, last_sync_at=now, updated_at=now))
    if inbound_id is None:
        return Stored("duplicate", None, uid)
    if intake.parsed is not None and intake.size <= PARSED_MAX_BYTES:
        with _parsed_lock:
            _parsed[intake.sha256] = intake.parsed
            while len(_parsed) > PARSED_KEPT:
                _parsed.popitem(last=False)
    if intake.reason:
        log.warning("%s UID %s quarantined (%s): %s", mailbox, uid, intake.reason, intake.error)
        return Stored("quarantined", inbound_id, uid)
    return Stored("stored", inbound_id, uid)


def take_parsed(sha256: str) -> ParsedMessage | None:
    """The parse `store_message` made of the message with this sha256, once, if still kept."""
    with _parsed_lock:
        return _parsed.pop(sha256, None)


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
                                    .where(InboundMessageRow.status == "received")
                                    .order_by(InboundMessageRow.id)))


def dispatch(engine: Engine, settings: Settings, inbound_id: int, now: datetime,
             handler: Handler) -> str:
    """Run the reply handler on one stored message; return its status afterwards, or
    'skipped' when the handler reports that another process handled it first.

    The handler may set the status itself (in its own transaction) and say so with a
    result whose `processed` is True; if it leaves 'received', success marks it
    'processed'. Any exception quarantines the message.
    """
    try:
        result = handler(engine, settings, inbound_id, now)
    except Exception as exc:
        log.exception("reply handler failed on inbound message %s", inbound_id)
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        with transaction(engine) as session:
            session.execute(update(InboundMessageRow).where(InboundMessageRow.id == inbound_id)
                            .values(status="quarantined", reason="handler-failed",
                                    error=detail[:4000], updated_at=now))
        return "quarantined"
    if getattr(result, "skipped", False) is True:
        return "skipped"
    if getattr(result, "processed", False) is True:
        return "processed"  # the handler committed that status itself: nothing to read back
    with transaction(engine) as session:
        session.execute(update(InboundMessageRow).where(
            InboundMessageRow.id == inbound_id, InboundMessageRow.status == "received")
            .values(status="processed", processed_at=now, updated_at=now))
        status: str = session.execute(select(InboundMessageRow.status)
                                      .where(InboundMessageRow.id == inbound_id)).scalar_one()
    return status
