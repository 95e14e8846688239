"""The one place that decides which adapters to build and hands them to the use cases.

`wire(settings, clock)` opens the store and gives the long-running parts what they need:
the SMTP connection for a delivery pass, the dunning policy with its reminder templates
(loaded and checked once), and the IMAP listener driven by the inbound use case. The
commands (`run`, `listen`, `web`, `send-due`, `demo`, ...) build one `Wiring` and take
their pieces from it; nothing below them builds an adapter of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from assistant.errors import BadInput, StoreUnavailable
from assistant.mail.imap_listener import Inbox, Listener, Outcome, mailbox_key
from assistant.mail.imap_session import Fetched
from assistant.mail.smtp_outbox import SmtpSender
from assistant.service.dunning.policy_file import LoadedPolicy, load_for
from assistant.service.inbound import receive
from assistant.settings import Settings
from assistant.store import mailbox
from assistant.store.access import open_store

Clock = Callable[[], datetime]
P = ParamSpec("P")
R = TypeVar("R")


def smtp_connector(settings: Settings) -> Callable[[], SmtpSender]:
    """A fresh SMTP sender for one delivery pass (it connects when the first message goes out)."""
    return lambda: SmtpSender(settings, settings.dunning.smtp_timeout_seconds)


@dataclass
class Wiring:
    settings: Settings
    engine: Engine
    clock: Clock
    _policy: LoadedPolicy | None = field(default=None, repr=False)

    @property
    def smtp(self) -> Callable[[], SmtpSender]:
        return smtp_connector(self.settings)

    @property
    def policy(self) -> LoadedPolicy:
        """The dunning policy and its reminder templates, read and checked once."""
        if self._policy is None:
            self._policy = load_for(self.settings)
        return self._policy

    def mailbox_password(self) -> str:
        env = self.settings.mailbox.password_env
        password = self.settings.secret(env)
        if password is None:
            raise BadInput(f"mailbox.password_env: environment variable {env} is not set")
        return password

    def inbox(self) -> Inbox:
        """The inbound use case as the callables the IMAP listener is driven by."""
        engine, settings, clock = self.engine, self.settings, self.clock
        box = mailbox_key(settings.mailbox)

        def deliver(uidvalidity: int, fetched: Fetched) -> Outcome:
            return receive.receive(engine, settings, box, uidvalidity, fetched.uid, fetched.raw,
                                   fetched.server_date, clock())

        def resume(should_stop: Callable[[], bool]) -> Iterator[Outcome]:
            yield from receive.resume(engine, settings, clock, should_stop)

        def flagged(uidvalidity: int, uids: Sequence[int]) -> None:
            mailbox.mark_flagged(engine, box, uidvalidity, uids, clock())

        return Inbox(
            open_folder=_store_errors(lambda uidvalidity: mailbox.open_folder(engine, box, uidvalidity, clock())),
            deliver=_store_errors(deliver),
            resume=_store_errors(lambda should_stop: list(resume(should_stop))),
            unflagged=_store_errors(lambda uidvalidity: mailbox.unflagged_uids(engine, box, uidvalidity)),
            flagged=_store_errors(flagged))

    def listener(self, stop: threading.Event | None = None, password: str | None = None) -> Listener:
        return Listener(self.settings.mailbox, password if password is not None else self.mailbox_password(),
                        self.inbox(), stop=stop)


def wire(settings: Settings, clock: Clock, *, require_schema: bool = True) -> Wiring:
    return Wiring(settings, open_store(settings, require_schema=require_schema), clock)


def _store_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """The store going away (a PostgreSQL restart, a full disk) as the listener knows it."""

    @wraps(fn)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except OperationalError as exc:
            raise StoreUnavailable(f"store unavailable: {exc.orig}") from exc

    return guarded
