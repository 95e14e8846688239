"""A reply per intent, as real .eml bytes, through `handle_inbound` on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from assistant.service.followup.suggestions import list_suggestions
from assistant.service.inbound.replies import handle_inbound
from assistant.store.db import transaction
from assistant.store.models import (
    ContactRow,
    DisputeRow,
    HoldRow,
    InboundMessageRow,
    InstalmentRow,
    InvoiceStateRow,
    OutboxRow,
    PaymentPlanRow,
    PromiseRow,
    SuggestionRow,
    VerificationRow,
)
from tests.conversations.seed import REMINDER_ID, REPLIES, ledger, settings_for, store


def handle(engine: Engine, name: str | bytes, now: datetime, **conversations: Any) -> list[SuggestionRow]:
    inbound = store(engine, name, now)
    handled = handle_inbound(engine, settings_for(engine, **conversations), inbound, now)
    assert not handled.skipped
    with transaction(engine) as s:
        return list(s.scalars(select(SuggestionRow).where(SuggestionRow.id.in_(handled.suggestion_ids))))


def state(engine: Engine, invoice_pk: int) -> str | None:
    with transaction(engine) as s:
        row = s.get(InvoiceStateRow, invoice_pk)
        return row.state if row else None


def holds(engine: Engine, invoice_pk: int) -> list[tuple[str, date | None]]:
    with transaction(engine) as s:
        return [(h.reason, h.until) for h in s.scalars(select(HoldRow).where(HoldRow.invoice_pk == invoice_pk,
                                                                             HoldRow.active.is_(True)))]


def test_not_received_resends_in_thread(engine: Engine, now: datetime) -> None:
    _, inv1, inv2 = ledger(engine)
    [s] = handle(engine, "not_received.eml", now)
    assert (s.intent, s.action, s.invoice_numbers) == ("not-received", "resend-invoice", ["INV-1001"])
    assert s.attachments == [{"invoice_number": "INV-1001"}]
    assert s.to_addrs == ["ap@acme.example"]
    assert s.in_reply_to == "<CAF7x1nr@mail.acme.example>"
    assert s.references == f"{REMINDER_ID} <CAF7x1nr@mail.acme.example>"
    assert s.subject == "Re: Reminder: invoice INV-1001 overdue"
    assert "INV-1001" in s.body and "attached" in s.body
    assert holds(engine, inv1) == [("grace", date(2026, 11, 27))]
    assert holds(engine, inv2) == []
    assert state(engine, inv1) == "reminded"


def test_scheduled_records_promise_and_verification(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    [s] = handle(engine, "scheduled.eml", now)
    assert (s.action, s.due) == ("schedule-verification", date(2026, 11, 27))
    assert state(engine, inv1) == "promised"
    assert holds(engine, inv1) == [("promise", date(2026, 11, 30))]
    with transaction(engine) as sess:
        promise = sess.scalars(select(PromiseRow)).one()
        assert (promise.promised_date, promise.amount, promise.status) == (date(2026, 11, 27), Decimal("1200"), "open")
        v = sess.scalars(select(VerificationRow)).one()
        assert (v.kind, v.due_date, v.invoice_pk) == ("promise", date(2026, 11, 27), inv1)


def test_cannot_pay_offers_a_plan_and_yes_accepts_it(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    [s] = handle(engine, "cannot_pay.eml", now)
    assert s.action == "offer-payment-plan"
    assert state(engine, inv1) == "plan_offered"
    assert holds(engine, inv1) == [("plan", None)]
    with transaction(engine) as sess:
        plan = sess.scalars(select(PaymentPlanRow)).one()
        assert (plan.status, plan.total) == ("offered", Decimal("1200"))
        amounts = [i.amount for i in sess.scalars(select(InstalmentRow).order_by(InstalmentRow.number))]
        assert amounts == [Decimal("200")] * 6
    assert "6 instalments" in s.body
    # "Yes, that works for us." is classified 'other'; after the offer it accepts the plan.
    [c] = handle(engine, "plan_accept.eml", now)
    assert (c.intent, c.action) == ("other", "confirm-plan")
    assert state(engine, inv1) == "plan_active"
    with transaction(engine) as sess:
        assert sess.scalars(select(PaymentPlanRow)).one().status == "active"


def test_already_paid_sets_verification_in_business_days(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    [s] = handle(engine, "already_paid.eml", now)
    # The reply gives a reference: check the ledger on Wednesday (Friday + 3 business days).
    assert (s.action, s.due) == ("schedule-verification", date(2026, 11, 25))
    assert state(engine, inv1) == "verifying"
    with transaction(engine) as sess:
        assert sess.scalars(select(VerificationRow.kind)).one() == "already-paid"


def test_dispute_opens_case_and_holds(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    [s] = handle(engine, "dispute.eml", now)
    assert s.action == "open-dispute"
    assert state(engine, inv1) == "disputed"
    assert holds(engine, inv1) == [("dispute", None)]
    with transaction(engine) as sess:
        d = sess.scalars(select(DisputeRow)).one()
        assert "wrong" in d.reason and d.owner and d.status == "open"


def test_out_of_office_postpones_and_notes_alternate(engine: Engine, now: datetime) -> None:
    customer, inv1, _ = ledger(engine)
    assert handle(engine, "out_of_office.eml", now) == []
    assert holds(engine, inv1) == [("auto-reply", date(2026, 12, 1))]
    with transaction(engine) as sess:
        alt = sess.scalars(select(ContactRow).where(ContactRow.role == "alternate")).one()
        assert (alt.email, alt.customer_pk, alt.source) == ("john.smith@acme.example", customer, "auto-reply")


def test_bounce_matches_through_original_and_marks_contact(engine: Engine, now: datetime) -> None:
    customer, _, _ = ledger(engine)
    [s] = handle(engine, "bounce.eml", now)
    assert (s.intent, s.action, s.customer_pk, s.to_addrs) == ("bounce", "mark-bounced", customer, [])
    with transaction(engine) as sess:
        contact = sess.scalars(select(ContactRow).where(ContactRow.email == "ap@acme.example")).one()
        assert contact.status == "bounced" and "5.1.1" in (contact.status_reason or "")


def test_spoofed_sender_is_flagged_and_answered_at_the_known_address(engine: Engine, now: datetime) -> None:
    ledger(engine)
    [s] = handle(engine, "spoofed.eml", now, auto_send=("already-paid",))
    assert "spoofed-sender" in s.flags
    assert s.to_addrs == ["ap@acme.example"]
    assert s.status == "pending"  # never auto-sent


def test_auto_send_only_when_allowed_and_dmarc_passes(engine: Engine, now: datetime) -> None:
    ledger(engine)
    raw = (REPLIES / "not_received.eml").read_bytes()
    [s] = handle(engine, raw, now, auto_send=("not-received",))
    assert s.status == "approved" and s.decided_by == "auto-send"
    failing = raw.replace(b"dmarc=pass", b"dmarc=fail").replace(b"CAF7x1nr", b"CAF7x1nr-2")
    [f] = handle(engine, failing, now, auto_send=("not-received",))
    assert f.status == "pending" and "dmarc-fail" in f.flags
    [off] = handle(engine, raw.replace(b"CAF7x1nr", b"CAF7x1nr-3"), now)
    assert off.status == "pending"  # auto-send is off by default
    with transaction(engine) as sess:
        assert len(list(sess.scalars(select(OutboxRow).where(OutboxRow.kind == "reply")))) == 1


def test_unknown_sender_goes_to_triage(engine: Engine, now: datetime) -> None:
    ledger(engine)
    raw = (b"From: someone@elsewhere.example\r\nTo: ar@billing.example\r\nSubject: Question\r\n"
           b"Message-ID: <q1@elsewhere.example>\r\nDate: Thu, 19 Nov 2026 10:00:00 +0000\r\n\r\n"
           b"Hello, who do I talk to about your prices?\r\n")
    [s] = handle(engine, raw, now)
    assert (s.action, s.customer_pk, s.invoice_numbers) == ("triage", None, [])
    assert "unmatched" in s.flags
    assert list_suggestions(engine, "pending")[0]["customer_id"] is None


def test_each_message_is_handled_once(engine: Engine, now: datetime) -> None:
    ledger(engine)
    inbound = store(engine, "dispute.eml", now)
    settings = settings_for(engine)
    assert not handle_inbound(engine, settings, inbound, now).skipped
    assert handle_inbound(engine, settings, inbound, now).skipped
    with transaction(engine) as sess:
        assert sess.get_one(InboundMessageRow, inbound).status == "processed"
        assert len(list(sess.scalars(select(SuggestionRow)))) == 1


def test_several_intents_each_get_their_own_follow_up(engine: Engine, now: datetime) -> None:
    _, inv1, inv2 = ledger(engine)
    drafts = handle(engine, "multi_intent.eml", now)
    by_action = {s.action: s for s in drafts}
    assert set(by_action) == {"schedule-verification", "resend-invoice"}
    assert by_action["schedule-verification"].invoice_numbers == ["INV-1001"]
    assert by_action["resend-invoice"].invoice_numbers == ["INV-1002"]
    assert by_action["resend-invoice"].attachments == [{"invoice_number": "INV-1002"}]
    assert (state(engine, inv1), state(engine, inv2)) == ("verifying", "open")


def test_reply_drafted_in_the_customers_language(engine: Engine, now: datetime) -> None:
    from tests.conversations.seed import add_customer, add_invoice, add_reminder

    customer = add_customer(engine, "KUNDE", "buchhaltung@kunde.example", language="de")
    inv = add_invoice(engine, customer, "INV-3001")
    add_reminder(engine, customer, [inv], "<reminder-kunde-1.ar@billing.example>")
    [s] = handle(engine, "de_not_received.eml", now)
    assert (s.action, s.language) == ("resend-invoice", "de")
    assert s.body.startswith("Guten Tag KUNDE GmbH,") and "erneut" in s.body
    assert s.subject == "AW: Zahlungserinnerung Rechnung INV-3001"


def test_copies_of_our_own_mail_are_never_answered(engine: Engine, now: datetime) -> None:
    ledger(engine)
    ours = (b"From: Example Ltd <ar@billing.example>\r\nTo: ap@acme.example\r\nSubject: Reminder\r\n"
            b"Message-ID: <bcc-copy@billing.example>\r\n\r\nPlease pay INV-1001.\r\n")
    looped = (ours.replace(b"From: Example Ltd <ar@billing.example>", b"From: ap@acme.example")
              .replace(b"<bcc-copy@billing.example>", REMINDER_ID.encode()))
    settings = settings_for(engine)
    for raw in (ours, looped):
        inbound = store(engine, raw, now)
        assert handle_inbound(engine, settings, inbound, now).skipped
        with transaction(engine) as sess:
            assert sess.get_one(InboundMessageRow, inbound).status == "processed"
    with transaction(engine) as sess:
        assert list(sess.scalars(select(SuggestionRow))) == []


def test_not_received_records_the_billing_address_the_customer_names(engine: Engine, now: datetime) -> None:
    customer, _, _ = ledger(engine)
    raw = (REPLIES / "not_received.eml").read_bytes().replace(
        b"Could you please send it again?", b"Could you please send it again to invoices@acme.example?")
    [s] = handle(engine, raw, now)
    assert s.action == "resend-invoice"
    assert s.to_addrs == ["ap@acme.example", "invoices@acme.example"]
    with transaction(engine) as sess:
        added = sess.scalars(select(ContactRow).where(ContactRow.email == "invoices@acme.example")).one()
        assert (added.customer_pk, added.role, added.source) == (customer, "billing", "reply")


def test_low_confidence_goes_to_a_person_and_is_never_auto_sent(engine: Engine, now: datetime) -> None:
    _, inv1, _ = ledger(engine)
    # A confidence floor above anything the classifier gives: every reading is "low confidence".
    [s] = handle(engine, "not_received.eml", now, auto_send=("not-received",), min_confidence=1.01)
    assert (s.intent, s.action, s.status) == ("not-received", "triage", "pending")
    assert holds(engine, inv1) == []
