"""The transition table, row by row, and the moves it refuses."""

from __future__ import annotations

import pytest

from assistant.core.conversation import (
    DECISIONS,
    EVENT_KINDS,
    INTENTS,
    TRANSITIONS,
    Event,
    State,
    allowed,
    apply,
    is_affirmative,
    reply_classified,
    reply_event,
    simple,
    staff_decided,
)
from assistant.errors import IllegalTransition

ROWS = [(state, key, target) for state, row in TRANSITIONS.items() for key, target in row.items()]


def event_for(key: str) -> Event:
    kind, _, detail = key.partition(":")
    return Event(kind, detail or None)


@pytest.mark.parametrize(("state", "key", "target"), ROWS, ids=[f"{s.value}-{k}" for s, k, _ in ROWS])
def test_every_row(state: State, key: str, target: State) -> None:
    assert apply(state, event_for(key)) is target
    assert apply(state.value, event_for(key)) is target


def all_events() -> list[Event]:
    events = [reply_classified(i) for i in INTENTS] + [staff_decided(d) for d in DECISIONS]
    events += [simple(k) for k in EVENT_KINDS if k not in ("reply_classified", "staff_decided")]
    return events


ILLEGAL = [(s, e) for s in State for e in all_events() if e.key not in TRANSITIONS[s]]


@pytest.mark.parametrize(("state", "event"), ILLEGAL, ids=[f"{s.value}-{e.key}" for s, e in ILLEGAL])
def test_illegal_moves_raise(state: State, event: Event) -> None:
    assert not allowed(state, event)
    with pytest.raises(IllegalTransition) as info:
        apply(state, event)
    assert info.value.state == state.value
    assert info.value.event == event.key


def test_every_state_has_a_row_and_targets_are_states() -> None:
    assert set(TRANSITIONS) == set(State)
    assert all(isinstance(t, State) for _, _, t in ROWS)
    # Illegal moves exist: a table that allows everything checks nothing.
    assert len(ILLEGAL) > 30


@pytest.mark.parametrize(("state", "key"), [
    (State.PAID, "reminder_sent"), (State.DISPUTED, "reminder_sent"), (State.PROMISED, "reminder_sent"),
    (State.OPEN, "plan_accepted"), (State.REMINDED, "plan_defaulted"), (State.CLOSED, "payment_recorded"),
    (State.OPEN, "promise_lapsed"), (State.PAID, "verification_due"),
])
def test_named_illegal_moves(state: State, key: str) -> None:
    with pytest.raises(IllegalTransition):
        apply(state, event_for(key))


def test_unknown_event_details_are_refused() -> None:
    with pytest.raises(ValueError):
        reply_classified("angry")
    with pytest.raises(ValueError):
        staff_decided("forget")
    with pytest.raises(ValueError):
        simple("reply_classified")


@pytest.mark.parametrize("text", ["Yes, that works.", "ok", "Sounds good, thanks!", "Agreed.",
                                  "Ja, einverstanden.", "Oui, d'accord.", "Perfect - go ahead"])
def test_affirmative_after_plan_offer_accepts_the_plan(text: str) -> None:
    assert is_affirmative(text)
    event = reply_event(State.PLAN_OFFERED, "other", text)
    assert event == Event("plan_accepted")
    assert apply(State.PLAN_OFFERED, event) is State.PLAN_ACTIVE
    # The same words mean nothing special elsewhere.
    assert reply_event(State.REMINDED, "other", text) == reply_classified("other")


@pytest.mark.parametrize("text", ["No, that does not work for us.", "", "Yes we cannot pay that",
                                  "ok " + "x" * 300])
def test_not_affirmative(text: str) -> None:
    assert not is_affirmative(text)
    assert reply_event(State.PLAN_OFFERED, "cannot-pay", text) == reply_classified("cannot-pay")


def test_a_dispute_after_an_offer_is_still_a_dispute() -> None:
    assert reply_event(State.PLAN_OFFERED, "dispute", "Yes, but the amount is wrong") == reply_classified("dispute")
