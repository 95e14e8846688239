"""Migrations build exactly the schema the models declare, on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text

from assistant.store.migrate import current_heads, is_current, script_heads, upgrade
from assistant.store.models import Base


# SQLite cannot reflect expression indexes (0005_reply_indexes); test_reply_indexes checks those.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_current(engine: Engine) -> None:
    upgrade(engine)
    assert is_current(engine)
    assert current_heads(engine) == script_heads(engine)


def test_sqlite_uses_wal_busy_timeout_and_foreign_keys(sqlite_url: str) -> None:
    from assistant.store.db import make_engine

    eng = make_engine(sqlite_url, busy_timeout_ms=4321)
    with eng.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 4321
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
