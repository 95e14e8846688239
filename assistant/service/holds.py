"""Holds: reasons not to chase an invoice (dispute, promise, plan, collections, ...).

The conversation engine and staff write them; dunning reads them. A hold with an `until`
date stops applying after that date; `release_holds` ends it early.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from assistant.core.statuses import HoldReason
from assistant.errors import BadInput
from assistant.store.models.dunning import HoldRow
from assistant.store.upsert import chunks


def place_hold(session: Session, invoice_pk: int, reason: str, until: date | None, source: str,
               now: datetime, note: str | None = None) -> HoldRow:
    if reason not in set(HoldReason):
        raise BadInput(f"hold reason must be one of {', '.join(HoldReason)}, got {reason!r}")
    row = HoldRow(invoice_pk=invoice_pk, reason=reason, until=until, active=True, source=source,
                  note=note, created_at=now, released_at=None)
    session.add(row)
    session.flush()
    return row


def release_holds(session: Session, invoice_pk: int, reason: str | None, now: datetime) -> int:
    """End the active holds of an invoice (all, or those with `reason`); returns how many."""
    stmt = update(HoldRow).where(HoldRow.invoice_pk == invoice_pk, HoldRow.active.is_(True))
    if reason is not None:
        stmt = stmt.where(HoldRow.reason == reason)
    result = session.execute(stmt.values(active=False, released_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


def active_holds(session: Session, invoice_pks: Iterable[int], today: date) -> dict[int, list[str]]:
    """invoice_pk -> reasons of the holds in force on `today` (an `until` date is inclusive)."""
    found: dict[int, list[str]] = {}
    for chunk in chunks(sorted(set(invoice_pks)), 900):
        stmt = select(HoldRow.invoice_pk, HoldRow.reason).where(
            HoldRow.invoice_pk.in_(chunk), HoldRow.active.is_(True),
            or_(HoldRow.until.is_(None), HoldRow.until >= today))
        for pk, reason in session.execute(stmt):
            found.setdefault(pk, []).append(reason)
    return found


def hold_spans(session: Session, earliest: date) -> dict[int, list[tuple[str, date | None]]]:
    """invoice_pk -> (reason, until) of every active hold that may still apply on or after
    `earliest`; the planner judges each against its customer's own local date."""
    found: dict[int, list[tuple[str, date | None]]] = {}
    stmt = select(HoldRow.invoice_pk, HoldRow.reason, HoldRow.until).where(
        HoldRow.active.is_(True), or_(HoldRow.until.is_(None), HoldRow.until >= earliest))
    for pk, reason, until in session.execute(stmt):
        found.setdefault(pk, []).append((reason, until))
    return found


def in_force(spans: list[tuple[str, date | None]], today: date) -> tuple[str, ...]:
    return tuple(reason for reason, until in spans if until is None or until >= today)
