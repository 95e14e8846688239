"""List pages: the audit log of every decision, and bounced contacts needing a new address."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.store.db import session_factory
from assistant.store.models import AuditRow, ContactRow, CustomerRow
from assistant.web.auth import page
from assistant.web.paging import page_from
from assistant.web.rendering import render


def routes() -> list[BaseRoute]:
    return [Route("/audit", audit_log, methods=["GET"]), Route("/bounces", bounced_contacts, methods=["GET"])]


def _audit(request: Request) -> dict[str, Any]:
    with session_factory(request.app.state.engine)() as s:
        total = s.scalar(select(func.count()).select_from(AuditRow)) or 0
        window = page_from(request, total)
        rows = s.scalars(select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc())
                         .offset(window.offset).limit(window.size)).all()
    return {"rows": rows, "page": window}


def _bounces(request: Request) -> dict[str, Any]:
    stmt = (select(ContactRow, CustomerRow).join(CustomerRow, CustomerRow.id == ContactRow.customer_pk)
            .where(ContactRow.status == "bounced"))
    with session_factory(request.app.state.engine)() as s:
        total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        window = page_from(request, total)
        rows = s.execute(stmt.order_by(ContactRow.updated_at.desc()).offset(window.offset).limit(window.size)).all()
    return {"rows": rows, "page": window}


@page("viewer")
async def audit_log(request: Request) -> Response:
    return render(request, "audit_log.html", **await run_in_threadpool(_audit, request))


@page("viewer")
async def bounced_contacts(request: Request) -> Response:
    return render(request, "bounced_contacts.html", **await run_in_threadpool(_bounces, request))
