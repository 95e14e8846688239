"""Intent classification: a spaCy textcat_multilabel combined with rule cues, calibrated.

The pipeline is `spacy.blank("en")` (tokenizer only, no downloaded model) plus a trained
bag-of-n-grams `textcat_multilabel`, built by `python -m intents.classify.training` into
`intents/model/`. Each label's probability is a logistic combination of the textcat
score and the number of cue hits (`intents.classify.cues`), fitted on a held-out split of the
training data (Platt scaling with one extra feature), so the confidence is calibrated.

The reply is scored as a whole (which intents are present) and sentence by sentence (which
sentence is the evidence, and hence which invoice each intent is about).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from intents.classify import already_paid, cannot_pay, dispute, not_received, scheduled
from intents.classify.cues import Cue, CueMatcher
from intents.entities.extract import (
    DEFAULT_INVOICE_PATTERN,
    find_invoice_numbers,
    split_clauses,
    split_sentences,
)
from intents.normalize import normalize as fold_typography

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parents[1] / "model"
# Primary-intent priority (INTENTS.md): the first present wins.
CUSTOMER_LABELS: tuple[str, ...] = ("dispute", "not-received", "cannot-pay", "already-paid", "scheduled")
MACHINE_LABELS: tuple[str, ...] = ("auto-reply", "bounce")
TEXTCAT_LABELS: tuple[str, ...] = CUSTOMER_LABELS + MACHINE_LABELS
ALL_LABELS: tuple[str, ...] = (*CUSTOMER_LABELS, *MACHINE_LABELS, "other")
INTENT_CUES: dict[str, tuple[Cue, ...]] = {
    m.LABEL: m.CUES for m in (dispute, not_received, cannot_pay, already_paid, scheduled)}
MAX_CHARS = 4000  # a reply longer than this is a forwarded document; its head decides
MAX_CUES = 3


class ModelNotBuilt(AssistantError):
    """The intent model artifact is missing: it is built from data/intents/, never downloaded."""

    exit_code = 2


def normalize(text: str) -> str:
    """What the textcat sees: typography folded (`intents.normalize`), lower case, digits
    folded, so invoice numbers are not features."""
    folded = re.sub(r"\d", "0", fold_typography(text[:MAX_CHARS]).lower()).strip()
    return folded or "(empty)"  # the n-gram layer cannot take a doc without tokens


FEATURES = ("reply", "segment", "cues", "cues_foreign", "bias")


def features(raw: RawScores, label: str) -> list[float]:
    """The calibration's inputs for one label: logit of the reply's textcat score, logit of
    the best segment's, the cue count (capped), the cue count again when the reply is not
    English (the textcat has seen little German, French or Spanish, so cues must carry more
    weight there), and a bias."""
    sentence = raw.sentence if raw.sentence is not None else raw.textcat
    cues = min(raw.cues.get(label, 0.0), MAX_CUES)
    return [logit(raw.textcat.get(label, 0.0)), logit(sentence.get(label, 0.0)), cues,
            cues if raw.foreign else 0.0, 1.0]


@dataclass(frozen=True)
class Calibration:
    """Per label, logistic-regression weights over `FEATURES`: p = sigmoid(w . features)."""

    weights: dict[str, tuple[float, ...]]
    threshold: float = 0.5  # an intent is present at or above this calibrated probability
    needs_human_below: float = 0.7
    # A reply is written to answer a payment reminder, so `other` is the exception: when no
    # intent reaches `threshold`, the likeliest customer intent is still taken at or above
    # `fallback`, if it leads the next customer intent by `fallback_margin` and no machine
    # label is likelier; a person checks it (needs_human). Chosen on data/dev.
    fallback: float = 0.3
    fallback_margin: float = 0.1

    def probability(self, label: str, raw: RawScores) -> float:
        w = self.weights.get(label, (1.0, 0.0, 1.0, 1.0, 0.0))
        return _sigmoid(sum(a * b for a, b in zip(w, features(raw, label), strict=True)))

    def to_json(self) -> dict[str, object]:
        return {"features": list(FEATURES), "weights": {k: list(v) for k, v in self.weights.items()},
                "threshold": self.threshold, "needs_human_below": self.needs_human_below,
                "fallback": self.fallback, "fallback_margin": self.fallback_margin}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Calibration:
        raw = data["weights"]
        assert isinstance(raw, dict)
        if data.get("features") != list(FEATURES):
            raise ModelNotBuilt("the intent model was built by another version: run `make model` again")
        weights = {str(k): tuple(float(x) for x in v) for k, v in raw.items()}
        return cls(weights, float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
                   float(data.get("needs_human_below", 0.7)),  # type: ignore[arg-type]
                   float(data.get("fallback", cls.fallback)),  # type: ignore[arg-type]
                   float(data.get("fallback_margin", cls.fallback_margin)))  # type: ignore[arg-type]


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x > -60 else 0.0


@dataclass(frozen=True)
class IntentResult:
    intent: str
    confidence: float
    invoice: str | None
    evidence: str | None

    def to_json(self) -> dict[str, object]:
        return {"intent": self.intent, "confidence": round(self.confidence, 3), "invoice": self.invoice,
                "evidence": self.evidence}


@dataclass(frozen=True)
class Classification:
    primary: str
    intents: tuple[IntentResult, ...]
    needs_human: bool
    scores: dict[str, float]  # calibrated probability per textcat label, whole reply


@dataclass(frozen=True)
class Segment:
    sentence: int  # index of the sentence it belongs to (the evidence shown)
    text: str


@dataclass(frozen=True)
class RawScores:
    textcat: dict[str, float]
    cues: dict[str, float]  # cue hits, weighted (counter-cues count negative)
    sentence: dict[str, float] | None = None  # best segment's textcat score; None: use `textcat`
    foreign: bool = False  # not English (by stop words)


def combine(whole: RawScores, sentences: Sequence[RawScores]) -> RawScores:
    """Reply-level features: the reply's textcat, the best segment's, cues summed over
    segments (so negation scope never crosses a sentence or clause boundary)."""
    cues = dict.fromkeys(CUSTOMER_LABELS, 0.0)
    best: dict[str, float] = dict(whole.textcat)
    for r in sentences:
        for k, v in r.cues.items():
            cues[k] += v
    if sentences:
        best = {k: max(r.textcat.get(k, 0.0) for r in sentences) for k in whole.textcat}
    return RawScores(whole.textcat, cues, best, whole.foreign)


CUES_COMPONENT = "intent_cues"


def add_cue_component(nlp: Language) -> None:
    """Put the rule component in front of the textcat. It is added at load time, not saved
    with the model, so the cues always come from the code (intent modules) in use."""
    from spacy.language import Language as SpacyLanguage

    if not SpacyLanguage.has_factory(CUES_COMPONENT):
        SpacyLanguage.factory(CUES_COMPONENT)(_make_cue_component)
    if CUES_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(CUES_COMPONENT, first=True)


def _make_cue_component(nlp: Language, name: str) -> CueComponent:
    return CueComponent(CueMatcher(nlp, INTENT_CUES))


class CueComponent:
    """spaCy pipeline component: the cue hits of a doc, in `doc.user_data["cue_hits"]`."""

    def __init__(self, matcher: CueMatcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["cue_hits"] = self.matcher.hits(doc)
        return doc


class IntentModel:
    """The loaded pipeline (tokenizer, cue component, textcat) and the calibration."""

    def __init__(self, nlp: Language, calibration: Calibration) -> None:
        add_cue_component(nlp)
        self.nlp = nlp
        self.calibration = calibration

    def raw(self, texts: Sequence[str], *, cues: bool = True) -> list[RawScores]:
        disable = [] if cues else [CUES_COMPONENT]
        docs = self.nlp.pipe([normalize(t) for t in texts], batch_size=64, disable=disable)
        return [self._raw(doc) for doc in docs]

    def _raw(self, doc: Doc) -> RawScores:
        counts = dict.fromkeys(CUSTOMER_LABELS, 0.0)
        for hit in doc.user_data.get("cue_hits", ()):
            counts[hit.label] += hit.weight
        return RawScores({k: float(v) for k, v in doc.cats.items()}, counts, None, is_foreign(doc))

    def probabilities(self, raw: RawScores) -> dict[str, float]:
        return {label: self.calibration.probability(label, raw) for label in TEXTCAT_LABELS}

    def reply_scores(self, text: str) -> tuple[list[str], list[Segment], RawScores, list[RawScores]]:
        """Sentences and segments (clauses) of the reply, reply-level and per-segment features."""
        text = text[:MAX_CHARS]
        sentences = [text[s:e].strip() for s, e in split_sentences(text)]
        segments = [Segment(i, clause) for i, sentence in enumerate(sentences) for clause in split_clauses(sentence)]
        if len(segments) == 1 and segments[0].text == text.strip():  # a one-line reply: one pass
            parts = self.raw([segments[0].text])
            whole = parts[0]
        else:  # cues are counted per segment, so the whole reply skips the cue component
            whole = self.raw([text], cues=False)[0]
            parts = self.raw([seg.text for seg in segments])
        return sentences, segments, combine(whole, parts), parts

    def classify(self, reply: str, *, fallback_invoices: Sequence[str] = (), known_invoices: Sequence[str] = (),
                 invoice_pattern: str = DEFAULT_INVOICE_PATTERN) -> Classification:
        sentences, segments, combined, segment_raw = self.reply_scores(reply)
        probs = self.probabilities(combined)
        segment_probs = [self.probabilities(r) for r in segment_raw]
        return self._decide(probs, sentences, segments, segment_probs, fallback_invoices, known_invoices,
                            invoice_pattern)

    def _decide(self, probs: dict[str, float], sentences: list[str], segments: list[Segment],
                segment_probs: list[dict[str, float]], fallback_invoices: Sequence[str],
                known_invoices: Sequence[str], invoice_pattern: str) -> Classification:
        cal = self.calibration
        present = _present(probs, cal)
        guessed = bool(present) and probs[present[0]] < cal.threshold
        sentence_invoices = [find_invoice_numbers(s, pattern=invoice_pattern, known_invoices=known_invoices)
                             for s in sentences]
        results: list[IntentResult] = []
        for label in present:
            evidence, invoice = None, fallback_invoices[0] if fallback_invoices else None
            if segments:
                best = segments[max(range(len(segments)), key=lambda i: segment_probs[i][label])]
                evidence = sentences[best.sentence]
                in_clause = find_invoice_numbers(best.text, pattern=invoice_pattern, known_invoices=known_invoices)
                invoice = in_clause[0] if in_clause else _invoice_for(best.sentence, sentence_invoices,
                                                                       fallback_invoices)
            results.append(IntentResult(label, probs[label], invoice, evidence))
        if results:
            primary = results[0]
            needs_human = guessed or primary.confidence < cal.needs_human_below
        else:
            machine = max(MACHINE_LABELS, key=lambda k: probs[k])
            top_customer = max(probs[k] for k in CUSTOMER_LABELS)
            everything = [inv for invs in sentence_invoices for inv in invs] or list(fallback_invoices)
            if probs[machine] >= 0.9:
                primary = IntentResult(machine, probs[machine], None, sentences[0] if sentences else None)
                needs_human = True  # only the text said so; the headers did not
            else:
                confidence = 1 - max(top_customer, probs[machine])
                primary = IntentResult("other", confidence, everything[0] if everything else None, None)
                needs_human = confidence < cal.needs_human_below
            results.append(primary)
        return Classification(primary.intent, tuple(results), needs_human, probs)


def _present(probs: dict[str, float], cal: Calibration) -> list[str]:
    """The customer intents present, in priority order (see `Calibration.fallback`)."""
    sure = [label for label in CUSTOMER_LABELS if probs[label] >= cal.threshold]
    if sure:
        return sure
    first, second = sorted((probs[k] for k in CUSTOMER_LABELS), reverse=True)[:2]
    if (first >= cal.fallback and first - second >= cal.fallback_margin
            and first >= max(probs[k] for k in MACHINE_LABELS)):
        return [max(CUSTOMER_LABELS, key=lambda k: probs[k])]
    return []


def _invoice_for(best: int | None, sentence_invoices: list[list[str]], fallback: Sequence[str]) -> str | None:
    """The invoice of the evidence sentence, else the nearest sentence before it that names
    one, else the nearest after it, else the fallback (subject / whole message)."""
    if best is not None:
        for i in [best, *range(best - 1, -1, -1), *range(best + 1, len(sentence_invoices))]:
            if sentence_invoices[i]:
                return sentence_invoices[i][0]
    return fallback[0] if fallback else None


_ENGLISH = frozenset(["the", "and", "is", "are", "was", "we", "you", "i", "it", "to", "of", "for", "this", "that", "have", "has", "not", "will", "be", "our", "your", "please", "with", "on", "can", "could", "would"])
_OTHER = frozenset(["der", "die", "das", "und", "ist", "wir", "sie", "nicht", "ich", "bitte", "ihre", "le", "la", "les", "et", "est", "nous", "vous", "pas", "je", "une", "des", "el", "los", "las", "es", "y", "no", "por", "para", "hemos", "una", "het", "een", "de", "en", "niet", "wij", "ik"])


def is_foreign(doc: Doc) -> bool:
    """More German/French/Spanish/Dutch stop words than English ones."""
    english = other = 0
    for token in doc:
        word = token.lower_
        english += word in _ENGLISH
        other += word in _OTHER
    return other > english


_CACHE: dict[Path, IntentModel] = {}


def load_model(path: Path | None = None) -> IntentModel:
    """Load (once per process) the model built by `python -m intents.classify.training`."""
    where = (path or MODEL_DIR).resolve()
    if where in _CACHE:
        return _CACHE[where]
    if not (where / "pipeline" / "meta.json").is_file() or not (where / "calibration.json").is_file():
        raise ModelNotBuilt(f"intent model not found in {where}: run `make model` "
                            "(or `python -m intents.classify.training`) to build it from data/intents/")
    import spacy

    nlp = spacy.load(where / "pipeline")
    calibration = Calibration.from_json(json.loads((where / "calibration.json").read_text("utf-8")))
    model = IntentModel(nlp, calibration)
    _CACHE[where] = model
    return model
