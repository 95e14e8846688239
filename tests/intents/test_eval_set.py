"""Checks on the held-apart evaluation set in data/eval/ (see data/eval/README.md).

The set is only ever scored against; these tests keep it well formed and make sure
none of its examples has leaked into the training corpus.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL_FILE = ROOT / "data" / "eval" / "replies.jsonl"
TRAINING_DIR = ROOT / "data" / "intents"

LABELS = {"not-received", "scheduled", "cannot-pay", "already-paid", "dispute", "auto-reply", "bounce", "other"}
# Fixed priority from the intents brief: the primary label of a multi-intent reply.
PRIORITY = ["dispute", "not-received", "cannot-pay", "already-paid", "scheduled"]
MINIMUMS = {"not-received": 60, "scheduled": 60, "cannot-pay": 60, "already-paid": 60, "dispute": 60,
            "auto-reply": 40, "bounce": 35, "other": 60}
LANGS = {"en", "de", "fr", "es", "nl", "it"}
ID_RE = re.compile(r"^ev-\d{4}$")
KEYS = {"id", "subject", "text", "label", "labels", "lang", "from", "date"}

Row = dict[str, object]


def _load() -> list[tuple[int, Row]]:
    rows = []
    for n, line in enumerate(EVAL_FILE.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {n} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"line {n} is not an object"
        rows.append((n, row))
    return rows


@pytest.fixture(scope="module")
def rows() -> list[tuple[int, Row]]:
    return _load()


def test_every_line_is_a_well_formed_example(rows: list[tuple[int, Row]]) -> None:
    assert len(rows) >= 450
    for n, row in rows:
        where = f"replies.jsonl:{n}"
        assert set(row) <= KEYS, f"{where} unexpected keys {set(row) - KEYS}"
        assert isinstance(row["id"], str) and ID_RE.match(row["id"]), where
        assert isinstance(row["subject"], str), where
        assert isinstance(row["text"], str) and row["text"].strip(), where
        assert row["label"] in LABELS, where
        labels = row["labels"]
        assert isinstance(labels, list) and labels, where
        assert set(labels) <= LABELS, where
        assert len(set(labels)) == len(labels), f"{where} repeated label"
        assert row["label"] in labels, f"{where} label not in labels"
        assert row["lang"] in LANGS, where
        if "from" in row:
            assert isinstance(row["from"], str) and "@" in row["from"], where
        if "date" in row:
            assert isinstance(row["date"], str) and row["date"].startswith("2026-"), where


def test_primary_label_follows_priority(rows: list[tuple[int, Row]]) -> None:
    for n, row in rows:
        labels = row["labels"]
        assert isinstance(labels, list)
        if len(labels) > 1:
            assert set(labels) <= set(PRIORITY), f"line {n}: machine mail and 'other' are single-label"
            assert row["label"] == next(p for p in PRIORITY if p in labels), f"line {n}"


def test_ids_are_unique_and_sequential(rows: list[tuple[int, Row]]) -> None:
    ids = [str(row["id"]) for _, row in rows]
    dupes = [i for i, c in Counter(ids).items() if c > 1]
    assert not dupes, dupes
    assert ids == [f"ev-{k:04d}" for k in range(1, len(ids) + 1)]


def test_texts_are_not_repeated(rows: list[tuple[int, Row]]) -> None:
    texts = Counter(str(row["text"]) for _, row in rows)
    assert not [t[:60] for t, c in texts.items() if c > 1]


def test_each_label_has_its_minimum(rows: list[tuple[int, Row]]) -> None:
    counts = Counter(str(row["label"]) for _, row in rows)
    short = {label: (counts[label], need) for label, need in MINIMUMS.items() if counts[label] < need}
    assert not short, short


def test_set_has_non_english_and_multi_intent_replies(rows: list[tuple[int, Row]]) -> None:
    langs = Counter(str(row["lang"]) for _, row in rows)
    assert sum(c for lang, c in langs.items() if lang != "en") >= 0.10 * len(rows)
    for lang in ("de", "fr", "es"):
        assert langs[lang] >= 10, lang
    multi = [row for _, row in rows if isinstance(row["labels"], list) and len(row["labels"]) > 1]
    assert len(multi) >= 20


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def test_no_example_leaks_into_training_corpus(rows: list[tuple[int, Row]]) -> None:
    files = sorted(TRAINING_DIR.glob("*.jsonl"))
    assert files, f"no training corpus in {TRAINING_DIR}"
    training = set()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                training.add(_normalise(str(json.loads(line).get("text", ""))))
    leaked = [str(row["id"]) for _, row in rows if _normalise(str(row["text"])) in training]
    assert not leaked, leaked
