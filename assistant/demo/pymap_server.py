"""The demo's IMAP server when Dovecot is not installed: pymap (pure Python, in memory).

Checked against what the listener uses (docs/demo.md): LOGIN, SELECT with UIDVALIDITY,
UID SEARCH, UID FETCH BODY.PEEK[] and RFC822.SIZE, STORE of a keyword, APPEND with
APPENDUID, and IDLE. Its mailbox lives in memory: it is for the demo only.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.demo.imap_append import imap_append
from assistant.demo.smtp_catcher import free_port
from assistant.errors import AssistantError


def pymap_command() -> list[str] | None:
    """How to start pymap from this environment, or None when it is not installed."""
    beside = Path(sys.executable).with_name("pymap")
    found = str(beside) if beside.exists() else shutil.which("pymap")
    return [found] if found else None


@dataclass
class DemoPymap:
    port: int
    user: str
    password: str
    log_path: Path
    folder: str = "INBOX"
    host: str = "127.0.0.1"
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> DemoPymap:
        command = pymap_command()
        if command is None:
            raise AssistantError("pymap is not installed (pip install -e '.[dev]')")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            # Loopback only, no TLS: plaintext login is acceptable here and nowhere else.
            self.process = subprocess.Popen(
                [*command, "--host", self.host, "--port", str(self.port), "--no-tls", "--no-service", "admin",
                 "dict", "--demo-user", self.user, "--demo-password", self.password],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssistantError(f"pymap exited:\n{self.log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssistantError(f"pymap did not start on port {self.port}\n{self.log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                self.process.wait(5)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    def append(self, raw: bytes) -> int | None:
        return imap_append(self.host, self.port, self.user, self.password, self.folder, raw)


def start_pymap(root: Path, user: str, password: str) -> DemoPymap:
    return DemoPymap(port=free_port(), user=user, password=password, log_path=root / "pymap.log").start()
