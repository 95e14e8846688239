"""The IMAP listener: keeps the store in step with the watched folder.

IDLE (RFC 2177) is only a wake-up signal. After every wake-up and every (re)connect the
listener asks the server with `UID SEARCH` for everything above the last stored UID, so a
lost notification, a dropped connection or a crash can delay a message but never lose or
repeat it. Server-side keywords are added only after the message is committed.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from assistant.errors import BadInput
from assistant.mail.imap_session import MAX_IDLE_SECONDS, ConnectionLost, ImapSession, LoginRefused
from assistant.service.inbound import (
    Handler,
    dispatch,
    mailbox_key,
    mark_flagged,
    open_folder,
    resolve_handler,
    store_message,
    unflagged_uids,
    waiting_ids,
)
from assistant.settings import Settings

log = logging.getLogger(__name__)

FETCH_BATCH = 100  # messages per FETCH
FETCH_BATCH_BYTES = 16 * 1024 * 1024  # ... and at most this many bytes (one huge one alone)
ONCE_ATTEMPTS = 5  # `listen --once` gives up after this many failed connections in a row


@dataclass
class Counts:
    """The `listen --once` summary (CONTRACT.md) plus what the fault tests look at."""

    processed: int = 0
    duplicates: int = 0
    quarantined: int = 0
    reconnects: int = 0
    watchdog_fired: int = 0

    def summary(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k in ("processed", "duplicates", "quarantined")}


class Backoff:
    """Exponential backoff with jitter between reconnects: 0.5 s doubling up to 60 s."""

    def __init__(self, first: float = 0.5, cap: float = 60.0) -> None:
        self.first, self.cap, self.failures = first, cap, 0

    def next_delay(self) -> float:
        delay = min(self.cap, self.first * 2 ** self.failures)
        self.failures += 1
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        self.failures = 0


class Listener:
    def __init__(self, engine: Engine, settings: Settings, password: str,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 stop: threading.Event | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.password = password
        self.clock = clock
        self.stop = stop or threading.Event()
        self.mailbox = mailbox_key(settings.mailbox)
        self.handler: Handler | None = resolve_handler()
        self.counts = Counts()
        self._connected_once = False

    # -- the two ways to run ------------------------------------------------------------

    def run_once(self) -> Counts:
        """Store and hand on everything not yet processed, then return."""
        backoff = Backoff()
        while not self.stop.is_set():
            try:
                session = self._connect()
            except LoginRefused as exc:
                raise BadInput(f"mailbox: {exc}") from exc
            except ConnectionLost:
                if backoff.failures + 1 >= ONCE_ATTEMPTS:
                    raise
                self.stop.wait(backoff.next_delay())
                continue
            try:
                self.catch_up(session)
                return self.counts
            except ConnectionLost as exc:
                if backoff.failures + 1 >= ONCE_ATTEMPTS:
                    raise
                log.warning("%s; reconnecting", exc)
                self.stop.wait(backoff.next_delay())
            finally:
                self._close(session)
        return self.counts

    def run_forever(self) -> Counts:
        """Listen until `stop` is set: catch up, IDLE, catch up, ... reconnecting on failure."""
        backoff = Backoff()
        idle_seconds = max(1, min(self.settings.mailbox.idle_seconds, MAX_IDLE_SECONDS))
        while not self.stop.is_set():
            session: ImapSession | None = None
            try:
                session = self._connect()
                self.catch_up(session)
                backoff.reset()
                while not self.stop.is_set():
                    if session.client.has_capability("IDLE"):
                        session.idle(idle_seconds, self.stop.is_set)
                    else:  # no IDLE: poll at the same rhythm
                        self.stop.wait(min(idle_seconds, 60))
                    self.catch_up(session)
            except ConnectionLost as exc:
                delay = backoff.next_delay()
                level = logging.ERROR if isinstance(exc, LoginRefused) else logging.WARNING
                log.log(level, "%s; reconnecting in %.1f s", exc, delay)
                self.stop.wait(delay)
            except OperationalError as exc:
                # The database went away (PostgreSQL restart, disk full): nothing was
                # committed for the message in hand, so retrying later repeats nothing.
                delay = backoff.next_delay()
                log.error("store unavailable: %s; retrying in %.1f s", exc.orig, delay)
                self.stop.wait(delay)
            finally:
                if session is not None:
                    self._close(session)
        return self.counts

    # -- one pass -----------------------------------------------------------------------

    def catch_up(self, session: ImapSession) -> None:
        """Everything above the last stored UID, until the folder has nothing new."""
        uidvalidity = session.uidvalidity
        last_uid = open_folder(self.engine, self.mailbox, uidvalidity, self.clock())
        # Left over by a crash between the commit and the keyword / the handler.
        self._flag(session, uidvalidity, unflagged_uids(self.engine, self.mailbox, uidvalidity))
        if self.handler is not None:
            for inbound_id in waiting_ids(self.engine):
                if self.stop.is_set():
                    return
                self._hand_on(inbound_id)
        while not self.stop.is_set():
            uids = session.uids_after(last_uid)
            if not uids:
                if session.announced_new_mail():
                    continue  # arrived during the search: search again before IDLE
                return
            for batch in _batches(uids, session.sizes(uids)):
                last_uid = max(last_uid, self._store_batch(session, uidvalidity, batch))
                if self.stop.is_set():
                    return

    def _store_batch(self, session: ImapSession, uidvalidity: int, uids: Sequence[int]) -> int:
        done: list[int] = []
        try:
            for fetched in session.fetch(uids):
                if self.stop.is_set():
                    break
                result = store_message(self.engine, self.mailbox, uidvalidity, fetched.uid,
                                       fetched.raw, fetched.server_date,
                                       self.settings.mailbox.max_message_bytes, self.clock())
                done.append(fetched.uid)
                if result.outcome == "duplicate":
                    self.counts.duplicates += 1
                elif result.outcome == "quarantined":
                    self.counts.quarantined += 1
                elif result.inbound_id is not None:
                    self._hand_on(result.inbound_id)
        finally:
            if done:
                self._flag(session, uidvalidity, done)
        return max(uids)

    def _hand_on(self, inbound_id: int) -> None:
        if self.handler is None:
            self.counts.processed += 1  # stored; stays 'received' until a handler exists
            return
        status = dispatch(self.engine, self.settings, inbound_id, self.clock(), self.handler)
        if status == "quarantined":
            self.counts.quarantined += 1
        elif status != "skipped":  # 'skipped': another listener handled it
            self.counts.processed += 1

    def _flag(self, session: ImapSession, uidvalidity: int, uids: Sequence[int]) -> None:
        keyword = self.settings.mailbox.stored_keyword
        if not uids:
            return
        if keyword:
            session.add_keyword(uids, keyword)
        mark_flagged(self.engine, self.mailbox, uidvalidity, uids, self.clock())

    # -- connections --------------------------------------------------------------------

    def _connect(self) -> ImapSession:
        session = ImapSession(self.settings.mailbox, self.password)
        if self._connected_once:
            self.counts.reconnects += 1
        self._connected_once = True
        log.info("connected to %s (UIDVALIDITY %s)", self.mailbox, session.uidvalidity)
        return session

    def _close(self, session: ImapSession) -> None:
        self.counts.watchdog_fired += session.watchdog_fired
        session.close()


def _batches(uids: Sequence[int], sizes: dict[int, int]) -> Iterator[list[int]]:
    batch: list[int] = []
    total = 0
    for uid in uids:
        size = sizes.get(uid, 0)
        if batch and (len(batch) >= FETCH_BATCH or total + size > FETCH_BATCH_BYTES):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += size
    if batch:
        yield batch
