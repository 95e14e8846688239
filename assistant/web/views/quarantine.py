"""The quarantine: inbound mail that could not be read or handled, kept raw.

Listed from the store one page at a time (sender and subject were read from the header
block at intake). A message opens inertly, as text. An admin may read it again through the
same use case as `quarantine reprocess`, which writes the audit.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from assistant.core.statuses import InboundStatus, Role
from assistant.errors import AssistantError, NotFound
from assistant.service.inbound.quarantine import Inspected, inspect_message, reprocess
from assistant.store.db import session_factory
from assistant.store.queries.quarantine import count_quarantined, quarantined
from assistant.web.auth import page
from assistant.web.clock import request_now
from assistant.web.flash import flash
from assistant.web.paging import page_from
from assistant.web.templating import render


def routes() -> list[BaseRoute]:
    return [
        Route("/quarantine", quarantine_list, methods=["GET"]),
        Route("/quarantine/{inbound_id:int}", quarantined_message, methods=["GET"]),
        Route("/quarantine/{inbound_id:int}/reprocess", reprocess_message, methods=["POST"]),
    ]


def _list(request: Request) -> dict[str, Any]:
    with session_factory(request.app.state.engine)() as s:
        window = page_from(request, count_quarantined(s))
        rows = quarantined(s, newest_first=True, offset=window.offset, limit=window.size)
    return {"rows": rows, "page": window}


def _one(request: Request, inbound_id: int) -> Inspected:
    try:
        return inspect_message(request.app.state.engine, inbound_id)
    except NotFound as exc:
        raise HTTPException(404, f"No inbound message {inbound_id}.") from exc


@page(Role.VIEWER)
async def quarantine_list(request: Request) -> Response:
    return render(request, "quarantine_list.html", **await run_in_threadpool(_list, request))


@page(Role.VIEWER)
async def quarantined_message(request: Request) -> Response:
    found = await run_in_threadpool(_one, request, request.path_params["inbound_id"])
    return render(request, "quarantined_message.html", row=found.row, message=found.message)


def _reprocess(request: Request, inbound_id: int) -> str:
    try:
        outcome = reprocess(request.app.state.engine, request.app.state.settings, inbound_id,
                            request_now(request), request.state.user.name)
    except AssistantError as exc:
        return f"error:{exc}"
    return outcome.status


@page(Role.ADMIN)
async def reprocess_message(request: Request) -> Response:
    inbound_id = request.path_params["inbound_id"]
    status = await run_in_threadpool(_reprocess, request, inbound_id)
    if status.startswith("error:"):
        flash(request, status.removeprefix("error:"), "error")
    elif status == InboundStatus.QUARANTINED:
        flash(request, f"Message {inbound_id} still cannot be read; it stays in the quarantine.", "error")
    else:
        flash(request, f"Message {inbound_id} read again: {status}.")
    return RedirectResponse(f"/quarantine/{inbound_id}", status_code=303)
