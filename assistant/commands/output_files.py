"""Files a command writes at the operator's request (`--out`, the new config file)."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import BadInput


def write_output(path: Path, text: str) -> None:
    """Write `text` to `path` as UTF-8; a path that cannot be written is bad input (exit 2)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path}: cannot write: {exc.strerror or exc}") from exc
