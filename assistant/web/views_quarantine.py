"""The quarantine: inbound mail that could not be read or handled, kept raw.

Listed from `inbound_messages` (status 'quarantined', index-backed, one page at a time;
only the rows on the page are parsed for sender and subject). A message opens inertly, as
text. An admin may read it again through the listener's `reprocess` use case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from assistant.errors import AssistantError
from assistant.service.quarantine import reprocess
from assistant.store.db import session_factory, transaction
from assistant.store.models import AuditRow
from assistant.store.models_inbound import InboundMessageRow
from assistant.web.auth import page
from assistant.web.flash import flash
from assistant.web.message_display import DisplayedMessage, display_message
from assistant.web.paging import page_from
from assistant.web.rendering import render

PARSE_LIMIT = 2_000_000  # bytes; bigger messages are not shown in full
HEAD_BYTES = 64 * 1024


def routes() -> list[BaseRoute]:
    return [
        Route("/quarantine", quarantine_list, methods=["GET"]),
        Route("/quarantine/{inbound_id:int}", quarantined_message, methods=["GET"]),
        Route("/quarantine/{inbound_id:int}/reprocess", reprocess_message, methods=["POST"]),
    ]


@dataclass(frozen=True)
class QuarantineLine:
    id: int
    received_at: datetime
    size: int
    reason: str
    error: str
    sender: str
    subject: str


def _line(row: InboundMessageRow) -> QuarantineLine:
    # Only the head of each message is read for the list: the header block is all it needs,
    # and a page of large messages stays fast.
    shown = display_message(row.raw[:HEAD_BYTES])
    sender, subject = shown.sender or "", shown.subject
    return QuarantineLine(row.id, row.received_at, row.size, row.reason or "", row.error or "", sender, subject)


def _list(request: Request) -> dict[str, Any]:
    where = InboundMessageRow.status == "quarantined"
    with session_factory(request.app.state.engine)() as s:
        total = s.scalar(select(func.count()).select_from(InboundMessageRow).where(where)) or 0
        window = page_from(request, total)
        rows = s.scalars(select(InboundMessageRow).where(where).order_by(InboundMessageRow.id.desc())
                         .offset(window.offset).limit(window.size)).all()
        lines = [_line(row) for row in rows]
    return {"rows": lines, "page": window}


def _one(request: Request, inbound_id: int) -> tuple[InboundMessageRow, DisplayedMessage | None]:
    with session_factory(request.app.state.engine)() as s:
        row = s.get(InboundMessageRow, inbound_id)
    if row is None:
        raise HTTPException(404, f"No inbound message {inbound_id}.")
    return row, (display_message(row.raw) if row.size <= PARSE_LIMIT else None)


@page("viewer")
async def quarantine_list(request: Request) -> Response:
    return render(request, "quarantine_list.html", **await run_in_threadpool(_list, request))


@page("viewer")
async def quarantined_message(request: Request) -> Response:
    row, shown = await run_in_threadpool(_one, request, request.path_params["inbound_id"])
    return render(request, "quarantined_message.html", row=row, message=shown)


def _reprocess(request: Request, inbound_id: int) -> str:
    now = datetime.now(UTC)
    engine = request.app.state.engine
    try:
        outcome = reprocess(engine, request.app.state.settings, inbound_id, now)
    except AssistantError as exc:
        return f"error:{exc}"
    with transaction(engine) as s:
        s.add(AuditRow(at=now, actor=request.state.user.name, action="inbound.reprocessed",
                       subject_type="inbound", subject_id=str(inbound_id), detail=outcome.as_json()))
    return outcome.status


@page("admin")
async def reprocess_message(request: Request) -> Response:
    inbound_id = request.path_params["inbound_id"]
    status = await run_in_threadpool(_reprocess, request, inbound_id)
    if status.startswith("error:"):
        flash(request, status.removeprefix("error:"), "error")
    elif status == "quarantined":
        flash(request, f"Message {inbound_id} still cannot be read; it stays in the quarantine.", "error")
    else:
        flash(request, f"Message {inbound_id} read again: {status}.")
    return RedirectResponse(f"/quarantine/{inbound_id}", status_code=303)
