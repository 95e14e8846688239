"""One delivery pass at a time across processes: the database decides who sends.

PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`), held on its own
connection for the whole pass and released when that connection ends, even if the
process is killed. SQLite: an exclusive `flock` on a file next to the database, which
the kernel releases when the process dies. Whoever holds the lock knows that any outbox
row still in 'sending' belongs to a process that is gone.
"""

from __future__ import annotations

import fcntl
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text


def _lock_id(name: str) -> int:
    # A stable 32-bit id per lock name (advisory locks take a bigint).
    return zlib.crc32(f"ar-assistant:{name}".encode())


@contextmanager
def pass_lock(engine: Engine, name: str = "outbox") -> Iterator[bool]:
    """Yield True when this process holds the lock for `name`, False when another does."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _lock_id(name)}).scalar())
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _lock_id(name)})
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield True  # one process by construction
        return
    path = Path(f"{database}.{name}.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
