"""`classify` and `eval`: read customer replies without touching the database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.commands.base import Context, command
from assistant.errors import BadInput


def register(sub: argparse._SubParsersAction) -> None:
    c = command(sub, "classify", run_classify,
                "understand messages (intents, entities, reply text) without touching the database")
    c.add_argument("files", nargs="*", type=Path, metavar="FILE.eml",
                   help="RFC 5322 messages (default: one message on stdin)")
    c.add_argument("--jsonl", type=Path, metavar="FILE",
                   help='bodies without MIME, one {"id", "subject", "text", ["from"], ["date"]} per line')
    _reading_options(c)
    e = command(sub, "eval", run_eval, "score the classifier on a labelled JSONL file")
    e.add_argument("file", type=Path, metavar="FILE.jsonl", help='lines as for classify --jsonl, plus "label"')
    e.add_argument("--json", action="store_true", help="print one JSON object")
    _reading_options(e)


def _reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date-order", choices=("DMY", "MDY", "YMD"), default=None,
                   help="how to read numeric dates like 12/01 (default: [reading] date_order, DMY)")
    p.add_argument("--known-invoice", action="append", default=[], metavar="NUMBER",
                   help="an invoice number to snap fuzzy mentions to (repeatable)")


def _options(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    import re

    reading = ctx.settings.reading
    options: dict[str, Any] = {"date_order": args.date_order or reading.date_order,
                               "known_invoices": tuple(args.known_invoice)}
    if reading.invoice_pattern:
        try:
            re.compile(reading.invoice_pattern)
        except re.error as exc:
            raise BadInput(f"reading.invoice_pattern: not a regular expression: {exc}") from exc
        options["invoice_pattern"] = reading.invoice_pattern
    return options


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _rows(path: Path, *, need_label: bool) -> list[dict[str, Any]]:
    from intents.classify.evaluation import read_rows

    try:
        rows = read_rows(path)
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}") from exc
    if need_label:
        missing = [i for i, r in enumerate(rows, 1) if not isinstance(r.get("label"), str)]
        if missing:
            raise BadInput(f"{path}: {len(missing)} row(s) without a string 'label' (first: row {missing[0]})")
    return rows


def run_classify(args: argparse.Namespace, ctx: Context) -> int:
    from intents.classify.model import load_model

    if args.jsonl is not None:
        if args.files:
            raise BadInput("classify: give either FILE.eml arguments or --jsonl FILE, not both")
        return _classify_jsonl(args, ctx)
    # Read every input first: a bad file is reported before anything is printed.
    inputs = [(str(p), _read_bytes(p)) for p in args.files] or [("-", sys.stdin.buffer.read())]
    options = _options(args, ctx)
    model = load_model()
    from intents.understand import understand_message

    for name, raw in inputs:
        result = understand_message(raw, model=model, **options)
        print(json.dumps({"file": name, **result.to_json()}, ensure_ascii=False))
    return 0


def _classify_jsonl(args: argparse.Namespace, ctx: Context) -> int:
    from intents.classify.evaluation import row_date
    from intents.classify.model import load_model
    from intents.understand import understand_body

    rows = _rows(args.jsonl, need_label=False)
    options = _options(args, ctx)
    model = load_model()
    for row in rows:
        result = understand_body(str(row.get("subject") or ""), str(row.get("text") or ""),
                                 sender=row.get("from"), date=row_date(row), model=model, **options)
        full = result.to_json()
        print(json.dumps({"id": row.get("id"), **{k: full[k] for k in
                                                 ("primary_intent", "intents", "entities", "needs_human")}},
                         ensure_ascii=False))
    return 0


def run_eval(args: argparse.Namespace, ctx: Context) -> int:
    from intents.classify.evaluation import predict_rows, score
    from intents.classify.model import load_model

    rows = _rows(args.file, need_label=True)
    if not rows:
        raise BadInput(f"{args.file}: no rows to score")
    options = _options(args, ctx)
    model = load_model()
    predicted = predict_rows(rows, model=model, **options)
    report = score([str(r["label"]) for r in rows], predicted)
    print(json.dumps(report.to_json(), ensure_ascii=False) if args.json else report.to_text())
    return 0
