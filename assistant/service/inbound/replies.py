"""Use case: follow up one stored inbound message.

parse + understand (outside any transaction: the model is the slow part) -> match to the
customer, thread and invoices -> one transaction that claims the message (a conditional
UPDATE from 'received', so two listeners never handle it twice), moves the invoice states,
writes holds, promises, disputes, plans and verifications, and drafts the suggested
replies. Machine mail is handled here too: an auto-reply postpones the next reminder past
its return date and notes an alternate contact; a bounce marks the address.

Auto-send (`[conversations] auto_send`) approves a draft at once only for a listed intent,
with a confident classification, from a known sender of the matched customer, and never
when Authentication-Results reports a DMARC failure.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from assistant.core.followups import Facts
from assistant.core.statuses import (
    Action,
    ContactRole,
    ContactSource,
    ContactStatus,
    InboundStatus,
    Intent,
    MatchFlag,
    MatchMethod,
    SuggestionStatus,
)
from assistant.rendering.replies import render_reply
from assistant.service.followup.effects import Assignment, ReplyContext, apply_followups
from assistant.service.followup.states import ensure_thread
from assistant.service.followup.suggestions import approve_in_session
from assistant.service.inbound.matching import Match, customer_by_sender, match_message
from assistant.service.inbound.reading import reading_of
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import (
    AuditRow,
    ContactRow,
    CustomerRow,
    InboundMessageRow,
    InvoiceRow,
    OutboxRow,
    SuggestionRow,
)
from intents.mime.parse import ParsedMessage, header_all, parse_message
from intents.understand import Understanding, understand_parsed

log = logging.getLogger(__name__)
ADDRESS = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
NEVER_AUTO_SEND_FLAGS = (MatchFlag.SPOOFED_SENDER, MatchFlag.DMARC_FAIL, MatchFlag.UNMATCHED)
# Drafts that are a task for a person, never an email sent on their own.
NEVER_AUTO_SENT_ACTIONS = (Action.TRIAGE, Action.HAND_TO_STAFF, Action.MARK_BOUNCED)


@dataclass
class Handled:
    inbound_id: int
    intent: str = Intent.OTHER
    match_method: str = MatchMethod.NONE
    suggestion_ids: list[int] = field(default_factory=list)
    auto_sent: list[int] = field(default_factory=list)
    skipped: bool = False

    @property
    def processed(self) -> bool:
        """Whether this call claimed the message and committed it as 'processed'."""
        return not self.skipped


def handle_inbound(engine: Engine, settings: Settings, inbound_id: int, now: datetime,
                   parsed: ParsedMessage | None = None) -> Handled:
    """Follow up one stored message; `parsed`: the parse made when it was stored, if at hand."""
    with transaction(engine) as session:
        row = session.get(InboundMessageRow, inbound_id)
        if row is None or row.status != InboundStatus.RECEIVED:
            return Handled(inbound_id, skipped=True)
        msg = parsed if parsed is not None else parse_message(row.raw)
        if _our_own(session, settings, msg.from_address, msg.message_id):
            # A copy of mail we sent (Bcc to the shared mailbox, a mail loop): never answer ourselves.
            row.status, row.processed_at, row.updated_at = InboundStatus.PROCESSED, now, now
            session.add(AuditRow(at=now, actor="system", action="reply.ignored", subject_type="inbound",
                                 subject_id=str(inbound_id), detail={"reason": "sent by us"}))
            return Handled(inbound_id, skipped=True)
        by_sender = customer_by_sender(session, msg.from_address)
        sender_pk = by_sender[0]
        known = list(session.scalars(select(InvoiceRow.invoice_number)
                                     .where(InvoiceRow.customer_pk == sender_pk))) if sender_pk else []
    understanding = understand_parsed(msg, known_invoices=known)
    machine = understanding.machine
    entities = understanding.entities
    with transaction(engine) as session:
        claimed = session.execute(update(InboundMessageRow)
                                  .where(InboundMessageRow.id == inbound_id,
                                         InboundMessageRow.status == InboundStatus.RECEIVED)
                                  .values(status=InboundStatus.PROCESSED, processed_at=now, updated_at=now)
                                  .execution_options(synchronize_session=False))
        if not getattr(claimed, "rowcount", 0):
            return Handled(inbound_id, skipped=True)
        session.add(reading_of(inbound_id, msg, understanding, now))
        # Held for the whole transaction: the session keeps loaded rows only while something
        # refers to them, and matching, the drafts and the recipients all read this customer.
        customer = session.get(CustomerRow, sender_pk) if sender_pk else None
        match = match_message(
            session, sender=msg.from_address, in_reply_to=msg.in_reply_to, references=msg.references,
            bounce_original=machine.original_message_id if machine and machine.kind == Intent.BOUNCE else None,
            invoice_numbers=entities.invoice_numbers, amount=entities.amount,
            auth_results=header_all(msg, "Authentication-Results"),
            fuzzy_threshold=settings.conversations.fuzzy_threshold, sender_customer=by_sender)
        thread = ensure_thread(session, match.customer_pk,
                               match.thread_key if match.customer_pk else f"triage:inbound:{inbound_id}",
                               msg.subject, now)
        if match.customer_pk != sender_pk:
            customer = session.get(CustomerRow, match.customer_pk) if match.customer_pk else None
        handled = Handled(inbound_id, understanding.primary_intent, match.method)
        if machine is not None and machine.kind == Intent.BOUNCE:
            _mark_bounced(session, match, machine.failed_recipients, machine.status, now)
        if machine is not None and machine.kind == Intent.AUTO_REPLY and machine.alternate_contact \
                and match.customer_pk:
            _note_alternate(session, match.customer_pk, machine.alternate_contact, now)
        invoices = list(session.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(match.invoice_pks))
                                        .order_by(InvoiceRow.id)))
        assignments = assign(understanding, invoices, remittance=any(
            a.content_type in ("application/pdf",) or (a.filename or "").lower().endswith(".pdf")
            for a in msg.attachments), country=customer.country if customer is not None else None)
        to = _recipients(session, match, msg.from_address)
        if any(a.facts.intent == Intent.NOT_RECEIVED for a in assignments) and match.known_sender \
                and MatchFlag.DMARC_FAIL not in match.flags and match.customer_pk is not None:
            to += _billing_addresses_named(session, settings, match.customer_pk, understanding.reply_text,
                                           (msg.from_address or "",), now)
        ctx = ReplyContext(thread.id, match.customer_pk, inbound_id, msg.from_address, to, msg.subject,
                           msg.message_id, tuple(msg.references), understanding.reply_text, match.flags)
        if not assignments:
            facts, _ = _facts(understanding, None, False, None)
            drafts = [_triage(session, settings, ctx, understanding.primary_intent, facts, now)]
        else:
            drafts = apply_followups(session, settings, ctx, assignments, now)
        handled.suggestion_ids = [d.id for d in drafts]
        for draft in drafts:
            if _may_auto_send(settings, draft, match, understanding.needs_human):
                approve_in_session(session, settings, draft.id, "auto-send", now)
                handled.auto_sent.append(draft.id)
        session.add(AuditRow(at=now, actor="system", action="reply.handled", subject_type="inbound",
                             subject_id=str(inbound_id),
                             detail={"intent": understanding.primary_intent, "match": match.method,
                                     "flags": list(match.flags), "suggestions": handled.suggestion_ids}))
    return handled


def _facts(understanding: Understanding, invoice: str | None, remittance: bool,
           country: str | None) -> tuple[Facts, str | None]:
    """What the reply says about one invoice: the intent stated for it, else the primary one."""
    results = understanding.intents
    chosen = next((r for r in results if invoice and r.invoice and r.invoice.upper() == invoice.upper()), None)
    if chosen is None:
        chosen = next((r for r in results if r.intent == understanding.primary_intent), results[0] if results else None)
    e = understanding.entities
    machine = understanding.machine
    facts = Facts(intent=chosen.intent if chosen else understanding.primary_intent,
                  confidence=chosen.confidence if chosen else 0.0, needs_human=understanding.needs_human,
                  promised_date=e.promised_date, paid_on=e.paid_on, payment_reference=e.payment_reference,
                  remittance_attached=remittance,
                  return_date=e.return_date or (machine.return_date if machine else None), country=country)
    return facts, chosen.evidence if chosen else None


def assign(understanding: Understanding, invoices: list[InvoiceRow], *, remittance: bool,
           country: str | None) -> list[Assignment]:
    """One assignment per invoice: a reply can carry several intents for several invoices."""
    return [Assignment(inv, *_facts(understanding, inv.invoice_number, remittance, country)) for inv in invoices]


def _triage(session: Session, settings: Settings, ctx: ReplyContext, intent: str, facts: Facts,
            now: datetime) -> SuggestionRow:
    """A message we could not tie to any invoice: a person decides, with a neutral draft."""
    customer = session.get(CustomerRow, ctx.customer_pk) if ctx.customer_pk else None
    rendered = render_reply("triage", customer.language if customer else None,
                            {"customer_name": customer.name if customer else "", "numbers": ctx.subject,
                             "company_name": settings.company.name})
    subject = ctx.subject if ctx.subject.lower().startswith("re:") else f"Re: {ctx.subject}".strip()
    row = SuggestionRow(
        thread_pk=ctx.thread_pk, customer_pk=ctx.customer_pk, inbound_pk=ctx.inbound_pk, invoice_pks=[],
        invoice_numbers=[], intent=intent, action=Action.TRIAGE, status=SuggestionStatus.PENDING,
        language=rendered.language,
        to_addrs=list(ctx.to) if intent not in (Intent.BOUNCE, Intent.AUTO_REPLY) else [], subject=subject,
        body=rendered.body, drafted_body=rendered.body, attachments=[], in_reply_to=ctx.message_id,
        references=" ".join([*ctx.references, *([ctx.message_id] if ctx.message_id else [])]) or None,
        due=None, confidence=facts.confidence, evidence=None, flags=[*ctx.flags, MatchFlag.NO_INVOICE], edited=False,
        created_at=now)
    session.add(row)
    session.flush()
    return row


def _our_own(session: Session, settings: Settings, sender: str | None, message_id: str | None) -> bool:
    if sender and sender.lower() == settings.smtp.from_address.lower():
        return True
    return bool(message_id) and session.scalar(
        select(OutboxRow.id).where(OutboxRow.message_id == message_id).limit(1)) is not None


def _recipients(session: Session, match: Match, sender: str | None) -> tuple[str, ...]:
    """Answer the sender, unless the sender may be an impostor: then the customer's own address."""
    if match.customer_pk is not None and (MatchFlag.SPOOFED_SENDER in match.flags or not sender):
        customer = session.get_one(CustomerRow, match.customer_pk)
        return (customer.email,) if customer.email else ()
    return (sender,) if sender else ()


def _may_auto_send(settings: Settings, draft: SuggestionRow, match: Match, needs_human: bool) -> bool:
    cs = settings.conversations
    return (draft.intent in cs.auto_send and draft.action not in NEVER_AUTO_SENT_ACTIONS
            and not needs_human and (draft.confidence or 0.0) >= cs.min_confidence and match.known_sender
            and not any(f in NEVER_AUTO_SEND_FLAGS for f in match.flags) and bool(draft.to_addrs))


def _mark_bounced(session: Session, match: Match, failed: tuple[str, ...], status: str | None,
                  now: datetime) -> None:
    """Mark the failed addresses (or, when the report names none, the original recipients)."""
    addresses = [a.lower() for a in failed]
    if not addresses and match.outbox_pk is not None:
        original = session.get(OutboxRow, match.outbox_pk)
        addresses = [a.lower() for a in (original.to_addrs if original else [])]
    for address in addresses:
        session.execute(update(ContactRow).where(func.lower(ContactRow.email) == address)
                        .values(status=ContactStatus.BOUNCED, status_reason=f"bounce {status or ''}".strip(),
                                updated_at=now))
        session.add(AuditRow(at=now, actor="system", action="contact.bounced", subject_type="contact",
                             subject_id=address, detail={"status": status}))


def _billing_addresses_named(session: Session, settings: Settings, customer_pk: int, text: str,
                             skip: tuple[str, ...], now: datetime) -> tuple[str, ...]:
    """"Please send it to invoices@customer.example": the billing contact the customer names
    is recorded and receives the invoice too (only from a known sender; see the spoof guard)."""
    ours = {settings.smtp.from_address.lower(), *(a.lower() for a in skip)}
    named = [a.lower().rstrip(".") for a in ADDRESS.findall(text)]
    found = tuple(dict.fromkeys(a for a in named if a not in ours))
    for address in found[:3]:
        exists = session.scalar(select(ContactRow.id).where(ContactRow.customer_pk == customer_pk,
                                                            func.lower(ContactRow.email) == address))
        if exists is None:
            session.add(ContactRow(customer_pk=customer_pk, email=address, role=ContactRole.BILLING,
                                   status=ContactStatus.ACTIVE, source=ContactSource.REPLY, created_at=now,
                                   updated_at=now))
    return found[:3]


def _note_alternate(session: Session, customer_pk: int, written: str, now: datetime) -> None:
    name, address = parseaddr(written)
    address = address.lower()
    if "@" not in address:
        return
    exists = session.scalar(select(ContactRow.id).where(ContactRow.customer_pk == customer_pk,
                                                        func.lower(ContactRow.email) == address))
    if exists is None:
        session.add(ContactRow(customer_pk=customer_pk, email=address, name=name or None, role=ContactRole.ALTERNATE,
                               status=ContactStatus.ACTIVE, source=ContactSource.AUTO_REPLY, created_at=now,
                               updated_at=now))
