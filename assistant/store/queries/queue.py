"""The approval queue: pending suggestions, filtered, in priority order, one page at a time.

Priority weighs the open amount of the suggestion's invoices, how long they are overdue and
the customer's payment risk (segment). Filtering, scoring and paging all happen in SQL;
only the page shown is loaded in full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Float, Integer, Select, case, cast, func, literal, select, true
from sqlalchemy.orm import Session

from assistant.core.statuses import DisputeStatus, SuggestionStatus
from assistant.store.models import CustomerRow, InvoiceRow
from assistant.store.models.conversation import DisputeRow, SuggestionRow

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
    can_send: bool  # has a recipient: approving sends it (else it is a task for a person)
    created_at: datetime
    age: str


def _filtered(filters: QueueFilters, now: datetime) -> Select[Any]:
    stmt = select(SuggestionRow.id).where(SuggestionRow.status == SuggestionStatus.PENDING)
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


def _invoice_elements(dialect: str) -> Any:
    """The suggestion's JSON list of invoice keys as a table (one row per key), per backend."""
    if dialect == "postgresql":
        return func.json_array_elements_text(SuggestionRow.invoice_pks).table_valued("value").lateral("je")
    return func.json_each(SuggestionRow.invoice_pks).table_valued("value").alias("je")


def _with_invoices(stmt: Select[Any], dialect: str) -> Select[Any]:
    je = _invoice_elements(dialect)
    key = cast(je.c.value, Integer) if dialect == "postgresql" else je.c.value
    return stmt.outerjoin(je, true()).outerjoin(InvoiceRow, InvoiceRow.id == key)


def _days_overdue(dialect: str, today: date) -> Any:
    if dialect == "postgresql":
        return literal(today, Date) - InvoiceRow.due_date
    return func.julianday(literal(today.isoformat())) - func.julianday(InvoiceRow.due_date)


def _score(dialect: str, today: date) -> Any:
    # Money at stake grows in weight with each month overdue; risky customers come first
    # among equals. A suggestion without invoices (triage) keeps a floor so it is seen.
    amount = cast(func.coalesce(func.sum(case((InvoiceRow.balance > 0, InvoiceRow.balance), else_=0)), 0), Float)
    overdue = cast(func.coalesce(func.max(_days_overdue(dialect, today)), 0), Float)
    risk = case(*((CustomerRow.segment == name, weight) for name, weight in RISK.items()), else_=0)
    return (amount + 1.0) * (1.0 + case((overdue > 0, overdue), else_=0.0) / 30.0) * (1.0 + 0.5 * risk)


def owners_in_use(session: Session) -> list[str]:
    return list(session.scalars(select(DisputeRow.owner).where(DisputeRow.status == DisputeStatus.OPEN).distinct()
                                .order_by(DisputeRow.owner)))


def queue_page(session: Session, filters: QueueFilters, now: datetime, today: date, offset: int,
               size: int) -> tuple[int, list[QueueItem]]:
    """(number of matching suggestions, the items of one page).

    Everything runs in the database: the filters on the (status, created_at) index, the
    invoice keys unnested with json_each / json_array_elements_text, the score summed per
    suggestion, and only one page of ids comes back.
    """
    dialect = session.get_bind().dialect.name
    base = _filtered(filters, now)
    if filters.owner:
        owned = _with_invoices(select(SuggestionRow.id).where(SuggestionRow.status == SuggestionStatus.PENDING), dialect).join(
            DisputeRow, (DisputeRow.invoice_pk == InvoiceRow.id) & (DisputeRow.status == DisputeStatus.OPEN)
            & (DisputeRow.owner == filters.owner))
        base = base.where(SuggestionRow.id.in_(owned))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    if filters.sort == "oldest":
        ranked = base.order_by(SuggestionRow.created_at, SuggestionRow.id)
    elif filters.sort == "confidence":
        ranked = base.order_by(SuggestionRow.confidence.asc().nulls_first(), SuggestionRow.id)
    else:
        score = _score(dialect, today)
        ranked = (_with_invoices(base, dialect).outerjoin(CustomerRow, CustomerRow.id == SuggestionRow.customer_pk)
                  .group_by(SuggestionRow.id, CustomerRow.segment).order_by(score.desc(), SuggestionRow.id))
    ids = list(session.scalars(ranked.offset(offset).limit(size)))
    return total, _items(session, ids, today, now)


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
            can_send=bool(s.to_addrs),
            created_at=s.created_at, age=_age(s.created_at, now)))
    return items
