"""Carry out follow-ups in the store: move invoice states, place holds, record promises,
disputes, plans and verifications, and draft one suggested reply per action.

The decisions themselves are pure (`assistant.core.conversation`, `assistant.core.followups`,
`assistant.core.plans`); this module only writes down what they decided.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from assistant.core.conversation import reply_event
from assistant.core.followups import Facts, Followup, FollowupPolicy, followup
from assistant.core.plans import HandToStaff, PlanPolicy, offer_plan
from assistant.core.statuses import (
    Action,
    DisputeStatus,
    HoldReason,
    InstalmentStatus,
    MatchFlag,
    PlanStatus,
    PromiseStatus,
    SuggestionStatus,
    VerificationStatus,
)
from assistant.rendering.replies import render_reply
from assistant.service.followup.states import current_state, known_states, move
from assistant.service.holds import place_hold, release_holds
from assistant.settings import ConversationSettings, Settings
from assistant.store.models import (
    CustomerRow,
    DisputeRow,
    InstalmentRow,
    InvoiceRow,
    PaymentPlanRow,
    PromiseRow,
    SuggestionRow,
    VerificationRow,
)


@dataclass(frozen=True)
class ReplyContext:
    """The message being followed up, as the drafts need it."""

    thread_pk: int
    customer_pk: int | None
    inbound_pk: int | None
    sender: str | None
    to: tuple[str, ...]
    subject: str
    message_id: str | None
    references: tuple[str, ...]
    reply_text: str
    flags: tuple[str, ...] = ()


@dataclass
class Assignment:
    invoice: InvoiceRow
    facts: Facts
    evidence: str | None = None
    outcome: Followup | None = None


@dataclass
class Drafted:
    suggestion_ids: list[int] = field(default_factory=list)


def followup_policy(cs: ConversationSettings) -> FollowupPolicy:
    return FollowupPolicy(cs.not_received_grace_days, cs.promise_grace_days, cs.verification_business_days,
                          cs.min_confidence)


def plan_policy(cs: ConversationSettings) -> PlanPolicy:
    return PlanPolicy(cs.plan_max_instalments, Decimal(cs.plan_min_instalment), cs.plan_max_months,
                      Decimal(cs.plan_staff_threshold), cs.plan_first_due_days, cs.plan_reminder_days_before)


def apply_followups(session: Session, settings: Settings, ctx: ReplyContext, assignments: list[Assignment],
                    now: datetime, actor: str = "system") -> list[SuggestionRow]:
    today = now.date()
    policy = followup_policy(settings.conversations)
    groups: dict[tuple[str, str | None, str], list[Assignment]] = defaultdict(list)
    known = known_states(session, [a.invoice for a in assignments])
    for a in assignments:
        state = known.pop(a.invoice.id, None)  # used once: a second move of the same invoice reads again
        before = state.state if state is not None else current_state(session, a.invoice)
        event = reply_event(before, a.facts.intent, ctx.reply_text)
        moved = move(session, a.invoice, event, now, thread_pk=ctx.thread_pk, inbound_pk=ctx.inbound_pk,
                     confidence=a.facts.confidence, evidence=a.evidence, actor=actor, known=state)
        a.outcome = followup(a.facts, moved.before, moved.after, today, policy) if not moved.refused else \
            Followup(Action.TRIAGE, None, note=f"{event.key} not allowed in state {moved.before.value}")
        _record(session, ctx, a, now, settings.conversations.dispute_owner)
        groups[(a.outcome.action, a.outcome.template, a.facts.intent)].append(a)
    drafts: list[SuggestionRow] = []
    for (action, template, intent), members in groups.items():
        if action == Action.POSTPONE:
            continue  # machine mail is logged, never answered
        drafts.append(_draft(session, settings, ctx, action, template, intent, members, now))
    return drafts


def _record(session: Session, ctx: ReplyContext, a: Assignment, now: datetime, owner: str) -> None:
    f = a.outcome
    assert f is not None
    pk = a.invoice.id
    source = f"reply:{ctx.inbound_pk}" if ctx.inbound_pk else "staff"
    if f.hold is not None:
        if f.hold.reason in (HoldReason.PROMISE, HoldReason.PLAN, HoldReason.AUTO_REPLY, HoldReason.GRACE):
            release_holds(session, pk, f.hold.reason, now)  # the newer date replaces the older
        place_hold(session, pk, f.hold.reason, f.hold.until, source, now, note=f.note or None)
    if f.promise_date is not None:
        session.execute(update(PromiseRow).where(PromiseRow.invoice_pk == pk, PromiseRow.status == PromiseStatus.OPEN)
                        .values(status=PromiseStatus.REPLACED, resolved_at=now))
        session.add(PromiseRow(invoice_pk=pk, thread_pk=ctx.thread_pk, promised_date=f.promise_date,
                               amount=a.invoice.balance, currency=a.invoice.currency, status=PromiseStatus.OPEN,
                               created_at=now, resolved_at=None))
    if f.verification is not None:
        session.add(VerificationRow(invoice_pk=pk, thread_pk=ctx.thread_pk, kind=f.verification.kind,
                                    due_date=f.verification.due, status=VerificationStatus.PENDING,
                                    created_at=now))
    if f.action == Action.OPEN_DISPUTE:
        session.add(DisputeRow(invoice_pk=pk, thread_pk=ctx.thread_pk, reason=(a.evidence or ctx.reply_text)[:2000],
                               owner=owner, status=DisputeStatus.OPEN, created_at=now, resolved_at=None))


def _invoice_view(inv: InvoiceRow) -> dict[str, str]:
    return {"number": inv.invoice_number, "amount": f"{inv.amount:.2f}", "balance": f"{inv.balance:.2f}",
            "currency": inv.currency, "due_date": inv.due_date.isoformat()}


def _draft(session: Session, settings: Settings, ctx: ReplyContext, action: str, template: str | None,
           intent: str, members: list[Assignment], now: datetime) -> SuggestionRow:
    invoices = [m.invoice for m in members]
    customer = session.get(CustomerRow, ctx.customer_pk) if ctx.customer_pk else None
    total = sum((i.balance for i in invoices), Decimal(0))
    currency = invoices[0].currency if invoices else settings.company.currency
    plan: list[dict[str, str]] = []
    flags = list(ctx.flags)
    if action == Action.OFFER_PAYMENT_PLAN and customer is not None:
        offer = offer_plan(total, currency, now.date(), plan_policy(settings.conversations))
        if isinstance(offer, HandToStaff):
            action, template = Action.HAND_TO_STAFF, None
            flags.append(MatchFlag.PLAN_ABOVE_THRESHOLD)
        else:
            plan = _store_plan(session, ctx, customer.id, invoices, offer.total, currency, offer.instalments, now)
    if action == Action.CONFIRM_PLAN and customer is not None:
        plan = _activate_plan(session, customer.id, now)
    outcome = members[0].outcome
    due = outcome.verification.due if outcome and outcome.verification else None
    context: dict[str, Any] = {
        "customer_name": customer.name if customer else "", "company_name": settings.company.name,
        "numbers": ", ".join(i.invoice_number for i in invoices) or ctx.subject,
        "invoices": [_invoice_view(i) for i in invoices], "total": f"{total:.2f}", "currency": currency,
        "promised_date": outcome.promise_date.isoformat() if outcome and outcome.promise_date else "",
        "due": due.isoformat() if due else "", "plan": plan, "owner": settings.conversations.dispute_owner}
    rendered = render_reply(template or "triage", customer.language if customer else None, context)
    subject = ctx.subject if ctx.subject.lower().startswith(("re:", "aw:", "sv:")) else f"Re: {ctx.subject}"
    subject = subject if ctx.subject.strip() else rendered.subject
    if outcome is not None and outcome.note:
        flags.append(outcome.note)
    confidence = min((m.facts.confidence for m in members), default=None)
    attachments = [{"invoice_number": i.invoice_number} for i in invoices] if action == Action.RESEND_INVOICE else []
    to = ctx.to if action != Action.MARK_BOUNCED else ()
    row = SuggestionRow(
        thread_pk=ctx.thread_pk, customer_pk=ctx.customer_pk, inbound_pk=ctx.inbound_pk,
        invoice_pks=[i.id for i in invoices], invoice_numbers=[i.invoice_number for i in invoices], intent=intent,
        action=action, status=SuggestionStatus.PENDING, language=rendered.language, to_addrs=list(to), subject=subject,
        body=rendered.body, drafted_body=rendered.body, attachments=attachments, in_reply_to=ctx.message_id,
        references=" ".join([*ctx.references, *([ctx.message_id] if ctx.message_id else [])]) or None,
        due=due, confidence=confidence, evidence=next((m.evidence for m in members if m.evidence), None),
        flags=flags, edited=False, created_at=now)
    session.add(row)
    session.flush()
    return row


def _store_plan(session: Session, ctx: ReplyContext, customer_pk: int, invoices: list[InvoiceRow], total: Decimal,
                currency: str, instalments: Any, now: datetime) -> list[dict[str, str]]:
    session.execute(update(PaymentPlanRow).where(PaymentPlanRow.customer_pk == customer_pk,
                                                 PaymentPlanRow.status == PlanStatus.OFFERED)
                    .values(status=PlanStatus.DECLINED))
    plan = PaymentPlanRow(thread_pk=ctx.thread_pk, customer_pk=customer_pk, invoice_pks=[i.id for i in invoices],
                          status=PlanStatus.OFFERED, total=total, currency=currency, created_at=now, accepted_at=None)
    session.add(plan)
    session.flush()
    if instalments:  # one executemany: nothing here needs the instalments' ids
        session.execute(insert(InstalmentRow), [
            {"plan_pk": plan.id, "number": inst.number, "due_date": inst.due_date, "amount": inst.amount,
             "remind_on": inst.remind_on, "status": InstalmentStatus.SCHEDULED, "reminded_at": None} for inst in instalments])
    return [{"number": str(i.number), "amount": f"{i.amount:.2f}", "currency": currency,
             "due_date": i.due_date.isoformat()} for i in instalments]


def _activate_plan(session: Session, customer_pk: int, now: datetime) -> list[dict[str, str]]:
    plan = session.scalar(select(PaymentPlanRow).where(PaymentPlanRow.customer_pk == customer_pk,
                                                       PaymentPlanRow.status == PlanStatus.OFFERED)
                          .order_by(PaymentPlanRow.id.desc()).limit(1))
    if plan is None:
        return []
    plan.status, plan.accepted_at = PlanStatus.ACTIVE, now
    rows = session.scalars(select(InstalmentRow).where(InstalmentRow.plan_pk == plan.id).order_by(InstalmentRow.number))
    return [{"number": str(i.number), "amount": f"{i.amount:.2f}", "currency": plan.currency,
             "due_date": i.due_date.isoformat()} for i in rows]
