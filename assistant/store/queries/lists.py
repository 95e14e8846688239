"""The lists of the web app, as queries: disputes, promises to pay, payment plans, bounced
contacts, the audit log, and the home page's counts. Each list is a statement the caller
counts and pages (`count`, `page_of`), so only one page of rows is ever loaded."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from assistant.core.statuses import ContactStatus, PromiseStatus, SuggestionStatus
from assistant.store.models import AuditRow, ContactRow, CustomerRow, InvoiceRow
from assistant.store.models.conversation import (
    DisputeRow,
    InstalmentRow,
    PaymentPlanRow,
    PromiseRow,
    SuggestionRow,
)

DUE = "due"  # the promises tab of open promises whose date has come


def count(session: Session, stmt: Select[*tuple[Any, ...]]) -> int:
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def page_of(session: Session, stmt: Select[*tuple[Any, ...]], offset: int, limit: int, *, scalars: bool = False) -> list[Any]:
    """One page of rows (tuples of the selected entities; `scalars`: the single entity)."""
    paged = stmt.offset(offset).limit(limit)
    return list(session.scalars(paged)) if scalars else list(session.execute(paged).all())


def disputes(status: str) -> Select[*tuple[Any, ...]]:
    return (select(DisputeRow, InvoiceRow, CustomerRow).join(InvoiceRow, InvoiceRow.id == DisputeRow.invoice_pk)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk).where(DisputeRow.status == status)
            .order_by(DisputeRow.created_at.desc(), DisputeRow.id.desc()))


def promises(tab: str, today: date) -> Select[*tuple[Any, ...]]:
    stmt = (select(PromiseRow, InvoiceRow, CustomerRow).join(InvoiceRow, InvoiceRow.id == PromiseRow.invoice_pk)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk))
    if tab == DUE:  # open promises whose date has come: check the ledger
        stmt = stmt.where(PromiseRow.status == PromiseStatus.OPEN, PromiseRow.promised_date <= today)
    else:
        stmt = stmt.where(PromiseRow.status == tab)
    return stmt.order_by(PromiseRow.promised_date, PromiseRow.id)


def plans(status: str) -> Select[*tuple[Any, ...]]:
    return (select(PaymentPlanRow, CustomerRow).join(CustomerRow, CustomerRow.id == PaymentPlanRow.customer_pk)
            .where(PaymentPlanRow.status == status)
            .order_by(PaymentPlanRow.created_at.desc(), PaymentPlanRow.id.desc()))


@dataclass(frozen=True)
class PlanDetails:
    instalments: dict[int, list[InstalmentRow]]
    numbers: dict[int, str]  # invoice pk -> invoice number


def plan_details(session: Session, plan_rows: Iterable[PaymentPlanRow]) -> PlanDetails:
    """The instalments of these plans and the numbers of their invoices, in two queries."""
    plans_shown = list(plan_rows)
    instalments: dict[int, list[InstalmentRow]] = defaultdict(list)
    numbers: dict[int, str] = {}
    if plans_shown:
        for row in session.scalars(select(InstalmentRow).where(InstalmentRow.plan_pk.in_([p.id for p in plans_shown]))
                                   .order_by(InstalmentRow.plan_pk, InstalmentRow.number)):
            instalments[row.plan_pk].append(row)
        invoice_pks = {pk for plan in plans_shown for pk in plan.invoice_pks}
        if invoice_pks:
            numbers = {pk: number for pk, number in session.execute(
                select(InvoiceRow.id, InvoiceRow.invoice_number).where(InvoiceRow.id.in_(invoice_pks)))}
    return PlanDetails(dict(instalments), numbers)


def bounced_contacts() -> Select[*tuple[Any, ...]]:
    return (select(ContactRow, CustomerRow).join(CustomerRow, CustomerRow.id == ContactRow.customer_pk)
            .where(ContactRow.status == ContactStatus.BOUNCED).order_by(ContactRow.updated_at.desc()))


def audit_log() -> Select[*tuple[Any, ...]]:
    return select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc())


@dataclass(frozen=True)
class Counts:
    customers: int
    open_invoices: int
    pending: int


def home_counts(session: Session) -> Counts:
    return Counts(
        int(session.scalar(select(func.count()).select_from(CustomerRow)) or 0),
        int(session.scalar(select(func.count()).select_from(InvoiceRow).where(InvoiceRow.balance > 0)) or 0),
        int(session.scalar(select(func.count()).select_from(SuggestionRow)
                           .where(SuggestionRow.status == SuggestionStatus.PENDING)) or 0))
