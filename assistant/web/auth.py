"""Login, logout and the `page` decorator every view uses: authentication, role, CSRF.

Sessions are signed cookies (HttpOnly, SameSite=Lax, Secure under https). The user is
re-read from the database on every request so a disabled account or changed role takes
effect at once.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from assistant.core.statuses import Role
from assistant.service.users import StaffUser, active_user, record_login, verify_password
from assistant.web.clock import request_now
from assistant.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    csrf_ok,
    new_csrf_token,
    role_allows,
    same_site_path,
)
from assistant.web.templating import render

Endpoint = Callable[[Request], Awaitable[Response]]


def _load_user(request: Request) -> StaffUser | None:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    return active_user(request.app.state.engine, user_id, str(request.session.get("name")))


def page(role: Role = Role.VIEWER) -> Callable[[Endpoint], Endpoint]:
    """Require a logged-in user with at least `role`; check the CSRF token on writes."""

    def decorate(view: Endpoint) -> Endpoint:
        @functools.wraps(view)
        async def endpoint(request: Request) -> Response:
            user = await run_in_threadpool(_load_user, request)
            if user is None:
                request.session.clear()
                if request.method != "GET":
                    raise HTTPException(401, "Please log in again.")
                return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
            request.state.user = user
            if not role_allows(user.role, role):
                raise HTTPException(403, f"This needs the {role} role; you are {user.role}.")
            if request.method not in ("GET", "HEAD"):
                await check_csrf(request)
            return await view(request)

        return endpoint

    return decorate


async def check_csrf(request: Request) -> None:
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not csrf_ok(request.session.get("csrf"), given):
        raise HTTPException(403, "The form has expired or did not come from this site. Reload and try again.")


async def login_form(request: Request) -> Response:
    if "csrf" not in request.session:
        request.session["csrf"] = new_csrf_token()
    return render(request, "login.html", next=same_site_path(request.query_params.get("next")), error=None, name="")


async def login_submit(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request.session.get("csrf"), str(form.get(CSRF_FIELD, ""))):
        raise HTTPException(403, "The login form has expired. Reload and try again.")
    name = str(form.get("name", "")).strip()
    password = str(form.get("password", ""))
    target = same_site_path(str(form.get("next", "/")))
    address = request.client.host if request.client else "unknown"
    throttle = request.app.state.login_throttle
    if throttle.blocked(name, address):
        return render(request, "login.html", status_code=429, next=target, name=name,
                      error="Too many failed attempts. Wait a few minutes and try again.")
    user = await run_in_threadpool(verify_password, request.app.state.engine, name, password)
    if user is None:
        throttle.failed(name, address)
        return render(request, "login.html", status_code=401, next=target, name=name,
                      error="Wrong user name or password.")
    throttle.succeeded(name, address)
    request.session.clear()  # a fresh session on login: no fixation
    request.session.update({"uid": user.id, "name": user.name, "csrf": new_csrf_token()})
    await run_in_threadpool(record_login, request.app.state.engine, user.name, request_now(request))
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    await check_csrf(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
