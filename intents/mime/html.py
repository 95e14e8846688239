"""HTML mail bodies to plain text that keeps paragraph structure.

Built on the standard library's tolerant `html.parser`, so broken markup (unclosed
tags, stray end tags, truncated documents) never raises. Scripts, styles and the
document head are dropped; entities are decoded; `<br>`, `<p>`, `<div>`, list items,
table rows and headings become line or paragraph breaks; blockquotes are rendered
as "> " quoted lines so the reply extractor can see them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from html.parser import HTMLParser

_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "xml"})
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote",
     "pre", "hr", "address", "figure", "fieldset", "form"}
)
_LINE = frozenset(
    {"div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "center",
     "main", "nav", "aside", "caption", "tbody", "thead", "tfoot", "body", "html"}
)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")

CutPredicate = Callable[[str, dict[str, str]], bool]


class _TextBuilder(HTMLParser):
    def __init__(self, is_cut: CutPredicate | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.current_depth = 0
        self.quote_depth = 0
        self.pending = 0
        self.skip_depth = 0
        self.pre_depth = 0
        self.lists: list[list[int]] = []  # [counter] per open list; counter < 0 for <ul>
        self.is_cut = is_cut
        self.cut_at: int | None = None

    # -- line handling ----------------------------------------------------------
    def _end_line(self) -> None:
        self.lines.append((self.current_depth, "".join(self.current).rstrip(" \t")))
        self.current = []
        self.current_depth = self.quote_depth

    def _request(self, breaks: int, *, add: bool = False) -> None:
        self.pending = self.pending + breaks if add else max(self.pending, breaks)

    def _flush(self) -> None:
        if self.pending and (self.current or self.lines):
            depth = min(self.current_depth, self.quote_depth)
            self._end_line()
            for _ in range(self.pending - 1):
                self.lines.append((depth, ""))
        if not self.current:
            self.current_depth = self.quote_depth
        self.pending = 0

    def _emit(self, text: str) -> None:
        self._flush()
        if not self.current and not self.pre_depth:
            text = text.lstrip(" ")
        if text:
            self.current.append(text)

    # -- parser callbacks -------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        attributes = {name: value or "" for name, value in attrs}
        if self.cut_at is None and self.is_cut is not None and self.is_cut(tag, attributes):
            if self.current:
                self._request(1)
                self._flush()
            self.cut_at = len(self.lines)
            self.pending = 0
        if tag == "br":
            self._request(1, add=True)
        elif tag == "li":
            self._request(1)
            marker = "- "
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                marker = f"{self.lists[-1][0]}. "
            self._emit("  " * max(len(self.lists) - 1, 0) + marker)
        elif tag in {"td", "th"}:
            if self.current:
                self.current.append("\t")
        else:
            if tag in {"ul", "ol"}:
                self.lists.append([0 if tag == "ol" else -1])
            if tag in _PARAGRAPH:
                self._request(2)
            elif tag in _LINE:
                self._request(1)
            if tag == "blockquote":
                self.quote_depth += 1
            if tag == "pre":
                self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(self.skip_depth - 1, 0)
            return
        if self.skip_depth:
            return
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
        if tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in _PARAGRAPH:
            self._request(2)
        elif tag in _LINE or tag == "li":
            self._request(1)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            for index, chunk in enumerate(data.replace("\r\n", "\n").split("\n")):
                if index:
                    self._request(1, add=True)
                if chunk:
                    self._emit(chunk.replace("\u00a0", " "))
            return
        text = _SPACES.sub(" ", data)
        if not text.strip():
            if self.current and not self.pending and not self.current[-1].endswith((" ", "\t")):
                self.current.append(" ")
            return
        if self.current and self.current[-1].endswith((" ", "\t")):
            text = text.lstrip(" ")
        self._emit(text)

    # -- result -----------------------------------------------------------------
    def finish(self) -> tuple[str, str]:
        self.close()
        if self.current:
            self._end_line()
        cut = len(self.lines) if self.cut_at is None else self.cut_at
        return _render(self.lines[:cut]), _render(self.lines[cut:])


def _render(lines: list[tuple[int, str]]) -> str:
    out = []
    for depth, text in lines:
        prefix = ">" * depth
        out.append(f"{prefix} {text}".rstrip() if depth else text.rstrip())
    joined = "\n".join(out)
    joined = re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", joined)
    return joined.strip("\n")


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, one line per block, blank lines between paragraphs."""
    builder = _TextBuilder()
    # html.parser is tolerant, but markup must never break reading mail.
    with contextlib.suppress(Exception):
        builder.feed(html)
    return builder.finish()[0]


def split_html(html: str, is_cut: CutPredicate) -> tuple[str, str] | None:
    """Text before and after the first element accepted by `is_cut`; None if none matches."""
    builder = _TextBuilder(is_cut)
    with contextlib.suppress(Exception):
        builder.feed(html)
    before, after = builder.finish()
    return None if builder.cut_at is None else (before, after)
