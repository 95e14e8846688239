"""A real SMTP server (aiosmtpd) on 127.0.0.1, on a free port, collecting what it receives.

Usage in a test:

    from tests.servers.smtp import smtp_server   # fixture (import it into your conftest/test)

    def test_x(smtp_server):
        smtp_server.reject("bad@example.com", 550)         # permanent, every time
        smtp_server.reject("slow@example.com", 451, times=2)  # transient, twice
        ... send to ("127.0.0.1", smtp_server.port) ...
        msg = smtp_server.messages[0].message             # email.message.EmailMessage

Or without pytest: `with SmtpTestServer() as server: ...`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from assistant.demo.smtp_catcher import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    peer: Any

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(parsed, EmailMessage)
        return parsed


class _Handler:
    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        reply = self.server._rcpt_reply(address)
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self.server._data_reply()
        if reply is not None:
            return reply
        with self.server._lock:
            self.server.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                                 bytes(envelope.original_content or envelope.content), session.peer))
            self.server.connections.add(session.peer)
            delay = self.server.data_delay
        if delay:
            # Stored, but the client hears nothing yet: "accepted or not?" is unknown to it.
            await asyncio.sleep(delay)
        return "250 Message accepted for delivery"




class SmtpTestServer:
    def __init__(self, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port()
        self.messages: list[Received] = []
        self.connections: set[Any] = set()
        self._lock = threading.Lock()
        self._rejects: dict[str, tuple[int, int | None]] = {}
        self._data_rejects: list[int] = []
        self.data_delay = 0.0  # seconds to wait before answering DATA
        self.controller = Controller(_Handler(self), hostname=host, port=self.port, ready_timeout=10)

    def start(self) -> SmtpTestServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SmtpTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reject(self, address: str, code: int, times: int | None = None) -> None:
        """Answer RCPT TO for `address` with `code` (4xx or 5xx), `times` times (None: always)."""
        with self._lock:
            self._rejects[address.lower()] = (code, times)

    def reject_data(self, *codes: int) -> None:
        """Answer the next DATA commands with these codes, in order."""
        with self._lock:
            self._data_rejects.extend(codes)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.connections.clear()
            self._rejects.clear()
            self._data_rejects.clear()

    def _rcpt_reply(self, address: str) -> str | None:
        with self._lock:
            entry = self._rejects.get(address.lower())
            if entry is None:
                return None
            code, times = entry
            if times is not None:
                if times <= 0:
                    return None
                self._rejects[address.lower()] = (code, times - 1)
        text = "Mailbox temporarily unavailable" if code < 500 else "No such user here"
        return f"{code} {'4.2.1' if code < 500 else '5.1.1'} {text}"

    def _data_reply(self) -> str | None:
        with self._lock:
            if not self._data_rejects:
                return None
            code = self._data_rejects.pop(0)
        return f"{code} {'4.3.0 Try again later' if code < 500 else '5.6.0 Message rejected'}"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address.lower() in (r.lower() for r in m.rcpt_tos)]


@pytest.fixture
def smtp_server() -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        yield server
