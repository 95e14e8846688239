"""The whole reading path on real messages: MIME -> machine mail -> reply text -> entities -> intents."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from intents.understand import understand_body, understand_message

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONTRACT_KEYS = {"message_id", "from", "subject", "reply_text", "primary_intent", "intents", "entities",
                 "needs_human"}
ENTITY_KEYS = {"promised_date", "paid_on", "amount", "currency", "payment_reference", "invoice_numbers",
               "return_date"}


@pytest.fixture(autouse=True)
def _model(intent_model: Path) -> None:
    """Every test here needs the built model."""


def test_already_paid_message_matches_the_contract() -> None:
    result = understand_message((FIXTURES / "intents" / "already-paid.eml").read_bytes())
    data: dict[str, Any] = result.to_json()
    assert set(data) == CONTRACT_KEYS and set(data["entities"]) == ENTITY_KEYS
    assert data["from"] == "ap@customer.example"
    assert data["primary_intent"] == "already-paid"
    assert data["reply_text"] == "Hello,\n\nWe paid INV-1001 on 3 May, ref 88123. The amount was EUR 1,200.00."
    assert data["intents"] == [{"intent": "already-paid", "confidence": data["intents"][0]["confidence"],
                                "invoice": "INV-1001", "evidence": "We paid INV-1001 on 3 May, ref 88123."}]
    assert data["entities"] == {"promised_date": None, "paid_on": "2026-05-03", "amount": "1200.00",
                                "currency": "EUR", "payment_reference": "88123", "invoice_numbers": ["INV-1001"],
                                "return_date": None}
    assert data["needs_human"] is False
    json.dumps(data)


def test_html_multi_intent_message_dates_resolve_against_its_date_header() -> None:
    result = understand_message((FIXTURES / "intents" / "multi-intent.eml").read_bytes())
    assert result.primary_intent == "dispute"
    assert {"dispute", "not-received"} <= {i.intent for i in result.intents}
    assert "Dear customer" not in result.reply_text  # the quoted reminder is gone
    # Date: Fri, 20 Nov 2026 -> "next Friday" is 27 Nov.
    assert result.entities.to_json()["promised_date"] == "2026-11-27"
    assert result.entities.invoice_numbers == ("INV-2040", "INV-2041", "INV-2039")


def test_body_without_date_leaves_relative_dates_unknown() -> None:
    result = understand_body("Re: INV-5001", "We will pay next Friday.")
    assert result.primary_intent == "scheduled"
    assert result.entities.promised_date is None
    assert result.intents[0].invoice == "INV-5001"  # from the subject
    dated = understand_body("Re: INV-5001", "We will pay next Friday.", date=datetime(2026, 11, 16, tzinfo=UTC))
    assert dated.entities.promised_date is not None and dated.entities.promised_date.isoformat() == "2026-11-20"


def test_known_invoices_snap_fuzzy_mentions() -> None:
    result = understand_body("Re: reminder", "We paid 4521 last week.", known_invoices=["INV-4521"])
    assert result.entities.invoice_numbers == ("INV-4521",)
    assert result.intents[0].invoice == "INV-4521"


def test_malformed_mail_never_raises() -> None:
    for path in sorted((FIXTURES / "mime_local").glob("*.eml")):
        result = understand_message(path.read_bytes())
        assert set(result.to_json()) == CONTRACT_KEYS
    assert understand_message(b"").primary_intent == "other"


def test_bounce_and_out_of_office_are_machine_mail() -> None:
    bounce = understand_message(
        (FIXTURES / "third_party" / "mime" / "flanker" / "bounce" / "office365.eml").read_bytes())
    assert bounce.primary_intent == "bounce" and not bounce.needs_human
    ooo = understand_body("Out of Office: Invoice INV-1001",
                          "I am out of the office until 30 November with limited access to email. "
                          "For urgent matters contact anna@customer.example.",
                          date=datetime(2026, 11, 20, tzinfo=UTC))
    assert ooo.primary_intent == "auto-reply"
    assert ooo.entities.to_json()["return_date"] == "2026-11-30"


def test_huge_reply_is_read_quickly() -> None:
    import time

    text = "We will pay INV-99999 next Friday, EUR 1.200,50, ref 12345. " * 20_000
    started = time.monotonic()
    result = understand_body("Re: INV-99999", text, date=datetime(2026, 11, 20, tzinfo=UTC))
    assert time.monotonic() - started < 5
    assert result.primary_intent == "scheduled" and result.entities.promised_date is not None


def test_answer_found_only_in_the_quoted_part_goes_to_a_person() -> None:
    text = ("From: Example Ltd <ar@example.com>\nSent: Monday, November 16, 2026 9:00 AM\n"
            "To: accounts@customer.example\nSubject: Payment reminder: INV-2026-15845\n\n"
            "Our records show that INV-2026-15845 remains outstanding.\n\npaid yesterday\n\nBest regards,\nOlga")
    result = understand_body("Re: Payment reminder: INV-2026-15845", text)
    assert result.primary_intent == "already-paid"
    assert result.intents[0].invoice == "INV-2026-15845"
    if not result.reply_text:  # classified from the quoted part: a person must look
        assert result.needs_human
