"""Headerless auto-replies that are not out-of-office notices: help desks, unread mailboxes,
closures, response-time promises, people who have left; and the person's replies that must
stay with the classifier."""

from __future__ import annotations

import pytest

from intents.machine.detect import detect_machine_text


@pytest.mark.parametrize(("subject", "text"), [
    ("Re: Invoice INV-5512 past due [#48812]",
     "Thanks for getting in touch! We've received your request (#48812) and our team will get back to you soon."),
    ("[Support] Re: Overdue invoice INV-118",
     "##- Please type your reply above this line -##\n\nYour request (71220) has been received and is being "
     "reviewed by our support staff."),
    ("Council: Your enquiry reference CRM-7741290",
     "Thank you for contacting the Council. Your enquiry has been logged with reference CRM-7741290."),
    ("Incident INC0081223 has been opened on your behalf",
     "Your request has been received and incident INC0081223 has been created."),
    ("Re: Reminder", "Thank you for your email. Our accounts team will respond within 2 working days."),
    ("Re: Reminder", "This mailbox is no longer monitored. Please send all correspondence to ap@example.com."),
    ("Re: Factura 2290", "Este buzón no es atendido. Por favor, no responda a este correo."),
    ("Re: Reminder", "Thank you for your message. Our offices are closed for the holidays and reopen on 4 January."),
    ("Automatisch antwoord", "Dank voor uw e-mail. Ons kantoor is gesloten tot en met 29 november."),
    ("Re: Reminder", "The person you are trying to contact has retired. Please redirect correspondence to "
                     "office@example.org."),
])
def test_notice_is_an_auto_reply(subject: str, text: str) -> None:
    found = detect_machine_text(subject, text)
    assert found is not None and found.kind == "auto-reply", found


@pytest.mark.parametrize(("subject", "text"), [
    ("Re: Overdue", "Thanks for your email. I'll get back to you within 24 hours once I have checked with AP."),
    ("Re: Overdue", "Hi, I will be out of office from the 20th, please contact Karen in finance."),
    ("Re: INV-9012", "Our finance inbox changed and the old one is no longer checked. Could you resend the "
                     "invoice to this address?"),
    ("Re: Second notice", "Please note our offices will be closed from 24 December to 2 January. No payments "
                          "will be made during this period."),
    ("Re: Reminder", "We have received your email and will get back to you on Monday after the payment run."),
    ("Re: INV-4419", "Sarah has left the company, so the invoice went to an unread inbox. Please send it again."),
])
def test_person_reply_is_not_an_auto_reply(subject: str, text: str) -> None:
    assert detect_machine_text(subject, text) is None


def test_newsletter_footer_is_list_mail_but_a_reply_to_it_is_not() -> None:
    text = ("Trade Weekly, November edition\n\n- 10 ways to improve your cash flow this winter\n\n"
            "You are receiving this email because you subscribed to Trade Weekly. Unsubscribe | Manage preferences")
    found = detect_machine_text("Trade Weekly: improve your cash flow", text)
    assert found is not None and found.kind == "list", found
    assert detect_machine_text("Re: Trade Weekly: improve your cash flow", text) is None


@pytest.mark.parametrize(("subject", "text"), [
    ("Message blocked", "Your message to ap@customer.example has been blocked. See technical details below.\n\n"
                        "The response was:\n550 5.7.26 This message does not pass authentication checks."),
    ("Messaggio non recapitato", "Il messaggio non è stato consegnato ai seguenti destinatari:\n\n"
                                 "amministrazione@customer.example\nMotivo: 550 5.1.1 utente sconosciuto"),
])
def test_blocked_and_italian_bounces(subject: str, text: str) -> None:
    found = detect_machine_text(subject, text)
    assert found is not None and found.kind == "bounce", found
