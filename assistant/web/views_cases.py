"""Case lists: disputes, promises to pay (due, kept, broken) and payment plans, each linked
to its conversation."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.store.db import session_factory
from assistant.store.models import CustomerRow, InvoiceRow
from assistant.store.models_conversation import (
    DisputeRow,
    InstalmentRow,
    PaymentPlanRow,
    PromiseRow,
)
from assistant.web.auth import page
from assistant.web.paging import page_from
from assistant.web.rendering import render

PROMISE_TABS = ("due", "open", "kept", "broken")
DISPUTE_TABS = ("open", "resolved")
PLAN_TABS = ("active", "offered", "completed", "defaulted", "declined")


def routes() -> list[BaseRoute]:
    return [Route("/disputes", disputes, methods=["GET"]), Route("/promises", promises, methods=["GET"]),
            Route("/plans", plans, methods=["GET"])]


def _tab(request: Request, tabs: tuple[str, ...]) -> str:
    tab = request.query_params.get("status", tabs[0])
    return tab if tab in tabs else tabs[0]


def _paged(request: Request, stmt: Select[*tuple[Any, ...]]) -> dict[str, Any]:
    with session_factory(request.app.state.engine)() as s:
        total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        window = page_from(request, total)
        rows = s.execute(stmt.offset(window.offset).limit(window.size)).all()
    return {"rows": rows, "page": window}


def _disputes(request: Request) -> dict[str, Any]:
    tab = _tab(request, DISPUTE_TABS)
    stmt = (select(DisputeRow, InvoiceRow, CustomerRow).join(InvoiceRow, InvoiceRow.id == DisputeRow.invoice_pk)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk).where(DisputeRow.status == tab)
            .order_by(DisputeRow.created_at.desc(), DisputeRow.id.desc()))
    return {**_paged(request, stmt), "tab": tab, "tabs": DISPUTE_TABS}


def _promises(request: Request) -> dict[str, Any]:
    tab = _tab(request, PROMISE_TABS)
    settings = request.app.state.settings
    today = datetime.now(UTC).astimezone(ZoneInfo(settings.company.timezone)).date()
    stmt = (select(PromiseRow, InvoiceRow, CustomerRow).join(InvoiceRow, InvoiceRow.id == PromiseRow.invoice_pk)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk))
    if tab == "due":  # open promises whose date has come: check the ledger
        stmt = stmt.where(PromiseRow.status == "open", PromiseRow.promised_date <= today)
    else:
        stmt = stmt.where(PromiseRow.status == tab)
    stmt = stmt.order_by(PromiseRow.promised_date, PromiseRow.id)
    return {**_paged(request, stmt), "tab": tab, "tabs": PROMISE_TABS, "today": today}


def _plans(request: Request) -> dict[str, Any]:
    tab = _tab(request, PLAN_TABS)
    stmt = (select(PaymentPlanRow, CustomerRow).join(CustomerRow, CustomerRow.id == PaymentPlanRow.customer_pk)
            .where(PaymentPlanRow.status == tab).order_by(PaymentPlanRow.created_at.desc(), PaymentPlanRow.id.desc()))
    found = _paged(request, stmt)
    plan_pks = [plan.id for plan, _ in found["rows"]]
    instalments: dict[int, list[InstalmentRow]] = defaultdict(list)
    numbers: dict[int, str] = {}
    with session_factory(request.app.state.engine)() as s:
        if plan_pks:
            for row in s.scalars(select(InstalmentRow).where(InstalmentRow.plan_pk.in_(plan_pks))
                                 .order_by(InstalmentRow.plan_pk, InstalmentRow.number)):
                instalments[row.plan_pk].append(row)
        invoice_pks = {pk for plan, _ in found["rows"] for pk in plan.invoice_pks}
        if invoice_pks:
            numbers = dict(s.execute(select(InvoiceRow.id, InvoiceRow.invoice_number)
                                     .where(InvoiceRow.id.in_(invoice_pks))).all())
    return {**found, "tab": tab, "tabs": PLAN_TABS, "instalments": instalments, "numbers": numbers}


@page("viewer")
async def disputes(request: Request) -> Response:
    return render(request, "disputes.html", **await run_in_threadpool(_disputes, request))


@page("viewer")
async def promises(request: Request) -> Response:
    return render(request, "promises.html", **await run_in_threadpool(_promises, request))


@page("viewer")
async def plans(request: Request) -> Response:
    return render(request, "plans.html", **await run_in_threadpool(_plans, request))
