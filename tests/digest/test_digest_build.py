"""Golden figures: the digest of the constructed history in seed.py, worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Engine

from assistant.rendering.digest import render_text
from assistant.service.digest.build import build_digest
from assistant.settings import Settings
from tests.digest.seed import NOW, seed

BASE = "http://127.0.0.1:8000"


def test_golden_figures(engine: Engine) -> None:
    seeded = seed(engine)
    d = build_digest(engine, Settings(), NOW)
    assert d.week == "2026-W48" and d.today == date(2026, 11, 23)
    assert [(a.bucket, a.count, a.totals) for a in d.aging] == [
        ("current", 1, {"EUR": Decimal("1000.00")}), ("1-30", 1, {"EUR": Decimal("1500.00")}),
        ("31-60", 1, {"EUR": Decimal("3000.00")}), ("61-90", 1, {"EUR": Decimal("4000.00")}),
        ("90+", 1, {"EUR": Decimal("5000.00")})]
    # Countback: 14500 open; Nov 1800 (23 d), Oct 2000, Sep 3000, Aug 4000, Jul 0, then 3700/5000 of June.
    assert d.dso == {"EUR": Decimal("168.2")}
    # Overdue at 11-16: INV-A2 had 2000 open (500 paid on 11-20), plus 3000 + 4000 + 5000.
    assert d.overdue == {"EUR": Decimal("13500.00")}
    assert d.overdue_previous == {"EUR": Decimal("14000.00")}
    assert d.trend[-1] == ("23 Nov", Decimal("13500.00")) and d.trend[-2] == ("16 Nov", Decimal("14000.00"))
    assert len(d.trend) == 8

    this, last = d.this_week, d.last_week
    assert this is not None and last is not None
    assert (this.replies, this.by_intent) == (3, {"dispute": 1, "other": 1, "scheduled": 1})
    assert (this.decided, this.approved_unchanged, this.median_first_response_hours) == (2, 1, 2.5)
    assert (last.replies, last.by_intent) == (1, {"cannot-pay": 1})
    assert (last.decided, last.approved_unchanged, last.median_first_response_hours) == (1, 0, 1.5)
    figures = {f.name: (f.current, f.previous, f.change) for f in d.figures}
    assert figures == {
        "Overdue (EUR)": ("13,500.00 EUR", "14,000.00 EUR", "-500.00 EUR"),
        "Replies received": ("3", "1", "+2"),
        "Approved unchanged": ("50%", "0%", "+50 points"),
        "Median first response": ("2.5 h", "1.5 h", "+1.0 h"),
    }

    t = seeded.threads
    assert [s.owner for s in d.owners] == ["dana", "unassigned"]
    (b,) = d.owners[0].conversations
    assert (b.id, b.customer, b.intent, b.days_since_customer, b.days_since_us, b.amount, b.invoices) == (
        t["B"], "B Ltd", "dispute", 6, 13, "7,000.00 EUR", "INV-B1, INV-B2")
    assert (b.next_action, b.next_date) == ("decide the suggested reply (answer-dispute)", date(2026, 11, 17))
    assert b.url == f"{BASE}/conversations/{t['B']}"
    c, a = d.owners[1].conversations  # longest wait first
    assert (c.id, c.intent, c.days_since_customer, c.days_since_us, c.amount) == (
        t["C"], "cannot-pay", 12, 12, "5,000.00 EUR")
    assert (c.next_action, c.next_date) == ("plan instalment due", date(2026, 11, 15))
    assert (a.id, a.intent, a.days_since_customer, a.days_since_us, a.amount) == (
        t["A"], "other", 2, 1, "1,500.00 EUR")
    assert (a.next_action, a.next_date) == ("promised payment due", date(2026, 11, 25))

    assert [(p.customer, p.what, p.when) for p in d.promises_due] == [
        ("A Ltd", "INV-A2: 1,500.00 EUR promised", "2026-11-25")]
    assert [(p.customer, p.what, p.when) for p in d.promises_broken] == [
        ("C Ltd", "INV-C1: 5,000.00 EUR not received", "2026-11-12")]
    assert [(x.customer, x.when, x.url) for x in d.disputes_overdue] == [
        ("B Ltd", "open 22 days", f"{BASE}/conversations/{t['B']}")]
    assert "owner dana: wrong quantity" in d.disputes_overdue[0].what
    assert [(x.customer, x.what) for x in d.plans_in_default] == [
        ("C Ltd", "plan of 5,000.00 EUR: #1 due 2026-11-15 (2,500.00 EUR)")]
    assert [(x.customer, x.when, x.url) for x in d.suggestions_waiting] == [
        ("B Ltd", "waiting 144 h", f"{BASE}/suggestions/{seeded.suggestions['s2']}")]
    assert [(x.customer, x.what, x.url) for x in d.bounced] == [
        ("D Ltd", "ap@d.example bounced: 550 5.1.1 user unknown", f"{BASE}/bounces")]
    assert [(x.customer, x.url) for x in d.quarantined] == [
        (f"message {seeded.inbound['bad']}", f"{BASE}/quarantine/{seeded.inbound['bad']}")]
    assert not d.empty and d.subject == "AR digest 2026-W48: 3 open conversations"
    assert d.chart_png.startswith(b"\x89PNG")


def test_same_now_same_digest(engine: Engine) -> None:
    seed(engine)
    first, second = build_digest(engine, Settings(), NOW), build_digest(engine, Settings(), NOW)
    assert render_text(first) == render_text(second)
    assert first.chart_png == second.chart_png


def test_empty_week_says_so(engine: Engine) -> None:
    d = build_digest(engine, Settings(), NOW)
    assert d.empty and d.subject == "AR digest 2026-W48: nothing waiting"
    text = render_text(d)
    assert "Nothing is waiting this week" in text
    assert "No replies received this week." in text
    assert "OPEN CONVERSATIONS" not in text and "PROMISES DUE" not in text and "None." not in text
    from assistant.rendering.digest import render_html

    html = render_html(d, "cid:x")
    assert "<strong>Nothing is waiting this week:</strong>" in html and "Open conversations" not in html


def test_chart_in_the_company_currency_when_others_are_bigger_numbers(engine: Engine) -> None:
    from assistant.store.db import transaction
    from assistant.store.models import InvoiceRow
    from tests.digest.seed import T0

    seeded = seed(engine)
    with transaction(engine) as s:
        s.add(InvoiceRow(invoice_number="INV-J1", customer_pk=seeded.customers["E"], issue_date=date(2026, 10, 1),
                         due_date=date(2026, 10, 31), amount=Decimal("900000"), currency="JPY",
                         balance=Decimal("900000"), balance_from_ledger=False, pdf_path=None, po_number=None,
                         created_at=T0, updated_at=T0))
    d = build_digest(engine, Settings(), NOW)
    assert d.overdue == {"EUR": Decimal("13500.00"), "JPY": Decimal("900000")}
    assert d.chart_currency == "EUR" and d.trend[-1][1] == Decimal("13500.00")
    assert [a.amount for a in d.aging if a.bucket == "1-30"] == ["1,500.00 EUR, 900,000 JPY"]
    assert d.dso["JPY"] == Decimal("54.0")  # no November sales (23 days), all of October (31)


def test_customer_text_is_escaped_in_html_and_plain_in_text(engine: Engine) -> None:
    from sqlalchemy import update

    from assistant.rendering.digest import render_fragment, render_html
    from assistant.store.db import transaction
    from assistant.store.models import CustomerRow, DisputeRow

    seeded = seed(engine)
    with transaction(engine) as s:
        s.execute(update(CustomerRow).where(CustomerRow.id == seeded.customers["B"])
                  .values(name="<script>alert(1)</script> & Co"))
        s.execute(update(DisputeRow).values(reason='<img src=x onerror="alert(2)">'))
    d = build_digest(engine, Settings(), NOW)
    for html in (render_html(d, "cid:x"), str(render_fragment(d))):
        assert "<script>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    text = render_text(d)
    assert "* <script>alert(1)</script> & Co [INV-B1, INV-B2] 7,000.00 EUR" in text
    assert "&lt;" not in text


def test_next_action_from_the_dunning_policy_when_nothing_else_is_due(engine: Engine) -> None:
    """Once A's promise is gone, A's next action is the policy's next reminder: INV-A2 (due
    11-10) had overdue_7, so overdue_14 on 11-24; INV-A1's pre_due (11-28) comes later."""
    from sqlalchemy import delete, update

    from assistant.store.db import transaction
    from assistant.store.models import HoldRow, PromiseRow, ReminderSentRow, VerificationRow

    seeded = seed(engine)
    a2 = seeded.invoices["INV-A2"]
    with transaction(engine) as s:
        s.execute(delete(PromiseRow).where(PromiseRow.invoice_pk == a2))
        s.execute(delete(VerificationRow).where(VerificationRow.invoice_pk == a2))
        s.execute(update(HoldRow).where(HoldRow.invoice_pk == a2).values(active=False))
        s.add(ReminderSentRow(invoice_pk=a2, customer_pk=seeded.customers["A"], step="overdue_7", outbox_pk=None,
                              created_at=NOW))
    d = build_digest(engine, Settings(), NOW)
    (a,) = [c for o in d.owners for c in o.conversations if c.id == seeded.threads["A"]]
    assert (a.next_action, a.next_date) == ("reminder overdue_14", date(2026, 11, 24))
    with transaction(engine) as s:  # not sent yet: the step reached goes out at the next pass
        s.execute(delete(ReminderSentRow))
    d = build_digest(engine, Settings(), NOW)
    (a,) = [c for o in d.owners for c in o.conversations if c.id == seeded.threads["A"]]
    assert (a.next_action, a.next_date) == ("reminder overdue_7", date(2026, 11, 23))
