"""`/digest`: the weekly digest as a page, the same content as the email (viewer role)."""

from __future__ import annotations

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from assistant.core.digest import Digest
from assistant.core.statuses import Role
from assistant.rendering.digest import render_fragment
from assistant.service.digest.build import build_digest
from assistant.web.auth import page
from assistant.web.clock import request_now
from assistant.web.templating import render


def routes() -> list[BaseRoute]:
    return [Route("/digest", digest_page, methods=["GET"])]


def _build(request: Request) -> tuple[Digest, Markup]:
    digest = build_digest(request.app.state.engine, request.app.state.settings, request_now(request))
    return digest, render_fragment(digest)


@page(Role.VIEWER)
async def digest_page(request: Request) -> Response:
    digest, body = await run_in_threadpool(_build, request)
    return render(request, "digest.html", digest=digest, body=body)
