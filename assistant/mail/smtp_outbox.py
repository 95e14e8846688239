"""SMTP delivery: one reused connection per pass, replies classified as sent, temporary or
permanent.

RFC 5321 section 4.2.1: 4yz replies are transient (try again later), 5yz permanent. A
dropped connection is transient too. The outbox decides what each outcome means for the
stored row; this module only talks to the server.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from enum import StrEnum

from assistant.settings import Settings


class SendOutcome(StrEnum):
    SENT = "sent"
    TEMPORARY = "temporary"  # 4yz, a dropped connection: try again later
    PERMANENT = "permanent"  # 5yz: never again as it is


@dataclass
class SendResult:
    outcome: SendOutcome
    error: str | None = None
    # Recipients the server refused at RCPT TO, with their reply code.
    refused: dict[str, int] = field(default_factory=dict)
    # The server could not be reached at all: later messages in this pass would fail alike.
    unreachable: bool = False


class SmtpSender:
    """A lazily opened, reused SMTP connection (connection reuse keeps throughput up)."""

    def __init__(self, settings: Settings, timeout: float = 30.0) -> None:
        self.smtp = settings.smtp
        self.password = settings.secret(settings.smtp.password_env)
        self.timeout = timeout
        self._conn: smtplib.SMTP | None = None
        self.connections_opened = 0
        self._ehlo_name: str | None = None

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (smtplib.SMTPException, OSError):
                self._conn.close()
            self._conn = None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if not self.smtp.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        # smtplib resolves our FQDN for EHLO on every connection; once per sender is enough.
        self._ehlo_name = self._ehlo_name or socket.getfqdn()
        conn: smtplib.SMTP
        if self.smtp.tls == "ssl":
            conn = smtplib.SMTP_SSL(self.smtp.host, self.smtp.port, local_hostname=self._ehlo_name,
                                    timeout=self.timeout, context=context)
        else:
            conn = smtplib.SMTP(self.smtp.host, self.smtp.port, local_hostname=self._ehlo_name, timeout=self.timeout)
            if self.smtp.tls == "starttls":
                conn.starttls(context=context)
        if self.smtp.username:
            conn.login(self.smtp.username, self.password or "")
        self.connections_opened += 1
        return conn

    def send(self, msg: EmailMessage, sender: str, recipients: list[str]) -> SendResult:
        """Send one message; a stale reused connection is reopened once before giving up."""
        for attempt in (1, 2):
            try:
                if self._conn is None:
                    self._conn = self._connect()
                refused = self._conn.send_message(msg, from_addr=sender, to_addrs=recipients)
                return SendResult(SendOutcome.SENT, refused={a: code for a, (code, _) in refused.items()})
            except smtplib.SMTPServerDisconnected as exc:
                self._conn = None
                if attempt == 2:
                    return SendResult(SendOutcome.TEMPORARY, f"connection lost: {exc}")
            except smtplib.SMTPRecipientsRefused as exc:
                codes = {a: code for a, (code, _) in exc.recipients.items()}
                self._reset()
                outcome = SendOutcome.PERMANENT if all(c >= 500 for c in codes.values()) else SendOutcome.TEMPORARY
                detail = "; ".join(f"{a}: {c} {m.decode(errors='replace') if isinstance(m, bytes) else m}"
                                   for a, (c, m) in exc.recipients.items())
                return SendResult(outcome, f"recipients refused: {detail}", refused=codes)
            except smtplib.SMTPResponseException as exc:
                self._reset()
                text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
                return SendResult(SendOutcome.PERMANENT if exc.smtp_code >= 500 else SendOutcome.TEMPORARY,
                                  f"{exc.smtp_code} {text}")
            except (OSError, smtplib.SMTPException) as exc:
                unreachable = self._conn is None or isinstance(exc, smtplib.SMTPConnectError)
                self._drop()
                return SendResult(SendOutcome.TEMPORARY, f"connection error: {exc.__class__.__name__}: {exc}",
                                  unreachable=unreachable)
        raise AssertionError("unreachable")

    def _reset(self) -> None:
        # After a refused transaction RSET leaves the connection usable for the next message.
        if self._conn is not None:
            try:
                self._conn.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
