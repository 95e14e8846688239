"""The web application factory. Each group of pages is a module of `assistant.web.views`
exposing `routes() -> list[BaseRoute]`; one error handler renders every error.

The app takes its clock from the command that serves it (`request_now` reads it once per
request), so pages, decisions and the digest follow the same business time as the CLI.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from assistant.settings import Settings
from assistant.web import auth
from assistant.web.security import LoginThrottle, session_secret
from assistant.web.templating import make_environment, render
from assistant.web.views import (
    cases,
    conversation,
    corrections,
    digest,
    health,
    home,
    lists,
    quarantine,
    queue,
)

VIEW_GROUPS = (home, queue, conversation, lists, quarantine, cases, corrections, digest, health)
STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger(__name__)


def create_app(settings: Settings, engine: Engine, clock: Callable[[], datetime]) -> Starlette:
    routes: list[BaseRoute] = [
        Route("/login", auth.login_form, methods=["GET"]),
        Route("/login", auth.login_submit, methods=["POST"]),
        Route("/logout", auth.logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    for group in VIEW_GROUPS:
        routes.extend(group.routes())
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SessionMiddleware, secret_key=session_secret(settings.web),
                               session_cookie="ar_session", max_age=settings.web.session_hours * 3600,
                               same_site="lax", https_only=settings.web.https)],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.clock = clock
    app.state.templates = make_environment()
    app.state.login_throttle = LoginThrottle(settings.web.login_attempts, settings.web.login_window_seconds)
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return render(request, "error.html", status_code=exc.status_code, status=exc.status_code, message=exc.detail)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("web request failed: %s %s", request.method, request.url.path)
    return render(request, "error.html", status_code=500, status=500,
                  message="Something went wrong on our side. The error has been logged.")
