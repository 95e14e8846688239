"""Building the intent model: reproducible, never from evaluation data, loadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents.classify.model import load_model
from intents.classify.training import build, split_of

SEED_CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "intents_seed.jsonl"


def test_training_is_reproducible_and_loadable(tmp_path: Path) -> None:
    first = build([SEED_CORPUS], tmp_path / "a", report=False)
    second = build([SEED_CORPUS], tmp_path / "b", report=False)
    assert first["rows"] == second["rows"] == 46
    assert (tmp_path / "a" / "calibration.json").read_text() == (tmp_path / "b" / "calibration.json").read_text()
    model = load_model(tmp_path / "a")
    assert model.classify("We paid INV-1001 yesterday, ref 88123.").primary == "already-paid"
    size = sum(p.stat().st_size for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert size < 50_000_000


def test_training_refuses_evaluation_data(tmp_path: Path) -> None:
    held_apart = tmp_path / "eval" / "replies.jsonl"
    held_apart.parent.mkdir()
    held_apart.write_text(SEED_CORPUS.read_text("utf-8"), "utf-8")
    with pytest.raises(SystemExit, match="evaluation"):
        build([held_apart], tmp_path / "model", report=False)


def test_validation_split_is_stable() -> None:
    ids = [f"tr-{i:04d}" for i in range(1000)]
    held = [i for i in ids if split_of(i) == "validation"]
    assert 60 < len(held) < 140
    assert held == [i for i in ids if split_of(i) == "validation"]
