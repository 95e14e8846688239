"""Case lists: disputes, promises to pay (due, kept, broken) and payment plans, each linked
to its conversation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.core.statuses import DisputeStatus, PlanStatus, PromiseStatus, Role
from assistant.store.db import session_factory
from assistant.store.queries import lists
from assistant.web.auth import page
from assistant.web.clock import company_today
from assistant.web.paging import page_from
from assistant.web.templating import render

PROMISE_TABS = (lists.DUE, PromiseStatus.OPEN, PromiseStatus.KEPT, PromiseStatus.BROKEN)
DISPUTE_TABS = tuple(DisputeStatus)
PLAN_TABS = (PlanStatus.ACTIVE, PlanStatus.OFFERED, PlanStatus.COMPLETED, PlanStatus.DEFAULTED, PlanStatus.DECLINED)


def routes() -> list[BaseRoute]:
    return [Route("/disputes", disputes, methods=["GET"]), Route("/promises", promises, methods=["GET"]),
            Route("/plans", plans, methods=["GET"])]


def _tab(request: Request, tabs: tuple[str, ...]) -> str:
    tab = request.query_params.get("status", tabs[0])
    return str(tab if tab in tabs else tabs[0])


def _paged(request: Request, stmt: Select[*tuple[Any, ...]]) -> dict[str, Any]:
    with session_factory(request.app.state.engine)() as s:
        window = page_from(request, lists.count(s, stmt))
        rows = lists.page_of(s, stmt, window.offset, window.size)
    return {"rows": rows, "page": window}


def _disputes(request: Request) -> dict[str, Any]:
    tab = _tab(request, DISPUTE_TABS)
    return {**_paged(request, lists.disputes(tab)), "tab": tab, "tabs": DISPUTE_TABS}


def _promises(request: Request) -> dict[str, Any]:
    tab = _tab(request, PROMISE_TABS)
    today = company_today(request)
    return {**_paged(request, lists.promises(tab, today)), "tab": tab, "tabs": PROMISE_TABS, "today": today}


def _plans(request: Request) -> dict[str, Any]:
    tab = _tab(request, PLAN_TABS)
    found = _paged(request, lists.plans(tab))
    with session_factory(request.app.state.engine)() as s:
        details = lists.plan_details(s, [plan for plan, _ in found["rows"]])
    return {**found, "tab": tab, "tabs": PLAN_TABS, "instalments": details.instalments, "numbers": details.numbers}


@page(Role.VIEWER)
async def disputes(request: Request) -> Response:
    return render(request, "disputes.html", **await run_in_threadpool(_disputes, request))


@page(Role.VIEWER)
async def promises(request: Request) -> Response:
    return render(request, "promises.html", **await run_in_threadpool(_promises, request))


@page(Role.VIEWER)
async def plans(request: Request) -> Response:
    return render(request, "plans.html", **await run_in_threadpool(_plans, request))
