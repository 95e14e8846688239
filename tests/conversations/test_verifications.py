"""Due verifications and instalment reminders, run as the scheduler runs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, select

from assistant.service.followup.verifications import run_due
from assistant.service.inbound.replies import handle_inbound
from assistant.store.db import transaction
from assistant.store.models import (
    HoldRow,
    InstalmentRow,
    InvoiceRow,
    InvoiceStateRow,
    OutboxRow,
    PromiseRow,
    SuggestionRow,
    VerificationRow,
)
from tests.conversations.seed import ledger, settings_for, store


def reply(engine: Engine, name: str, now: datetime) -> None:
    handle_inbound(engine, settings_for(engine), store(engine, name, now), now)


def settle(engine: Engine, invoice_pk: int) -> None:
    with transaction(engine) as s:
        s.get_one(InvoiceRow, invoice_pk).balance = Decimal(0)


def state(engine: Engine, invoice_pk: int) -> str:
    with transaction(engine) as s:
        return s.get_one(InvoiceStateRow, invoice_pk).state


def active_holds(engine: Engine, invoice_pk: int) -> list[str]:
    with transaction(engine) as s:
        return list(s.scalars(select(HoldRow.reason).where(HoldRow.invoice_pk == invoice_pk, HoldRow.active.is_(True))))


def test_already_paid_found_thanks_and_closes(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "already_paid.eml", now)
    settings = settings_for(engine)
    assert run_due(engine, settings, now).to_json()["found"] == 0  # not due yet
    settle(engine, inv1)
    report = run_due(engine, settings, now + timedelta(days=5))
    assert report.found == 1
    assert state(engine, inv1) == "paid"
    assert active_holds(engine, inv1) == []
    with transaction(engine) as s:
        thanks = s.get_one(SuggestionRow, report.suggestion_ids[0])
        assert (thanks.action, thanks.to_addrs) == ("acknowledge", ["ap@acme.example"])
        assert "received your payment" in thanks.body
        assert thanks.in_reply_to == "<CAF7x4ap@mail.acme.example>"  # stays in the customer's thread
    assert run_due(engine, settings, now + timedelta(days=6)).found == 0  # done once


def test_already_paid_not_found_asks_for_remittance(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "already_paid.eml", now)
    report = run_due(engine, settings_for(engine), now + timedelta(days=5))
    assert (report.found, report.not_found) == (0, 1)
    assert state(engine, inv1) == "verifying"
    with transaction(engine) as s:
        ask = s.get_one(SuggestionRow, report.suggestion_ids[0])
        assert ask.action == "ask-details" and "bank reference" in ask.body
        assert s.scalars(select(VerificationRow.outcome)).one() == "not-found"


def test_broken_promise_resumes_dunning_kept_promise_closes(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "scheduled.eml", now)
    assert active_holds(engine, inv1) == ["promise"]
    report = run_due(engine, settings_for(engine), datetime(2026, 11, 27, 18, tzinfo=UTC))
    assert report.promises_broken == 1
    assert state(engine, inv1) == "reminded"
    assert active_holds(engine, inv1) == []
    with transaction(engine) as s:
        assert s.scalars(select(PromiseRow.status)).one() == "broken"


def test_kept_promise(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "scheduled.eml", now)
    settle(engine, inv1)
    assert run_due(engine, settings_for(engine), datetime(2026, 11, 27, 18, tzinfo=UTC)).found == 1
    assert state(engine, inv1) == "paid"
    with transaction(engine) as s:
        assert s.scalars(select(PromiseRow.status)).one() == "kept"


def test_instalment_reminders_of_an_accepted_plan(engine: Engine, now: datetime) -> None:
    _, _inv1, _ = ledger(engine)
    reply(engine, "cannot_pay.eml", now)
    settings = settings_for(engine)
    assert run_due(engine, settings, now + timedelta(days=30)).instalment_reminders == 0  # only offered
    reply(engine, "plan_accept.eml", now)
    with transaction(engine) as s:
        first = s.scalars(select(InstalmentRow).order_by(InstalmentRow.number)).first()
        assert first is not None
        remind_on = first.remind_on
    at = datetime.combine(remind_on, datetime.min.time(), UTC) + timedelta(hours=9)
    assert run_due(engine, settings, at).instalment_reminders == 1
    assert run_due(engine, settings, at).instalment_reminders == 0
    with transaction(engine) as s:
        mail = s.scalars(select(OutboxRow).where(OutboxRow.kind == "reply")).one()
        assert mail.to_addrs == ["ap@acme.example"] and "Instalment 1" in mail.subject
        assert mail.in_reply_to == "<reminder-acme-1.ar@billing.example>"  # the customer's dunning thread
