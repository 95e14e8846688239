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

from assistant.core.statuses import Intent
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


INTENTS = tuple(Intent)


class Decision(StrEnum):
    """What staff decide on an invoice's conversation (`decide INVOICE DECISION`)."""

    CLOSE = "close"
    REOPEN = "reopen"
    RESOLVE = "resolve"
    COLLECTIONS = "collections"
    DISPUTE = "dispute"
    DECLINE_PLAN = "decline-plan"


class EventKind(StrEnum):
    REMINDER_SENT = "reminder_sent"
    REPLY_CLASSIFIED = "reply_classified"
    PAYMENT_RECORDED = "payment_recorded"
    PROMISE_LAPSED = "promise_lapsed"
    VERIFICATION_DUE = "verification_due"
    PLAN_ACCEPTED = "plan_accepted"
    PLAN_DEFAULTED = "plan_defaulted"
    STAFF_DECIDED = "staff_decided"


DECISIONS = tuple(Decision)
EVENT_KINDS = tuple(EventKind)
K = EventKind


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
    return Event(K.REMINDER_SENT)


def reply_classified(intent: str) -> Event:
    if intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}")
    return Event(K.REPLY_CLASSIFIED, intent)


def staff_decided(decision: str) -> Event:
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    return Event(K.STAFF_DECIDED, decision)


def simple(kind: str) -> Event:
    if kind not in EVENT_KINDS or kind in (K.REPLY_CLASSIFIED, K.STAFF_DECIDED):
        raise ValueError(f"{kind!r} is not an event without detail")
    return Event(kind)


S = State
R = f"{EventKind.REPLY_CLASSIFIED}:"
D = f"{EventKind.STAFF_DECIDED}:"

# Every legal move. Read a row as: in this state, this event leads to that state.
# Machine mail (auto-reply, bounce) and unclear replies ("other") never move an invoice:
# they are logged and put in front of a person, so they map a state to itself.
TRANSITIONS: dict[State, dict[str, State]] = {
    S.OPEN: {
        K.REMINDER_SENT: S.REMINDED,
        R + Intent.NOT_RECEIVED: S.OPEN, R + Intent.SCHEDULED: S.PROMISED, R + Intent.CANNOT_PAY: S.PLAN_OFFERED,
        R + Intent.ALREADY_PAID: S.VERIFYING, R + Intent.DISPUTE: S.DISPUTED,
        R + Intent.AUTO_REPLY: S.OPEN, R + Intent.BOUNCE: S.OPEN, R + Intent.OTHER: S.OPEN,
        K.PAYMENT_RECORDED: S.PAID,
        D + Decision.CLOSE: S.CLOSED, D + Decision.COLLECTIONS: S.COLLECTIONS, D + Decision.DISPUTE: S.DISPUTED,
    },
    S.REMINDED: {
        K.REMINDER_SENT: S.REMINDED,
        R + Intent.NOT_RECEIVED: S.REMINDED, R + Intent.SCHEDULED: S.PROMISED, R + Intent.CANNOT_PAY: S.PLAN_OFFERED,
        R + Intent.ALREADY_PAID: S.VERIFYING, R + Intent.DISPUTE: S.DISPUTED,
        R + Intent.AUTO_REPLY: S.REMINDED, R + Intent.BOUNCE: S.REMINDED, R + Intent.OTHER: S.REMINDED,
        K.PAYMENT_RECORDED: S.PAID,
        D + Decision.CLOSE: S.CLOSED, D + Decision.COLLECTIONS: S.COLLECTIONS, D + Decision.DISPUTE: S.DISPUTED,
    },
    S.PROMISED: {
        R + Intent.NOT_RECEIVED: S.PROMISED, R + Intent.SCHEDULED: S.PROMISED, R + Intent.CANNOT_PAY: S.PLAN_OFFERED,
        R + Intent.ALREADY_PAID: S.VERIFYING, R + Intent.DISPUTE: S.DISPUTED,
        R + Intent.AUTO_REPLY: S.PROMISED, R + Intent.BOUNCE: S.PROMISED, R + Intent.OTHER: S.PROMISED,
        K.PAYMENT_RECORDED: S.PAID,
        # On the promised date the ledger is checked; no money by the end of grace: chase again.
        K.VERIFICATION_DUE: S.VERIFYING, K.PROMISE_LAPSED: S.REMINDED,
        D + Decision.CLOSE: S.CLOSED, D + Decision.COLLECTIONS: S.COLLECTIONS, D + Decision.DISPUTE: S.DISPUTED,
        D + Decision.RESOLVE: S.REMINDED,
    },
    S.VERIFYING: {
        R + Intent.NOT_RECEIVED: S.VERIFYING, R + Intent.SCHEDULED: S.PROMISED, R + Intent.CANNOT_PAY: S.PLAN_OFFERED,
        R + Intent.ALREADY_PAID: S.VERIFYING, R + Intent.DISPUTE: S.DISPUTED,
        R + Intent.AUTO_REPLY: S.VERIFYING, R + Intent.BOUNCE: S.VERIFYING, R + Intent.OTHER: S.VERIFYING,
        K.PAYMENT_RECORDED: S.PAID,
        # Not found when due: remittance details are asked for and the check comes back.
        K.VERIFICATION_DUE: S.VERIFYING, K.PROMISE_LAPSED: S.REMINDED,
        D + Decision.CLOSE: S.CLOSED, D + Decision.COLLECTIONS: S.COLLECTIONS, D + Decision.DISPUTE: S.DISPUTED,
        D + Decision.RESOLVE: S.REMINDED,
    },
    S.PLAN_OFFERED: {
        R + Intent.NOT_RECEIVED: S.PLAN_OFFERED, R + Intent.SCHEDULED: S.PROMISED, R + Intent.CANNOT_PAY: S.PLAN_OFFERED,
        R + Intent.ALREADY_PAID: S.VERIFYING, R + Intent.DISPUTE: S.DISPUTED,
        R + Intent.AUTO_REPLY: S.PLAN_OFFERED, R + Intent.BOUNCE: S.PLAN_OFFERED, R + Intent.OTHER: S.PLAN_OFFERED,
        K.PLAN_ACCEPTED: S.PLAN_ACTIVE, K.PAYMENT_RECORDED: S.PAID,
        K.PROMISE_LAPSED: S.REMINDED,  # the offer expired unanswered
        D + Decision.DECLINE_PLAN: S.REMINDED, D + Decision.CLOSE: S.CLOSED, D + Decision.COLLECTIONS: S.COLLECTIONS,
        D + Decision.DISPUTE: S.DISPUTED,
    },
    S.PLAN_ACTIVE: {
        R + Intent.NOT_RECEIVED: S.PLAN_ACTIVE, R + Intent.SCHEDULED: S.PLAN_ACTIVE, R + Intent.CANNOT_PAY: S.PLAN_ACTIVE,
        R + Intent.ALREADY_PAID: S.PLAN_ACTIVE, R + Intent.DISPUTE: S.DISPUTED,
        R + Intent.AUTO_REPLY: S.PLAN_ACTIVE, R + Intent.BOUNCE: S.PLAN_ACTIVE, R + Intent.OTHER: S.PLAN_ACTIVE,
        K.PAYMENT_RECORDED: S.PAID, K.VERIFICATION_DUE: S.PLAN_ACTIVE,
        K.PLAN_DEFAULTED: S.REMINDED,
        D + Decision.CLOSE: S.CLOSED, D + Decision.COLLECTIONS: S.COLLECTIONS, D + Decision.DISPUTE: S.DISPUTED,
    },
    S.DISPUTED: {
        **{R + intent: S.DISPUTED for intent in INTENTS},
        K.PAYMENT_RECORDED: S.PAID,
        D + Decision.RESOLVE: S.REMINDED, D + Decision.CLOSE: S.CLOSED, D + Decision.COLLECTIONS: S.COLLECTIONS,
    },
    S.PAID: {
        **{R + intent: S.PAID for intent in INTENTS},
        K.PAYMENT_RECORDED: S.PAID,
        D + Decision.CLOSE: S.CLOSED, D + Decision.REOPEN: S.OPEN,
    },
    S.COLLECTIONS: {
        **{R + intent: S.COLLECTIONS for intent in INTENTS},
        K.PAYMENT_RECORDED: S.PAID,
        D + Decision.RESOLVE: S.REMINDED, D + Decision.CLOSE: S.CLOSED, D + Decision.DISPUTE: S.DISPUTED,
    },
    S.CLOSED: {
        **{R + intent: S.CLOSED for intent in INTENTS},
        D + Decision.REOPEN: S.OPEN,
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
    if State(state) is S.PLAN_OFFERED and intent not in (Intent.DISPUTE, Intent.AUTO_REPLY, Intent.BOUNCE) \
            and is_affirmative(reply_text):
        return Event(K.PLAN_ACCEPTED)
    return reply_classified(intent)
