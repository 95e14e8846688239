"""The approval queue page: pending suggestions by priority, with filters and shortcuts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from assistant.core.statuses import Intent, Role
from assistant.store.db import session_factory
from assistant.store.queries.queue import SORTS, QueueFilters, owners_in_use, queue_page
from assistant.web.auth import page
from assistant.web.clock import company_today, request_now
from assistant.web.paging import Page, query_number
from assistant.web.security import role_allows
from assistant.web.templating import render

LOW_CONFIDENCE = 0.6


def routes() -> list[BaseRoute]:
    return [Route("/queue", queue, methods=["GET"]), Route("/queue/next", next_in_queue, methods=["GET"])]


def _queue(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    now, today = request_now(request), company_today(request)
    filters = QueueFilters.from_query(request.query_params)
    size = settings.web.page_size
    number = query_number(request, "page") or 1
    with session_factory(request.app.state.engine)() as s:
        total, rows = queue_page(s, filters, now, today, (number - 1) * size, size)
        if not rows and total and number > 1:  # past the end: show the last page
            number = -(-total // size)
            total, rows = queue_page(s, filters, now, today, (number - 1) * size, size)
        owners = owners_in_use(s)

    def query_for(n: int) -> str:
        return urlencode({**filters.query(), "page": str(n)})

    def open_query(index: int) -> str:
        """Where a row's link leads: the suggestion, remembering its place in this queue."""
        return urlencode({**filters.query(), "pos": str((number - 1) * size + index)})

    return {"rows": rows, "open_query": open_query, "page": Page(number, size, total), "filters": filters, "intents": tuple(Intent),
            "owners": owners, "sorts": SORTS, "query_for": query_for, "low_confidence": LOW_CONFIDENCE,
            "can_approve": role_allows(request.state.user.role, Role.APPROVER)}


@page(Role.VIEWER)
async def queue(request: Request) -> Response:
    return render(request, "queue.html", **await run_in_threadpool(_queue, request))


def _at(request: Request) -> int | None:
    """The id of the pending suggestion at position `pos` of the filtered queue."""
    now, today = request_now(request), company_today(request)
    filters = QueueFilters.from_query(request.query_params)
    pos = query_number(request, "pos") or 0
    with session_factory(request.app.state.engine)() as s:
        _, rows = queue_page(s, filters, now, today, pos, 1)
        if not rows and pos:  # past the end: start again at the top
            _, rows = queue_page(s, filters, now, today, 0, 1)
    return rows[0].id if rows else None


@page(Role.VIEWER)
async def next_in_queue(request: Request) -> Response:
    """Open the suggestion at a place in the queue: after a decision the one that was next
    has moved up into the decided one's place, so the same position is the next one."""
    sid = await run_in_threadpool(_at, request)
    query = QueueFilters.from_query(request.query_params).query()
    if sid is None:
        return RedirectResponse(f"/queue?{urlencode(query)}", status_code=303)
    pos = request.query_params.get("pos", "0")
    return RedirectResponse(f"/suggestions/{sid}?{urlencode({**query, 'pos': pos})}", status_code=303)
