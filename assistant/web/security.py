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

from assistant.settings import WebSettings

ROLE_RANK = {"viewer": 0, "approver": 1, "admin": 2}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def session_secret(web: WebSettings) -> str:
    """The key that signs session cookies: from the environment, else a generated file.

    Generated once and kept (mode 0600) so logins survive a restart.
    """
    from_env = os.environ.get(web.secret_key_env)
    if from_env:
        return from_env
    path = Path(web.secret_file)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


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


def role_allows(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK.get(role, -1) >= ROLE_RANK[needed]


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
