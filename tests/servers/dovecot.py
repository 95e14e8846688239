"""A real Dovecot IMAP server for tests: the product's local launcher
(`assistant.demo.dovecot_server`) in a temp dir, plus helpers to inspect the server side.

Helpers: `append()` (IMAP APPEND through imaplib), `restart()`, `set_uidvalidity()` /
`reset_uidvalidity()` (the server renumbers the folder, as after an index rebuild),
`uids()` and `flags()`.
"""

from __future__ import annotations

import imaplib
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.demo.dovecot_server import DemoDovecot
from assistant.demo.dovecot_server import dovecot_available as _dovecot_installed
from assistant.demo.smtp_catcher import free_port

DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"
USER = "ar@example.com"
PASSWORD = "secret-imap-password"


def dovecot_available() -> bool:
    return _dovecot_installed() and Path(DOVEADM).exists()


@dataclass
class Dovecot(DemoDovecot):
    """One running Dovecot; `folder` is the mailbox the tests fill (INBOX)."""

    user: str = USER
    password: str = PASSWORD

    def restart(self) -> None:
        self.stop()
        self.start()

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=30)
        imap.login(self.user, self.password)
        return imap

    def append(self, *messages: bytes, flags: str = "") -> list[int]:
        """APPEND each message to the folder; return the UIDs the server gave them."""
        uids: list[int] = []
        imap = self.client()
        try:
            for raw in messages:
                typ, data = imap.append(self.folder, flags or None, None, raw)
                if typ != "OK":
                    raise RuntimeError(f"APPEND failed: {data!r}")
                # RFC 4315 UIDPLUS: [APPENDUID <uidvalidity> <uid>]
                text = (data[0] or b"").decode()
                if "APPENDUID" in text:
                    uids.append(int(text.split("APPENDUID", 1)[1].split()[1].rstrip("]")))
        finally:
            imap.logout()
        return uids

    def uidvalidity(self) -> int:
        imap = self.client()
        try:
            _typ, data = imap.status(self.folder, "(UIDVALIDITY)")
            return int(data[0].decode().split("UIDVALIDITY", 1)[1].strip(" )"))
        finally:
            imap.logout()

    def uids(self) -> list[int]:
        imap = self.client()
        try:
            imap.select(self.folder, readonly=True)
            _typ, data = imap.uid("SEARCH", "ALL")
            return [int(x) for x in (data[0] or b"").split()]
        finally:
            imap.logout()

    def flags(self) -> dict[int, set[str]]:
        imap = self.client()
        try:
            imap.select(self.folder, readonly=True)
            _typ, data = imap.uid("FETCH", "1:*", "(FLAGS)")
            out: dict[int, set[str]] = {}
            for item in data:
                if not isinstance(item, bytes):
                    continue
                text = item.decode()
                uid = int(text.split("UID ", 1)[1].split()[0].rstrip(")"))
                inner = text.split("FLAGS (", 1)[1].split(")", 1)[0]
                out[uid] = set(inner.split())
            return out
        finally:
            imap.logout()

    def set_uidvalidity(self, value: int) -> None:
        """Give the folder a new UIDVALIDITY (RFC 3501 2.3.1.1): every UID is now void."""
        subprocess.run([DOVEADM, "-c", str(self.config_path), "mailbox", "update", "-u", self.user,
                        "--uid-validity", str(value), self.folder], check=True, capture_output=True)

    def reset_uidvalidity(self) -> int:
        """Throw away Dovecot's UID list and indexes, as after a server rebuild: the same
        messages come back under new UIDs and a new UIDVALIDITY. Returns the new value."""
        before = self.uidvalidity()
        self.stop()
        maildir = self.root / "mail" / self.user.split("@")[0] / "Maildir"
        for path in maildir.glob("dovecot*"):
            path.unlink()
        time.sleep(1.1)  # Dovecot derives a fresh UIDVALIDITY from the clock (seconds)
        self.start()
        after = self.uidvalidity()
        if after == before:
            raise RuntimeError("UIDVALIDITY did not change")
        return after


def _self_signed_certificate(root: Path) -> None:
    """A throwaway certificate for localhost (openssl is a dependency of dovecot-core)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-keyout", str(root / "key.pem"),
                    "-out", str(root / "cert.pem")], check=True, capture_output=True)


def start_dovecot(tls: bool = False) -> Dovecot:
    root = Path(tempfile.mkdtemp(prefix="ar-dovecot-"))
    server = Dovecot(root=root, port=free_port(), tls_port=free_port() if tls else 0)
    if tls:
        _self_signed_certificate(root)
    server.start()
    return server


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A fresh Dovecot with an empty INBOX for one test (fails in CI when not installed)."""
    from tests.conftest import need

    need(dovecot_available(), "Dovecot (Debian package dovecot-imapd) is not installed")
    server = start_dovecot()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def dovecot_tls() -> Iterator[Dovecot]:
    """Like `dovecot`, with a self-signed certificate: implicit TLS on `tls_port`, STARTTLS
    on `port`."""
    from tests.conftest import need

    need(dovecot_available(), "Dovecot (Debian package dovecot-imapd) is not installed")
    server = start_dovecot(tls=True)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
