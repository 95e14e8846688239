"""Storing inbound messages exactly once, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from assistant.service.inbound.receive import handle, store_message
from assistant.service.inbound.replies import Handled, handle_inbound
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.mailbox import mark_flagged, open_folder, unflagged_uids, waiting_ids
from assistant.store.models.inbound import InboundMessageRow, MailboxStateRow

BOX = "ar@example.com@imap.example.com/INBOX"
LIMIT = 25 * 1024 * 1024
MAX_UIDVALIDITY = 2**32 - 1  # RFC 3501: nz-number, 32 bits unsigned


def mail(n: int, message_id: bool = True) -> bytes:
    mid = f"Message-ID: <m{n}@customer.example>\r\n" if message_id else ""
    return f"From: a@customer.example\r\nSubject: n{n}\r\n{mid}\r\nbody {n}\r\n".encode()


def rows(engine: Engine) -> list[InboundMessageRow]:
    with transaction(engine) as session:
        return list(session.scalars(select(InboundMessageRow).order_by(InboundMessageRow.id)))


def last_uid(engine: Engine) -> int:
    with transaction(engine) as session:
        state = session.get(MailboxStateRow, BOX)
        assert state is not None
        return state.last_uid


def test_same_uid_twice_is_a_duplicate(engine: Engine, now: datetime) -> None:
    assert open_folder(engine, BOX, MAX_UIDVALIDITY, now) == 0
    first = store_message(engine, BOX, MAX_UIDVALIDITY, MAX_UIDVALIDITY, mail(1), now, LIMIT, now)
    again = store_message(engine, BOX, MAX_UIDVALIDITY, MAX_UIDVALIDITY, mail(1), now, LIMIT, now)
    assert first.outcome == "stored" and again.outcome == "duplicate"
    (row,) = rows(engine)
    assert (row.uidvalidity, row.uid, row.message_id, row.status) == (
        MAX_UIDVALIDITY, MAX_UIDVALIDITY, "<m1@customer.example>", "received")
    assert row.sha256 == __import__("hashlib").sha256(mail(1)).hexdigest()
    assert last_uid(engine) == MAX_UIDVALIDITY


def test_new_uidvalidity_restarts_at_uid_1_and_dedupes_by_message_id_and_hash(
        engine: Engine, now: datetime) -> None:
    open_folder(engine, BOX, 100, now)
    for uid in (1, 2):
        store_message(engine, BOX, 100, uid, mail(uid), None, LIMIT, now)
    assert open_folder(engine, BOX, 100, now) == 2
    assert open_folder(engine, BOX, 200, now) == 0  # every old UID is void
    outcomes = [store_message(engine, BOX, 200, uid, mail(uid), None, LIMIT, now).outcome
                for uid in (1, 2)]
    assert outcomes == ["duplicate", "duplicate"]
    assert last_uid(engine) == 2
    # Same Message-ID, different bytes: a different message (kept).
    edited = mail(1).replace(b"body 1", b"body one")
    assert store_message(engine, BOX, 200, 3, edited, None, LIMIT, now).outcome == "stored"
    assert len(rows(engine)) == 3


def test_messages_without_message_id_dedupe_on_the_hash(engine: Engine, now: datetime) -> None:
    open_folder(engine, BOX, 7, now)
    a = store_message(engine, BOX, 7, 1, mail(1, message_id=False), None, LIMIT, now)
    b = store_message(engine, BOX, 7, 2, mail(1, message_id=False), None, LIMIT, now)
    c = store_message(engine, BOX, 7, 3, mail(2, message_id=False), None, LIMIT, now)
    assert [a.outcome, b.outcome, c.outcome] == ["stored", "duplicate", "stored"]
    assert [r.message_key for r in rows(engine)] == ["", ""]


def test_last_uid_never_goes_back(engine: Engine, now: datetime) -> None:
    open_folder(engine, BOX, 7, now)
    store_message(engine, BOX, 7, 10, mail(10), None, LIMIT, now)
    store_message(engine, BOX, 7, 4, mail(4), None, LIMIT, now)
    assert last_uid(engine) == 10


def test_unreadable_and_oversized_mail_is_kept_in_quarantine(engine: Engine, now: datetime) -> None:
    open_folder(engine, BOX, 7, now)
    junk = store_message(engine, BOX, 7, 1, b"\x89PNG\r\n\x1a\nnot mail", None, LIMIT, now)
    big = store_message(engine, BOX, 7, 2, mail(2), None, 10, now)
    assert (junk.outcome, big.outcome) == ("quarantined", "quarantined")
    first, second = rows(engine)
    assert (first.reason, first.raw) == ("unparseable", b"\x89PNG\r\n\x1a\nnot mail")
    assert (second.reason, second.message_id) == ("too-large", "<m2@customer.example>")
    assert waiting_ids(engine) == []


def test_keywords_are_tracked_per_uid(engine: Engine, now: datetime) -> None:
    open_folder(engine, BOX, 7, now)
    for uid in (1, 2, 3):
        store_message(engine, BOX, 7, uid, mail(uid), None, LIMIT, now)
    assert unflagged_uids(engine, BOX, 7) == [1, 2, 3]
    mark_flagged(engine, BOX, 7, [1, 3], now + timedelta(seconds=1))
    assert unflagged_uids(engine, BOX, 7) == [2]
    assert unflagged_uids(engine, BOX, 8) == []


def test_handler_failure_quarantines_that_message_with_the_error(engine: Engine, now: datetime) -> None:
    open_folder(engine, BOX, 7, now)
    ok = store_message(engine, BOX, 7, 1, mail(1), None, LIMIT, now).inbound_id
    bad = store_message(engine, BOX, 7, 2, mail(2), None, LIMIT, now).inbound_id
    assert ok is not None and bad is not None
    assert waiting_ids(engine) == [ok, bad]

    def handler(engine: Engine, settings: Settings, inbound_id: int, now: datetime, **kw: object) -> Handled:
        if inbound_id == bad:
            raise ValueError("no conversation for this reply")
        return handle_inbound(engine, settings, inbound_id, now)

    assert handle(engine, Settings(), ok, now, handler=handler) == "processed"
    assert handle(engine, Settings(), bad, now, handler=handler) == "quarantined"
    first, second = rows(engine)
    assert (first.status, first.processed_at) == ("processed", now)
    assert (second.status, second.reason) == ("quarantined", "handler-failed")
    assert second.error == "ValueError: no conversation for this reply"
    assert waiting_ids(engine) == []


def test_the_handler_claims_a_message_once(engine: Engine, now: datetime) -> None:
    open_folder(engine, BOX, 7, now)
    inbound_id = store_message(engine, BOX, 7, 1, mail(1), None, LIMIT, now).inbound_id
    assert inbound_id is not None
    assert handle(engine, Settings(), inbound_id, now) == "processed"
    assert handle(engine, Settings(), inbound_id, now + timedelta(seconds=1)) == "skipped"
    assert (rows(engine)[0].status, rows(engine)[0].processed_at) == ("processed", now)


@pytest.mark.parametrize("status", ["processed", "quarantined"])
def test_a_message_claimed_elsewhere_is_reported_skipped(engine: Engine, now: datetime, status: str) -> None:
    open_folder(engine, BOX, 7, now)
    inbound_id = store_message(engine, BOX, 7, 1, mail(1), None, LIMIT, now).inbound_id
    assert inbound_id is not None
    with transaction(engine) as session:  # another listener got there first
        session.get_one(InboundMessageRow, inbound_id).status = status
    assert handle(engine, Settings(), inbound_id, now) == "skipped"
    assert rows(engine)[0].status == status  # left to whoever claimed it
