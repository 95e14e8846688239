"""What to do about one classified reply for one invoice: intent + state + entities -> actions.

The table of PRODUCT.md, "Intents and their follow-ups", as code. Pure: `today` is passed
in, holds and verifications come back as values for the service to store. Each action
names the reply template (`templates/replies/<lang>/<template>.j2`) that drafts the answer;
machine mail gets no template because it is never answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.core.business_days import add_business_days
from assistant.core.conversation import State
from assistant.core.statuses import Action, HoldReason, Intent, VerificationKind


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
    reason: HoldReason
    until: date | None


@dataclass(frozen=True)
class VerificationSpec:
    kind: VerificationKind
    due: date


@dataclass(frozen=True)
class Followup:
    action: Action
    template: str | None  # templates/replies/<lang>/<template>.j2
    hold: HoldSpec | None = None
    release: tuple[str, ...] = ()
    verification: VerificationSpec | None = None
    promise_date: date | None = None
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def followup(facts: Facts, before: State, after: State, today: date, policy: FollowupPolicy) -> Followup:
    """The follow-up for one invoice; `before`/`after` are its states around the reply."""
    intent = facts.intent
    if intent == Intent.AUTO_REPLY:
        # Never answer a machine; wait until the person is back (the day after the return date).
        until = facts.return_date + timedelta(days=1) if facts.return_date and facts.return_date >= today else None
        return Followup(Action.POSTPONE, None, HoldSpec(HoldReason.AUTO_REPLY, until) if until else None,
                        note=f"out of office until {facts.return_date}" if facts.return_date else "auto-reply logged")
    if intent == Intent.BOUNCE:
        return Followup(Action.MARK_BOUNCED, None, note="address undeliverable: find a new contact")
    if after is State.PLAN_ACTIVE and before is State.PLAN_OFFERED:
        return Followup(Action.CONFIRM_PLAN, "confirm_plan", HoldSpec(HoldReason.PLAN, None))
    if intent == Intent.OTHER or facts.needs_human or facts.confidence < policy.min_confidence:
        return Followup(Action.TRIAGE, None, note="unclear or low-confidence reply: a person decides")
    if before in (State.PAID, State.CLOSED):
        return Followup(Action.ACKNOWLEDGE, "acknowledge", note=f"invoice already {before.value}")
    if before is State.DISPUTED and intent != Intent.DISPUTE:
        return Followup(Action.TRIAGE, None, note="invoice under dispute: the dispute owner answers")
    if intent == Intent.NOT_RECEIVED:
        return Followup(Action.RESEND_INVOICE, "resend_invoice",
                        HoldSpec(HoldReason.GRACE, today + timedelta(days=policy.not_received_grace_days)))
    if intent == Intent.SCHEDULED:
        if facts.promised_date is None:
            return Followup(Action.ASK_DETAILS, "ask_payment_date", note="promise without a date")
        until = facts.promised_date + timedelta(days=policy.promise_grace_days)
        return Followup(Action.SCHEDULE_VERIFICATION, "confirm_promise", HoldSpec(HoldReason.PROMISE, until),
                        verification=VerificationSpec(VerificationKind.PROMISE, max(facts.promised_date, today)),
                        promise_date=facts.promised_date)
    if intent == Intent.CANNOT_PAY:
        if before is State.PLAN_ACTIVE:
            return Followup(Action.TRIAGE, None, note="asks for more time during an active plan")
        return Followup(Action.OFFER_PAYMENT_PLAN, "offer_plan", HoldSpec(HoldReason.PLAN, None))
    if intent == Intent.ALREADY_PAID:
        due = add_business_days(today, policy.verification_business_days, facts.country)
        hold = HoldSpec(HoldReason.GRACE, due + timedelta(days=1))
        if not (facts.paid_on or facts.payment_reference or facts.remittance_attached):
            # Nothing to look for in the ledger yet: ask for remittance details at once.
            return Followup(Action.ASK_DETAILS, "ask_remittance", hold,
                            verification=VerificationSpec(VerificationKind.ALREADY_PAID, due))
        return Followup(Action.SCHEDULE_VERIFICATION, "verify_payment", hold,
                        verification=VerificationSpec(VerificationKind.ALREADY_PAID, due))
    if intent == Intent.DISPUTE:
        return Followup(Action.OPEN_DISPUTE, "acknowledge_dispute", HoldSpec(HoldReason.DISPUTE, None))
    return Followup(Action.TRIAGE, None, note=f"no follow-up for {intent!r}")
