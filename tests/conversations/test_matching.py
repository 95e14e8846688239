"""Matching order: headers, bounce originals, invoice numbers (exact, fuzzy), amounts, sender,
domain; spoof and DMARC flags."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from assistant.service.inbound.matching import Match, dmarc_failed, match_message
from assistant.store.db import transaction
from tests.conversations.seed import REMINDER_ID, add_customer, add_invoice, ledger


def match(engine: Engine, **kw: object) -> Match:
    args: dict[str, object] = {"sender": None, "in_reply_to": None, "references": (), "bounce_original": None,
                               "invoice_numbers": (), "amount": None}
    args.update(kw)
    with transaction(engine) as s:
        return match_message(s, **args)  # type: ignore[arg-type]


def test_headers_first(engine: Engine) -> None:
    customer, inv1, _ = ledger(engine)
    m = match(engine, sender="ap@acme.example", in_reply_to=REMINDER_ID, references=("<other@x>", REMINDER_ID))
    assert (m.method, m.customer_pk, m.invoice_pks, m.flags) == ("header", customer, (inv1,), ())
    assert m.thread_key == "dunning:ACME"


def test_bounce_original_without_brackets(engine: Engine) -> None:
    customer, _, _ = ledger(engine)
    m = match(engine, sender="mailer-daemon@mx.example", bounce_original=REMINDER_ID.strip("<>"))
    assert (m.method, m.customer_pk) == ("bounce", customer)
    assert "spoofed-sender" not in m.flags


def test_invoice_numbers_exact_and_fuzzy(engine: Engine) -> None:
    customer, _inv1, inv2 = ledger(engine)
    m = match(engine, sender="someone@acme.example", invoice_numbers=["INV-1002"])
    assert (m.method, m.customer_pk, m.invoice_pks) == ("invoice", customer, (inv2,))
    # A typo only matches among the sender's customer's open invoices.
    m = match(engine, sender="ap@acme.example", invoice_numbers=["INV-10002"])
    assert (m.method, m.invoice_pks) == ("fuzzy-invoice", (inv2,))
    assert match(engine, sender="x@nowhere.example", invoice_numbers=["INV-10002"]).method == "none"


def test_amount_then_sender_then_domain(engine: Engine) -> None:
    customer, inv1, inv2 = ledger(engine)
    assert match(engine, sender="ap@acme.example", amount=Decimal("300.00")).invoice_pks == (inv2,)
    m = match(engine, sender="AP@ACME.example")
    assert (m.method, set(m.invoice_pks)) == ("sender", {inv1, inv2})
    m = match(engine, sender="controller@acme.example")
    assert (m.method, m.customer_pk) == ("domain", customer)
    other = add_customer(engine, "ACME2", "billing@acme.example")
    add_invoice(engine, other, "INV-2001")
    assert match(engine, sender="controller@acme.example").method == "none"  # two customers share it


def test_nothing_matches_goes_to_triage(engine: Engine) -> None:
    ledger(engine)
    m = match(engine, sender="who@unknown.example", in_reply_to="<not-ours@x>")
    assert (m.customer_pk, m.method, m.flags) == (None, "none", ("unmatched",))


def test_spoof_guard(engine: Engine) -> None:
    ledger(engine)
    m = match(engine, sender="billing@acme-payments.example", in_reply_to=REMINDER_ID)
    assert "spoofed-sender" in m.flags and not m.known_sender
    assert "spoofed-sender" not in match(engine, sender="cfo@acme.example", in_reply_to=REMINDER_ID).flags


@pytest.mark.parametrize(("headers", "failed"), [
    (["mx.example; spf=pass smtp.mailfrom=a.example; dmarc=fail (p=reject) header.from=a.example"], True),
    (["mx.example; dkim=pass header.d=a.example; DMARC=FAIL header.from=a.example"], True),
    (["mx.example; dmarc=pass header.from=a.example"], False),
    (["mx.example; none"], False),
    ([], False),
])
def test_dmarc_from_authentication_results(headers: list[str], failed: bool) -> None:
    assert dmarc_failed(headers) is failed


def test_dmarc_fail_is_flagged(engine: Engine) -> None:
    ledger(engine)
    m = match(engine, sender="ap@acme.example", auth_results=["mx; dmarc=fail header.from=acme.example"])
    assert "dmarc-fail" in m.flags
