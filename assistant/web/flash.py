"""One-shot notices shown on the next page ("Approved and queued", "Already decided")."""

from __future__ import annotations

from starlette.requests import Request

KEY = "flash"


def flash(request: Request, text: str, kind: str = "ok") -> None:
    """Keep `text` in the session until the next rendered page; `kind` is ok or error."""
    notes = list(request.session.get(KEY, []))
    notes.append([kind, text[:500]])
    request.session[KEY] = notes[-5:]


def pop_flashes(request: Request) -> list[tuple[str, str]]:
    session = request.scope.get("session")
    if not session or KEY not in session:
        return []
    notes = session.pop(KEY)
    return [(str(kind), str(text)) for kind, text in notes]
