"""Understand one customer message: MIME -> machine mail -> reply text -> entities -> intents.

`understand_message(raw)` takes a whole RFC 5322 message; `understand_body(subject, text)`
a body without MIME (the JSONL form of `classify --jsonl` and `eval`). Machine mail is
checked first: an auto-reply or a bounce is never a customer intent, and read receipts,
list mail, delay notices and complaints are `other`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from intents.classify.model import IntentModel, IntentResult, load_model
from intents.entities.extract import (
    DEFAULT_INVOICE_PATTERN,
    Entities,
    extract_entities,
    find_invoice_numbers,
)
from intents.normalize import Normalized, normalize, normalize_text

if TYPE_CHECKING:
    from intents.machine.detect import MachineMail
    from intents.mime.parse import ParsedMessage

CUSTOMER_FACING_MACHINE = ("auto-reply", "bounce")
MAX_ENTITY_CHARS = 20_000  # longer "replies" are pasted documents; their head holds the answer


@dataclass(frozen=True)
class Understanding:
    message_id: str | None
    from_address: str | None
    subject: str
    date: datetime | None
    reply_text: str
    primary_intent: str
    intents: tuple[IntentResult, ...]
    entities: Entities
    needs_human: bool
    machine: MachineMail | None = None
    quoted: str = ""  # the quoted history and the signature, kept for whoever shows the message
    signature: str | None = None

    def to_json(self) -> dict[str, object]:
        """The `classify` object of CONTRACT.md (without `file`, which the caller adds)."""
        return {
            "message_id": self.message_id,
            "from": self.from_address,
            "subject": self.subject,
            "reply_text": self.reply_text,
            "primary_intent": self.primary_intent,
            "intents": [i.to_json() for i in self.intents],
            "entities": self.entities.to_json(),
            "needs_human": self.needs_human,
        }


@dataclass(frozen=True)
class Options:
    known_invoices: Sequence[str] = ()
    date_order: str | None = None
    languages: Sequence[str] = ("en", "de", "fr", "es")
    invoice_pattern: str = DEFAULT_INVOICE_PATTERN


def understand_message(raw: bytes, *, known_invoices: Sequence[str] = (), date_order: str | None = None,
                       languages: Sequence[str] = ("en", "de", "fr", "es"),
                       invoice_pattern: str = DEFAULT_INVOICE_PATTERN,
                       model: IntentModel | None = None) -> Understanding:
    from intents.mime.parse import parse_message

    return understand_parsed(parse_message(raw), known_invoices=known_invoices, date_order=date_order,
                             languages=languages, invoice_pattern=invoice_pattern, model=model)


def understand_parsed(msg: ParsedMessage, *, known_invoices: Sequence[str] = (), date_order: str | None = None,
                      languages: Sequence[str] = ("en", "de", "fr", "es"),
                      invoice_pattern: str = DEFAULT_INVOICE_PATTERN,
                      model: IntentModel | None = None) -> Understanding:
    """`understand_message` for a message the caller has parsed already (parsing is not free)."""
    from intents.machine.detect import detect_machine_mail
    from intents.reply.text import extract_reply

    model = model or load_model()
    body = normalize_text(msg.text)
    machine = _written_evidence(detect_machine_mail(replace(msg, text=body.text, subject=normalize(msg.subject))), body)
    reply = extract_reply(msg.text, msg.html)
    return _understand(model, Options(known_invoices, date_order, languages, invoice_pattern),
                       message_id=msg.message_id, sender=msg.from_address, subject=msg.subject,
                       date=msg.date, reply=reply.reply, quoted=reply.quoted, signature=reply.signature,
                       machine=machine)


def understand_body(subject: str, text: str, *, sender: str | None = None, date: datetime | None = None,
                    message_id: str | None = None, known_invoices: Sequence[str] = (),
                    date_order: str | None = None, languages: Sequence[str] = ("en", "de", "fr", "es"),
                    invoice_pattern: str = DEFAULT_INVOICE_PATTERN,
                    model: IntentModel | None = None) -> Understanding:
    from intents.machine.detect import detect_machine_text
    from intents.reply.text import extract_reply

    model = model or load_model()
    body = normalize_text(text)
    machine = _written_evidence(detect_machine_text(normalize(subject), body.text, date=date, sender=sender), body)
    reply = extract_reply(text)
    return _understand(model, Options(known_invoices, date_order, languages, invoice_pattern),
                       message_id=message_id, sender=sender, subject=subject, date=date,
                       reply=reply.reply, quoted=reply.quoted, signature=reply.signature, machine=machine)


def _understand(model: IntentModel, opts: Options, *, message_id: str | None, sender: str | None,
                subject: str, date: datetime | None, reply: str, quoted: str, signature: str | None,
                machine: MachineMail | None) -> Understanding:
    # Everything below reads the normalised text (typography folded); what it points at
    # (the evidence) is mapped back to the customer's own words.
    read = normalize_text(reply)
    entities = extract_entities(read.text[:MAX_ENTITY_CHARS], reference=date, languages=opts.languages,
                                date_order=opts.date_order, known_invoices=opts.known_invoices,
                                invoice_pattern=opts.invoice_pattern)
    subject_invoices = find_invoice_numbers(normalize(subject), pattern=opts.invoice_pattern,
                                            known_invoices=opts.known_invoices)
    invoices = tuple(dict.fromkeys([*entities.invoice_numbers, *subject_invoices]))
    if machine is not None:
        if machine.kind == "auto-reply" and machine.return_date and not entities.return_date:
            entities = _replace(entities, return_date=machine.return_date)
        entities = _replace(entities, invoice_numbers=invoices)
        label = machine.kind if machine.kind in CUSTOMER_FACING_MACHINE else "other"
        result = IntentResult(label, machine.confidence, None, machine.evidence or None)
        return Understanding(message_id, sender, subject, date, reply, label, (result,), entities,
                             needs_human=False, machine=machine, quoted=quoted, signature=signature)
    quoted_read = normalize_text(quoted[:4000])
    quoted_invoices = find_invoice_numbers(quoted_read.text, pattern=opts.invoice_pattern,
                                           known_invoices=opts.known_invoices) if quoted else []
    fallback = list(dict.fromkeys([*subject_invoices, *quoted_invoices]))
    # An empty reply means the extractor found only "quoted" text, e.g. an answer written under
    # an Outlook header block: classify that rather than nothing, and have a person look.
    source = read if reply.strip() else quoted_read
    classification = model.classify(source.text, fallback_invoices=fallback, known_invoices=opts.known_invoices,
                                    invoice_pattern=opts.invoice_pattern)
    found = tuple(replace(r, evidence=source.find_original(r.evidence) or r.evidence) if r.evidence else r
                  for r in classification.intents)
    return Understanding(message_id, sender, subject, date, reply, classification.primary, found,
                         _replace(entities, invoice_numbers=invoices),
                         classification.needs_human or not reply.strip(), None, quoted, signature)


def _written_evidence(machine: MachineMail | None, body: Normalized) -> MachineMail | None:
    """Machine mail is recognised on the normalised body; its evidence is shown as written."""
    if machine is None or not machine.evidence:
        return machine
    return replace(machine, evidence=body.find_original(machine.evidence) or machine.evidence)


def intent_text(reply: str, quoted: str) -> str:
    """The text the classifier reads: the reply, or the quoted part when the reply is empty."""
    return reply if reply.strip() else quoted


def _replace(entities: Entities, **changes: object) -> Entities:
    return replace(entities, **changes)  # type: ignore[arg-type]
