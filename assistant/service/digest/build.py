"""The weekly digest: what is waiting, for how long, for how much, and what happens next.

`build_digest` reads snapshots of the store (`digest_queries`) and computes the figures
with `assistant.core.digest`; the same `now` and the same store give the same digest,
chart bytes included. Days are counted on the calendar of the digest's time zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.core.digest import (
    AgingLine,
    Change,
    ConversationLine,
    Digest,
    FigureLine,
    Line,
    OwnerSection,
    earliest_action,
    iso_week,
    ledger_figures,
    next_dunning_step,
    overdue_on,
    week_bounds,
    week_ends,
    week_figures,
    whole_days,
)
from assistant.core.ledger import AGING_BUCKETS, Invoice
from assistant.core.money import Money
from assistant.core.policy import StepDates
from assistant.core.statuses import PromiseStatus
from assistant.errors import AssistantError
from assistant.rendering.chart import render_chart
from assistant.service.dunning.accounts import load_accounts
from assistant.service.dunning.policy_file import load_for
from assistant.settings import Settings
from assistant.store.db import session_factory
from assistant.store.queries import digest as q

UNASSIGNED = "unassigned"
TREND_WEEKS = 8


def digest_zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.digest.timezone or settings.company.timezone)


def build_digest(engine: Engine, settings: Settings, now: datetime) -> Digest:
    zone = digest_zone(settings)
    today = now.astimezone(zone).date()
    base = settings.web.base_url.rstrip("/")
    digest = Digest(now, today, iso_week(today), settings.company.name, base,
                    dispute_limit_days=settings.digest.dispute_limit_days)
    week_start, week_end = week_bounds(now)
    previous_start = week_start - timedelta(days=7)
    with session_factory(engine)() as session:
        invoices, payments = q.ledger(session)
        threads = q.open_threads(session, today)
        promises = q.promises(session)
        disputes = q.open_disputes(session)
        plans = q.plans_in_default(session, today)
        waiting = q.pending_suggestions(session, now - timedelta(hours=24))
        bounced = q.bounced_contacts(session)
        customer_threads = q.threads_by_customer(session)
        quarantined = q.quarantine(session)
        replies = q.replies_seen(session, previous_start)
        decisions = q.suggestions_seen(session, previous_start)
        dunning = _next_dunning(session, settings, now, today)

    def link(thread_pk: int | None) -> str:
        return f"{base}/conversations/{thread_pk}" if thread_pk is not None else f"{base}/queue"

    digest.owners = _owner_sections(threads, now, zone, link, dunning)
    for p in promises:
        amount = str(Money(p.amount, p.currency))
        if p.status == PromiseStatus.OPEN and today <= p.promised_date <= today + timedelta(days=6):
            digest.promises_due.append(Line(p.customer, f"{p.invoice}: {amount} promised",
                                            p.promised_date.isoformat(), link(p.thread_pk)))
        elif p.status == PromiseStatus.BROKEN and p.resolved_at is not None and p.resolved_at >= week_start:
            digest.promises_broken.append(Line(p.customer, f"{p.invoice}: {amount} not received",
                                               p.promised_date.isoformat(), link(p.thread_pk)))
        elif p.status == PromiseStatus.OPEN and p.promised_date < today:
            digest.promises_broken.append(Line(p.customer, f"{p.invoice}: {amount} date passed, not yet seen",
                                               p.promised_date.isoformat(), link(p.thread_pk)))
    for d in disputes:
        days_open = (today - d.created_at.astimezone(zone).date()).days
        if days_open > settings.digest.dispute_limit_days:
            digest.disputes_overdue.append(Line(
                d.customer, f"{d.invoice} ({Money(d.balance, d.currency)}), owner {d.owner}: {d.reason}",
                f"open {days_open} days", link(d.thread_pk)))
    for plan in plans:
        missed = ", ".join(f"#{n} due {due.isoformat()} ({Money(amount, plan.currency)})"
                           for n, due, amount in plan.missed)
        digest.plans_in_default.append(Line(
            plan.customer, f"plan of {Money(plan.total, plan.currency)}: " + (missed or "marked defaulted"),
            plan.status, link(plan.thread_pk)))
    for s in waiting:
        hours = int((now - s.created_at).total_seconds() // 3600)
        digest.suggestions_waiting.append(Line(s.customer, f"{s.intent}: {s.action}", f"waiting {hours} h",
                                               f"{base}/suggestions/{s.id}"))
    for b in bounced:
        thread_pk = customer_threads.get(b.customer_pk)
        digest.bounced.append(Line(b.customer, f"{b.email} bounced" + (f": {b.reason}" if b.reason else ""),
                                   b.since.astimezone(zone).date().isoformat(),
                                   link(thread_pk) if thread_pk is not None else f"{base}/bounces"))
    for m in quarantined:
        digest.quarantined.append(Line(f"message {m.id}", m.reason + (f": {m.error}" if m.error else ""),
                                       m.received_at.astimezone(zone).date().isoformat(),
                                       f"{base}/quarantine/{m.id}"))
    _ledger_figures(digest, invoices, payments, settings.company.currency)
    digest.this_week = week_figures(replies, decisions, week_start, week_end)
    digest.last_week = week_figures(replies, decisions, previous_start, week_start)
    digest.figures = _figure_lines(digest)
    digest.chart_png = render_chart([(a.bucket, a.totals.get(digest.chart_currency, Decimal(0)))
                                     for a in digest.aging], digest.trend, digest.chart_currency)
    return digest


def _owner_sections(threads: Iterable[q.ThreadSnapshot], now: datetime, zone: ZoneInfo,
                    link: Callable[[int | None], str], dunning: dict[int, tuple[date, str]]) -> list[OwnerSection]:
    grouped: dict[str, list[ConversationLine]] = defaultdict(list)
    for t in threads:
        totals: dict[str, Decimal] = {}
        for _, balance, currency, _ in t.invoices:
            totals[currency] = totals.get(currency, Decimal(0)) + balance
        candidates: list[tuple[date | None, str]] = []
        candidates += [(created.astimezone(zone).date(), f"decide the suggested reply ({action})")
                       for created, action in t.pending_suggestions]
        candidates += [(due, f"check the ledger ({kind})") for due, kind in t.verifications]
        candidates += [(promised, "promised payment due") for promised in t.promises]
        candidates += [(due, "plan instalment due") for due in t.instalments]
        candidates += [(None, f"resolve the dispute ({owner})") for owner in t.dispute_owners]
        if t.customer_pk in dunning:
            candidates.append(dunning[t.customer_pk])
        action, when = earliest_action(candidates)
        owner = t.dispute_owners[0] if t.dispute_owners else UNASSIGNED
        grouped[owner].append(ConversationLine(
            t.id, t.customer, t.subject, t.intent or "none yet", whole_days(t.last_customer_at, now),
            whole_days(t.last_ours_at, now),
            ", ".join(str(Money(v, c)) for c, v in sorted(totals.items())) or "-",
            ", ".join(number for number, _, _, _ in t.invoices), action, when, link(t.id)))
    sections = []
    for owner in sorted(grouped, key=lambda o: (o == UNASSIGNED, o)):
        lines = sorted(grouped[owner], key=lambda c: (-(c.days_since_customer if c.days_since_customer is not None
                                                         else -1), c.id))
        sections.append(OwnerSection(owner, lines))
    return sections


def _next_dunning(session: Session, settings: Settings, now: datetime, today: date) -> dict[int, tuple[date, str]]:
    """customer_pk -> the next reminder step and its date, from the dunning policy; nothing
    when the policy cannot be read (the send-due pass reports that itself)."""
    try:
        policy = load_for(settings, check_templates=False).policy
    except AssistantError:
        return {}
    found: dict[int, tuple[date, str]] = {}
    memo: StepDates = {}
    for account in load_accounts(session, policy, now):
        step = next_dunning_step(policy, account, today, memo)
        if step is not None:
            found[account.customer_pk] = step
    return found


def _ledger_figures(digest: Digest, invoices: list[Invoice], payments: dict[str, list[tuple[date, Decimal]]],
                    default_currency: str) -> None:
    today = digest.today
    figures = ledger_figures(invoices, today)
    for name, _, _ in AGING_BUCKETS:
        totals = dict(sorted(figures.aging.totals.get(name, {}).items()))
        digest.aging.append(AgingLine(name, figures.aging.counts.get(name, 0),
                                      ", ".join(str(Money(v, c)) for c, v in totals.items()) or "-", totals))
    digest.dso = figures.dso_days

    def as_of(day: date) -> dict[str, Decimal]:
        after = {number: sum((a for paid_on, a in paid if paid_on > day), Decimal(0))
                 for number, paid in payments.items()}
        return overdue_on(invoices, after, day)

    digest.overdue = as_of(today)
    digest.overdue_previous = as_of(today - timedelta(days=7))
    ends = week_ends(today, TREND_WEEKS)
    history = [as_of(day) for day in ends]
    # Amounts in different currencies do not compare (795,297 JPY is not more than 148,062
    # EUR): the chart shows the company's currency, else the one with most open invoices.
    counts: dict[str, int] = {}
    for invoice in invoices:
        if not invoice.is_paid():
            counts[invoice.currency] = counts.get(invoice.currency, 0) + 1
    if default_currency in counts or not counts:
        digest.chart_currency = default_currency
    else:
        digest.chart_currency = max(sorted(counts), key=lambda c: counts[c])
    digest.trend = [(day.strftime("%d %b"), h.get(digest.chart_currency, Decimal(0))) for day, h in zip(ends, history,
                                                                                                         strict=True)]


def _figure_lines(digest: Digest) -> list[FigureLine]:
    this, last = digest.this_week, digest.last_week
    assert this is not None and last is not None
    lines = []
    for currency in sorted(set(digest.overdue) | set(digest.overdue_previous)):
        now_v, before = digest.overdue.get(currency, Decimal(0)), digest.overdue_previous.get(currency, Decimal(0))
        lines.append(FigureLine(f"Overdue ({currency})", str(Money(now_v, currency)), str(Money(before, currency)),
                                _money_change(now_v - before, currency)))
    lines.append(_line("Replies received", Change(this.replies, last.replies), "{:.0f}", "{:+.0f}"))
    lines.append(_line("Approved unchanged", Change(_pct(this.approved_unchanged_share),
                                                    _pct(last.approved_unchanged_share)),
                       "{:.0f}%", "{:+.0f} points"))
    lines.append(_line("Median first response", Change(this.median_first_response_hours,
                                                       last.median_first_response_hours), "{:.1f} h", "{:+.1f} h"))
    return lines


def _money_change(delta: Decimal, currency: str) -> str:
    if delta == 0:
        return "no change"
    return ("+" if delta > 0 else "-") + str(Money(abs(delta), currency))


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100


def _line(name: str, change: Change, shown: str, delta: str) -> FigureLine:
    def fmt(v: float | None) -> str:
        return "n/a" if v is None else shown.format(v)

    return FigureLine(name, fmt(change.current), fmt(change.previous),
                      "n/a" if change.delta is None else _signed(change.delta, delta))


def _signed(value: float, pattern: str) -> str:
    return "no change" if value == 0 else pattern.format(value)
