"""Intent classification on hand-written replies: cues with negation scope, quoted text ignored,
multi-intent with invoices and evidence, calibrated confidences."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from intents.classify.cues import CueMatcher, compile_pattern
from intents.classify.model import (
    ALL_LABELS,
    CUSTOMER_LABELS,
    INTENT_CUES,
    IntentModel,
    ModelNotBuilt,
    load_model,
    normalize,
)
from intents.entities.extract import split_clauses
from intents.understand import understand_body


@pytest.fixture(scope="module")
def cues() -> tuple[spacy.language.Language, CueMatcher]:
    nlp = spacy.blank("en")
    return nlp, CueMatcher(nlp, INTENT_CUES)


@pytest.fixture(scope="module")
def model(intent_model: Path) -> IntentModel:
    return load_model(intent_model)


def _cue_labels(cues: tuple[spacy.language.Language, CueMatcher], text: str) -> set[str]:
    nlp, matcher = cues
    return {hit.label for hit in matcher.hits(nlp(normalize(text)))}


def test_pattern_language_compiles_to_matcher_patterns() -> None:
    assert compile_pattern("not|n't ~3 re:^receiv invoice?") == [
        {"LOWER": {"IN": ["not", "n't"]}}, {"OP": "{0,3}"}, {"LOWER": {"REGEX": "^receiv"}},
        {"LOWER": {"IN": ["invoice"]}, "OP": "?"}]


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("We have not received the invoice.", "not-received", None),
    ("We have not received the payment confirmation from our bank yet.", None, "not-received"),
    ("We paid it on Monday.", "already-paid", None),
    ("We have not paid it yet.", None, "already-paid"),
    ("It will be paid next week.", "scheduled", "already-paid"),
    ("Please pay by Friday.", None, "scheduled"),
    ("We can't pay this month, cash flow is tight.", "cannot-pay", None),
    ("The amount on the invoice is wrong.", "dispute", None),
    ("Wir haben die Rechnung nicht erhalten.", "not-received", None),
    ("Nous n'avons jamais reçu la facture.", "not-received", None),
    ("Ya hemos pagado la factura.", "already-paid", None),
])
def test_cues_respect_negation_and_scope(cues: tuple[spacy.language.Language, CueMatcher], text: str,
                                         present: str | None, absent: str | None) -> None:
    labels = _cue_labels(cues, text)
    if present:
        assert present in labels
    if absent:
        assert absent not in labels


@pytest.mark.parametrize(("text", "primary"), [
    ("Hi, we never received invoice INV-1001. Could you send us a copy please?", "not-received"),
    ("Hello, INV-1001 will be paid in our payment run next Friday.", "scheduled"),
    ("Sorry, we are not able to pay this month, cash flow is very tight. Can we pay in two instalments?",
     "cannot-pay"),
    ("We paid INV-1001 on 3 May, ref 88123. Please check your account.", "already-paid"),
    ("The price on INV-1001 is wrong, we agreed EUR 950 not EUR 1,050. Please send a credit note.", "dispute"),
    ("Thanks for the update, have a nice weekend.", "other"),
])
def test_single_intent_replies(model: IntentModel, text: str, primary: str) -> None:
    result = model.classify(text)
    assert result.primary == primary
    assert 0.0 <= result.intents[0].confidence <= 1.0


def test_negation_scope_changes_the_label(model: IntentModel) -> None:
    invoice = model.classify("We have not received the invoice INV-1001, please send it again.")
    confirmation = model.classify("We have not received the payment confirmation from our bank yet.")
    assert invoice.primary == "not-received"
    assert "not-received" not in {i.intent for i in confirmation.intents}


def test_quoted_reminder_is_ignored() -> None:
    text = ("Thanks, we will pay INV-1001 on Friday.\n\n"
            "On Mon, 16 Nov 2026 at 09:00, Example Ltd <ar@example.com> wrote:\n"
            "> If you have not received the invoice, please tell us.\n"
            "> The amount is wrong? Raise a dispute. We never received your payment.\n")
    result = understand_body("Re: Invoice INV-1001 overdue", text, date=None)
    assert result.primary_intent == "scheduled"
    assert {i.intent for i in result.intents} == {"scheduled"}
    assert "received" not in result.reply_text


def test_multi_intent_each_with_its_invoice_and_evidence(model: IntentModel) -> None:
    result = model.classify(
        "The price on INV-2040 is wrong: we agreed 950 per unit, not 1,050. Please send a credit note.\n"
        "We never received invoice INV-2041, could you send us a copy?\n"
        "INV-2039 will be paid next Friday.")
    by_intent = {i.intent: i for i in result.intents}
    assert result.primary == "dispute"  # priority: dispute > not-received > ... > scheduled
    assert by_intent["dispute"].invoice == "INV-2040"
    assert by_intent["not-received"].invoice == "INV-2041"
    assert by_intent["not-received"].evidence == "We never received invoice INV-2041, could you send us a copy?"
    assert list(by_intent) == [label for label in CUSTOMER_LABELS if label in by_intent]


def test_invoice_falls_back_to_the_subject(model: IntentModel) -> None:
    result = model.classify("We paid this last week.", fallback_invoices=["INV-77"])
    assert result.primary == "already-paid" and result.intents[0].invoice == "INV-77"


def test_confidences_are_probabilities_and_unclear_text_needs_a_human(model: IntentModel) -> None:
    for text in ("We paid it.", "hmm", "", "Please call me about the account."):
        result = model.classify(text)
        assert result.primary in ALL_LABELS
        assert all(0.0 <= p <= 1.0 for p in result.scores.values())
    clear = model.classify("We paid INV-1001 yesterday by bank transfer, ref 88123.")
    assert not clear.needs_human and clear.intents[0].confidence >= 0.9
    vague = model.classify("About that thing.")
    assert vague.primary == "other"


def test_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ModelNotBuilt, match="make model"):
        load_model(tmp_path / "nothing")


def test_two_statements_in_one_sentence_get_their_own_invoices(model: IntentModel) -> None:
    assert split_clauses("We paid INV-100 last week but INV-101 is a duplicate of INV-099.") == [
        "We paid INV-100 last week", "INV-101 is a duplicate of INV-099."]
    result = model.classify("Hi, we paid INV-100 last week but INV-101 is double - we were already billed "
                            "for this delivery on INV-099.")
    by_intent = {i.intent: i for i in result.intents}
    assert result.primary == "dispute"
    assert by_intent["dispute"].invoice == "INV-101"
    assert by_intent["already-paid"].invoice == "INV-100"


@pytest.mark.parametrize("label", CUSTOMER_LABELS)
def test_every_intent_module_example_fires_its_own_cues(cues: tuple[spacy.language.Language, CueMatcher],
                                                        label: str) -> None:
    from intents.classify import already_paid, cannot_pay, dispute, not_received, scheduled

    module = {m.LABEL: m for m in (already_paid, cannot_pay, dispute, not_received, scheduled)}[label]
    assert module.DESCRIPTION and len(module.EXAMPLES) >= 3
    for example in module.EXAMPLES:
        assert label in _cue_labels(cues, example), example


def test_handwritten_replies_regression(model: IntentModel) -> None:
    """99 replies written by hand (not by the corpus generator), used while tuning: a guard
    against regressions, not an estimate of accuracy (that is `eval` on data/eval/)."""
    from intents.classify.evaluation import predict_rows, read_rows, score

    rows = read_rows(Path(__file__).resolve().parents[1] / "fixtures" / "intents" / "handwritten.jsonl")
    report = score([r["label"] for r in rows], predict_rows(rows, model=model))
    assert report.macro_f1 >= 0.9, report.to_text()
