"""The decision rule that prefers a likely customer intent over `other`, and the broadened cues."""

from __future__ import annotations

import pytest
import spacy

from intents.classify.cues import CueMatcher
from intents.classify.model import INTENT_CUES, Calibration, _present, normalize

CAL = Calibration({}, threshold=0.5, fallback=0.3, fallback_margin=0.1)


def _probs(**given: float) -> dict[str, float]:
    probs = dict.fromkeys(("dispute", "not-received", "cannot-pay", "already-paid", "scheduled",
                           "auto-reply", "bounce"), 0.01)
    probs.update({k.replace("_", "-"): v for k, v in given.items()})
    return probs


def test_sure_intents_in_priority_order() -> None:
    assert _present(_probs(scheduled=0.9, dispute=0.6), CAL) == ["dispute", "scheduled"]


def test_a_likely_intent_is_taken_over_other() -> None:
    assert _present(_probs(cannot_pay=0.4), CAL) == ["cannot-pay"]


@pytest.mark.parametrize("probs", [
    _probs(cannot_pay=0.2),                      # too unlikely
    _probs(not_received=0.34, cannot_pay=0.33),  # no clear leader
    _probs(scheduled=0.4, auto_reply=0.6),       # machine mail is likelier
])
def test_other_stays_other(probs: dict[str, float]) -> None:
    assert _present(probs, CAL) == []


def test_fallback_settings_round_trip() -> None:
    again = Calibration.from_json(CAL.to_json())
    assert (again.fallback, again.fallback_margin) == (0.3, 0.1)


@pytest.fixture(scope="module")
def hits() -> object:
    nlp = spacy.blank("en")
    matcher = CueMatcher(nlp, INTENT_CUES)
    return lambda text: {h.label for h in matcher.hits(nlp(normalize(text)))}


@pytest.mark.parametrize(("text", "label"), [
    ("There is a discrepancy between the quote and the invoice.", "dispute"),
    ("We were charged for 12 seats but only use 8.", "dispute"),
    ("Half the boxes arrived damaged.", "dispute"),
    ("The attachment won't open, it says the file is corrupt.", "not-received"),
    ("I think it went to the wrong address.", "not-received"),
    ("Is there any flexibility on the due date?", "cannot-pay"),
    ("Could we pay half now and the rest in January?", "cannot-pay"),
    ("It is approved for payment and goes out on Friday.", "scheduled"),
    ("Did you get our payment? My bank statement shows it left our account.", "already-paid"),
])
def test_broadened_cues(hits: object, text: str, label: str) -> None:
    assert label in hits(text)  # type: ignore[operator]


@pytest.mark.parametrize(("text", "label"), [
    ("The invoice is not damaged, it is fine.", "dispute"),
    ("We have not sent the payment yet.", "already-paid"),
    ("Could we have a copy of the delivery note?", "cannot-pay"),
])
def test_scope_still_applies(hits: object, text: str, label: str) -> None:
    assert label not in hits(text)  # type: ignore[operator]


def test_grouped_matchers_find_what_one_matcher_finds() -> None:
    from spacy.matcher import Matcher

    from intents.classify.cues import compile_pattern

    nlp = spacy.blank("en")
    grouped = CueMatcher(nlp, INTENT_CUES)
    single = Matcher(nlp.vocab)
    for label, items in INTENT_CUES.items():
        for i, c in enumerate(items):
            single.add(f"{label}#{i}", [compile_pattern(c.pattern)])
    doc = nlp(normalize("We never received the invoice; the amount is wrong and we will pay half now and the "
                        "rest next month, as we already paid the other one last week. Is there any flexibility?"))
    assert len(grouped._groups) > 2
    assert sorted(grouped._matches(doc)) == sorted(single(doc))
