"""Checks on the development set in data/dev/ (threshold tuning and calibration).

The development set is kept apart from both the training corpus (data/intents/) and the
evaluation set (data/eval/); these tests only read data/dev/.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

DEV_FILE = Path(__file__).resolve().parents[2] / "data" / "dev" / "replies.jsonl"
CUSTOMER = ("dispute", "not-received", "cannot-pay", "already-paid", "scheduled")  # priority order
MACHINE = ("auto-reply", "bounce")
LABELS = set(CUSTOMER) | set(MACHINE) | {"other"}
MINIMUMS = {"not-received": 40, "scheduled": 40, "cannot-pay": 40, "already-paid": 40, "dispute": 40,
            "auto-reply": 25, "bounce": 20, "other": 40}
LANGS = {"en", "de", "fr", "es", "nl", "it"}
ID_PATTERN = re.compile(r"dev-\d{4}")
KEYS = {"id", "subject", "text", "label", "labels", "lang", "from", "date"}

Row = dict[str, object]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    lines = DEV_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_every_line_is_a_well_formed_example(rows: list[Row]) -> None:
    assert len(rows) >= 300
    for row in rows:
        where = str(row.get("id"))
        assert set(row) <= KEYS, where
        assert isinstance(row["id"], str) and ID_PATTERN.fullmatch(row["id"]), where
        assert isinstance(row["subject"], str), where
        assert isinstance(row["text"], str) and row["text"].strip(), where
        assert row["text"] == row["text"].strip("\n"), where
        assert row["lang"] in LANGS, where
        if "from" in row:
            assert isinstance(row["from"], str) and "@" in row["from"] and "<" not in row["from"], where


def test_labels_are_known_and_primary_follows_priority(rows: list[Row]) -> None:
    for row in rows:
        where = str(row["id"])
        label, labels = row["label"], row["labels"]
        assert label in LABELS, where
        assert isinstance(labels, list) and labels, where
        assert len(set(labels)) == len(labels), where
        assert all(x in LABELS for x in labels), where
        assert label in labels, where
        if label in MACHINE or label == "other":
            # Machine mail and unclear mail are always single-label.
            assert labels == [label], where
        else:
            assert all(x in CUSTOMER for x in labels), where
            assert label == min(labels, key=CUSTOMER.index), where


def test_ids_are_unique_and_sequential(rows: list[Row]) -> None:
    ids = [str(row["id"]) for row in rows]
    assert len(set(ids)) == len(ids)
    assert ids == [f"dev-{n:04d}" for n in range(1, len(ids) + 1)]


def test_texts_are_unique(rows: list[Row]) -> None:
    texts = Counter(str(row["text"]) for row in rows)
    assert [t[:60] for t, n in texts.items() if n > 1] == []


def test_minimum_counts_per_label(rows: list[Row]) -> None:
    counts = Counter(str(row["label"]) for row in rows)
    for label, minimum in MINIMUMS.items():
        assert counts[label] >= minimum, (label, counts[label])


def test_mix_of_languages_multi_intent_and_quoted_history(rows: list[Row]) -> None:
    total = len(rows)
    non_english = sum(row["lang"] != "en" for row in rows)
    multi = sum(len(row["labels"]) > 1 for row in rows)  # type: ignore[arg-type]
    quoted = sum(bool(re.search(r"(?m)^(>|-----|From: |Von: |_{10,})", str(row["text"]))) for row in rows)
    assert non_english >= 0.10 * total
    assert {str(row["lang"]) for row in rows} == LANGS
    assert multi >= 0.07 * total
    assert quoted >= 0.25 * total
