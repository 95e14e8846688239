"""The home page: where things stand, and the way into the queue."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.core.ledger import AGING_BUCKETS
from assistant.core.money import Money
from assistant.core.statuses import Role
from assistant.service.ledger.aging import aging_summary
from assistant.store.db import session_factory
from assistant.store.queries.lists import home_counts
from assistant.web.auth import page
from assistant.web.clock import company_today
from assistant.web.templating import render


def routes() -> list[BaseRoute]:
    return [Route("/", home, methods=["GET"])]


def _figures(request: Request) -> dict[str, Any]:
    engine = request.app.state.engine
    today = company_today(request)
    summary = aging_summary(engine, today)
    with session_factory(engine)() as s:
        counts = home_counts(s)
    buckets = [(name, summary.counts.get(name, 0),
                ", ".join(str(Money(v, c)) for c, v in sorted(summary.totals.get(name, {}).items())) or "-")
               for name, _, _ in AGING_BUCKETS]
    return {"today": today, "customers": counts.customers, "open_invoices": counts.open_invoices,
            "buckets": buckets, "pending": counts.pending}


@page(Role.VIEWER)
async def home(request: Request) -> Response:
    return render(request, "home.html", **await run_in_threadpool(_figures, request))
