"""INSERT ... ON CONFLICT for both backends (SQLite and PostgreSQL speak the same clause)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

CHUNK = 2000


def dialect_insert(session: Session, table: Table) -> Any:
    name = session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(table)


def upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str],
           update: Sequence[str]) -> None:
    """Insert rows; on a natural-key conflict update the `update` columns."""
    for chunk in chunks(rows):
        stmt = dialect_insert(session, table)
        stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                          set_={c: stmt.excluded[c] for c in update})
        session.execute(stmt, list(chunk))


def insert_ignore(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in chunks(rows):
        session.execute(dialect_insert(session, table).on_conflict_do_nothing(), list(chunk))


def chunks(rows: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
