"""The outbox against a real SMTP server: idempotent keys, headers, threading, attachments,
retries on 4xx, bounces on 5xx, and rows left in 'sending' by a crash."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine, select

from assistant.mail.compose import OutgoingEmail, thread_key_for_customer
from assistant.service.holds import place_hold
from assistant.service.outbox.delivery import deliver_due
from assistant.service.outbox.enqueue import enqueue
from assistant.store.db import transaction
from assistant.store.models import ContactRow, OutboxRow
from assistant.wiring import smtp_connector
from tests.dunning.conftest import add_customer, add_invoice, settings_for
from tests.servers.smtp import SmtpTestServer


def _reminder(customer_pk: int, invoice_pks: tuple[int, ...], to: str = "ap@c1.example",
              subject: str = "Reminder", numbers: tuple[str, ...] = ()) -> OutgoingEmail:
    return OutgoingEmail(kind="reminder", to=(to,), subject=subject, body_text="Please pay.",
                         body_html="<p>Please pay.</p>", customer_pk=customer_pk,
                         thread_key=thread_key_for_customer("C1"), step="overdue_7", invoice_pks=invoice_pks,
                         attachments=tuple({"invoice_number": n} for n in numbers))


def test_enqueue_is_idempotent_on_key(engine: Engine, now) -> None:
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    with transaction(engine) as s:
        a = enqueue(s, _reminder(c, (inv,)), "k1", now)
        b = enqueue(s, _reminder(c, (inv,), subject="other"), "k1", now)
        assert a.id == b.id
    with transaction(engine) as s:
        assert len(list(s.scalars(select(OutboxRow)))) == 1


def test_delivery_headers_threading_and_pdf(engine: Engine, now, smtp_server: SmtpTestServer, tmp_path) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1")
    pdf = tmp_path / "inv2.pdf"
    pdf.write_bytes(b"%PDF-1.4 ledger copy")
    i1 = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    i2 = add_invoice(engine, c, "INV-2", date(2026, 11, 1), pdf_path=str(pdf))
    with transaction(engine) as s:
        first = enqueue(s, _reminder(c, (i1,), numbers=("INV-1",)), "k1", now, settings)
    with transaction(engine) as s:
        second = enqueue(s, _reminder(c, (i1, i2), numbers=("INV-1", "INV-2")), "k2", now, settings)
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert report.sent == 2 and report.connections == 1
    m1, m2 = (r.message for r in smtp_server.messages)
    assert m1["Message-ID"] == first.message_id and first.message_id.endswith("@billing.example>")
    assert m2["In-Reply-To"] == first.message_id
    assert m2["References"] == first.message_id
    assert m1["From"].endswith("<ar@billing.example>")
    assert m1.get_body(("plain",)).get_content().strip() == "Please pay."
    assert "<p>Please pay.</p>" in m1.get_body(("html",)).get_content()
    atts = {a.get_filename(): a.get_content() for a in m2.iter_attachments()}
    assert atts["INV-2.pdf"] == b"%PDF-1.4 ledger copy"
    assert atts["INV-1.pdf"].startswith(b"%PDF-1.4") and b"Invoice INV-1" in atts["INV-1.pdf"]
    with transaction(engine) as s:
        assert {r.status for r in s.scalars(select(OutboxRow))} == {"sent"}
    # Nothing is sent twice.
    assert deliver_due(engine, settings, now + timedelta(hours=1), smtp_connector(settings)).sent == 0
    assert second.message_id != first.message_id


def test_temporary_failure_retries_with_backoff(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server, retry_base_seconds=60, max_attempts=3)
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    smtp_server.reject("ap@c1.example", 451, times=2)
    with transaction(engine) as s:
        enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
    assert deliver_due(engine, settings, now, smtp_connector(settings)).retried == 1
    # Not due again until the backoff has passed.
    assert deliver_due(engine, settings, now + timedelta(seconds=59), smtp_connector(settings)).retried == 0
    assert deliver_due(engine, settings, now + timedelta(seconds=60), smtp_connector(settings)).retried == 1
    assert deliver_due(engine, settings, now + timedelta(seconds=179), smtp_connector(settings)).sent == 0
    assert deliver_due(engine, settings, now + timedelta(seconds=180), smtp_connector(settings)).sent == 1
    assert len(smtp_server.messages) == 1
    with transaction(engine) as s:
        row = s.scalars(select(OutboxRow)).one()
        assert (row.status, row.attempts) == ("sent", 3)


def test_gives_up_after_max_attempts(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server, retry_base_seconds=1, max_attempts=2)
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    smtp_server.reject("ap@c1.example", 450)
    with transaction(engine) as s:
        enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
    deliver_due(engine, settings, now, smtp_connector(settings))
    assert deliver_due(engine, settings, now + timedelta(seconds=5), smtp_connector(settings)).failed == 1
    with transaction(engine) as s:
        assert s.scalars(select(OutboxRow.status)).one() == "failed"


def test_connection_error_is_retried(engine: Engine, now) -> None:
    settings = settings_for(engine, None)  # port 1: nothing listens
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    with transaction(engine) as s:
        enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert report.retried == 1
    with transaction(engine) as s:
        row = s.scalars(select(OutboxRow)).one()
        assert row.status == "queued" and "connection" in (row.error or "")


def test_permanent_failure_marks_contact_bounced(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    smtp_server.reject("ap@c1.example", 550)
    with transaction(engine) as s:
        enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
    assert deliver_due(engine, settings, now, smtp_connector(settings)).failed == 1
    with transaction(engine) as s:
        assert s.scalars(select(ContactRow.status)).one() == "bounced"
        assert s.scalars(select(OutboxRow.status)).one() == "failed"


def test_bounced_address_is_not_written_to(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    with transaction(engine) as s:
        s.execute(ContactRow.__table__.update().values(status="bounced"))
        enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert report.cancelled == {"bounced": 1} and smtp_server.messages == []


def test_ledger_is_reread_right_before_sending(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1")
    paid = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    held = add_invoice(engine, c, "INV-2", date(2026, 11, 1))
    with transaction(engine) as s:
        enqueue(s, _reminder(c, (paid,)), "k1", now, settings)
        enqueue(s, _reminder(c, (held,)), "k2", now, settings)
    # After planning: a payment lands, a dispute is opened.
    with transaction(engine) as s:
        from assistant.store.models import InvoiceRow

        s.get_one(InvoiceRow, paid).balance = 0  # type: ignore[assignment]
        place_hold(s, held, "dispute", None, "test", now)
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert report.sent == 0 and report.cancelled == {"paid": 1, "hold-dispute": 1}
    assert smtp_server.messages == []


def test_row_left_sending_is_flagged_not_resent(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    with transaction(engine) as s:
        row = enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
        row.status = "sending"  # as a process killed mid-send leaves it
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert report.unknown == 1 and report.sent == 0 and smtp_server.messages == []
    with transaction(engine) as s:
        assert s.scalars(select(OutboxRow.status)).one() == "unknown"


def test_unreachable_server_stops_the_pass_early(engine: Engine, now) -> None:
    settings = settings_for(engine, None)  # port 1: nothing listens
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    with transaction(engine) as s:
        for n in range(3):
            enqueue(s, _reminder(c, (inv,)), f"k{n}", now, settings)
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert report.deferred and report.retried == 1
    with transaction(engine) as s:
        assert sorted(s.scalars(select(OutboxRow.attempts))) == [0, 0, 1]


def test_one_refused_recipient_of_two(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1", cc=("gone@c1.example",))
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    smtp_server.reject("gone@c1.example", 550)
    email = _reminder(c, (inv,))
    with transaction(engine) as s:
        enqueue(s, OutgoingEmail(**{**email.__dict__, "cc": ("gone@c1.example",)}), "k1", now, settings)
    assert deliver_due(engine, settings, now, smtp_connector(settings)).sent == 1
    assert smtp_server.messages[0].rcpt_tos == ["ap@c1.example"]
    with transaction(engine) as s:
        statuses = dict(s.execute(select(ContactRow.email, ContactRow.status)).all())
        assert statuses == {"ap@c1.example": "active", "gone@c1.example": "bounced"}


def test_data_replies(engine: Engine, now, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    smtp_server.reject_data(451, 554)
    with transaction(engine) as s:
        enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
        enqueue(s, _reminder(c, (inv,)), "k2", now, settings)
    report = deliver_due(engine, settings, now, smtp_connector(settings))
    assert (report.retried, report.failed, report.sent) == (1, 1, 0)
    with transaction(engine) as s:
        assert s.scalars(select(ContactRow.status)).one() == "active"  # a DATA refusal is not a bad address
    assert deliver_due(engine, settings, now + timedelta(minutes=5), smtp_connector(settings)).sent == 1


def test_enqueue_without_settings_keeps_our_domain_and_sender(engine: Engine, now,
                                                              smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c = add_customer(engine, "C1")
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    with transaction(engine) as s:
        first = enqueue(s, _reminder(c, (inv,)), "k1", now, settings)
    with transaction(engine) as s:
        reply = enqueue(s, OutgoingEmail(kind="reply", to=("ap@c1.example",), subject="Re: INV-1",
                                         body_text="Thanks.", thread_key=thread_key_for_customer("C1"),
                                         customer_pk=c), "reply:1", now)
    assert reply.message_id.endswith("@billing.example>") and reply.in_reply_to == first.message_id
    deliver_due(engine, settings, now, smtp_connector(settings))
    assert [m.message["From"] for m in smtp_server.messages] == ["Example Ltd <ar@billing.example>"] * 2


def test_reminder_retry_waits_for_the_send_window(engine: Engine, smtp_server: SmtpTestServer) -> None:
    from datetime import UTC, datetime

    settings = settings_for(engine, smtp_server, retry_base_seconds=120)
    c = add_customer(engine, "C1")  # Europe/London, GB
    inv = add_invoice(engine, c, "INV-1", date(2026, 11, 1))
    friday_late = datetime(2026, 11, 20, 16, 59, tzinfo=UTC)
    smtp_server.reject("ap@c1.example", 451, times=1)
    with transaction(engine) as s:
        enqueue(s, _reminder(c, (inv,)), "k1", friday_late, settings)
    assert deliver_due(engine, settings, friday_late, smtp_connector(settings)).retried == 1
    assert deliver_due(engine, settings, friday_late + timedelta(minutes=3), smtp_connector(settings)).waiting == 1
    assert deliver_due(engine, settings, datetime(2026, 11, 21, 10, tzinfo=UTC), smtp_connector(settings)).waiting == 1  # Saturday
    assert smtp_server.messages == []
    assert deliver_due(engine, settings, datetime(2026, 11, 23, 9, 0, tzinfo=UTC), smtp_connector(settings)).sent == 1
    # Replies approved by staff are not reminders: they go out whenever they are due.
    with transaction(engine) as s:
        enqueue(s, OutgoingEmail(kind="reply", to=("ap@c1.example",), subject="Re: INV-1", body_text="Noted.",
                                 customer_pk=c), "reply:1", friday_late, settings)
    assert deliver_due(engine, settings, datetime(2026, 11, 21, 22, tzinfo=UTC), smtp_connector(settings)).sent == 1
