"""One IMAP connection to the watched folder: the thin socket layer under the listener.

Only what the listener needs: select (UIDVALIDITY), UID SEARCH, FETCH BODY.PEEK[] (never
sets \\Seen, RFC 3501 6.4.5), STORE +FLAGS, and IDLE (RFC 2177) with our own watchdog:
`idle_done()` waits for the server's tagged reply, and on a dropped network that reply
never comes. Every network failure surfaces as `ConnectionLost`.
"""

from __future__ import annotations

import imaplib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientError, LoginError

from assistant.errors import AssistantError
from assistant.settings import MailboxSettings

log = logging.getLogger(__name__)

MAX_IDLE_SECONDS = 600  # we re-issue IDLE at least every 10 minutes (RFC 2177: < 29)
NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError, EOFError, imaplib.IMAP4.abort, imaplib.IMAP4.error, IMAPClientError, ssl.SSLError,
)


class ConnectionLost(AssistantError):
    """The IMAP connection failed (EOF, BYE, timeout, refused): reconnect and catch up."""


class LoginRefused(ConnectionLost):
    """The server refused our login or the folder: likely configuration, maybe transient."""


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes
    server_date: datetime | None


class Watchdog:
    """Closes the socket if a blocking call has not returned within `seconds`.

    A socket timeout alone is not enough: imapclient resets timeouts around IDLE, and a
    TLS layer may retry reads. Shutting the socket down makes any blocked read return.
    """

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.fired = False
        self._sock = sock
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        log.warning("IMAP server stopped answering; dropping the connection")
        with suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


class ImapSession:
    """A logged-in connection with the folder selected read-write."""

    def __init__(self, settings: MailboxSettings, password: str) -> None:
        self.settings = settings
        self.timeout = float(settings.timeout_seconds)
        self.watchdog_fired = 0
        context = ssl.create_default_context()
        if not settings.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        with self._errors("connect"):
            self.client = IMAPClient(settings.host, port=settings.port, ssl=settings.tls == "ssl",
                                     ssl_context=context, use_uid=True,
                                     timeout=SocketTimeout(connect=self.timeout, read=self.timeout))
            self.client.normalise_times = False  # keep INTERNALDATE's zone; we store UTC
        try:
            with self._errors("login"):
                if settings.tls == "starttls":
                    self.client.starttls(context)
                try:
                    self.client.login(settings.username, password)
                except LoginError as exc:
                    raise LoginRefused(f"IMAP login as {settings.username} refused: {exc}") from exc
                try:
                    selected = self.client.select_folder(settings.folder)
                except IMAPClient.Error as exc:
                    raise LoginRefused(f"cannot select folder {settings.folder!r}: {exc}") from exc
        except ConnectionLost:
            self.close()
            raise
        self.uidvalidity = int(selected[b"UIDVALIDITY"])

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except ConnectionLost:
            raise
        except ssl.SSLCertVerificationError as exc:
            # Not transient: retrying cannot make an untrusted certificate trusted.
            raise LoginRefused(f"TLS certificate of {self.settings.host} not trusted: "
                               f"{exc.verify_message}") from exc
        except NETWORK_ERRORS as exc:
            raise ConnectionLost(f"IMAP {what} failed: {type(exc).__name__}: {exc}") from exc

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs above `last_uid`, ascending. `N:*` always matches the highest UID, even
        when it is below N (RFC 3501 6.4.8), hence the filter."""
        self._untagged().pop("EXISTS", None)
        with self._errors("UID SEARCH"):
            found = self.client.search(["UID", f"{last_uid + 1}:*"])
        return sorted(int(u) for u in found if int(u) > last_uid)

    def announced_new_mail(self) -> bool:
        """Whether the server sent `* n EXISTS` since the last search began.

        A message that arrives while a SEARCH runs is announced in that command's
        response (RFC 3501 7.3.1) but may be missing from its result, and the server
        will not announce it again in IDLE: without this check it would wait a full
        IDLE cycle. imaplib files such untagged responses away; we look there.
        """
        return self._untagged().pop("EXISTS", None) is not None

    def _untagged(self) -> dict[str, list[Any]]:
        untagged: dict[str, list[Any]] = self.client._imap.untagged_responses
        return untagged

    def sizes(self, uids: Sequence[int]) -> dict[int, int]:
        with self._errors("FETCH RFC822.SIZE"):
            data = self.client.fetch(list(uids), ["RFC822.SIZE"])
        return {int(uid): int(item[b"RFC822.SIZE"]) for uid, item in data.items()}

    def fetch(self, uids: Sequence[int]) -> list[Fetched]:
        """Raw messages for `uids` in UID order; expunged ones are simply absent."""
        with self._errors("FETCH BODY.PEEK[]"):
            data = self.client.fetch(list(uids), ["BODY.PEEK[]", "INTERNALDATE"])
        out = []
        for uid in sorted(data):
            item = data[uid]
            raw = item.get(b"BODY[]")
            if raw is None:
                continue
            out.append(Fetched(int(uid), bytes(raw), _aware(item.get(b"INTERNALDATE"))))
        return out

    def add_keyword(self, uids: Sequence[int], keyword: str) -> None:
        if uids and keyword:
            with self._errors("STORE +FLAGS"):
                self.client.add_flags(list(uids), [keyword], silent=True)

    def idle(self, seconds: float, should_stop: Callable[[], bool]) -> list[Any]:
        """Wait in IDLE until the server reports something, `seconds` pass, or we stop.

        Returns the untagged responses seen. IDLE is only a wake-up signal: the caller
        searches for new UIDs afterwards whatever this returns.
        """
        deadline = min(seconds, MAX_IDLE_SECONDS)
        responses: list[Any] = []
        with self._errors("IDLE"):
            self.client.idle()
            end = time.monotonic() + deadline
            # Short slices so a stop request is honoured within a second.
            while not responses and not should_stop():
                left = end - time.monotonic()
                if left <= 0:
                    break
                started = time.monotonic()
                responses = self.client.idle_check(timeout=min(1.0, left))
                if not responses and time.monotonic() - started < min(0.5, left / 2):
                    break  # readable but nothing parsed: EOF, which idle_done will report
            if any(r and r[0] == b"BYE" for r in responses if isinstance(r, tuple)):
                raise ConnectionLost("server said BYE during IDLE")
        self._idle_done()
        return responses

    def _idle_done(self) -> None:
        sock = self.client.socket()
        watchdog = Watchdog(sock, self.timeout)
        try:
            # The watchdog acts first; the socket timeout stays as the second line.
            sock.settimeout(self.timeout + 5)
            with watchdog, self._errors("IDLE DONE"):
                self.client.idle_done()
                sock.settimeout(self.timeout)
        finally:
            if watchdog.fired:
                self.watchdog_fired += 1
        if watchdog.fired:
            raise ConnectionLost("no answer to IDLE DONE in time")

    def close(self) -> None:
        """Log out politely when the connection still works; never raise."""
        client = getattr(self, "client", None)
        if client is None:
            return
        try:
            with Watchdog(client.socket(), min(self.timeout, 5.0)):
                client.logout()
        except Exception:
            with suppress(Exception):
                client.shutdown()


def _aware(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
