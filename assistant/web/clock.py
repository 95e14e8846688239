"""Business time in the web app: the app's clock (handed in by the command that serves it)
read once per request, so every query of one page sees the same instant."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from starlette.requests import Request


def request_now(request: Request) -> datetime:
    found: datetime | None = getattr(request.state, "now", None)
    if found is None:
        found = request.app.state.clock()
        request.state.now = found
    return found


def company_today(request: Request) -> date:
    """Today where the AR team works (`[company] timezone`)."""
    zone = ZoneInfo(request.app.state.settings.company.timezone)
    return request_now(request).astimezone(zone).date()
