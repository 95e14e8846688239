"""Use case: one dunning pass at `now` (`send-due`).

Plan from the ledger, write each planned reminder to the outbox (with its reminder steps
and any late fee) in one transaction per batch, flag hand-overs to collections, then
deliver what is due. Planning runs under a pass lock and every write is keyed, so two
passes at once, or a pass every minute, send nothing extra.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.core.policy import CollectionsFlag, Plan, PlannedReminder, plan
from assistant.core.reminder_context import reminder_context
from assistant.core.statuses import HoldReason, OutboxKind
from assistant.mail.compose import OutgoingEmail, thread_key_for_customer
from assistant.service.dunning.accounts import load_accounts
from assistant.service.dunning.policy_file import LoadedPolicy, load_for
from assistant.service.holds import place_hold
from assistant.service.outbox.delivery import Connect, deliver_due
from assistant.service.outbox.enqueue import enqueue
from assistant.settings import Settings
from assistant.store.db import session_factory, transaction
from assistant.store.models import LateFeeRow, OutboxRow, ReminderSentRow
from assistant.store.pass_lock import pass_lock
from assistant.store.upsert import insert_ignore

BATCH = 500
MAX_ATTACHMENTS = 10


def plan_pass(engine: Engine, loaded: LoadedPolicy, now: datetime) -> Plan:
    with session_factory(engine)() as session:
        accounts = load_accounts(session, loaded.policy, now)
    return plan(accounts, loaded.policy, now)


def send_due(engine: Engine, settings: Settings, now: datetime, connect: Connect, dry_run: bool = False,
             loaded: LoadedPolicy | None = None) -> dict[str, Any]:
    """One pass; returns the JSON summary `{"planned", "sent", "skipped", ...}`. `connect`
    opens the SMTP connection for the delivery that ends the pass."""
    loaded = loaded or load_for(settings)
    if dry_run:
        result = plan_pass(engine, loaded, now)
        return _summary(result, 0, Counter(), extra={"dry_run": True})
    with pass_lock(engine, "dunning") as held:
        if not held:
            return {"planned": 0, "sent": 0, "skipped": {}, "busy": True}
        result = plan_pass(engine, loaded, now)
        for start in range(0, len(result.reminders), BATCH):
            with transaction(engine) as session:
                for reminder in result.reminders[start:start + BATCH]:
                    _write_reminder(session, settings, loaded, reminder, now)
        with transaction(engine) as session:
            for flag in result.collections:
                _flag_collections(session, flag, now)
    report = deliver_due(engine, settings, now, connect, window=loaded.policy)
    extra = {"collections": sum(len(f.invoices) for f in result.collections), "retrying": report.retried,
             "failed": report.failed, "unknown": report.unknown, "waiting": report.waiting}
    return _summary(result, report.sent, report.cancelled, extra)


def _summary(result: Plan, sent: int, cancelled: Counter[str], extra: dict[str, Any]) -> dict[str, Any]:
    skipped = Counter(result.skipped)
    skipped.update(cancelled)
    return {"planned": len(result.reminders), "sent": sent, "skipped": dict(sorted(skipped.items())), **extra}


def render_reminder(settings: Settings, loaded: LoadedPolicy, reminder: PlannedReminder) -> OutgoingEmail:
    account = reminder.account
    context = reminder_context(customer_name=account.name, customer_id=account.customer_id,
                               company_name=settings.company.name, language=reminder.language,
                               today=reminder.local_date, step=reminder.step.name, tone=reminder.tone,
                               invoices=reminder.invoices, fees=reminder.fees)
    rendered = loaded.templates.render(reminder.language, reminder.step.template, reminder.tone, context)
    to, cc = (account.to, account.cc) if account.to else (account.cc[:1], account.cc[1:])
    return OutgoingEmail(
        kind=OutboxKind.REMINDER, to=tuple(to), cc=tuple(cc), subject=rendered.subject, body_text=rendered.text,
        body_html=rendered.html, customer_pk=account.customer_pk,
        thread_key=thread_key_for_customer(account.customer_id), step=reminder.step.name,
        invoice_pks=tuple(i.pk for i in reminder.invoices),
        attachments=tuple({"invoice_number": i.number} for i in reminder.invoices[:MAX_ATTACHMENTS]))


def _write_reminder(session: Session, settings: Settings, loaded: LoadedPolicy, reminder: PlannedReminder,
                    now: datetime) -> OutboxRow:
    row = enqueue(session, render_reminder(settings, loaded, reminder), reminder.key, now, settings)
    insert_ignore(session, ReminderSentRow.__table__, [  # type: ignore[arg-type]
        {"invoice_pk": i.pk, "customer_pk": reminder.account.customer_pk, "step": reminder.step.name,
         "outbox_pk": row.id, "created_at": now} for i in reminder.invoices])
    if reminder.fees:
        rule = loaded.policy.late_fees
        currencies = {i.pk: i.currency for i in reminder.invoices}
        # One fee per invoice, ever: the unique invoice_pk makes a second insert a no-op.
        insert_ignore(session, LateFeeRow.__table__, [  # type: ignore[arg-type]
            {"invoice_pk": pk, "step": reminder.step.name, "method": rule.method, "amount": fee,
             "currency": currencies[pk], "created_at": now} for pk, fee in reminder.fees.items()])
    return row


def _flag_collections(session: Session, flag: CollectionsFlag, now: datetime) -> None:
    for invoice in flag.invoices:
        place_hold(session, invoice.pk, HoldReason.COLLECTIONS, None, "dunning", now,
                   note=f"handed over at step {flag.step.name}")
    insert_ignore(session, ReminderSentRow.__table__, [  # type: ignore[arg-type]
        {"invoice_pk": i.pk, "customer_pk": flag.account.customer_pk, "step": flag.step.name,
         "outbox_pk": None, "created_at": now} for i in flag.invoices])
