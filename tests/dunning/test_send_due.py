"""A whole dunning pass on both stores, sending to a real SMTP server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from assistant.service.dunning.send_due import send_due
from assistant.service.holds import place_hold, release_holds
from assistant.store.db import transaction
from assistant.store.models import (
    ContactRow,
    CustomerRow,
    HoldRow,
    InvoiceRow,
    OutboxRow,
    ReminderSentRow,
)
from assistant.wiring import smtp_connector
from tests.dunning.conftest import add_customer, add_invoice, add_payment, settings_for
from tests.servers.smtp import SmtpTestServer

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday
OVERDUE_7 = date(2026, 11, 16)


def test_pass_sends_once_and_second_pass_sends_nothing(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1", cc=("cfo@c1.example",))
    add_invoice(engine, c1, "INV-1", OVERDUE_7, amount="1200.00")
    add_invoice(engine, c1, "INV-2", date(2026, 11, 15), amount="300.00")
    c2 = add_customer(engine, "C2", language="de", timezone="Europe/Berlin", country="DE")
    add_invoice(engine, c2, "INV-3", date(2026, 11, 26))
    first = send_due(engine, settings, NOW, smtp_connector(settings))
    assert first["planned"] == 2 and first["sent"] == 2 and first["skipped"] == {}
    assert send_due(engine, settings, NOW, smtp_connector(settings)) == {**first, "planned": 0, "sent": 0, "collections": 0}
    assert send_due(engine, settings, NOW + timedelta(hours=2), smtp_connector(settings))["sent"] == 0
    assert len(smtp_server.messages) == 2
    m1 = smtp_server.to("ap@c1.example")[0]
    assert set(m1.rcpt_tos) == {"ap@c1.example", "cfo@c1.example"}
    msg = m1.message
    assert msg["Subject"] == "Second reminder: INV-2, INV-1"
    text = msg.get_body(("plain",)).get_content()
    assert "INV-1" in text and "INV-2" in text and "1,500.00 EUR" in text
    assert sorted(a.get_filename() for a in msg.iter_attachments()) == ["INV-1.pdf", "INV-2.pdf"]
    german = smtp_server.to("ap@c2.example")[0].message
    assert german["Subject"].startswith("Bald fällig") and "Rechnung INV-3" in german.get_body(("plain",)).get_content()


def test_customer_reminders_form_one_thread(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", date(2026, 11, 20))  # overdue_1 on Mon 23rd, overdue_7 on Fri 27th
    send_due(engine, settings, NOW, smtp_connector(settings))
    send_due(engine, settings, datetime(2026, 11, 27, 10, 0, tzinfo=UTC), smtp_connector(settings))
    send_due(engine, settings, datetime(2026, 12, 4, 10, 0, tzinfo=UTC), smtp_connector(settings))
    msgs = [m.message for m in smtp_server.messages]
    assert [m["Subject"].split(":")[0] for m in msgs] == ["Payment reminder", "Second reminder", "Third reminder"]
    ids = [m["Message-ID"] for m in msgs]
    assert msgs[0]["In-Reply-To"] is None
    assert msgs[1]["In-Reply-To"] == ids[0] and msgs[1]["References"] == ids[0]
    assert msgs[2]["In-Reply-To"] == ids[1] and msgs[2]["References"].split() == ids[:2]
    with transaction(engine) as s:
        assert set(s.scalars(select(OutboxRow.message_id))) == set(ids)


def test_caps_across_passes(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", OVERDUE_7)
    add_invoice(engine, c1, "INV-2", date(2026, 11, 26))
    add_invoice(engine, c1, "INV-3", date(2026, 11, 9))
    first = send_due(engine, settings, NOW, smtp_connector(settings))  # three steps due, cap 2
    assert first["sent"] == 2 and first["skipped"] == {"cap": 1}
    assert send_due(engine, settings, NOW + timedelta(days=3), smtp_connector(settings))["skipped"] == {"cap": 1}
    # A week later the cap has room again: INV-2 is now at overdue_1 (its pre-due reminder was
    # held back by the cap and is not sent late) and INV-1 has reached overdue_14.
    later = send_due(engine, settings, NOW + timedelta(days=7, hours=1), smtp_connector(settings))
    assert later["sent"] == 2 and later["skipped"] == {}
    subjects = sorted(m.message["Subject"] for m in smtp_server.messages[2:])
    assert subjects == ["Payment reminder: INV-2", "Third reminder: INV-1"]


def test_paid_between_passes_is_not_reminded(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    inv = add_invoice(engine, c1, "INV-1", date(2026, 11, 20))
    send_due(engine, settings, NOW, smtp_connector(settings))
    add_payment(engine, inv, "100.00", date(2026, 11, 24))
    with transaction(engine) as s:
        s.execute(update(InvoiceRow).values(balance=0))
    assert send_due(engine, settings, datetime(2026, 11, 27, 10, 0, tzinfo=UTC), smtp_connector(settings))["planned"] == 0
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize("reason", ["dispute", "promise", "plan", "collections"])
def test_holds_pause_and_release_resumes(engine: Engine, smtp_server: SmtpTestServer, reason: str) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    inv = add_invoice(engine, c1, "INV-1", OVERDUE_7)
    with transaction(engine) as s:
        place_hold(s, inv, reason, None, "test", NOW)
    summary = send_due(engine, settings, NOW, smtp_connector(settings))
    assert summary["planned"] == 0 and summary["skipped"] == {reason: 1} and smtp_server.messages == []
    with transaction(engine) as s:
        assert release_holds(s, inv, reason, NOW) == 1
    assert send_due(engine, settings, NOW, smtp_connector(settings))["sent"] == 1


def test_hold_with_until_date_expires(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    inv = add_invoice(engine, c1, "INV-1", OVERDUE_7)
    with transaction(engine) as s:
        place_hold(s, inv, "promise", date(2026, 11, 24), "reply", NOW)
    assert send_due(engine, settings, NOW, smtp_connector(settings))["skipped"] == {"promise": 1}
    assert send_due(engine, settings, NOW + timedelta(days=1), smtp_connector(settings))["skipped"] == {"promise": 1}
    assert send_due(engine, settings, NOW + timedelta(days=2), smtp_connector(settings))["sent"] == 1


def test_opted_out_and_bounced_customers(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1", opted_out=True)
    add_invoice(engine, c1, "INV-1", OVERDUE_7)
    c2 = add_customer(engine, "C2")
    add_invoice(engine, c2, "INV-2", OVERDUE_7)
    with transaction(engine) as s:
        s.execute(update(ContactRow).where(ContactRow.customer_pk == c2).values(status="bounced"))
    summary = send_due(engine, settings, NOW, smtp_connector(settings))
    assert summary["sent"] == 0 and summary["skipped"] == {"bounced": 1, "opted-out": 1}
    assert smtp_server.messages == []


def test_opt_out_after_planning_cancels_at_send_time(engine: Engine, smtp_server: SmtpTestServer) -> None:
    """The re-check right before sending, through the store: plan with delivery failing,
    then opt the customer out, then deliver."""
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", OVERDUE_7)
    smtp_server.reject("ap@c1.example", 451, times=1)
    assert send_due(engine, settings, NOW, smtp_connector(settings))["retrying"] == 1
    with transaction(engine) as s:
        s.execute(update(CustomerRow).values(opted_out=True))
    summary = send_due(engine, settings, NOW + timedelta(hours=1), smtp_connector(settings))
    assert summary["sent"] == 0 and summary["skipped"]["opted-out"] >= 1
    with transaction(engine) as s:
        assert s.scalars(select(OutboxRow.status)).one() == "cancelled"
        assert list(s.scalars(select(ReminderSentRow))) == []  # free to plan again later


def test_collections_hand_over_places_a_hold(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", date(2026, 10, 9))
    summary = send_due(engine, settings, NOW, smtp_connector(settings))
    assert summary["collections"] == 1 and summary["sent"] == 0
    with transaction(engine) as s:
        assert s.scalars(select(HoldRow.reason)).one() == "collections"
    assert send_due(engine, settings, NOW + timedelta(days=1), smtp_connector(settings))["collections"] == 0


def test_dry_run_writes_nothing(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", OVERDUE_7)
    summary = send_due(engine, settings, NOW, smtp_connector(settings), dry_run=True)
    assert summary["planned"] == 1 and summary["sent"] == 0
    with transaction(engine) as s:
        assert list(s.scalars(select(OutboxRow))) == []
    assert smtp_server.messages == []


def test_segment_from_payment_history_changes_the_tone(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    for n in range(4):  # four invoices, each paid a month late: chronic
        pk = add_invoice(engine, c1, f"OLD-{n}", date(2026, 1 + n, 1), balance="0")
        add_payment(engine, pk, "100.00", date(2026, 2 + n, 1))
    add_invoice(engine, c1, "INV-1", OVERDUE_7)
    send_due(engine, settings, NOW, smtp_connector(settings))
    assert smtp_server.messages[0].message["Subject"].startswith("Second reminder, payment required")


def _config(tmp_path: Path, engine: Engine, server: SmtpTestServer) -> Path:
    path = tmp_path / "assistant.toml"
    url = engine.url.render_as_string(hide_password=False)
    path.write_text(f'[database]\nurl = "{url}"\n[smtp]\nhost = "127.0.0.1"\nport = {server.port}\n'
                    f'tls = "none"\nfrom_address = "ar@billing.example"\n', encoding="utf-8")
    return path


def _cli(config: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "assistant", "send-due", "--config", str(config), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})


def test_killed_between_written_and_sent_is_flagged_not_resent(engine: Engine, smtp_server: SmtpTestServer,
                                                                tmp_path: Path) -> None:
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", OVERDUE_7)
    smtp_server.data_delay = 30  # the server stores the message, then keeps the client waiting
    proc = _cli(_config(tmp_path, engine, smtp_server), "--now", NOW.isoformat())
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline:
        with transaction(engine) as s:
            status = s.scalar(select(OutboxRow.status))
        if status == "sending" and smtp_server.messages:
            break
        time.sleep(0.05)
    assert status == "sending"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    smtp_server.data_delay = 0
    summary = send_due(engine, settings_for(engine, smtp_server), NOW + timedelta(minutes=5), smtp_connector(settings_for(engine, smtp_server)))
    assert summary["unknown"] == 1 and summary["sent"] == 0
    assert send_due(engine, settings_for(engine, smtp_server), NOW + timedelta(days=1), smtp_connector(settings_for(engine, smtp_server)))["sent"] == 0
    with transaction(engine) as s:
        row = s.scalars(select(OutboxRow)).one()
        assert row.status == "unknown" and "outcome unknown" in (row.error or "")
    assert len(smtp_server.messages) == 1


def test_two_passes_at_once_send_each_reminder_once(engine: Engine, smtp_server: SmtpTestServer,
                                                    tmp_path: Path) -> None:
    for n in range(12):
        pk = add_customer(engine, f"C{n}")
        add_invoice(engine, pk, f"INV-{n}", OVERDUE_7)
    config = _config(tmp_path, engine, smtp_server)
    procs = [_cli(config, "--now", NOW.isoformat()) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert len(smtp_server.messages) == 12
    assert sorted(r for m in smtp_server.messages for r in m.rcpt_tos) == sorted(
        f"ap@c{n}.example" for n in range(12))


def test_late_fee_is_charged_once(engine: Engine, smtp_server: SmtpTestServer, tmp_path: Path) -> None:
    from assistant.service.dunning.policy_file import DEFAULT_POLICY, load_policy
    from assistant.store.models import LateFeeRow

    policy = tmp_path / "policy.toml"
    policy.write_text(DEFAULT_POLICY.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"),
                      encoding="utf-8")
    loaded = load_policy(policy)
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1")
    add_invoice(engine, c1, "INV-1", date(2026, 11, 9), amount="500.00")  # at overdue_14 on the 23rd
    send_due(engine, settings, NOW, smtp_connector(settings), loaded=loaded)
    send_due(engine, settings, datetime(2026, 12, 9, 10, 0, tzinfo=UTC), smtp_connector(settings), loaded=loaded)  # final notice
    with transaction(engine) as s:
        fees = list(s.scalars(select(LateFeeRow)))
    assert [(f.step, f.amount) for f in fees] == [("overdue_14", 40)]
    bodies = [m.message.get_body(("plain",)).get_content() for m in smtp_server.messages]
    assert len(bodies) == 2 and "late fee: 40.00 EUR" in bodies[0] and "late fee" not in bodies[1]


def test_dst_change_and_holidays_in_the_customers_country(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1", timezone="Europe/Berlin", country="DE", language="de")
    add_invoice(engine, c1, "INV-1", date(2026, 3, 20))  # overdue_7 on Friday 27 March
    # 07:30 UTC is 08:30 in Berlin before the switch to summer time on Sunday 29 March ...
    assert send_due(engine, settings, datetime(2026, 3, 27, 7, 30, tzinfo=UTC), smtp_connector(settings))["skipped"] == {
        "outside-send-window": 1}
    # ... and 09:30 on Monday 30 March, after it.
    assert send_due(engine, settings, datetime(2026, 3, 30, 7, 30, tzinfo=UTC), smtp_connector(settings))["sent"] == 1
    c2 = add_customer(engine, "C2", timezone="Europe/Berlin", country="DE")
    add_invoice(engine, c2, "INV-2", date(2026, 12, 17))  # overdue_7 on Thursday 24 December
    assert send_due(engine, settings, datetime(2026, 12, 25, 10, 0, tzinfo=UTC), smtp_connector(settings))["skipped"] == {
        "outside-send-window": 1}  # Christmas Day
    assert send_due(engine, settings, datetime(2026, 12, 26, 10, 0, tzinfo=UTC), smtp_connector(settings))["sent"] == 0  # 2nd day, Saturday
    assert send_due(engine, settings, datetime(2026, 12, 28, 10, 0, tzinfo=UTC), smtp_connector(settings))["sent"] == 1
    assert len(smtp_server.messages) == 2


def test_hold_until_is_the_customers_own_date(engine: Engine, smtp_server: SmtpTestServer) -> None:
    settings = settings_for(engine, smtp_server)
    c1 = add_customer(engine, "C1", timezone="Pacific/Auckland", country="NZ")
    inv = add_invoice(engine, c1, "INV-1", date(2026, 11, 9))
    with transaction(engine) as s:
        place_hold(s, inv, "promise", date(2026, 11, 23), "reply", NOW)
    # Monday 23 November 21:00 UTC is Tuesday 24 November 10:00 in Auckland: the promise
    # ("until the 23rd") has run out there, although it is still the 23rd in UTC.
    summary = send_due(engine, settings, datetime(2026, 11, 23, 21, 0, tzinfo=UTC), smtp_connector(settings))
    assert summary["sent"] == 1 and summary["skipped"] == {}
