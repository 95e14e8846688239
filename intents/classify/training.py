"""Build the intent model from data/intents/*.jsonl: `python -m intents.classify.training`.

Reproducible: fixed seed, examples ordered by id, splits by a hash of the id. The
labelled rows are divided into train (80%), calibration (10%) and validation (10%):
the calibration (`classifier.Calibration`) is fitted on out-of-fold scores of the
training rows (5-fold), the textcat is then trained on all training rows, and the
validation split is scored end to end and reported. Only the
training corpus is read; data/eval/ is kept apart for the final figure (`ar-assistant eval`).

The textcat sees the reply text only (quoted history and signature removed), exactly as
at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from intents.classify.model import (
    MODEL_DIR,
    TEXTCAT_LABELS,
    Calibration,
    IntentModel,
    RawScores,
    features,
    normalize,
)

SEED = 20261123
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "intents"
EPOCHS = 12
NGRAM_SIZE = 2
FOLDS = 5
# Out-of-fold scores come from a corpus whose wording repeats across rows, so they make the
# textcat look more reliable on new wording than it is and the hand-written cues look
# redundant. The penalty pulls the cue weight towards a prior instead of towards zero.
L2 = 0.03
PRIOR = (1.0, 0.5, 1.5, 1.0)  # reply, segment, cues, cues when not English
HASH_LENGTH = 2**17  # bag-of-ngrams table rows; 7 labels * 4 bytes each -> ~3.7 MB


def load_corpus(paths: Sequence[Path]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in paths:
        if "eval" in path.resolve().parts:
            raise SystemExit(f"refusing to train on evaluation data: {path}")
        with path.open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    rows.sort(key=lambda r: str(r["id"]))
    return rows


def split_of(row_id: str) -> str:
    """Validation (10%) by a hash of the id, so adding rows never reshuffles the others."""
    bucket = int(hashlib.sha256(row_id.encode()).hexdigest()[:8], 16) % 10
    return "validation" if bucket == 1 else "train"


def row_labels(row: dict[str, Any]) -> set[str]:
    labels = set(row.get("labels") or [row["label"]])
    return {label for label in labels if label in TEXTCAT_LABELS}


def reply_of(row: dict[str, Any]) -> str:
    from intents.reply.text import extract_reply
    from intents.understand import intent_text

    extracted = extract_reply(str(row.get("text") or ""))
    return intent_text(extracted.reply, extracted.quoted)


def train_textcat(texts: list[str], labels: list[set[str]], *, epochs: int = EPOCHS) -> Any:
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    nlp.add_pipe("textcat_multilabel", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": NGRAM_SIZE,
        "no_output_layer": False, "length": HASH_LENGTH}})
    examples = [Example.from_dict(nlp.make_doc(normalize(t)),
                                  {"cats": {label: float(label in ls) for label in TEXTCAT_LABELS}})
                for t, ls in zip(texts, labels, strict=True)]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
    return nlp


def fit_platt(rows: list[list[float]], targets: list[int], l2: float,
              prior: tuple[float, ...]) -> tuple[float, ...]:
    """Logistic regression by Newton's method, with an L2 penalty pulling the weights (not the
    bias, the last feature) towards `prior`."""
    import numpy as np

    x = np.array(rows, dtype=float)
    y = np.array(targets, dtype=float)
    n = x.shape[1]
    center = np.array([*prior, 0.0])
    w = center.copy()
    reg = np.diag([l2] * (n - 1) + [0.0]) * len(y)
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg @ (w - center)
        hess = (x.T * (p * (1 - p))) @ x + reg + np.eye(n) * 1e-6
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-7:
            break
    return tuple(float(v) for v in w)


def out_of_fold(rows: list[dict[str, Any]], replies: list[str], folds: int = FOLDS) -> list[RawScores]:
    """Reply features of every row scored by a textcat that never saw it (k-fold), so the
    calibration learns how the model behaves on unseen text, multi-intent replies included."""
    scores: list[RawScores | None] = [None] * len(rows)
    for k in range(folds):
        held = [i for i in range(len(rows)) if i % folds == k]
        kept = [i for i in range(len(rows)) if i % folds != k]
        nlp = train_textcat([replies[i] for i in kept], [row_labels(rows[i]) for i in kept])
        model = IntentModel(nlp, Calibration({}))
        for i in held:
            scores[i] = model.reply_scores(replies[i])[2]
    return [s for s in scores if s is not None]


def calibrate(rows: list[dict[str, Any]], raws: list[RawScores]) -> Calibration:
    weights = {}
    for label in TEXTCAT_LABELS:
        targets = [int(label in row_labels(row)) for row in rows]
        weights[label] = fit_platt([features(r, label) for r in raws], targets, L2, PRIOR)
    return Calibration(weights)


def build(paths: Sequence[Path], out: Path, *, report: bool = True) -> dict[str, Any]:
    started = time.monotonic()
    rows = load_corpus(paths)
    if not rows:
        raise SystemExit(f"no training rows in {', '.join(map(str, paths)) or 'data/intents'}")
    replies = [reply_of(r) for r in rows]
    parts: dict[str, list[int]] = {"train": [], "validation": []}
    for i, row in enumerate(rows):
        parts[split_of(str(row["id"]))].append(i)
    train_rows = [rows[i] for i in parts["train"]]
    train_replies = [replies[i] for i in parts["train"]]
    calibration = calibrate(train_rows, out_of_fold(train_rows, train_replies))
    nlp = train_textcat(train_replies, [row_labels(r) for r in train_rows])
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out / "pipeline")  # tokenizer + textcat; the cue component is added at load time
    model = IntentModel(nlp, calibration)
    (out / "calibration.json").write_text(json.dumps(model.calibration.to_json(), indent=2), "utf-8")
    meta: dict[str, Any] = {"seed": SEED, "rows": len(rows), "splits": {k: len(v) for k, v in parts.items()},
                            "sources": [p.name for p in paths], "epochs": EPOCHS, "ngram_size": NGRAM_SIZE}
    validation = [rows[i] for i in parts["validation"]]
    if validation:
        from intents.classify import model as classifier
        from intents.classify.evaluation import predict_rows, score

        classifier._CACHE[out.resolve()] = model
        predicted = predict_rows(validation, model=model)
        result = score([str(r["label"]) for r in validation], predicted)
        meta["validation"] = {"macro_f1": round(result.macro_f1, 4), "accuracy": round(result.accuracy, 4)}
        if report:
            print(result.to_text(), file=sys.stderr)
    meta["seconds"] = round(time.monotonic() - started, 1)
    (out / "training.json").write_text(json.dumps(meta, indent=2), "utf-8")
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intents.classify.training", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="JSONL files (default: data/intents/*.jsonl)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="model directory (default: intents/model)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    paths = list(args.files) or sorted(DATA_DIR.glob("*.jsonl"))
    meta = build(paths, args.out, report=not args.quiet)
    print(json.dumps({k: meta[k] for k in ("rows", "splits", "seconds") if k in meta}
                     | {"validation": meta.get("validation")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
