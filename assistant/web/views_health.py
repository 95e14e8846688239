"""`/healthz` for load balancers and monitoring: no login, no personal data.

Reports the listener's last successful sync per folder (`mailbox_state.last_sync_at`, set
at every catch-up: after each IDLE wake-up and at least once per `[mailbox] idle_seconds`),
the outbox backlog and the quarantine size. 503 when the listener has never synced or has
not synced for longer than two IDLE cycles plus a minute; 200 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from assistant.settings import Settings
from assistant.store.db import session_factory
from assistant.store.models import InboundMessageRow, MailboxStateRow, OutboxRow

BACKLOG_STATUSES = ("queued", "sending")


def routes() -> list[BaseRoute]:
    return [Route("/healthz", healthz, methods=["GET", "HEAD"])]


def stale_after_seconds(settings: Settings) -> int:
    return 2 * settings.mailbox.idle_seconds + 60


def health(engine: Engine, settings: Settings, now: datetime) -> tuple[bool, dict[str, Any]]:
    """(healthy, report) at `now`."""
    with session_factory(engine)() as s:
        folders = list(s.execute(select(MailboxStateRow.mailbox, MailboxStateRow.last_sync_at)
                                 .order_by(MailboxStateRow.mailbox)))
        backlog = s.scalar(select(func.count()).select_from(OutboxRow)
                           .where(OutboxRow.status.in_(BACKLOG_STATUSES))) or 0
        oldest = s.scalar(select(func.min(OutboxRow.created_at)).where(OutboxRow.status.in_(BACKLOG_STATUSES)))
        unknown = s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "unknown")) or 0
        quarantined = s.scalar(select(func.count()).select_from(InboundMessageRow)
                               .where(InboundMessageRow.status == "quarantined")) or 0
    limit = stale_after_seconds(settings)
    syncs = [t for _, t in folders if t is not None]
    last = max(syncs) if syncs else None
    age = (now - last).total_seconds() if last is not None else None
    healthy = age is not None and age <= limit
    report: dict[str, Any] = {
        "status": "ok" if healthy else ("listener has never synced" if last is None
                                        else "listener has not synced recently"),
        "listener": {"last_sync_at": last.isoformat() if last else None,
                     "seconds_since_sync": round(age) if age is not None else None, "stale_after_seconds": limit,
                     "folders": len(folders)},
        "outbox": {"backlog": int(backlog), "oldest_queued_at": oldest.isoformat() if oldest else None,
                   "unknown": int(unknown)},
        "quarantine": {"size": int(quarantined)},
    }
    return healthy, report


async def healthz(request: Request) -> Response:
    state = request.app.state
    clock: Callable[[], datetime] = getattr(state, "clock", None) or (lambda: datetime.now(UTC))
    healthy, report = await run_in_threadpool(health, state.engine, state.settings, clock())
    return JSONResponse(report, status_code=200 if healthy else 503, headers={"Cache-Control": "no-store"})
