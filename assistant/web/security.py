"""Web security pieces: the session signing key, CSRF tokens, login throttling, roles."""

from __future__ import annotations

import hmac
import os
import secrets
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from assistant.core.statuses import ROLE_RANK, Role
from assistant.errors import BadInput
from assistant.settings import WebSettings

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def session_secret(web: WebSettings) -> str:
    """The key that signs session cookies: from the environment, else a generated file.

    Generated once and kept (mode 0600) so logins survive a restart. Several web
    processes starting at once agree on one key: the first creates the file, the others
    read it. An empty key is never used: it would let anyone sign a session.
    """
    from_env = os.environ.get(web.secret_key_env)
    if from_env:
        return from_env
    path = Path(web.secret_file)
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another web process is writing it: read it below
            else:
                key = secrets.token_urlsafe(48)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(key)
                return key
        return _read_key(path, web.secret_key_env)
    except OSError as exc:
        raise BadInput(f"web.secret_file: {path}: {exc.strerror or exc}") from exc


def _read_key(path: Path, env: str, seconds: float = 1.0) -> str:
    deadline = time.monotonic() + seconds
    while True:
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        if time.monotonic() > deadline:
            raise BadInput(f"web.secret_file: {path} is empty: remove it to have a key generated, or set ${env}")
        time.sleep(0.05)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def same_site_path(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default`.

    Redirects after a login or a decision follow a form field: an absolute or
    protocol-relative URL there would make the app an open redirect (a phishing aid).
    Browsers read a backslash as a slash (WHATWG URL), so `/\\host` is refused too.
    """
    if (not target or not target.startswith("/") or target.startswith("//") or "\\" in target
            or urlsplit(target).netloc):
        return default
    return target


def role_allows(role: str | None, needed: Role) -> bool:
    return role is not None and role in set(Role) and ROLE_RANK[Role(role)] >= ROLE_RANK[needed]


class LoginThrottle:
    """Counts failed logins per (user, address) in a sliding window.

    Kept in memory: one web process per machine is the deployment this protects; a
    restart clears it, which is acceptable because argon2 already makes guessing slow.
    """

    def __init__(self, attempts: int, window_seconds: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        now = self.clock()
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def blocked(self, user: str, address: str) -> bool:
        return len(self._recent((user.lower(), address))) >= self.attempts

    def failed(self, user: str, address: str) -> None:
        self._recent((user.lower(), address)).append(self.clock())

    def succeeded(self, user: str, address: str) -> None:
        self._failures.pop((user.lower(), address), None)
