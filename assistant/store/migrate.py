"""Bring a database schema to the latest version with Alembic, from code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> list[str]:
    """Apply every pending revision on every branch; return the heads now applied."""
    cfg = alembic_config(engine)
    command.upgrade(cfg, "heads")
    return current_heads(engine)


def current_heads(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(MigrationContext.configure(conn).get_current_heads())


def script_heads(engine: Engine) -> list[str]:
    return sorted(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def is_current(engine: Engine) -> bool:
    return current_heads(engine) == script_heads(engine)
