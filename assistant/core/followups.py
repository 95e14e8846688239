"""What to do about one classified reply for one invoice: intent + state + entities -> actions.

The table of PRODUCT.md, "Intents and their follow-ups", as code. Pure: `today` is passed
in, holds and verifications come back as values for the service to store. Each action
names the reply template (`templates/replies/<lang>/<template>.j2`) that drafts the answer;
machine mail gets no template because it is never answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.core.calendar import add_business_days
from assistant.core.conversation import State

ACTIONS = ("resend-invoice", "schedule-verification", "offer-payment-plan", "open-dispute", "ask-details",
           "triage", "acknowledge", "confirm-plan", "hand-to-staff", "postpone", "mark-bounced")


@dataclass(frozen=True)
class FollowupPolicy:
    not_received_grace_days: int = 7
    promise_grace_days: int = 3
    verification_business_days: int = 3
    min_confidence: float = 0.6


@dataclass(frozen=True)
class Facts:
    """What the reply said about this invoice (entities resolved against its Date)."""

    intent: str
    confidence: float = 1.0
    needs_human: bool = False
    promised_date: date | None = None
    paid_on: date | None = None
    payment_reference: str | None = None
    remittance_attached: bool = False
    return_date: date | None = None
    country: str | None = None


@dataclass(frozen=True)
class HoldSpec:
    reason: str  # one of the dunning hold reasons
    until: date | None


@dataclass(frozen=True)
class VerificationSpec:
    kind: str  # promise | already-paid
    due: date


@dataclass(frozen=True)
class Followup:
    action: str
    template: str | None
    hold: HoldSpec | None = None
    release: tuple[str, ...] = ()
    verification: VerificationSpec | None = None
    promise_date: date | None = None
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def followup(facts: Facts, before: State, after: State, today: date, policy: FollowupPolicy) -> Followup:
    """The follow-up for one invoice; `before`/`after` are its states around the reply."""
    intent = facts.intent
    if intent == "auto-reply":
        # Never answer a machine; wait until the person is back (the day after the return date).
        until = facts.return_date + timedelta(days=1) if facts.return_date and facts.return_date >= today else None
        return Followup("postpone", None, HoldSpec("auto-reply", until) if until else None,
                        note=f"out of office until {facts.return_date}" if facts.return_date else "auto-reply logged")
    if intent == "bounce":
        return Followup("mark-bounced", None, note="address undeliverable: find a new contact")
    if after is State.PLAN_ACTIVE and before is State.PLAN_OFFERED:
        return Followup("confirm-plan", "confirm_plan", HoldSpec("plan", None))
    if intent == "other" or facts.needs_human or facts.confidence < policy.min_confidence:
        return Followup("triage", None, note="unclear or low-confidence reply: a person decides")
    if before in (State.PAID, State.CLOSED):
        return Followup("acknowledge", "acknowledge", note=f"invoice already {before.value}")
    if before is State.DISPUTED and intent != "dispute":
        return Followup("triage", None, note="invoice under dispute: the dispute owner answers")
    if intent == "not-received":
        return Followup("resend-invoice", "resend_invoice",
                        HoldSpec("grace", today + timedelta(days=policy.not_received_grace_days)))
    if intent == "scheduled":
        if facts.promised_date is None:
            return Followup("ask-details", "ask_payment_date", note="promise without a date")
        until = facts.promised_date + timedelta(days=policy.promise_grace_days)
        return Followup("schedule-verification", "confirm_promise", HoldSpec("promise", until),
                        verification=VerificationSpec("promise", max(facts.promised_date, today)),
                        promise_date=facts.promised_date)
    if intent == "cannot-pay":
        if before is State.PLAN_ACTIVE:
            return Followup("triage", None, note="asks for more time during an active plan")
        return Followup("offer-payment-plan", "offer_plan", HoldSpec("plan", None))
    if intent == "already-paid":
        due = add_business_days(today, policy.verification_business_days, facts.country)
        hold = HoldSpec("grace", due + timedelta(days=1))
        if not (facts.paid_on or facts.payment_reference or facts.remittance_attached):
            # Nothing to look for in the ledger yet: ask for remittance details at once.
            return Followup("ask-details", "ask_remittance", hold,
                            verification=VerificationSpec("already-paid", due))
        return Followup("schedule-verification", "verify_payment", hold,
                        verification=VerificationSpec("already-paid", due))
    if intent == "dispute":
        return Followup("open-dispute", "acknowledge_dispute", HoldSpec("dispute", None))
    return Followup("triage", None, note=f"no follow-up for {intent!r}")
