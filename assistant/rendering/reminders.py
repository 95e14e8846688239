"""Reminder email templates: `templates/email/<lang>/<step>.<tone>.j2`, one file per step
and tone, rendered twice: as plain text and as HTML.

Each step file does `{% extends layout %}` and fills two blocks, `subject` and `message`;
the per-language layouts `_layout.txt.j2` and `_layout.html.j2` add the greeting, the
invoice list and the signature. Templates run in Jinja2's sandbox with StrictUndefined
(a misspelt variable is an error, not an empty string); the HTML environment escapes
every value, the text environment does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_FOLDER = ROOT / "templates" / "email"


def _paragraphs(text: str) -> Markup:
    parts = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    # `text` is already escaped Markup in the HTML environment; escape() leaves it alone.
    return Markup("\n").join(Markup("<p>{}</p>").format(escape(p) if not isinstance(p, Markup) else p)
                             for p in parts)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


class ReminderTemplates:
    def __init__(self, folder: Path = DEFAULT_FOLDER) -> None:
        self.folder = folder
        common: dict[str, Any] = {"loader": FileSystemLoader(str(folder)), "undefined": StrictUndefined,
                                  "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": False}
        self.text_env = SandboxedEnvironment(autoescape=False, **common)
        self.html_env = SandboxedEnvironment(autoescape=select_autoescape(default=True, default_for_string=True),
                                             **common)
        self.html_env.filters["paragraphs"] = _paragraphs

    @staticmethod
    def name(language: str, template: str, tone: str) -> str:
        return f"{language}/{template}.{tone}.j2"

    def path(self, language: str, template: str, tone: str) -> Path:
        return self.folder / self.name(language, template, tone)

    def render(self, language: str, template: str, tone: str, context: Mapping[str, Any]) -> RenderedEmail:
        name = self.name(language, template, tone)
        text_t = self.text_env.get_template(name)
        html_t = self.html_env.get_template(name)
        text_vars = {**context, "layout": f"{language}/_layout.txt.j2"}
        subject = "".join(text_t.blocks["subject"](text_t.new_context(text_vars))).strip()
        text = text_t.render(text_vars).strip() + "\n"
        html = html_t.render({**context, "layout": f"{language}/_layout.html.j2"})
        return RenderedEmail(" ".join(subject.split()), text, html)
