"""The conversation view and the decisions taken on it: approve (with edits), reject with a
reason, reclassify. Every decision goes through `assistant.service.followup.suggestions`, whose
conditional update decides races: of two approvers at once, one sends and the other is
told the suggestion was already decided."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from assistant.core.statuses import Intent, Role
from assistant.errors import AssistantError
from assistant.service.followup import suggestions
from assistant.service.followup.reclassify import reclassify as reclassify_reply
from assistant.store.db import session_factory
from assistant.store.queries.conversation import newest_suggestion_of_thread, suggestion_view
from assistant.store.queries.queue import QueueFilters
from assistant.web.auth import page
from assistant.web.clock import company_today, request_now
from assistant.web.flash import flash
from assistant.web.paging import query_number
from assistant.web.security import role_allows, same_site_path
from assistant.web.templating import render
from assistant.web.views.queue import LOW_CONFIDENCE

MAX_BODY = 100_000
MAX_REASON = 2_000


def routes() -> list[BaseRoute]:
    return [
        Route("/suggestions/{sid:int}", suggestion_page, methods=["GET"]),
        Route("/conversations/{tid:int}", conversation_page, methods=["GET"]),
        Route("/suggestions/{sid:int}/approve", approve, methods=["POST"]),
        Route("/suggestions/{sid:int}/reject", reject, methods=["POST"]),
        Route("/suggestions/{sid:int}/reclassify", reclassify, methods=["POST"]),
    ]


def _view(request: Request, sid: int) -> dict[str, Any]:
    with session_factory(request.app.state.engine)() as s:
        view = suggestion_view(s, sid, company_today(request))
    if view is None:
        raise HTTPException(404, f"No suggestion {sid}.")
    return {"s": view, "thread": view.thread, "panels": view.panels, "cases": view.cases, "intents": tuple(Intent),
            "low_confidence": LOW_CONFIDENCE, "can_approve": role_allows(request.state.user.role, Role.APPROVER),
            **_queue_links(request)}


def _queue_links(request: Request) -> dict[str, str | None]:
    """Opened from the queue (`pos` given): after a decision, go on to the next suggestion."""
    query = QueueFilters.from_query(request.query_params).query()
    back = f"/queue?{urlencode(query)}" if query else "/queue"
    pos = query_number(request, "pos")
    if pos is None:
        return {"back_url": back, "after_url": "/queue", "skip_url": None}
    return {"back_url": back, "after_url": f"/queue/next?{urlencode({**query, 'pos': str(pos)})}",
            "skip_url": f"/queue/next?{urlencode({**query, 'pos': str(pos + 1)})}"}


@page(Role.VIEWER)
async def suggestion_page(request: Request) -> Response:
    return render(request, "conversation.html", **await run_in_threadpool(_view, request, request.path_params["sid"]))


def _newest(request: Request, tid: int) -> int | None:
    with session_factory(request.app.state.engine)() as s:
        return newest_suggestion_of_thread(s, tid)


@page(Role.VIEWER)
async def conversation_page(request: Request) -> Response:
    sid = await run_in_threadpool(_newest, request, request.path_params["tid"])
    if sid is None:
        raise HTTPException(404, "No suggestion in this conversation.")
    return RedirectResponse(f"/suggestions/{sid}", status_code=303)


async def _decide(request: Request, work: Any, done: str) -> Response:
    sid = request.path_params["sid"]
    form = await request.form()
    inline = request.headers.get("hx-request") == "true"  # htmx from the queue: answer with the row
    try:
        outcome = await run_in_threadpool(work, sid, {k: str(v) for k, v in form.items()})
    except AssistantError as exc:
        message = f"Already decided, nothing done: {exc}" if "not pending" in str(exc) else str(exc)
        if inline:
            return render(request, "_queue_row_decided.html", sid=sid, message=message, error=True)
        flash(request, message, "error")
        return RedirectResponse(f"/suggestions/{sid}", status_code=303)
    message = done.format(sid=sid, outcome=outcome)
    if inline:
        return render(request, "_queue_row_decided.html", sid=sid, message=message, error=False)
    flash(request, message)
    default = f"/suggestions/{sid}" if isinstance(outcome, list) and not outcome else "/queue"
    if isinstance(outcome, list) and outcome:
        default = f"/suggestions/{outcome[0]}"
    return RedirectResponse(same_site_path(str(form.get("next", "")) or None, default), status_code=303)


@page(Role.APPROVER)
async def approve(request: Request) -> Response:
    app = request.app

    def work(sid: int, form: dict[str, str]) -> int:
        body = form.get("body")
        if body is not None:
            body = body.replace("\r\n", "\n")[:MAX_BODY]
            if not body.strip():
                raise HTTPException(400, "The reply is empty; reject the suggestion instead.")
        return suggestions.approve(app.state.engine, app.state.settings, sid, request.state.user.name,
                                   request_now(request), body=body)

    return await _decide(request, work, "Suggestion {sid} approved; the reply is queued to be sent.")


@page(Role.APPROVER)
async def reject(request: Request) -> Response:
    app = request.app

    def work(sid: int, form: dict[str, str]) -> None:
        reason = form.get("reason", "").strip()[:MAX_REASON]
        if not reason:
            raise HTTPException(400, "Say why the suggestion is rejected.")
        suggestions.reject(app.state.engine, sid, request.state.user.name, request_now(request), reason)

    return await _decide(request, work, "Suggestion {sid} rejected.")


@page(Role.APPROVER)
async def reclassify(request: Request) -> Response:
    app = request.app

    def work(sid: int, form: dict[str, str]) -> list[int]:
        intent = form.get("intent", "")
        if intent not in set(Intent):
            raise HTTPException(400, f"Unknown intent {intent!r}.")
        return reclassify_reply(app.state.engine, app.state.settings, sid, intent, request.state.user.name,
                                request_now(request))

    return await _decide(request, work, "Suggestion {sid} reclassified; the correction is stored.")
