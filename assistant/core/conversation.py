"""Conversation states of one invoice and the table of every legal transition.

In the manner of h11's `EVENT_TRIGGERED_TRANSITIONS`: this file owns every move. `apply`
looks the (state, event) pair up in `TRANSITIONS`; a pair that is not in the table raises
`IllegalTransition` and nothing changes (states are plain values, so there is nothing to
change half-way).

Replies are read in the context of the thread: after a payment-plan offer, a short
affirmative answer ("yes, that works") is the plan being accepted, whatever label the
classifier gave it (`reply_event`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from assistant.errors import IllegalTransition


class State(StrEnum):
    OPEN = "open"
    REMINDED = "reminded"
    PROMISED = "promised"
    VERIFYING = "verifying"
    PLAN_OFFERED = "plan_offered"
    PLAN_ACTIVE = "plan_active"
    DISPUTED = "disputed"
    PAID = "paid"
    COLLECTIONS = "collections"
    CLOSED = "closed"


INTENTS = ("not-received", "scheduled", "cannot-pay", "already-paid", "dispute", "auto-reply", "bounce", "other")
DECISIONS = ("close", "reopen", "resolve", "collections", "dispute", "decline-plan")
EVENT_KINDS = ("reminder_sent", "reply_classified", "payment_recorded", "promise_lapsed", "verification_due",
               "plan_accepted", "plan_defaulted", "staff_decided")


@dataclass(frozen=True)
class Event:
    """Something that happened to an invoice. `detail` is the intent of a classified reply or
    the decision of a staff member; the table is keyed on `key`."""

    kind: str
    detail: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.detail}" if self.detail else self.kind


def reminder_sent() -> Event:
    return Event("reminder_sent")


def reply_classified(intent: str) -> Event:
    if intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}")
    return Event("reply_classified", intent)


def staff_decided(decision: str) -> Event:
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    return Event("staff_decided", decision)


def simple(kind: str) -> Event:
    if kind not in EVENT_KINDS or kind in ("reply_classified", "staff_decided"):
        raise ValueError(f"{kind!r} is not an event without detail")
    return Event(kind)


S = State
R = "reply_classified:"
D = "staff_decided:"

# Every legal move. Read a row as: in this state, this event leads to that state.
# Machine mail (auto-reply, bounce) and unclear replies ("other") never move an invoice:
# they are logged and put in front of a person, so they map a state to itself.
TRANSITIONS: dict[State, dict[str, State]] = {
    S.OPEN: {
        "reminder_sent": S.REMINDED,
        R + "not-received": S.OPEN, R + "scheduled": S.PROMISED, R + "cannot-pay": S.PLAN_OFFERED,
        R + "already-paid": S.VERIFYING, R + "dispute": S.DISPUTED,
        R + "auto-reply": S.OPEN, R + "bounce": S.OPEN, R + "other": S.OPEN,
        "payment_recorded": S.PAID,
        D + "close": S.CLOSED, D + "collections": S.COLLECTIONS, D + "dispute": S.DISPUTED,
    },
    S.REMINDED: {
        "reminder_sent": S.REMINDED,
        R + "not-received": S.REMINDED, R + "scheduled": S.PROMISED, R + "cannot-pay": S.PLAN_OFFERED,
        R + "already-paid": S.VERIFYING, R + "dispute": S.DISPUTED,
        R + "auto-reply": S.REMINDED, R + "bounce": S.REMINDED, R + "other": S.REMINDED,
        "payment_recorded": S.PAID,
        D + "close": S.CLOSED, D + "collections": S.COLLECTIONS, D + "dispute": S.DISPUTED,
    },
    S.PROMISED: {
        R + "not-received": S.PROMISED, R + "scheduled": S.PROMISED, R + "cannot-pay": S.PLAN_OFFERED,
        R + "already-paid": S.VERIFYING, R + "dispute": S.DISPUTED,
        R + "auto-reply": S.PROMISED, R + "bounce": S.PROMISED, R + "other": S.PROMISED,
        "payment_recorded": S.PAID,
        # On the promised date the ledger is checked; no money by the end of grace: chase again.
        "verification_due": S.VERIFYING, "promise_lapsed": S.REMINDED,
        D + "close": S.CLOSED, D + "collections": S.COLLECTIONS, D + "dispute": S.DISPUTED,
        D + "resolve": S.REMINDED,
    },
    S.VERIFYING: {
        R + "not-received": S.VERIFYING, R + "scheduled": S.PROMISED, R + "cannot-pay": S.PLAN_OFFERED,
        R + "already-paid": S.VERIFYING, R + "dispute": S.DISPUTED,
        R + "auto-reply": S.VERIFYING, R + "bounce": S.VERIFYING, R + "other": S.VERIFYING,
        "payment_recorded": S.PAID,
        # Not found when due: remittance details are asked for and the check comes back.
        "verification_due": S.VERIFYING, "promise_lapsed": S.REMINDED,
        D + "close": S.CLOSED, D + "collections": S.COLLECTIONS, D + "dispute": S.DISPUTED,
        D + "resolve": S.REMINDED,
    },
    S.PLAN_OFFERED: {
        R + "not-received": S.PLAN_OFFERED, R + "scheduled": S.PROMISED, R + "cannot-pay": S.PLAN_OFFERED,
        R + "already-paid": S.VERIFYING, R + "dispute": S.DISPUTED,
        R + "auto-reply": S.PLAN_OFFERED, R + "bounce": S.PLAN_OFFERED, R + "other": S.PLAN_OFFERED,
        "plan_accepted": S.PLAN_ACTIVE, "payment_recorded": S.PAID,
        "promise_lapsed": S.REMINDED,  # the offer expired unanswered
        D + "decline-plan": S.REMINDED, D + "close": S.CLOSED, D + "collections": S.COLLECTIONS,
        D + "dispute": S.DISPUTED,
    },
    S.PLAN_ACTIVE: {
        R + "not-received": S.PLAN_ACTIVE, R + "scheduled": S.PLAN_ACTIVE, R + "cannot-pay": S.PLAN_ACTIVE,
        R + "already-paid": S.PLAN_ACTIVE, R + "dispute": S.DISPUTED,
        R + "auto-reply": S.PLAN_ACTIVE, R + "bounce": S.PLAN_ACTIVE, R + "other": S.PLAN_ACTIVE,
        "payment_recorded": S.PAID, "verification_due": S.PLAN_ACTIVE,
        "plan_defaulted": S.REMINDED,
        D + "close": S.CLOSED, D + "collections": S.COLLECTIONS, D + "dispute": S.DISPUTED,
    },
    S.DISPUTED: {
        **{R + intent: S.DISPUTED for intent in INTENTS},
        "payment_recorded": S.PAID,
        D + "resolve": S.REMINDED, D + "close": S.CLOSED, D + "collections": S.COLLECTIONS,
    },
    S.PAID: {
        **{R + intent: S.PAID for intent in INTENTS},
        "payment_recorded": S.PAID,
        D + "close": S.CLOSED, D + "reopen": S.OPEN,
    },
    S.COLLECTIONS: {
        **{R + intent: S.COLLECTIONS for intent in INTENTS},
        "payment_recorded": S.PAID,
        D + "resolve": S.REMINDED, D + "close": S.CLOSED, D + "dispute": S.DISPUTED,
    },
    S.CLOSED: {
        **{R + intent: S.CLOSED for intent in INTENTS},
        D + "reopen": S.OPEN,
    },
}

# States in which dunning may chase the invoice.
CHASEABLE = frozenset({S.OPEN, S.REMINDED})
FINISHED = frozenset({S.PAID, S.CLOSED})


def apply(state: State | str, event: Event) -> State:
    """The state after `event`; raises IllegalTransition (nothing changed) if not allowed."""
    current = State(state)
    try:
        return TRANSITIONS[current][event.key]
    except KeyError:
        raise IllegalTransition(current.value, event.key) from None


def allowed(state: State | str, event: Event) -> bool:
    return event.key in TRANSITIONS[State(state)]


# Short answers that agree to what we proposed, in the languages we write in.
_AFFIRMATIVE = re.compile(
    r"^\W*(yes|yeah|yep|ok|okay|sure|agreed|accepted|fine|sounds good|that works|works for us|"
    r"we accept|we agree|perfect|great|ja|jawohl|einverstanden|passt|in ordnung|gerne|"
    r"oui|d'accord|d’accord|parfait|ça marche|ca marche|c'est bon|nous acceptons|"
    r"s[ií]|de acuerdo|vale|perfecto|aceptamos)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|no|don't|cannot|can't|won't|nicht|kein|keine|pas|non|nein)\b", re.IGNORECASE)
_AFFIRMATIVE_MAX_CHARS = 200


def is_affirmative(reply_text: str) -> bool:
    """A short reply that says yes and nothing against it."""
    text = reply_text.strip()
    if not text or len(text) > _AFFIRMATIVE_MAX_CHARS:
        return False
    return bool(_AFFIRMATIVE.search(text)) and not _NEGATION.search(text)


def reply_event(state: State | str, intent: str, reply_text: str) -> Event:
    """The event a classified reply means in this state (thread context first)."""
    if State(state) is S.PLAN_OFFERED and intent not in ("dispute", "auto-reply", "bounce") \
            and is_affirmative(reply_text):
        return Event("plan_accepted")
    return reply_classified(intent)
