"""A message arrives: judged and parsed once, stored with its position, handled with that
parse, and what was read in it is stored once; duplicates and junk are not handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select

from assistant.service.inbound.intake import assess
from assistant.service.inbound.receive import receive
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.mailbox import open_folder
from assistant.store.models.inbound import InboundMessageRow, MessageReadingRow
from intents.mime.parse import parse_message

BOX = "handoff@imap.example/INBOX"


def mail(n: int) -> bytes:
    return (f"From: Pat <ap@c{n}.example>\r\nTo: ar@billing.example\r\nSubject: Invoice INV-100{n}\r\n"
            f"Message-ID: <handoff-{n}@c.example>\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\n\r\n"
            f"We paid invoice INV-100{n} yesterday.\r\n\r\nOn Thu, 19 Nov 2026, AR <ar@billing.example> wrote:\r\n"
            f"> Invoice INV-100{n} is overdue.\r\n").encode()


def readings(engine: Engine) -> list[MessageReadingRow]:
    with transaction(engine) as session:
        return list(session.scalars(select(MessageReadingRow).order_by(MessageReadingRow.inbound_pk)))


def test_intake_parse_is_the_one_handed_on() -> None:
    raw = mail(1)
    intake = assess(raw, 1_000_000)
    assert intake.parsed == parse_message(raw)
    assert (intake.sender, intake.subject) == ("ap@c1.example", "Invoice INV-1001")


def test_a_received_message_is_stored_handled_and_read_once(engine: Engine, now: datetime,
                                                            intent_model: object) -> None:
    open_folder(engine, BOX, 7, now)
    assert receive(engine, Settings(), BOX, 7, 1, mail(1), None, now) == "processed"
    (reading,) = readings(engine)
    assert reading.reply_text == "We paid invoice INV-1001 yesterday."
    assert "Invoice INV-1001 is overdue." in reading.quoted_text
    assert reading.sender_name == "Pat" and reading.primary_intent == "already-paid"
    assert reading.entities["invoice_numbers"] == ["INV-1001"]
    with transaction(engine) as session:
        row = session.scalars(select(InboundMessageRow)).one()
        assert (row.status, row.sender, row.subject) == ("processed", "ap@c1.example", "Invoice INV-1001")


def test_duplicates_and_quarantined_messages_are_not_handled(engine: Engine, now: datetime,
                                                             intent_model: object) -> None:
    open_folder(engine, BOX, 7, now)
    assert receive(engine, Settings(), BOX, 7, 2, mail(2), None, now) == "processed"
    assert receive(engine, Settings(), BOX, 7, 3, mail(2), None, now) == "duplicate"
    assert receive(engine, Settings(), BOX, 7, 4, b"\x00\x01 not mail at all", None, now) == "quarantined"
    assert len(readings(engine)) == 1
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(InboundMessageRow)) == 2
