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


def page_from(request: Request, total: int) -> Page:
    size = request.app.state.settings.web.page_size
    try:
        number = int(request.query_params.get("page", "1"))
    except ValueError:
        number = 1
    pages = max(1, -(-total // size))
    return Page(min(max(number, 1), pages), size, total)
