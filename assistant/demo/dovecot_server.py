"""A local Dovecot IMAP server: self-contained config under one folder, loopback only.

Used by the demo (under `var/demo/imap`) and, extended with inspection helpers, by the
real-server tests. Nothing under /etc/dovecot is read. Dovecot listens on a free 127.0.0.1
port with plaintext login (loopback only; optionally implicit TLS on a second port with a
given certificate), one passwd-file user, Maildir storage owned by a non-root uid (`nobody`
when run as root). Its runtime sockets live in a short temporary directory because Unix
socket paths are limited to about 108 bytes.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.demo.imap_append import imap_append
from assistant.demo.smtp_catcher import free_port
from assistant.errors import AssistantError

DOVECOT = "/usr/sbin/dovecot"


def dovecot_available() -> bool:
    return Path(shutil.which("dovecot") or DOVECOT).exists()


def _mail_owner() -> tuple[str, int, int]:
    """(user, uid, gid) owning the mail: never root."""
    user = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    return user.pw_name, user.pw_uid, user.pw_gid


def _tls_settings(root: Path) -> str:
    return f"ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem"


def _config(root: Path, run_dir: Path, port: int, tls_port: int = 0) -> str:
    owner, uid, gid = _mail_owner()
    internal = "dovecot" if os.geteuid() == 0 else owner
    login = "dovenull" if os.geteuid() == 0 else owner
    return f"""
base_dir = {run_dir}
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{_tls_settings(root) if tls_port else "ssl = no"}
# Loopback only: plaintext login is acceptable here and nowhere else.
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
class DemoDovecot:
    root: Path
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    host: str = "127.0.0.1"
    tls_port: int = 0  # implicit TLS (imaps) with root/cert.pem and key.pem; `port` then offers STARTTLS
    temporary: bool = False  # `root` is a temporary folder, removed by stop()
    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ar-demo-imap-")))
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def config_path(self) -> Path:
        return self.root / "dovecot.conf"

    def start(self) -> DemoDovecot:
        _owner, uid, gid = _mail_owner()
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # Dovecot's unprivileged processes must traverse it
        self.run_dir.mkdir(parents=True, exist_ok=True)  # stop() removes it; a restart makes it again
        self.run_dir.chmod(0o755)
        mail = self.root / "mail"
        mail.mkdir(exist_ok=True)
        os.chown(mail, uid, gid)
        passwd = self.root / "passwd"
        passwd.write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        passwd.chmod(0o644)
        self.config_path.write_text(_config(self.root, self.run_dir, self.port, self.tls_port))
        # Its own process group, so stop() ends every child as a service manager would.
        self.process = subprocess.Popen([shutil.which("dovecot") or DOVECOT, "-F", "-c", str(self.config_path)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise AssistantError(f"dovecot exited: {err}\n{self.log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise AssistantError(f"dovecot did not start on port {self.port}\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None:
            group = self.process.pid
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(5)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)  # log, stats and imap children
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
                    break
        shutil.rmtree(self.run_dir, ignore_errors=True)
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def append(self, raw: bytes) -> int | None:
        return imap_append(self.host, self.port, self.user, self.password, self.folder, raw)


def _others_can_reach(path: Path) -> bool:
    """Whether an unprivileged uid can walk down to `path` (every ancestor world-searchable)."""
    for parent in path.resolve().parents:
        if parent.exists() and not parent.stat().st_mode & 0o001:
            return False
    return True


def start_dovecot(root: Path, user: str, password: str) -> DemoDovecot:
    """Dovecot with its files under `root`, or under a temporary folder when the mail uid
    could not reach `root` (a private home directory, for instance)."""
    temporary = os.geteuid() == 0 and not _others_can_reach(root)
    if temporary:
        root = Path(tempfile.mkdtemp(prefix="ar-demo-imap-data-"))
    return DemoDovecot(root=root, port=free_port(), user=user, password=password, temporary=temporary).start()
