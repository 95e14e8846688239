"""Opening the configured store: the one place that turns settings into an engine."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from assistant.errors import BadInput
from assistant.settings import Settings
from assistant.store.db import make_engine


@lru_cache(maxsize=8)
def _engine(url: str, busy_timeout_ms: int) -> Engine:
    return make_engine(url, busy_timeout_ms)


def open_store(settings: Settings, *, require_schema: bool = True) -> Engine:
    """The engine for `settings.database`, checked to open; by default refuse a schema that
    is not current. A database that cannot be reached or created is bad configuration."""
    from assistant.store.migrate import current_heads, script_heads

    try:
        engine = _engine(settings.database.url, settings.database.busy_timeout_ms)
    except OSError as exc:  # the SQLite file's folder cannot be created
        raise BadInput(f"database.url: cannot create the database folder: {exc.strerror or exc}") from exc
    try:
        current = current_heads(engine)
    except OperationalError as exc:
        reason = " ".join(str(exc.orig).split())  # libpq's message spans lines; ours is one
        raise BadInput(f"database.url: cannot open the database: {reason}") from exc
    if require_schema and current != script_heads(engine):
        raise BadInput("the database schema is not up to date: run `ar-assistant init`")
    return engine
