"""The planner, table-driven: steps, business days, segments, pauses, grouping, caps, fees."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from assistant.core.late_fees import LateFeeRule, late_fee
from assistant.core.ledger import Segment
from assistant.core.policy import Account, OpenInvoice, Policy, plan, step_date
from assistant.core.segments import SegmentRules, SettledInvoice, segment_for
from assistant.service.dunning.policy_file import DEFAULT_POLICY, load_policy

POLICY: Policy = load_policy(DEFAULT_POLICY).policy
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday, 10:00 in London


def inv(due: date, pk: int = 1, balance: str = "100.00", holds: tuple[str, ...] = (),
        done: frozenset[str] = frozenset(), number: str | None = None, fee_charged: bool = False) -> OpenInvoice:
    return OpenInvoice(pk, number or f"INV-{pk}", due, Decimal("100.00"), Decimal(balance), "EUR", holds, done,
                       fee_charged)


def acct(*invoices: OpenInvoice, segment: Segment = Segment.NEW, tz: str = "Europe/London", country: str = "GB",
         opted_out: bool = False, to: tuple[str, ...] = ("ap@c.example",), cc: tuple[str, ...] = (),
         recent: tuple[datetime, ...] = (), language: str = "en") -> Account:
    return Account(1, "C1", "C1 Ltd", language, tz, country, segment, opted_out, to, cc, invoices, recent)


@pytest.mark.parametrize(("due", "segment", "step", "tone"), [
    (date(2026, 11, 26), Segment.NEW, "pre_due", "friendly"),
    (date(2026, 11, 27), Segment.NEW, None, None),             # pre-due date is tomorrow
    (date(2026, 11, 22), Segment.NEW, "overdue_1", "friendly"),
    (date(2026, 11, 20), Segment.NEW, "overdue_1", "friendly"),  # day 1 is Saturday: moved to Monday
    (date(2026, 11, 16), Segment.NEW, "overdue_7", "firm"),
    (date(2026, 11, 9), Segment.NEW, "overdue_14", "firm"),
    (date(2026, 10, 24), Segment.NEW, "final_notice", "stern"),
    (date(2026, 11, 16), Segment.GOOD, "overdue_1", "friendly"),  # good payers: 3 more days, softer
    (date(2026, 11, 13), Segment.GOOD, "overdue_7", "friendly"),
    (date(2026, 11, 16), Segment.CHRONIC, "overdue_7", "stern"),  # chronic: firmer at once
    (date(2026, 11, 26), Segment.CHRONIC, "pre_due", "firm"),
])
def test_step_and_tone(due: date, segment: Segment, step: str | None, tone: str | None) -> None:
    result = plan([acct(inv(due), segment=segment)], POLICY, NOW)
    got = [(r.step.name, r.tone) for r in result.reminders]
    assert got == ([(step, tone)] if step else [])


def test_collections_is_flagged_not_emailed() -> None:
    result = plan([acct(inv(date(2026, 10, 9)))], POLICY, NOW)
    assert result.reminders == [] and [f.step.name for f in result.collections] == ["collections"]


@pytest.mark.parametrize(("due", "country", "expected"), [
    (date(2026, 12, 24), "DE", date(2026, 12, 28)),  # day 1 = Christmas; 26th holiday; 27th Sunday
    (date(2026, 12, 24), "GB", date(2026, 12, 29)),  # GB also keeps Monday 28th (Boxing Day substitute)
    (date(2026, 11, 10), "FR", date(2026, 11, 12)),  # day 1 = 11 November, Armistice Day
    (date(2026, 11, 10), "DE", date(2026, 11, 11)),
])
def test_step_dates_skip_the_customers_holidays(due: date, country: str, expected: date) -> None:
    overdue_1 = next(s for s in POLICY.steps if s.name == "overdue_1")
    assert step_date(POLICY, overdue_1, due, acct(country=country)) == expected


def test_business_day_offsets() -> None:
    policy = replace(POLICY, offset_unit="business_days")
    overdue_7 = next(s for s in policy.steps if s.name == "overdue_7")
    # Seven business days after Friday 13 November 2026 is Tuesday 24 November.
    assert step_date(policy, overdue_7, date(2026, 11, 13), acct()) == date(2026, 11, 24)
    assert step_date(POLICY, overdue_7, date(2026, 11, 13), acct()) == date(2026, 11, 20)


OVERDUE_7 = date(2026, 11, 16)


@pytest.mark.parametrize(("account", "now", "reason"), [
    (acct(inv(OVERDUE_7)), NOW, None),  # the baseline is planned: every case below changes one thing
    (acct(inv(OVERDUE_7, holds=("dispute",))), NOW, "dispute"),
    (acct(inv(OVERDUE_7, holds=("promise",))), NOW, "promise"),
    (acct(inv(OVERDUE_7, holds=("plan",))), NOW, "plan"),
    (acct(inv(OVERDUE_7, holds=("collections",))), NOW, "collections"),
    (acct(inv(OVERDUE_7, holds=("grace",))), NOW, "grace"),
    (acct(inv(OVERDUE_7), opted_out=True), NOW, "opted-out"),
    (acct(inv(OVERDUE_7), to=(), cc=()), NOW, "bounced"),
    (acct(inv(OVERDUE_7), to=(), cc=("cc@c.example",)), NOW, None),  # billing bounced, cc still reachable
    (acct(inv(OVERDUE_7)), NOW.replace(hour=18), "outside-send-window"),
    (acct(inv(OVERDUE_7)), NOW.replace(hour=8, minute=59), "outside-send-window"),
    (acct(inv(OVERDUE_7)), NOW + timedelta(days=5), "outside-send-window"),  # Saturday
    (acct(inv(date(2026, 12, 18))), datetime(2026, 12, 25, 10, tzinfo=UTC), "outside-send-window"),  # Christmas
    (acct(inv(OVERDUE_7), tz="America/Los_Angeles", country="US"), NOW, "outside-send-window"),  # 02:00 there
    (acct(inv(OVERDUE_7), recent=(NOW - timedelta(days=1), NOW - timedelta(days=3))), NOW, "cap"),
])
def test_pause_conditions(account: Account, now: datetime, reason: str | None) -> None:
    result = plan([account], POLICY, now)
    if reason is None:
        assert len(result.reminders) == 1 and not result.skipped
    else:
        assert result.reminders == [] and result.skipped == {reason: 1}


@pytest.mark.parametrize("invoice", [
    inv(OVERDUE_7, balance="0"),                                 # paid
    inv(OVERDUE_7, done=frozenset({"overdue_7"})),               # this step already sent
    inv(OVERDUE_7, done=frozenset({"final_notice"})),            # a later step already sent
])
def test_nothing_to_do(invoice: OpenInvoice) -> None:
    result = plan([acct(invoice)], POLICY, NOW)
    assert result.reminders == [] and not result.skipped


def test_one_email_per_customer_per_step_listing_its_invoices() -> None:
    account = acct(inv(OVERDUE_7, 1), inv(date(2026, 11, 15), 2), inv(date(2026, 11, 26), 3),
                   inv(date(2026, 12, 20), 4))
    result = plan([account], POLICY, NOW)
    emails = {r.step.name: [i.pk for i in r.invoices] for r in result.reminders}
    assert emails == {"overdue_7": [2, 1], "pre_due": [3]}
    assert result.reminders[0].step.name == "overdue_7"  # most urgent first


def test_cap_keeps_the_most_urgent() -> None:
    account = acct(inv(OVERDUE_7, 1), inv(date(2026, 11, 26), 2), recent=(NOW - timedelta(days=6),))
    result = plan([account], POLICY, NOW)
    assert [r.step.name for r in result.reminders] == ["overdue_7"] and result.skipped == {"cap": 1}
    older = acct(inv(OVERDUE_7, 1), inv(date(2026, 11, 26), 2), recent=(NOW - timedelta(days=8),))
    assert len(plan([older], POLICY, NOW).reminders) == 2


def test_language_falls_back_to_default() -> None:
    assert plan([acct(inv(OVERDUE_7), language="de")], POLICY, NOW).reminders[0].language == "de"
    assert plan([acct(inv(OVERDUE_7), language="pt")], POLICY, NOW).reminders[0].language == "en"


def test_key_is_customer_step_and_invoice_set() -> None:
    a = plan([acct(inv(OVERDUE_7, 1), inv(OVERDUE_7, 2))], POLICY, NOW).reminders[0]
    b = plan([acct(inv(OVERDUE_7, 2), inv(OVERDUE_7, 1))], POLICY, NOW).reminders[0]
    c = plan([acct(inv(OVERDUE_7, 1))], POLICY, NOW).reminders[0]
    assert a.key == b.key != c.key and a.key.startswith("reminder:C1:overdue_7:")


def test_late_fees_off_by_default_and_never_twice() -> None:
    due = date(2026, 11, 9)  # at overdue_14
    assert plan([acct(inv(due))], POLICY, NOW).reminders[0].fees == {}
    fees_on = replace(POLICY, late_fees=LateFeeRule(enabled=True, method="fixed", at_step="overdue_14"))
    assert plan([acct(inv(due))], fees_on, NOW).reminders[0].fees == {1: Decimal("40.00")}
    assert plan([acct(inv(due, fee_charged=True))], fees_on, NOW).reminders[0].fees == {}
    assert plan([acct(inv(OVERDUE_7))], fees_on, NOW).reminders[0].fees == {}  # before the fee step


@pytest.mark.parametrize(("rule", "balance", "currency", "days", "fee"), [
    (LateFeeRule(enabled=False), "1000", "EUR", 30, "0"),
    (LateFeeRule(enabled=True, method="fixed", fixed_amount=Decimal("40")), "1000", "EUR", 30, "40.00"),
    (LateFeeRule(enabled=True, method="percentage", percentage=Decimal("1.5")), "1234.56", "EUR", 30, "18.52"),
    (LateFeeRule(enabled=True, method="percentage", percentage=Decimal("2")), "1000", "JPY", 30, "20"),
    # 10.15 % a year on 10,000.00 for 73 days: 10000 * 0.1015 * 73 / 365 = 203.00
    (LateFeeRule(enabled=True, method="statutory", reference_rate=Decimal("2.15"), margin_points=Decimal("8")),
     "10000", "EUR", 73, "203.00"),
    (LateFeeRule(enabled=True, method="fixed"), "1000", "EUR", 0, "0"),  # not overdue
])
def test_late_fee_amounts(rule: LateFeeRule, balance: str, currency: str, days: int, fee: str) -> None:
    assert late_fee(rule, Decimal(balance), currency, days) == Decimal(fee)


def _history(*days_late: int) -> list[SettledInvoice]:
    return [SettledInvoice(date(2026, 1, 1), date(2026, 1, 1) + timedelta(days=d)) for d in days_late]


@pytest.mark.parametrize(("history", "explicit", "segment"), [
    (_history(), None, Segment.NEW),
    (_history(0, 0), None, Segment.NEW),                 # too little history
    (_history(0, 0, 0, 2), None, Segment.GOOD),          # within the grace days
    (_history(0, 0, 0, 12), None, Segment.GOOD),         # an occasional slip
    (_history(0, 10, 12, 20), None, Segment.CHRONIC),    # late most of the time
    (_history(0, 0, 0, 90), None, Segment.CHRONIC),      # once, but very late on average
    (_history(0, 10, 12, 20), "good", Segment.GOOD),     # the ledger's own segment wins
    (_history(), "bogus", Segment.NEW),
])
def test_segments(history: list[SettledInvoice], explicit: str | None, segment: Segment) -> None:
    assert segment_for(history, SegmentRules(), explicit) == segment
