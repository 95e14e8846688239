"""Pagination for list pages: a page number from the query string, a window of rows."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


# Far beyond any list, and small enough that an OFFSET built from it stays a 64-bit integer.
MAX_QUERY_NUMBER = 10**9


def query_number(request: Request, name: str) -> int | None:
    """A page or position from the query string, from 0 to MAX_QUERY_NUMBER; None when
    it is missing or not a whole number."""
    try:
        value = int(request.query_params[name])
    except (KeyError, ValueError):
        return None
    return min(max(value, 0), MAX_QUERY_NUMBER)


def page_from(request: Request, total: int) -> Page:
    size = request.app.state.settings.web.page_size
    number = query_number(request, "page") or 1
    pages = max(1, -(-total // size))
    return Page(min(max(number, 1), pages), size, total)
