"""Checks on the intent training corpus in data/intents/ (never data/eval/)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "data" / "intents"
LABELS = {"not-received", "scheduled", "cannot-pay", "already-paid", "dispute", "auto-reply", "bounce", "other"}
PRIORITY = ["dispute", "not-received", "cannot-pay", "already-paid", "scheduled"]
MINIMUMS = {"not-received": 220, "scheduled": 220, "cannot-pay": 220, "already-paid": 220, "dispute": 220,
            "auto-reply": 150, "bounce": 120, "other": 200}
LANGS = {"en", "de", "fr", "es", "nl", "it", "pt"}


def _rows() -> list[tuple[str, int, dict[str, object]]]:
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rows.append((path.name, n, json.loads(line)))
    return rows


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, int, dict[str, object]]]:
    return _rows()


def test_every_line_is_a_well_formed_example(rows: list[tuple[str, int, dict[str, object]]]) -> None:
    assert len(rows) >= 1600
    for name, n, row in rows:
        where = f"{name}:{n}"
        assert isinstance(row["id"], str) and row["id"].startswith(("tr-", "hw-")), where
        assert isinstance(row["subject"], str), where
        assert isinstance(row["text"], str), where
        assert row["label"] in LABELS, where
        labels = row["labels"]
        assert isinstance(labels, list) and labels, where
        assert set(labels) <= LABELS, where
        assert len(set(labels)) == len(labels), where
        assert row["label"] in labels, where
        assert row["lang"] in LANGS, where
        if "date" in row:
            assert str(row["date"]).startswith("2026-"), where


def test_primary_label_follows_priority(rows: list[tuple[str, int, dict[str, object]]]) -> None:
    for name, n, row in rows:
        labels = row["labels"]
        assert isinstance(labels, list)
        if len(labels) > 1:
            assert set(labels) <= set(PRIORITY), f"{name}:{n} machine mail must be single-label"
            expected = next(p for p in PRIORITY if p in labels)
            assert row["label"] == expected, f"{name}:{n}"


def test_ids_are_unique_and_named_after_label(rows: list[tuple[str, int, dict[str, object]]]) -> None:
    ids = Counter(str(row["id"]) for _, _, row in rows)
    assert [i for i, k in ids.items() if k > 1] == []
    for name, n, row in rows:
        if name == "handwritten.jsonl":  # hand-written rows are numbered hw-NNNN
            continue
        assert str(row["id"]).startswith(f"tr-{row['label']}-"), f"{name}:{n}"


def test_no_exact_duplicate_texts(rows: list[tuple[str, int, dict[str, object]]]) -> None:
    texts = Counter(" ".join(str(row["text"]).split()).lower() for _, _, row in rows)
    dupes = [t[:60] for t, k in texts.items() if k > 1]
    assert dupes == []


def test_counts_per_label_meet_minimums(rows: list[tuple[str, int, dict[str, object]]]) -> None:
    counts = Counter(str(row["label"]) for _, _, row in rows)
    for label, minimum in MINIMUMS.items():
        assert counts[label] >= minimum, (label, counts[label])


def test_multi_intent_and_language_mix(rows: list[tuple[str, int, dict[str, object]]]) -> None:
    multi = [row for _, _, row in rows if isinstance(row["labels"], list) and len(row["labels"]) > 1]
    assert len(multi) >= 100
    langs = Counter(str(row["lang"]) for _, _, row in rows)
    non_en = sum(k for lang, k in langs.items() if lang != "en")
    assert 0.08 <= non_en / len(rows) <= 0.2, langs
    for lang in ("de", "fr", "es"):
        assert langs[lang] >= 40, langs


def test_corpus_does_not_touch_eval_data() -> None:
    build = CORPUS / "build"
    for path in build.glob("*.py"):
        assert "data/eval" not in path.read_text(encoding="utf-8").replace("never reads data/eval/", ""), path
