"""An SMTP server on loopback that accepts every message and keeps it (the demo's "internet").

The outbox delivers reminders to it over real SMTP, so the demo exercises the production
delivery path; nothing leaves the machine.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Caught:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(parsed, EmailMessage)
        return parsed


class _Handler:
    def __init__(self, catcher: SmtpCatcher) -> None:
        self.catcher = catcher

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        self.catcher.keep(Caught(str(envelope.mail_from), tuple(envelope.rcpt_tos),
                                 bytes(data if isinstance(data, bytes) else data.encode())))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpCatcher:
    """aiosmtpd on 127.0.0.1, a free port; `messages` holds everything accepted."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port()
        self.messages: list[Caught] = []
        self._lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname=host, port=self.port, ready_timeout=10)

    def keep(self, caught: Caught) -> None:
        with self._lock:
            self.messages.append(caught)

    def caught(self) -> list[Caught]:
        with self._lock:
            return list(self.messages)

    def start(self) -> SmtpCatcher:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SmtpCatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
