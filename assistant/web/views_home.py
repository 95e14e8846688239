"""The home page: where things stand, and the way into the queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.core.ledger import AGING_BUCKETS
from assistant.core.money import Money
from assistant.service.ledger_queries import aging_summary
from assistant.store.db import session_factory
from assistant.store.models import CustomerRow, InvoiceRow
from assistant.store.models_conversation import SuggestionRow
from assistant.web.auth import page
from assistant.web.rendering import render


def routes() -> list[BaseRoute]:
    return [Route("/", home, methods=["GET"])]


def _figures(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    engine = request.app.state.engine
    today = datetime.now(UTC).astimezone(ZoneInfo(settings.company.timezone)).date()
    summary = aging_summary(engine, today)
    with session_factory(engine)() as s:
        customers = s.scalar(select(func.count()).select_from(CustomerRow)) or 0
        open_invoices = s.scalar(select(func.count()).select_from(InvoiceRow).where(InvoiceRow.balance > 0)) or 0
        pending = s.scalar(select(func.count()).select_from(SuggestionRow).where(SuggestionRow.status == "pending")) or 0
    buckets = [(name, summary.counts.get(name, 0),
                ", ".join(str(Money(v, c)) for c, v in sorted(summary.totals.get(name, {}).items())) or "-")
               for name, _, _ in AGING_BUCKETS]
    return {"today": today, "customers": customers, "open_invoices": open_invoices, "buckets": buckets,
            "pending": pending}


@page("viewer")
async def home(request: Request) -> Response:
    return render(request, "home.html", **await run_in_threadpool(_figures, request))
