"""The IMAP listener: keeps the application in step with the watched folder.

IDLE (RFC 2177) is only a wake-up signal. After every wake-up and every (re)connect the
listener asks the server with `UID SEARCH` for everything above the last stored UID, so a
lost notification, a dropped connection or a crash can delay a message but never lose or
repeat it. Server-side keywords are added only after the message is committed.

The listener is driven: it fetches bytes and hands each message to the `Inbox` it was
given. It keeps no books of its own (no store, no use case): the application records the
folder's position and every message, and tells the listener what became of each.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass

from assistant.core.statuses import HandleOutcome, StoreOutcome
from assistant.errors import BadInput, StoreUnavailable
from assistant.mail.imap_session import (
    MAX_IDLE_SECONDS,
    ConnectionLost,
    Fetched,
    ImapSession,
    LoginRefused,
)
from assistant.settings import MailboxSettings

log = logging.getLogger(__name__)

FETCH_BATCH = 100  # messages per FETCH
FETCH_BATCH_BYTES = 16 * 1024 * 1024  # ... and at most this many bytes (one huge one alone)
ONCE_ATTEMPTS = 5  # `listen --once` gives up after this many failed connections in a row

# What became of one message handed on: stored before (duplicate), kept raw (quarantined),
# handled (processed), or handled by another listener first (skipped).
Outcome = StoreOutcome | HandleOutcome


@dataclass(frozen=True)
class Inbox:
    """What the application gives the listener, as callables.

    - `open_folder(uidvalidity)`: record the folder's UIDVALIDITY; the last UID stored
      under it (0 after a change: every old UID is void, RFC 3501 2.3.1.1).
    - `deliver(uidvalidity, fetched)`: store the message once, together with the position,
      then handle it.
    - `resume(should_stop)`: handle messages stored earlier but not handled (a crash
      between the two).
    - `unflagged(uidvalidity)`: stored messages whose server-side keyword is missing.
    - `flagged(uidvalidity, uids)`: record that their keyword is set.
    Each raises `StoreUnavailable` when the application's store cannot be reached.
    """

    open_folder: Callable[[int], int]
    deliver: Callable[[int, Fetched], Outcome]
    resume: Callable[[Callable[[], bool]], Iterable[Outcome]]
    unflagged: Callable[[int], Sequence[int]]
    flagged: Callable[[int, Sequence[int]], None]


def mailbox_key(mailbox: MailboxSettings) -> str:
    """Our name for the watched folder: the same login and folder is the same mailbox."""
    return f"{mailbox.username.lower()}@{mailbox.host}/{mailbox.folder}"


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
    def __init__(self, mailbox: MailboxSettings, password: str, inbox: Inbox,
                 stop: threading.Event | None = None) -> None:
        self.settings = mailbox
        self.password = password
        self.inbox = inbox
        self.stop = stop or threading.Event()
        self.mailbox = mailbox_key(mailbox)
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
        idle_seconds = max(1, min(self.settings.idle_seconds, MAX_IDLE_SECONDS))
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
            except StoreUnavailable as exc:
                # The database went away (PostgreSQL restart, disk full): nothing was
                # committed for the message in hand, so retrying later repeats nothing.
                delay = backoff.next_delay()
                log.error("%s; retrying in %.1f s", exc, delay)
                self.stop.wait(delay)
            finally:
                if session is not None:
                    self._close(session)
        return self.counts

    # -- one pass -----------------------------------------------------------------------

    def catch_up(self, session: ImapSession) -> None:
        """Everything above the last stored UID, until the folder has nothing new."""
        uidvalidity = session.uidvalidity
        last_uid = self.inbox.open_folder(uidvalidity)
        # Left over by a crash between the commit and the keyword / the handler.
        self._flag(session, uidvalidity, self.inbox.unflagged(uidvalidity))
        for outcome in self.inbox.resume(self.stop.is_set):
            self._count(outcome)
        if self.stop.is_set():
            return
        while not self.stop.is_set():
            uids = session.uids_after(last_uid)
            if not uids:
                if session.announced_new_mail():
                    continue  # arrived during the search: search again before IDLE
                return
            for batch in _batches(uids, session.sizes(uids)):
                last_uid = max(last_uid, self._deliver_batch(session, uidvalidity, batch))
                if self.stop.is_set():
                    return

    def _deliver_batch(self, session: ImapSession, uidvalidity: int, uids: Sequence[int]) -> int:
        done: list[int] = []
        try:
            for fetched in session.fetch(uids):
                if self.stop.is_set():
                    break
                outcome = self.inbox.deliver(uidvalidity, fetched)
                done.append(fetched.uid)
                self._count(outcome)
        finally:
            if done:
                self._flag(session, uidvalidity, done)
        return max(uids)

    def _count(self, outcome: Outcome) -> None:
        if outcome == StoreOutcome.DUPLICATE:
            self.counts.duplicates += 1
        elif outcome == StoreOutcome.QUARANTINED:  # at intake or when handling failed
            self.counts.quarantined += 1
        elif outcome != HandleOutcome.SKIPPED:  # skipped: another listener handled it
            self.counts.processed += 1

    def _flag(self, session: ImapSession, uidvalidity: int, uids: Sequence[int]) -> None:
        keyword = self.settings.stored_keyword
        if not uids:
            return
        if keyword:
            session.add_keyword(uids, keyword)
        self.inbox.flagged(uidvalidity, uids)

    # -- connections --------------------------------------------------------------------

    def _connect(self) -> ImapSession:
        session = ImapSession(self.settings, self.password)
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
