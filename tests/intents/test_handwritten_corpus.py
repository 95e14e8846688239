"""Checks on the hand-written part of the intent training corpus (data/intents/handwritten.jsonl).

These rows were written one by one, not expanded from templates, so that the classifier
sees wording it could meet in real replies. The checks keep the file well formed and the
label and language mix from drifting when rows are added or removed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "data" / "intents"
HANDWRITTEN = CORPUS / "handwritten.jsonl"
LABELS = {
    "not-received",
    "scheduled",
    "cannot-pay",
    "already-paid",
    "dispute",
    "auto-reply",
    "bounce",
    "other",
}
PRIORITY = ["dispute", "not-received", "cannot-pay", "already-paid", "scheduled"]
LANGS = {"en", "de", "fr", "es", "nl", "it"}
KEYS = {"id", "subject", "text", "label", "labels", "lang", "from", "date"}
MINIMUMS = {
    "dispute": 100,
    "not-received": 100,
    "scheduled": 100,
    "cannot-pay": 100,
    "already-paid": 100,
    "auto-reply": 60,
    "bounce": 25,
    "other": 95,
}

Row = dict[str, object]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    lines = HANDWRITTEN.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), "blank line in handwritten.jsonl"
    return [json.loads(line) for line in lines]


def test_every_line_is_a_well_formed_example(rows: list[Row]) -> None:
    for row in rows:
        where = str(row.get("id"))
        assert set(row) <= KEYS, where
        assert re.fullmatch(r"hw-\d{4}", str(row["id"])), where
        assert isinstance(row["subject"], str), where
        assert isinstance(row["text"], str) and row["text"].strip(), where
        assert row["label"] in LABELS, where
        labels = row["labels"]
        assert isinstance(labels, list) and labels and labels[0] == row["label"], where
        assert set(labels) <= LABELS and len(set(labels)) == len(labels), where
        assert row["lang"] in LANGS, where
        assert re.fullmatch(r"2026-\d\d-\d\d", str(row["date"])), where
        if "from" in row:
            assert "@" in str(row["from"]), where


def test_several_intents_use_the_priority_and_never_machine_labels(rows: list[Row]) -> None:
    multi = [row for row in rows if len(row["labels"]) > 1]  # type: ignore[arg-type]
    assert len(multi) >= 0.07 * len(rows)
    for row in multi:
        labels = row["labels"]
        assert isinstance(labels, list) and set(labels) <= set(PRIORITY), row["id"]
        assert row["label"] == next(p for p in PRIORITY if p in labels), row["id"]


def test_ids_and_texts_are_unique_across_the_whole_corpus(rows: list[Row]) -> None:
    ids = Counter(str(row["id"]) for row in rows)
    assert [i for i, k in ids.items() if k > 1] == []
    mine = {" ".join(str(row["text"]).split()).lower() for row in rows}
    assert len(mine) == len(rows), "duplicate text inside handwritten.jsonl"
    others: set[str] = set()
    for path in sorted(CORPUS.glob("*.jsonl")):
        if path != HANDWRITTEN:
            for line in path.read_text(encoding="utf-8").splitlines():
                others.add(" ".join(str(json.loads(line)["text"]).split()).lower())
    assert sorted(mine & others)[:5] == []


def test_counts_per_label_and_language(rows: list[Row]) -> None:
    assert len(rows) >= 750
    counts = Counter(str(row["label"]) for row in rows)
    for label, minimum in MINIMUMS.items():
        assert counts[label] >= minimum, (label, counts[label])
    langs = Counter(str(row["lang"]) for row in rows)
    assert 0.09 <= 1 - langs["en"] / len(rows) <= 0.18, langs
    for lang in ("de", "fr", "es", "nl", "it"):
        assert langs[lang] >= 8, langs


def test_about_a_third_of_human_replies_carry_quoted_history(rows: list[Row]) -> None:
    quote = re.compile(
        r"^(>|From: |De ?: |Von: |Van: |Da: |-----Original|-----Ursprüngliche|On .* wrote:|Am .*schrieb|"
        r"Le .*a écrit|El .*escribió|Op .*schreef|Il giorno .*ha scritto|_{10,})",
        re.MULTILINE,
    )
    human = [row for row in rows if row["label"] not in {"auto-reply", "bounce"}]
    quoted = [row for row in human if quote.search(str(row["text"]))]
    assert 0.25 <= len(quoted) / len(human) <= 0.5, (len(quoted), len(human))
