"""`/digest`: the weekly digest as a page, the same content as the email (viewer role)."""

from __future__ import annotations

from datetime import UTC, datetime

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.service.digest import Digest, build_digest
from assistant.service.digest_render import render_fragment
from assistant.web.auth import page
from assistant.web.rendering import render


def routes() -> list[BaseRoute]:
    return [Route("/digest", digest_page, methods=["GET"])]


def _build(request: Request) -> tuple[Digest, Markup]:
    digest = build_digest(request.app.state.engine, request.app.state.settings, datetime.now(UTC))
    return digest, render_fragment(digest)


@page("viewer")
async def digest_page(request: Request) -> Response:
    digest, body = await run_in_threadpool(_build, request)
    return render(request, "digest.html", digest=digest, body=body)
