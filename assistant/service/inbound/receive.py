"""Use case: a raw message arrives from the mailbox; store it exactly once, then handle it.

The message is judged and parsed once (`intake`), stored with the folder's position in one
transaction (`assistant.store.mailbox`), and the same parse is handed to the reply handler,
which runs after that commit in its own transactions. If the handler fails, the message
moves to the quarantine with the error and the next message goes on.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import Engine

from assistant.core.statuses import HandleOutcome, QuarantineReason, StoreOutcome
from assistant.service.inbound.intake import Intake, assess
from assistant.service.inbound.replies import Handled, handle_inbound
from assistant.settings import Settings
from assistant.store.mailbox import Arrival, Stored, record_arrival, waiting_ids
from assistant.store.mailbox import quarantine as move_to_quarantine
from intents.mime.parse import ParsedMessage

log = logging.getLogger(__name__)


def receive(engine: Engine, settings: Settings, mailbox: str, uidvalidity: int, uid: int, raw: bytes,
            server_date: datetime | None, now: datetime) -> StoreOutcome | HandleOutcome:
    """Store one fetched message (or count it as a duplicate), then handle it."""
    intake = assess(raw, settings.mailbox.max_message_bytes)
    stored = _record(engine, mailbox, uidvalidity, uid, raw, server_date, intake, now)
    if stored.outcome is not StoreOutcome.STORED or stored.inbound_id is None:
        return stored.outcome
    return handle(engine, settings, stored.inbound_id, now, parsed=intake.parsed)


def store_message(engine: Engine, mailbox: str, uidvalidity: int, uid: int, raw: bytes,
                  server_date: datetime | None, max_bytes: int, now: datetime) -> Stored:
    """Only the first half of `receive`: judge and store the message, hand it to nobody."""
    return _record(engine, mailbox, uidvalidity, uid, raw, server_date, assess(raw, max_bytes), now)


def _record(engine: Engine, mailbox: str, uidvalidity: int, uid: int, raw: bytes, server_date: datetime | None,
            intake: Intake, now: datetime) -> Stored:
    return record_arrival(engine, Arrival(
        mailbox, uidvalidity, uid, raw, server_date, intake.message_id, intake.sha256, intake.sender,
        intake.subject, intake.reason, intake.error), now)


Handler = Callable[..., Handled]


def handle(engine: Engine, settings: Settings, inbound_id: int, now: datetime,
           parsed: ParsedMessage | None = None, handler: Handler = handle_inbound) -> HandleOutcome:
    """Run the reply handler on one stored message; quarantine it when the handler fails
    (this is the error boundary: whatever a handler raises, the message behind goes on).

    `skipped`: another process handled it first, or it was our own mail coming back.
    """
    try:
        handled = handler(engine, settings, inbound_id, now, parsed=parsed)
    except Exception as exc:
        log.exception("reply handler failed on inbound message %s", inbound_id)
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        move_to_quarantine(engine, inbound_id, QuarantineReason.HANDLER_FAILED, detail, now)
        return HandleOutcome.QUARANTINED
    return HandleOutcome.SKIPPED if handled.skipped else HandleOutcome.PROCESSED


def resume(engine: Engine, settings: Settings, clock: Callable[[], datetime],
           should_stop: Callable[[], bool]) -> Iterator[HandleOutcome]:
    """Handle the messages stored earlier but not handled (a crash between the two)."""
    for inbound_id in waiting_ids(engine):
        if should_stop():
            return
        yield handle(engine, settings, inbound_id, clock())
