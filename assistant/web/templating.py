"""Templates for the web app: files in templates/web, named after the view that renders them;
partials start with `_`. Autoescape is on: customer text is never live HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from assistant.web.display import highlight, sanitize_html
from assistant.web.flash import pop_flashes

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "web"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["sanitized"] = sanitize_html
    env.filters["highlight"] = highlight
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    user = getattr(request.state, "user", None)
    session = request.scope.get("session") or {}
    html = env.get_template(template).render(
        request=request, user=user, csrf_token=session.get("csrf", ""),
        company=request.app.state.settings.company.name, flashes=pop_flashes(request), **context)
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


# Customer content is shown as text; the CSP is a second line of defence: no inline
# script runs even if something slipped through escaping.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; "
                                "form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
