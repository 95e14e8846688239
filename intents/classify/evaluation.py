"""Scoring a classifier against labelled rows: per-label P/R/F1, macro-F1, accuracy, confusion."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from intents.classify.model import ALL_LABELS


@dataclass(frozen=True)
class Report:
    labels: tuple[str, ...]
    per_label: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count
    total: int

    def to_json(self) -> dict[str, object]:
        return {"per_label": self.per_label, "macro_f1": round(self.macro_f1, 4),
                "accuracy": round(self.accuracy, 4), "confusion": self.confusion, "total": self.total}

    def to_text(self) -> str:
        lines = [f"{'label':<14}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
        for label in self.labels:
            s = self.per_label[label]
            lines.append(f"{label:<14}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{int(s['support']):>9}")
        lines.append(f"\nmacro-F1 {self.macro_f1:.4f}   accuracy {self.accuracy:.4f}   ({self.total} examples)")
        short = {label: label[:6] for label in self.labels}
        lines.append("\nconfusion (rows: gold, columns: predicted)")
        lines.append(" " * 14 + "".join(f"{short[p]:>8}" for p in self.labels))
        for g in self.labels:
            lines.append(f"{g:<14}" + "".join(f"{self.confusion[g][p]:>8}" for p in self.labels))
        return "\n".join(lines)


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = ALL_LABELS) -> Report:
    """Macro-F1 averages over the labels that occur in gold or predictions."""
    seen = [label for label in labels if label in gold or label in predicted]
    seen += sorted({*gold, *predicted} - set(seen))
    confusion = {g: dict.fromkeys(seen, 0) for g in seen}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    per_label: dict[str, dict[str, float]] = {}
    for label in seen:
        tp = confusion[label][label]
        support = sum(confusion[label].values())
        predicted_n = sum(confusion[g][label] for g in seen)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": support}
    scored = [label for label in seen if per_label[label]["support"]]
    macro = sum(per_label[label]["f1"] for label in scored) / len(scored) if scored else 0.0
    accuracy = sum(confusion[label][label] for label in seen) / len(gold) if gold else 0.0
    return Report(tuple(seen), per_label, macro, accuracy, confusion, len(gold))


def read_rows(path: Path) -> list[dict[str, Any]]:
    """JSONL rows; raises ValueError naming the line on bad input."""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON: {exc.msg}") from exc
            if not isinstance(row, dict) or not isinstance(row.get("text", ""), str):
                raise ValueError(f"{path}:{n}: expected an object with a string 'text'")
            rows.append(row)
    return rows


def row_date(row: dict[str, Any]) -> datetime | None:
    value = row.get("date")
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            d = date.fromisoformat(value[:10])
        except ValueError:
            return None
        parsed = datetime(d.year, d.month, d.day, 12)
    if len(value) <= 10:
        parsed = parsed.replace(hour=12)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def predict_rows(rows: Iterable[dict[str, Any]], **options: Any) -> list[str]:
    from intents.understand import understand_body

    return [understand_body(str(r.get("subject") or ""), str(r.get("text") or ""), sender=r.get("from"),
                            date=row_date(r), **options).primary_intent for r in rows]
