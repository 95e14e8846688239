"""Staff corrections of intents, exported as training data (JSONL in the shape of
data/intents/*.jsonl) for admins."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.core.statuses import Role
from assistant.service.followup.suggestions import export_corrections
from assistant.web.auth import page


def routes() -> list[BaseRoute]:
    return [Route("/corrections.jsonl", corrections, methods=["GET"])]


@page(Role.ADMIN)
async def corrections(request: Request) -> Response:
    lines = await run_in_threadpool(lambda: list(export_corrections(request.app.state.engine)))
    body = "".join(f"{line}\n" for line in lines)
    return Response(body, media_type="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="corrections.jsonl"',
                             "X-Content-Type-Options": "nosniff"})
