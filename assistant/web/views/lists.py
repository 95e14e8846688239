"""List pages: the audit log of every decision, and bounced contacts needing a new address."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.core.statuses import Role
from assistant.store.db import session_factory
from assistant.store.queries import lists
from assistant.web.auth import page
from assistant.web.paging import page_from
from assistant.web.templating import render


def routes() -> list[BaseRoute]:
    return [Route("/audit", audit_log, methods=["GET"]), Route("/bounces", bounced_contacts, methods=["GET"])]


def _audit(request: Request) -> dict[str, Any]:
    stmt = lists.audit_log()
    with session_factory(request.app.state.engine)() as s:
        window = page_from(request, lists.count(s, stmt))
        rows = lists.page_of(s, stmt, window.offset, window.size, scalars=True)
    return {"rows": rows, "page": window}


def _bounces(request: Request) -> dict[str, Any]:
    stmt = lists.bounced_contacts()
    with session_factory(request.app.state.engine)() as s:
        window = page_from(request, lists.count(s, stmt))
        rows = lists.page_of(s, stmt, window.offset, window.size)
    return {"rows": rows, "page": window}


@page(Role.VIEWER)
async def audit_log(request: Request) -> Response:
    return render(request, "audit_log.html", **await run_in_threadpool(_audit, request))


@page(Role.VIEWER)
async def bounced_contacts(request: Request) -> Response:
    return render(request, "bounced_contacts.html", **await run_in_threadpool(_bounces, request))
