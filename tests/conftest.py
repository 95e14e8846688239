"""Shared fixtures: real stores (SQLite and PostgreSQL), fixed clocks, fixture paths.

Tests that need a real server call `need(...)`: in CI (CI set) a missing server fails the
test instead of skipping it, so a missing install step can never hide as a green run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from assistant.store.db import make_engine
from assistant.store.migrate import upgrade
from assistant.store.models import Base

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
THIRD_PARTY = FIXTURES / "third_party"
PG_ADMIN_URL = os.environ.get("AR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
FIXED_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def need(ok: bool, reason: str) -> None:
    """Skip locally when a real component is missing; fail in CI."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"required component missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


def _postgres_available() -> bool:
    try:
        eng = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with eng.connect():
            pass
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A scratch PostgreSQL database for this test run, dropped at the end."""
    need(_postgres_available(), f"PostgreSQL at {PG_ADMIN_URL}")
    name = f"ar_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _migrated_engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Engine]:
    return {}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, _migrated_engines: dict[str, Engine],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated, empty store on each backend (the store contract runs on both)."""
    backend: str = request.param
    if backend not in _migrated_engines:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'assistant.db'}"
        else:
            url = request.getfixturevalue("pg_url")
        eng = make_engine(url)
        upgrade(eng)
        _migrated_engines[backend] = eng
    eng = _migrated_engines[backend]
    yield eng
    _empty(eng)


def _empty(eng: Engine) -> None:
    with eng.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'assistant.db'}"


@pytest.fixture
def config_file(tmp_path: Path, sqlite_url: str) -> Path:
    """A config file pointing at a fresh SQLite database under tmp_path."""
    path = tmp_path / "assistant.toml"
    path.write_text(f'[database]\nurl = "{sqlite_url}"\n', encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def intent_model() -> Path:
    """The intent model: reused when built, else built from data/intents/ like `make model`."""
    model = ROOT / "intents" / "model"
    if not (model / "calibration.json").is_file() or not (model / "pipeline" / "meta.json").is_file():
        subprocess.run([sys.executable, "-m", "intents.classify.training", "--quiet"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return model
