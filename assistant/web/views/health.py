"""`/healthz` for load balancers and monitoring: no login, no personal data.

Reports the listener's last successful sync per folder (`mailbox_state.last_sync_at`, set
at every catch-up: after each IDLE wake-up and at least once per `[mailbox] idle_seconds`),
the outbox backlog and the quarantine size. 503 when the listener has never synced or has
not synced for longer than two IDLE cycles plus a minute; 200 otherwise.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from assistant.store.queries.health import health
from assistant.web.clock import request_now


def routes() -> list[BaseRoute]:
    return [Route("/healthz", healthz, methods=["GET", "HEAD"])]


async def healthz(request: Request) -> Response:
    state = request.app.state
    healthy, report = await run_in_threadpool(health, state.engine, state.settings, request_now(request))
    return JSONResponse(report, status_code=200 if healthy else 503, headers={"Cache-Control": "no-store"})
