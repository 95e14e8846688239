"""The approval queue: pending suggestions, filtered, in priority order, one page at a time.

Priority weighs the open amount of the suggestion's invoices, how long they are overdue and
the customer's payment risk (segment). The filters run in SQL on the
(status, created_at) index; priority needs the invoices named in each suggestion's JSON
list, so the candidate rows are read as narrow tuples, scored in Python and only the page
shown is loaded in full. The other orders (oldest, least confident) page in SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from assistant.store.models import CustomerRow, InvoiceRow
from assistant.store.models_conversation import DisputeRow, SuggestionRow

SORTS = (("priority", "priority"), ("oldest", "oldest first"), ("confidence", "least confident first"))
RISK = {"chronic": 2, "chronic-late": 2, "new": 1}  # anything else (good payers): 0
RISK_LABEL = {2: "high", 1: "medium", 0: "low"}
CHUNK = 900  # bound parameters per IN list (old SQLite builds stop at 999)


@dataclass(frozen=True)
class QueueFilters:
    intent: str | None = None
    owner: str | None = None
    min_age: int | None = None  # days waiting, at least
    max_confidence: float | None = None
    sort: str = "priority"

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> QueueFilters:
        def number(name: str, kind: type[int] | type[float]) -> Any:
            try:
                value = kind(params.get(name, "") or "x")
            except ValueError:
                return None
            return value if value >= 0 else None

        sort = params.get("sort", "priority")
        return cls(intent=params.get("intent") or None, owner=params.get("owner") or None,
                   min_age=number("min_age", int), max_confidence=number("max_confidence", float),
                   sort=sort if sort in dict(SORTS) else "priority")

    def query(self) -> dict[str, str]:
        values = {"intent": self.intent, "owner": self.owner, "min_age": self.min_age,
                  "max_confidence": self.max_confidence, "sort": self.sort if self.sort != "priority" else None}
        return {k: str(v) for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class QueueItem:
    id: int
    customer_id: str
    customer_name: str
    invoice_numbers: tuple[str, ...]
    intent: str
    action: str
    confidence: float | None
    amount: Decimal | None
    currency: str
    days_overdue: int | None
    risk: str
    flags: tuple[str, ...]
    created_at: datetime
    age: str


def _filtered(filters: QueueFilters, now: datetime) -> Select[Any]:
    stmt = select(SuggestionRow.id).where(SuggestionRow.status == "pending")
    if filters.intent:
        stmt = stmt.where(SuggestionRow.intent == filters.intent)
    if filters.min_age is not None:
        stmt = stmt.where(SuggestionRow.created_at <= now - timedelta(days=filters.min_age))
    if filters.max_confidence is not None:
        stmt = stmt.where(SuggestionRow.confidence < filters.max_confidence)
    return stmt


def _chunks(values: Sequence[int]) -> list[list[int]]:
    return [list(values[i:i + CHUNK]) for i in range(0, len(values), CHUNK)]


def _invoices(session: Session, pks: Sequence[int]) -> dict[int, tuple[Decimal, date, str, str]]:
    found: dict[int, tuple[Decimal, date, str, str]] = {}
    for chunk in _chunks(sorted(set(pks))):
        for pk, balance, due, currency, number in session.execute(
                select(InvoiceRow.id, InvoiceRow.balance, InvoiceRow.due_date, InvoiceRow.currency,
                       InvoiceRow.invoice_number).where(InvoiceRow.id.in_(chunk))):
            found[pk] = (balance, due, currency, number)
    return found


def _owners(session: Session, pks: Sequence[int]) -> dict[int, str]:
    owners: dict[int, str] = {}
    for chunk in _chunks(sorted(set(pks))):
        for invoice_pk, owner in session.execute(select(DisputeRow.invoice_pk, DisputeRow.owner)
                                                 .where(DisputeRow.invoice_pk.in_(chunk),
                                                        DisputeRow.status == "open")):
            owners[invoice_pk] = owner
    return owners


def _score(invoice_pks: Sequence[int], invoices: Mapping[int, tuple[Decimal, date, str, str]], risk: int,
           today: date) -> float:
    amount = sum((invoices[pk][0] for pk in invoice_pks if pk in invoices), Decimal(0))
    overdue = max([(today - invoices[pk][1]).days for pk in invoice_pks if pk in invoices] or [0])
    # Money at stake grows in weight with each month overdue; risky customers come first
    # among equals. A suggestion without invoices (triage) keeps a floor so it is seen.
    return (float(max(amount, Decimal(0))) + 1.0) * (1.0 + max(overdue, 0) / 30.0) * (1.0 + 0.5 * risk)


def owners_in_use(session: Session) -> list[str]:
    return list(session.scalars(select(DisputeRow.owner).where(DisputeRow.status == "open").distinct()
                                .order_by(DisputeRow.owner)))


def queue_page(session: Session, filters: QueueFilters, now: datetime, today: date, offset: int,
               size: int) -> tuple[int, list[QueueItem]]:
    """(number of matching suggestions, the items of one page)."""
    base = _filtered(filters, now)
    if filters.sort != "priority" and not filters.owner:
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        order = ((SuggestionRow.created_at, SuggestionRow.id) if filters.sort == "oldest"
                 else (SuggestionRow.confidence.asc().nulls_first(), SuggestionRow.id))
        ids = list(session.scalars(base.order_by(*order).offset(offset).limit(size)))
        return total, _items(session, ids, today, now)
    rows = list(session.execute(base.add_columns(SuggestionRow.invoice_pks, SuggestionRow.created_at,
                                            SuggestionRow.confidence, CustomerRow.segment)
                           .outerjoin(CustomerRow, CustomerRow.id == SuggestionRow.customer_pk)))
    invoices = _invoices(session, [pk for row in rows for pk in row.invoice_pks])
    if filters.owner:
        owners = _owners(session, list(invoices))
        rows = [r for r in rows if any(owners.get(pk) == filters.owner for pk in r.invoice_pks)]
    if filters.sort == "oldest":
        rows.sort(key=lambda r: (r.created_at, r.id))
    elif filters.sort == "confidence":
        rows.sort(key=lambda r: (r.confidence if r.confidence is not None else -1.0, r.id))
    else:
        rows.sort(key=lambda r: (-_score(r.invoice_pks, invoices, RISK.get(r.segment or "", 0), today), r.id))
    return len(rows), _items(session, [r.id for r in rows[offset:offset + size]], today, now)


def _age(created: datetime, now: datetime) -> str:
    minutes = max(0, int((now - created).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // 1440} days"


def _items(session: Session, ids: Sequence[int], today: date, now: datetime) -> list[QueueItem]:
    if not ids:
        return []
    rows = session.execute(select(SuggestionRow, CustomerRow)
                           .outerjoin(CustomerRow, CustomerRow.id == SuggestionRow.customer_pk)
                           .where(SuggestionRow.id.in_(list(ids)))).all()
    by_id = {s.id: (s, c) for s, c in rows}
    invoices = _invoices(session, [pk for s, _ in rows for pk in s.invoice_pks])
    items = []
    for sid in ids:
        s, c = by_id[sid]
        mine = [invoices[pk] for pk in s.invoice_pks if pk in invoices]
        items.append(QueueItem(
            id=s.id, customer_id=c.customer_id if c else "", customer_name=c.name if c else "(unmatched sender)",
            invoice_numbers=tuple(s.invoice_numbers) or tuple(i[3] for i in mine), intent=s.intent,
            action=s.action, confidence=s.confidence,
            amount=sum((i[0] for i in mine), Decimal(0)) if mine else None,
            currency=mine[0][2] if mine else "",
            days_overdue=max((today - i[1]).days for i in mine) if mine else None,
            risk=RISK_LABEL[RISK.get((c.segment if c else None) or "", 0)], flags=tuple(s.flags),
            created_at=s.created_at, age=_age(s.created_at, now)))
    return items
