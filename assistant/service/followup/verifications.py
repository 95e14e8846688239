"""Scheduler jobs: due verifications and payment-plan instalment reminders.

A verification due today looks at the ledger (the source of truth for "is it paid?"):
- paid: the invoice moves to `paid`, its holds end, and a thank-you is drafted;
- "already paid" not found: remittance details are asked for (a draft for approval);
- a promise not kept: the promise is broken, its hold ends and dunning resumes.
Instalment reminders of active plans are queued in the outbox on their reminder date; the
customer agreed to the schedule, so they need no approval. A plan whose payments fall behind
its instalments (past the promise grace) defaults and dunning resumes; invoices the ledger
shows as paid move to `paid` and their holds end. Every job is idempotent: a row
is claimed with a conditional UPDATE before anything is written for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from assistant.core.conversation import Event, EventKind, State
from assistant.core.statuses import (
    Action,
    ContactRole,
    ContactStatus,
    HoldReason,
    InstalmentStatus,
    Intent,
    OutboxKind,
    PlanStatus,
    PromiseStatus,
    SuggestionStatus,
    VerificationKind,
    VerificationOutcome,
    VerificationStatus,
)
from assistant.mail.compose import OutgoingEmail, thread_key_for_customer
from assistant.rendering.replies import render_reply
from assistant.service.followup.states import current_state, move
from assistant.service.holds import release_holds
from assistant.service.outbox.enqueue import enqueue
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import (
    ContactRow,
    CustomerRow,
    InstalmentRow,
    InvoiceRow,
    InvoiceStateRow,
    PaymentPlanRow,
    PromiseRow,
    SuggestionRow,
    ThreadRow,
    VerificationRow,
)


@dataclass
class VerificationReport:
    found: int = 0
    not_found: int = 0
    promises_broken: int = 0
    instalment_reminders: int = 0
    paid: int = 0
    plans_defaulted: int = 0
    suggestion_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, int]:
        return {"found": self.found, "not_found": self.not_found, "promises_broken": self.promises_broken,
                "instalment_reminders": self.instalment_reminders, "paid": self.paid,
                "plans_defaulted": self.plans_defaulted}


def run_due(engine: Engine, settings: Settings, now: datetime) -> VerificationReport:
    report = VerificationReport()
    today = now.date()
    with transaction(engine) as session:
        due = list(session.scalars(select(VerificationRow.id).where(VerificationRow.status == VerificationStatus.PENDING,
                                                                    VerificationRow.due_date <= today)
                                   .order_by(VerificationRow.id)))
    for vid in due:
        with transaction(engine) as session:
            _verify(session, settings, vid, now, report)
    with transaction(engine) as session:
        reminders = list(session.scalars(
            select(InstalmentRow.id).join(PaymentPlanRow, PaymentPlanRow.id == InstalmentRow.plan_pk)
            .where(PaymentPlanRow.status == PlanStatus.ACTIVE,
                   InstalmentRow.status == InstalmentStatus.SCHEDULED,
                   InstalmentRow.remind_on <= today).order_by(InstalmentRow.id)))
    for iid in reminders:
        with transaction(engine) as session:
            _remind(session, settings, iid, now, report)
    with transaction(engine) as session:
        report.paid = record_payments(session, now)
    with transaction(engine) as session:
        report.plans_defaulted = check_plans(session, today - timedelta(days=settings.conversations.promise_grace_days),
                                             now)
    return report


def record_payments(session: Session, now: datetime) -> int:
    """Invoices the ledger shows as paid while their conversation still waits: `paid`, holds end."""
    rows = list(session.execute(
        select(InvoiceRow, InvoiceStateRow.thread_pk).join(InvoiceStateRow, InvoiceStateRow.invoice_pk == InvoiceRow.id)
        .where(InvoiceRow.balance <= 0, InvoiceStateRow.state.not_in([State.PAID.value, State.CLOSED.value]))))
    for invoice, thread_pk in rows:
        move(session, invoice, Event(EventKind.PAYMENT_RECORDED), now, thread_pk=thread_pk, detail={"source": "ledger"})
        release_holds(session, invoice.id, None, now)
        session.execute(update(PromiseRow).where(PromiseRow.invoice_pk == invoice.id, PromiseRow.status == PromiseStatus.OPEN)
                        .values(status=PromiseStatus.KEPT, resolved_at=now))
    for plan in session.scalars(select(PaymentPlanRow).where(PaymentPlanRow.status == PlanStatus.ACTIVE)):
        balances = session.scalars(select(InvoiceRow.balance).where(InvoiceRow.id.in_(plan.invoice_pks)))
        if all(b <= 0 for b in balances):
            plan.status = PlanStatus.COMPLETED
    return len(rows)


def check_plans(session: Session, overdue_before: date, now: datetime) -> int:
    """An active plan whose payments fall behind its instalments due before `overdue_before`
    defaults: dunning resumes for its invoices."""
    defaulted = 0
    for plan in list(session.scalars(select(PaymentPlanRow).where(PaymentPlanRow.status == PlanStatus.ACTIVE))):
        owed = sum((i.amount for i in session.scalars(select(InstalmentRow).where(
            InstalmentRow.plan_pk == plan.id, InstalmentRow.due_date < overdue_before))), Decimal(0))
        if owed <= 0:
            continue
        invoices = list(session.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(plan.invoice_pks))))
        paid = plan.total - sum((i.balance for i in invoices), Decimal(0))
        if paid >= owed:
            continue
        plan.status = PlanStatus.DEFAULTED
        defaulted += 1
        for invoice in invoices:
            release_holds(session, invoice.id, HoldReason.PLAN, now)
            if current_state(session, invoice) is State.PLAN_ACTIVE:
                move(session, invoice, Event(EventKind.PLAN_DEFAULTED), now, thread_pk=plan.thread_pk,
                     detail={"plan": plan.id, "owed": str(owed), "paid": str(paid)})
    return defaulted


def _claim(session: Session, model: type[VerificationRow] | type[InstalmentRow], pk: int, **values: object) -> bool:
    status = VerificationStatus.PENDING if model is VerificationRow else InstalmentStatus.SCHEDULED
    result = session.execute(update(model).where(model.id == pk, model.status == status).values(**values)
                             .execution_options(synchronize_session=False))
    return bool(getattr(result, "rowcount", 0))


def _verify(session: Session, settings: Settings, vid: int, now: datetime, report: VerificationReport) -> None:
    if not _claim(session, VerificationRow, vid, status=VerificationStatus.DONE, done_at=now):
        return
    v = session.get_one(VerificationRow, vid)
    invoice = session.get_one(InvoiceRow, v.invoice_pk)
    state = current_state(session, invoice)
    if invoice.balance <= 0:
        v.outcome = VerificationOutcome.FOUND
        report.found += 1
        if state not in (State.PAID, State.CLOSED):
            move(session, invoice, Event(EventKind.PAYMENT_RECORDED), now, thread_pk=v.thread_pk, detail={"verification": vid})
        for reason in (HoldReason.PROMISE, HoldReason.GRACE, HoldReason.PLAN):
            release_holds(session, invoice.id, reason, now)
        session.execute(update(PromiseRow).where(PromiseRow.invoice_pk == invoice.id, PromiseRow.status == PromiseStatus.OPEN)
                        .values(status=PromiseStatus.KEPT, resolved_at=now))
        report.suggestion_ids.append(_draft(session, settings, v, invoice, "payment_found", Action.ACKNOWLEDGE, now))
        return
    v.outcome = VerificationOutcome.NOT_FOUND
    if state not in (State.OPEN, State.REMINDED, State.PROMISED, State.VERIFYING):
        v.outcome = VerificationOutcome.SUPERSEDED  # a dispute, a plan or collections took over since
        return
    if v.kind == VerificationKind.PROMISE:
        report.promises_broken += 1
        session.execute(update(PromiseRow).where(PromiseRow.invoice_pk == invoice.id, PromiseRow.status == PromiseStatus.OPEN)
                        .values(status=PromiseStatus.BROKEN, resolved_at=now))
        release_holds(session, invoice.id, HoldReason.PROMISE, now)
        if state in (State.PROMISED, State.VERIFYING):
            move(session, invoice, Event(EventKind.PROMISE_LAPSED), now, thread_pk=v.thread_pk, detail={"verification": vid})
        return
    report.not_found += 1
    if state is State.VERIFYING:
        move(session, invoice, Event(EventKind.VERIFICATION_DUE), now, thread_pk=v.thread_pk, detail={"verification": vid})
    report.suggestion_ids.append(_draft(session, settings, v, invoice, "payment_not_found", Action.ASK_DETAILS, now))


def _draft(session: Session, settings: Settings, v: VerificationRow, invoice: InvoiceRow, template: str,
           action: str, now: datetime) -> int:
    customer = session.get_one(CustomerRow, invoice.customer_pk)
    view = {"number": invoice.invoice_number, "amount": f"{invoice.amount:.2f}", "balance": f"{invoice.amount:.2f}",
            "currency": invoice.currency, "due_date": invoice.due_date.isoformat()}
    rendered = render_reply(template, customer.language, {
        "customer_name": customer.name, "company_name": settings.company.name, "numbers": invoice.invoice_number,
        "invoices": [view]})
    last = session.scalar(select(SuggestionRow).where(SuggestionRow.thread_pk == v.thread_pk,
                                                      SuggestionRow.in_reply_to.is_not(None))
                          .order_by(SuggestionRow.id.desc()).limit(1)) if v.thread_pk else None
    row = SuggestionRow(
        thread_pk=v.thread_pk, customer_pk=customer.id, inbound_pk=None, invoice_pks=[invoice.id],
        invoice_numbers=[invoice.invoice_number], intent=Intent.ALREADY_PAID if v.kind == VerificationKind.ALREADY_PAID else Intent.SCHEDULED,
        action=action, status=SuggestionStatus.PENDING, language=rendered.language, to_addrs=_addresses(session, customer),
        subject=rendered.subject, body=rendered.body, drafted_body=rendered.body, attachments=[],
        in_reply_to=last.in_reply_to if last else None, references=last.references if last else None,
        due=v.due_date, confidence=None, evidence=None, flags=[f"verification:{v.outcome}"], edited=False,
        created_at=now)
    session.add(row)
    session.flush()
    return row.id


def _addresses(session: Session, customer: CustomerRow) -> list[str]:
    active = list(session.scalars(select(ContactRow.email).where(ContactRow.customer_pk == customer.id,
                                                                 ContactRow.status == ContactStatus.ACTIVE,
                                                                 ContactRow.role == ContactRole.BILLING)))
    return active or ([customer.email] if customer.email else [])


def _remind(session: Session, settings: Settings, iid: int, now: datetime, report: VerificationReport) -> None:
    if not _claim(session, InstalmentRow, iid, status=InstalmentStatus.REMINDED, reminded_at=now):
        return
    inst = session.get_one(InstalmentRow, iid)
    plan = session.get_one(PaymentPlanRow, inst.plan_pk)
    customer = session.get_one(CustomerRow, plan.customer_pk)
    paid_off = all(i.balance <= 0 for i in session.scalars(select(InvoiceRow)
                                                          .where(InvoiceRow.id.in_(plan.invoice_pks))))
    if paid_off:
        plan.status = PlanStatus.COMPLETED
        return
    rendered = render_reply("instalment_reminder", customer.language, {
        "customer_name": customer.name, "company_name": settings.company.name, "currency": plan.currency,
        "instalment": {"number": inst.number, "amount": f"{Decimal(inst.amount):.2f}",
                       "due_date": inst.due_date.isoformat()}})
    thread = session.get(ThreadRow, plan.thread_pk) if plan.thread_pk else None
    email = OutgoingEmail(kind=OutboxKind.REPLY, to=tuple(_addresses(session, customer)), subject=rendered.subject,
                          body_text=rendered.body, customer_pk=customer.id,
                          thread_key=thread.thread_key if thread else thread_key_for_customer(customer.customer_id),
                          step="instalment", invoice_pks=tuple(plan.invoice_pks))
    enqueue(session, email, f"instalment:{iid}", now, settings)
    report.instalment_reminders += 1
