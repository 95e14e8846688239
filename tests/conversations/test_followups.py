"""PRODUCT.md's follow-up table: intent + state + entities -> action."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.core.conversation import State
from assistant.core.followups import (
    Facts,
    Followup,
    FollowupPolicy,
    HoldSpec,
    VerificationSpec,
    followup,
)

TODAY = date(2026, 11, 20)  # a Friday
POLICY = FollowupPolicy(not_received_grace_days=7, promise_grace_days=3, verification_business_days=3,
                        min_confidence=0.6)


def run(facts: Facts, before: State = State.REMINDED, after: State | None = None) -> Followup:
    return followup(facts, before, after or before, TODAY, POLICY)


def test_not_received_resends_with_grace_hold() -> None:
    f = run(Facts("not-received"))
    assert (f.action, f.template) == ("resend-invoice", "resend_invoice")
    assert f.hold == HoldSpec("grace", date(2026, 11, 27))


def test_scheduled_with_date_records_promise_and_verification() -> None:
    f = run(Facts("scheduled", promised_date=date(2026, 11, 27)), after=State.PROMISED)
    assert f.action == "schedule-verification"
    assert f.hold == HoldSpec("promise", date(2026, 11, 30))
    assert f.verification == VerificationSpec("promise", date(2026, 11, 27))
    assert f.promise_date == date(2026, 11, 27)


def test_scheduled_without_date_asks_for_one() -> None:
    f = run(Facts("scheduled"))
    assert (f.action, f.template, f.hold) == ("ask-details", "ask_payment_date", None)


def test_cannot_pay_offers_a_plan_and_holds() -> None:
    f = run(Facts("cannot-pay"), after=State.PLAN_OFFERED)
    assert (f.action, f.template) == ("offer-payment-plan", "offer_plan")
    assert f.hold == HoldSpec("plan", None)


def test_plan_accepted_confirms() -> None:
    f = run(Facts("other"), before=State.PLAN_OFFERED, after=State.PLAN_ACTIVE)
    assert (f.action, f.template) == ("confirm-plan", "confirm_plan")


@pytest.mark.parametrize(("facts", "action", "template"), [
    (Facts("already-paid", paid_on=date(2026, 11, 18)), "schedule-verification", "verify_payment"),
    (Facts("already-paid", payment_reference="88123"), "schedule-verification", "verify_payment"),
    (Facts("already-paid", remittance_attached=True), "schedule-verification", "verify_payment"),
    (Facts("already-paid"), "ask-details", "ask_remittance"),
])
def test_already_paid_verifies_in_business_days(facts: Facts, action: str, template: str) -> None:
    f = run(facts, after=State.VERIFYING)
    assert (f.action, f.template) == (action, template)
    # Friday + 3 business days = Wednesday.
    assert f.verification == VerificationSpec("already-paid", date(2026, 11, 25))


def test_dispute_opens_case_and_stops_dunning() -> None:
    f = run(Facts("dispute"), after=State.DISPUTED)
    assert (f.action, f.template, f.hold) == ("open-dispute", "acknowledge_dispute", HoldSpec("dispute", None))


def test_auto_reply_postpones_past_return_date_and_never_answers() -> None:
    f = run(Facts("auto-reply", return_date=date(2026, 12, 1)))
    assert f.template is None
    assert f.hold == HoldSpec("auto-reply", date(2026, 12, 2))
    assert run(Facts("auto-reply")).hold is None
    assert run(Facts("auto-reply", return_date=date(2026, 11, 1))).hold is None


def test_bounce_marks_address_without_reply() -> None:
    f = run(Facts("bounce"))
    assert (f.action, f.template) == ("mark-bounced", None)


@pytest.mark.parametrize("facts", [Facts("other"), Facts("dispute", confidence=0.3),
                                   Facts("scheduled", needs_human=True)])
def test_unclear_goes_to_a_person(facts: Facts) -> None:
    assert run(facts).action == "triage"


def test_reply_on_paid_invoice_is_acknowledged() -> None:
    assert run(Facts("already-paid"), before=State.PAID).action == "acknowledge"
    assert run(Facts("scheduled"), before=State.DISPUTED).action == "triage"
