"""Staff decisions, ledger payments and plan defaults move invoices through the table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from assistant.errors import BadInput
from assistant.service.followup.decisions import assign_dispute, decide
from assistant.service.followup.verifications import run_due
from assistant.service.inbound.replies import handle_inbound
from assistant.store.db import transaction
from assistant.store.models import (
    DisputeRow,
    HoldRow,
    InvoiceRow,
    InvoiceStateRow,
    PaymentPlanRow,
)
from tests.conversations.seed import ledger, settings_for, store


def reply(engine: Engine, name: str, now: datetime) -> None:
    handle_inbound(engine, settings_for(engine), store(engine, name, now), now)


def state(engine: Engine, invoice_pk: int) -> str:
    with transaction(engine) as s:
        return s.get_one(InvoiceStateRow, invoice_pk).state


def holds(engine: Engine, invoice_pk: int) -> list[str]:
    with transaction(engine) as s:
        return sorted(s.scalars(select(HoldRow.reason).where(HoldRow.invoice_pk == invoice_pk,
                                                             HoldRow.active.is_(True))))


def test_resolving_a_dispute_resumes_dunning(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "dispute.eml", now)
    assert assign_dispute(engine, "inv-1001", "sam", "alex", now)
    assert decide(engine, "INV-1001", "resolve", "sam", now, "credit note issued") == \
        {"invoice": "INV-1001", "from": "disputed", "to": "reminded"}
    assert holds(engine, inv1) == []
    with transaction(engine) as s:
        d = s.scalars(select(DisputeRow)).one()
        assert (d.owner, d.status) == ("sam", "resolved")


def test_illegal_decision_changes_nothing(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "dispute.eml", now)
    with pytest.raises(BadInput):
        decide(engine, "INV-1001", "decline-plan", "alex", now)
    with pytest.raises(BadInput):
        decide(engine, "INV-1001", "forget", "alex", now)
    with pytest.raises(BadInput):
        decide(engine, "INV-9999", "close", "alex", now)
    assert state(engine, inv1) == "disputed" and holds(engine, inv1) == ["dispute"]


def test_staff_dispute_and_collections(engine: Engine, now: datetime) -> None:
    _, _, inv2 = ledger(engine)
    assert decide(engine, "INV-1002", "dispute", "alex", now, "wrong PO")["to"] == "disputed"
    assert holds(engine, inv2) == ["dispute"]
    assert decide(engine, "INV-1002", "collections", "alex", now)["to"] == "collections"
    assert holds(engine, inv2) == ["collections", "dispute"]


def test_ledger_payment_ends_the_conversation(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "dispute.eml", now)
    with transaction(engine) as s:
        s.get_one(InvoiceRow, inv1).balance = Decimal(0)
    assert run_due(engine, settings_for(engine), now).paid == 1
    assert state(engine, inv1) == "paid" and holds(engine, inv1) == []
    assert run_due(engine, settings_for(engine), now).paid == 0


def test_plan_defaults_when_payments_fall_behind(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    reply(engine, "cannot_pay.eml", now)
    reply(engine, "plan_accept.eml", now)
    settings = settings_for(engine)
    # First instalment (200.00) falls due on 4 December; pay it and the plan stays active.
    with transaction(engine) as s:
        s.get_one(InvoiceRow, inv1).balance = Decimal("1000.00")
    assert run_due(engine, settings, datetime(2026, 12, 10, 9, tzinfo=UTC)).plans_defaulted == 0
    assert state(engine, inv1) == "plan_active"
    # The second (4 January) is not paid: after the grace the plan defaults.
    report = run_due(engine, settings, datetime(2027, 1, 4, 9, tzinfo=UTC) + timedelta(days=4))
    assert report.plans_defaulted == 1
    assert state(engine, inv1) == "reminded" and holds(engine, inv1) == []
    with transaction(engine) as s:
        assert s.scalars(select(PaymentPlanRow.status)).one() == "defaulted"
