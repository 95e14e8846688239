"""A real Dovecot IMAP server for tests: self-contained config in a temp dir, loopback only.

Nothing under /etc/dovecot is read. The server listens on a free 127.0.0.1 port with
plaintext login allowed (no TLS on loopback), one passwd-file user, and Maildir storage
owned by a non-root uid (`nobody` when the tests run as root, else the current user).

Helpers: `append()` (IMAP APPEND through imaplib), `restart()`, `set_uidvalidity()` /
`reset_uidvalidity()` (the server renumbers the folder, as after an index rebuild),
`uids()` and `flags()` to inspect the server side.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"
USER = "ar@example.com"
PASSWORD = "secret-imap-password"


def dovecot_available() -> bool:
    return Path(DOVECOT).exists() and Path(DOVEADM).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mail_owner() -> tuple[str, str, int, int]:
    """(user, group, uid, gid) owning the mail: never root."""
    if os.geteuid() == 0:
        user = pwd.getpwnam("nobody")
        return user.pw_name, grp.getgrgid(user.pw_gid).gr_name, user.pw_uid, user.pw_gid
    user = pwd.getpwuid(os.geteuid())
    return user.pw_name, grp.getgrgid(user.pw_gid).gr_name, user.pw_uid, user.pw_gid


def _config(root: Path, port: int, tls_port: int = 0) -> str:
    owner, _group, uid, gid = _mail_owner()
    internal = "dovecot" if os.geteuid() == 0 else owner
    login = "dovenull" if os.geteuid() == 0 else owner
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{_tls_settings(root) if tls_port else "ssl = no"}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {min(uid, 100)}
first_valid_gid = {min(gid, 100)}
mail_location = maildir:{root}/mail/%n/Maildir
mail_uid = {uid}
mail_gid = {gid}
# IDLE sees new mail through inotify; the interval is only the fallback poll.
mailbox_idle_check_interval = 1 secs
imap_idle_notify_interval = 2 mins
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service imap {{
  process_limit = 64
}}
service auth {{
  unix_listener auth-userdb {{
    mode = 0666
  }}
}}
service doveadm {{
  inet_listener {{
    port = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""


@dataclass
class Dovecot:
    """One running Dovecot; `folder` is the mailbox the tests fill (INBOX)."""

    root: Path
    port: int
    tls_port: int = 0  # implicit TLS (imaps); `port` then also offers STARTTLS
    host: str = "127.0.0.1"
    user: str = USER
    password: str = PASSWORD
    folder: str = "INBOX"
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def config_path(self) -> Path:
        return self.root / "dovecot.conf"

    def start(self) -> None:
        # Its own process group, so stop() can end every child like a service manager does.
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config_path)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"dovecot exited: {err}\n{self.log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not start on port {self.port}\n{self.log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        # The master leaves its log, stats and imap processes behind: end the whole group,
        # which also drops every client connection as a real restart does.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None
        # The master is gone; wait until the port refuses so a restart can bind it.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=0.2).close()
                time.sleep(0.05)
            except OSError:
                return

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

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


def _tls_settings(root: Path) -> str:
    return f"ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem"


def _self_signed_certificate(root: Path) -> None:
    """A throwaway certificate for localhost (openssl is a dependency of dovecot-core)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-keyout", str(root / "key.pem"),
                    "-out", str(root / "cert.pem")], check=True, capture_output=True)


def start_dovecot(tls: bool = False) -> Dovecot:
    root = Path(tempfile.mkdtemp(prefix="ar-dovecot-"))
    # Dovecot's unprivileged processes must traverse the directory.
    root.chmod(0o755)
    _owner, _, uid, gid = _mail_owner()
    (root / "mail").mkdir()
    os.chown(root / "mail", uid, gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    (root / "passwd").chmod(0o644)
    server = Dovecot(root=root, port=free_port(), tls_port=free_port() if tls else 0)
    if tls:
        _self_signed_certificate(root)
    server.config_path.write_text(_config(root, server.port, server.tls_port))
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
