"""Suggested-reply templates: `templates/replies/<lang>/<name>.j2`, one per action.

Each template extends its language's `_layout.j2` (greeting, signature) and fills the
`subject` block (a first line `Subject: ...`) and the `message` block. They run in Jinja2's
sandbox with StrictUndefined: a misspelt variable is an error, not a silent gap in an
email a customer will read. A language without templates falls back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_FOLDER = ROOT / "templates" / "replies"
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class RenderedReply:
    subject: str
    body: str
    language: str


@lru_cache(maxsize=4)
def _environment(folder: str) -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=FileSystemLoader(folder), undefined=StrictUndefined, autoescape=False,
                                keep_trailing_newline=False)


def languages(folder: Path = DEFAULT_FOLDER) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def render_reply(name: str, language: str | None, context: Mapping[str, Any],
                 folder: Path = DEFAULT_FOLDER) -> RenderedReply:
    lang = (language or FALLBACK_LANGUAGE).lower()[:2]
    if not (folder / lang / f"{name}.j2").is_file():
        lang = FALLBACK_LANGUAGE
    text = _environment(str(folder)).get_template(f"{lang}/{name}.j2").render(**context).lstrip()
    first, _, rest = text.partition("\n")
    subject = first.removeprefix("Subject:").strip() if first.startswith("Subject:") else ""
    body = (rest if subject else text).strip("\n") + "\n"
    return RenderedReply(subject, body, lang)
