"""The parse made when a message is stored is handed to the reply handler, once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from assistant.core.intake import sha256_hex
from assistant.service.inbound import store_message, take_parsed
from intents.mime import parse_message

BOX = "handoff@imap.example/INBOX"


def mail(n: int) -> bytes:
    return (f"From: ap@c{n}.example\r\nTo: ar@billing.example\r\nSubject: Invoice INV-{n}\r\n"
            f"Message-ID: <handoff-{n}@c.example>\r\n\r\nWe paid invoice INV-{n} yesterday.\r\n").encode()


def test_stored_message_parse_is_taken_once(engine: Engine, now: datetime) -> None:
    raw = mail(1)
    stored = store_message(engine, BOX, 7, 1, raw, None, 1_000_000, now)
    assert stored.outcome == "stored"
    taken = take_parsed(sha256_hex(raw))
    assert taken is not None and taken == parse_message(raw)
    assert take_parsed(sha256_hex(raw)) is None


def test_duplicates_and_quarantined_messages_leave_nothing(engine: Engine, now: datetime) -> None:
    raw = mail(2)
    store_message(engine, BOX, 7, 2, raw, None, 1_000_000, now)
    take_parsed(sha256_hex(raw))
    assert store_message(engine, BOX, 7, 3, raw, None, 1_000_000, now).outcome == "duplicate"
    assert take_parsed(sha256_hex(raw)) is None
    junk = b"\x00\x01 not mail at all"
    assert store_message(engine, BOX, 7, 4, junk, None, 1_000_000, now).outcome == "quarantined"
    assert take_parsed(sha256_hex(junk)) is None
