"""CSV files as (line number, row) pairs, with the header checked first.

UTF-8 with or without a BOM, LF or CRLF. Every problem is reported as `FILE:LINE: reason`.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import BadInput


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


@dataclass(frozen=True)
class CsvTable:
    path: Path
    columns: tuple[str, ...]
    rows: list[CsvRow]


def read_table(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> CsvTable:
    """Read the whole file, checking the header. Raises BadInput naming file and line."""
    label = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise BadInput(f"{label}: file not found") from exc
    except OSError as exc:
        raise BadInput(f"{label}: cannot read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(f"{label}:{line}: not valid UTF-8 (byte {data[exc.start]:#04x})") from exc
    if not text.strip():
        raise BadInput(f"{label}:1: empty file: a header row is required")
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise BadInput(f"{label}:1: unreadable header: {exc}") from exc
    columns = tuple(h.strip().lower() for h in header)
    missing = [c for c in required if c not in columns]
    if missing:
        raise BadInput(f"{label}:1: missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    dupes = sorted({c for c in columns if c and columns.count(c) > 1})
    if dupes:
        raise BadInput(f"{label}:1: duplicate column {', '.join(dupes)}")
    rows, problems = _rows(reader, columns, label)
    if problems:
        raise BadInput(problems)
    if not rows:
        raise BadInput(f"{label}:2: no data rows after the header")
    return CsvTable(path=path, columns=columns, rows=rows)


def _rows(reader: Iterator[list[str]], columns: tuple[str, ...], label: str) -> tuple[list[CsvRow], list[str]]:
    rows: list[CsvRow] = []
    problems: list[str] = []
    line = 1
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{label}:{start}: malformed CSV: {exc}")
            break
        line = reader.line_num  # type: ignore[attr-defined]
        if not any(v.strip() for v in values):
            continue  # blank lines are not rows
        if len(values) > len(columns):
            extra = values[len(columns):]
            if any(v.strip() for v in extra):
                problems.append(f"{label}:{start}: {len(values)} fields but the header has {len(columns)}")
                continue
        rows.append(CsvRow(line=start, values=dict(zip(columns, values, strict=False))))
    return rows, problems


def progress(rows: list[CsvRow], description: str) -> Iterator[CsvRow]:
    """Rows with a progress bar on an interactive terminal, plain otherwise."""
    if sys.stderr.isatty() and len(rows) > 5000:
        from tqdm import tqdm

        yield from tqdm(rows, desc=description, unit="row", file=sys.stderr, leave=False)
    else:
        yield from rows
