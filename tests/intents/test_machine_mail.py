"""Machine-mail detection on every third-party fixture and on hand-written header cases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from intents.machine.detect import MachineMail, detect_machine_mail, detect_machine_text
from intents.machine.ooo_details import alternate_contact, return_date
from intents.mime.parse import parse_message

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "third_party"
SPEC = json.loads((FIXTURES.parent / "machine_mail" / "expected.json").read_text())
_PREFIX = {"bsd-lhost": "bounce", "bsd-rhost": "bounce", "bsd-rfc3464": "bounce", "bsd-arf": "complaint",
           "bsd-rfc3834": "auto-reply", "not": None}
_INDEX = {"bounce": "bounce", "delay": "delay", "complaint": "complaint", "disposition-notification": "read-receipt"}


def _expected() -> list[tuple[str, str | None]]:
    out: dict[str, str | None] = {}
    for path in sorted((FIXTURES / "bounces" / "sisimai").glob("*.eml")):
        prefix = next(p for p in _PREFIX if path.name.startswith(p + "-"))
        out[f"bounces/sisimai/{path.name}"] = _PREFIX[prefix]
    for entry in json.loads((FIXTURES / "mime" / "index.json").read_text()):
        out[f"mime/{entry['file']}"] = _INDEX.get(entry["kind"])
    for name, override in SPEC["overrides"].items():
        assert name in out, name
        out[name] = override["kind"]
    return sorted(out.items())


def _cases() -> list[object]:
    cases: list[object] = []
    for name, kind in _expected():
        miss = SPEC["known_misses"].get(name)
        marks = [pytest.mark.xfail(strict=True, reason=miss)] if miss else []
        cases.append(pytest.param(name, kind, marks=marks, id=name))
    return cases


@pytest.mark.parametrize(("name", "kind"), _cases())
def test_fixture_kind(name: str, kind: str | None) -> None:
    found = detect_machine_mail(parse_message((FIXTURES / name).read_bytes()))
    assert (found.kind if found else None) == kind, found


def test_fixture_count_is_complete() -> None:
    assert len(_expected()) == 316 + 70


def _detect(file: str) -> MachineMail:
    found = detect_machine_mail(parse_message((FIXTURES / file).read_bytes()))
    assert found is not None
    return found


def test_postfix_dsn_fields() -> None:
    found = _detect("mime/flanker/bounce/zed.eml")
    assert (found.kind, found.status, found.permanent) == ("bounce", "5.1.1", True)
    assert found.failed_recipients == ("asdfasdfasdfasdfasdfasdfewrqertrtyrthsfgdfgadfqeadvxzvz@gmail.com",)
    assert found.original_message_id == "20090708054735.GC7578@example.com"


def test_failed_with_4xx_status_is_a_transient_bounce_and_delayed_is_a_delay() -> None:
    failed = _detect("mime/flanker/bounce/delayed.eml")
    assert (failed.kind, failed.status, failed.permanent) == ("bounce", "4.0.0", False)
    delayed = _detect("mime/flanker/bounce/no-mx.eml")
    assert (delayed.kind, delayed.status, delayed.permanent) == ("delay", "4.4.4", False)


def test_office365_status_and_original() -> None:
    found = _detect("mime/flanker/bounce/office365.eml")
    assert (found.status, found.permanent) == ("5.1.10", True)
    assert found.original_message_id == "20171013111011.20866.254C2F3A4D7AA526@ninomail.com"


@pytest.mark.parametrize(("file", "status", "recipient", "original"), [
    ("bsd-lhost-qmail-03.eml", "5.7.1", "kijitora@example.org", "00000000000000.5529.qmail@nijo.example.jp"),
    ("bsd-lhost-exim-01.eml", "5.7.0", "kijitora@example.ed.jp", "E1P1ce6-000Egt-GZ@e1.example.org"),
    ("bsd-lhost-postfix-50.eml", "4.0.0", "soto-neko-nyaan@ntt.example.com",
     "20150429233445.F0F6731CE2EC@relay-22.ocn.ad.jp"),
])
def test_free_text_bounces(file: str, status: str, recipient: str, original: str) -> None:
    found = _detect(f"bounces/sisimai/{file}")
    assert found.kind == "bounce"
    assert found.status == status
    assert recipient in found.failed_recipients
    assert found.original_message_id == original


@pytest.mark.parametrize(("file", "permanent"), [
    ("bsd-lhost-x2-02.eml", True),  # "This user doesn't have a example.com account"
    ("bsd-lhost-imailserver-02.eml", False),  # "User mailbox exceeds allowed size"
    ("bsd-lhost-yahoo-09.eml", True),  # "No mx record found for domain"
])
def test_permanence_from_the_stated_reason_without_a_status_code(file: str, permanent: bool) -> None:
    found = _detect(f"bounces/sisimai/{file}")
    assert (found.kind, found.status, found.permanent) == ("bounce", None, permanent)


def _mail(headers: str, body: str) -> MachineMail | None:
    base = ("From: Jane Buyer <jane@customer.example>\r\nTo: ar@vendor.example\r\n"
            "Date: Mon, 23 Nov 2026 09:00:00 +0100\r\nMessage-ID: <r1@customer.example>\r\n"
            "In-Reply-To: <rem-1@vendor.example>\r\n")
    raw = base + headers.replace("\n", "\r\n") + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    return detect_machine_mail(parse_message(raw.encode()))


HUMAN_BODY = "Hello,\n\nwe paid invoice INV-1001 yesterday, see the attached remittance.\n\nJane\n"


def test_exchange_out_of_office_needs_both_headers() -> None:
    ooo = _mail("Subject: Invoice INV-1001\nX-Auto-Response-Suppress: All\n"
                "X-MS-Exchange-Inbox-Rules-Loop: jane@customer.example\n",
                "I am away until 30 November.\n")
    assert ooo is not None and ooo.kind == "auto-reply"
    assert _mail("Subject: RE: Invoice INV-1001\nX-Auto-Response-Suppress: All\n", HUMAN_BODY) is None


def test_auto_submitted_no_is_a_person() -> None:
    assert _mail("Subject: RE: Invoice INV-1001\nAuto-Submitted: no\n", HUMAN_BODY) is None
    found = _mail("Subject: Invoice INV-1001\nAuto-Submitted: auto-replied\n", "Thanks, got it.\n")
    assert found is not None and found.kind == "auto-reply"


@pytest.mark.parametrize("header", ["X-Autoreply: yes", "X-Autorespond: vacation", "X-Autoresponder: 1",
                                    "Precedence: auto_reply"])
def test_autoresponder_headers(header: str) -> None:
    found = _mail(f"Subject: Invoice INV-1001\n{header}\n", "I am on leave.\n")
    assert found is not None and found.kind == "auto-reply"


def test_precedence_bulk_is_list_mail_unless_it_is_an_out_of_office() -> None:
    newsletter = _mail("Subject: November news\nPrecedence: bulk\n", "Our autumn offers.\n")
    assert newsletter is not None and newsletter.kind == "list"
    ooo = _mail("Subject: Out of Office: Invoice INV-1001\nPrecedence: bulk\n",
                "I am out of the office until Monday 30 November.\n")
    assert ooo is not None and ooo.kind == "auto-reply"
    assert ooo.return_date == date(2026, 11, 30)


def test_list_headers_on_a_reply_are_a_person() -> None:
    assert _mail("Subject: RE: Invoice INV-1001\nList-Id: <ap.customer.example>\n", HUMAN_BODY) is None
    assert _mail("Subject: RE: Invoice INV-1001\nPrecedence: list\nList-Id: <ap.customer.example>\n",
                 HUMAN_BODY) is None


def test_human_reply_mentioning_out_of_office_is_not_an_auto_reply() -> None:
    body = "Hi,\n\nI was out of office last week, sorry; we paid yesterday.\n\nJane\n"
    assert _mail("Subject: RE: Invoice INV-1001\n", body) is None
    assert detect_machine_text("RE: Invoice INV-1001", body) is None
    assert detect_machine_text("Re: Payment reminder", "The auto-reply may have told you I'm away; "
                               "I'm back now. Please resend the invoice.") is None


def test_help_desk_comment_marked_auto_generated_is_a_person() -> None:
    found = _mail("Subject: [JIRA] (AP-12) Invoice INV-1001\nAuto-Submitted: auto-generated\n"
                  "X-Auto-Response-Suppress: All\n", "Jane Buyer commented:\n\nWe paid this yesterday.\n")
    assert found is None


def test_remittance_advice_from_a_payables_system_is_left_to_the_classifier() -> None:
    body = "This is an automated message. The following invoices have been scheduled for payment: INV-1001.\n"
    assert _mail("Subject: Payment advice\nAuto-Submitted: auto-generated\n", body) is None
    assert detect_machine_text("Payment advice", body) is None


@pytest.mark.parametrize(("subject", "text"), [
    ("Automatic reply: Invoice INV-1001", "Thank you for your message. I will reply when I return."),
    ("Abwesenheitsnotiz: Rechnung 42", "Ich bin bis 3. Dezember nicht im Büro."),
    ("Réponse automatique : Facture 42", "Je suis absente jusqu'au 2 décembre."),
    ("Respuesta automática: Factura 42", "Estoy fuera de la oficina hasta el lunes."),
    ("Automatisch antwoord: Factuur 42", "Ik ben afwezig tot en met 30 november."),
    ("Risposta automatica: Fattura 42", "Sono fuori ufficio fino al 30 novembre."),
    ("Resposta automática: Fatura 42", "Estou de férias até 30 de novembro."),
    ("Invoice 42", "Thank you for your email. I am currently out of the office until Monday with limited "
                   "access to email."),
    ("[Ticket #48211] Invoice 42", "Your request #48211 has been received and will be reviewed by our team."),
])
def test_auto_reply_text(subject: str, text: str) -> None:
    found = detect_machine_text(subject, text)
    assert found is not None and found.kind == "auto-reply", found


@pytest.mark.parametrize(("subject", "text"), [
    ("RE: Invoice 42", "I will be out of office next week, but we will pay on Friday."),
    ("Absence of remittance", "We have not received the remittance for invoice 42."),
    ("RE: [Ticket #48211] Invoice 42", "We received your invoice and paid it today."),
    ("Re: Undeliverable: Invoice 42", "Please use my new address, the old one bounced."),
    ("Auto: Rechnung 4711", "Die Rechnung für die Reparatur ist falsch, bitte korrigieren."),
])
def test_person_text_is_not_machine_mail(subject: str, text: str) -> None:
    assert detect_machine_text(subject, text) is None


@pytest.mark.parametrize(("subject", "text", "kind"), [
    ("failure notice", "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to "
                       "deliver your message to the following addresses.\n<ap@customer.example>:\n"
                       "Sorry, no mailbox here by that name. (#5.1.1)\n", "bounce"),
    ("Undeliverable: Invoice 42", "Delivery has failed to these recipients or groups:\nap@customer.example\n",
     "bounce"),
    ("Undelivered Mail Returned to Sender", "This is the mail system at host mx.example.net.\n", "bounce"),
    ("Delivery Status Notification (Delay)", "Delivery to the following recipient has been delayed:\n"
                                             "ap@customer.example\nMessage will be retried for 2 more day(s)\n",
     "delay"),
])
def test_bounce_text(subject: str, text: str, kind: str) -> None:
    found = detect_machine_text(subject, text)
    assert found is not None and found.kind == kind, found


def test_plain_read_receipts() -> None:
    body = ("Your message\n\n  To: Jane Buyer\n  Subject: Invoice INV-1001\n  Sent: Monday, 23 November 2026\n\n"
            "was read on Monday, 23 November 2026 10:02:11.\n")
    found = detect_machine_text("Read: Invoice INV-1001", body)
    assert found is not None and found.kind == "read-receipt"
    assert detect_machine_text("Read: Invoice INV-1001", "I read it and we will pay on Friday.") is None


REF = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("I am out of the office. I will be back on Monday 30 November.", date(2026, 11, 30)),
    ("Out of office, returning 12/01.", date(2026, 12, 1)),
    ("Ich bin nicht im Büro und ab dem 3. Dezember wieder erreichbar.", date(2026, 12, 3)),
    ("Abwesenheitsnotiz: Ich bin bis 12. Dezember außer Haus.", date(2026, 12, 12)),
    ("Zurück am 3. Dezember.", date(2026, 12, 3)),
    ("Je suis absente, de retour le 2 décembre.", date(2026, 12, 2)),
    ("Estoy de vacaciones hasta el 4 de diciembre.", date(2026, 12, 4)),
    ("Ik ben afwezig tot en met 1 december.", date(2026, 12, 1)),
    ("Sono in ferie, rientrerò il 7 dicembre.", date(2026, 12, 7)),
])
def test_return_date(text: str, expected: date) -> None:
    assert return_date(text, REF) == expected


def test_return_date_needs_a_reference() -> None:
    assert return_date("I will be back on Monday 30 November.", None) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("For urgent matters please contact Jane Doe at jane@x.com.", "Jane Doe <jane@x.com>"),
    ("In dringenden Fällen wenden Sie sich bitte an Frau Petra Schmidt (p.schmidt@kunde.de).",
     "Petra Schmidt <p.schmidt@kunde.de>"),
    ("En cas d'urgence, veuillez contacter compta@client.fr.", "compta@client.fr"),
    ("Para asuntos urgentes, póngase en contacto con María López.", "María López"),
    ("I am away until Monday.", None),
])
def test_alternate_contact(text: str, expected: str | None) -> None:
    assert alternate_contact(text, "jane.buyer@customer.example") == expected


def test_auto_reply_carries_return_date_and_contact() -> None:
    found = _mail("Subject: Automatic reply: Invoice INV-1001\nAuto-Submitted: auto-replied\n",
                  "I am out of the office until Friday 27 November. For urgent matters please contact "
                  "John Smith at john.smith@customer.example.\n")
    assert found is not None and found.kind == "auto-reply"
    assert found.return_date == date(2026, 11, 27)
    assert found.alternate_contact == "John Smith <john.smith@customer.example>"
    assert found.original_message_id == "rem-1@vendor.example"
