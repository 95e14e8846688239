"""Auto-reply and bounce bodies, as they appear in the text of the message.

Bounce layouts follow the usual MTA reports: Postfix (RFC 3464 DSN text part),
Exchange / Office 365 NDRs, Gmail "Address not found", qmail (QSBMF), Exim,
Sendmail, plus a few gateway and localized variants.
"""

from __future__ import annotations

import random

from common import FIRST, LAST, MONTHS, day, email_of, person, phone, rand_date

AUTO_EN = [
    "Thank you for your email. I am currently out of the office until {date} with limited access to email. "
    "For urgent matters please contact {alt}.",
    "I'm on annual leave returning {date}. Your message will not be forwarded. For accounts queries please email {alt}.",
    "Out of office: I am away until {date}. I will respond to your email upon my return.",
    "Hi, I'm off until {wd}. If it's urgent, ring the office on {phone}.",
    "Thank you for your message. I am on maternity leave until {date}. Please contact {alt} in my absence.",
    "Automatic reply: I am travelling on business this week and will have intermittent access to email.",
    "This mailbox is no longer monitored. Please send invoices and statements to {alt}.",
    "Thank you for contacting Accounts Payable. Your email has been received and will be processed within 5 business days. "
    "Please do not reply to this message.",
    "Your request has been received and assigned ticket number #{ticket}. A member of our team will respond shortly. "
    "To add information, reply to this email keeping the ticket number in the subject.",
    "{first} {last} no longer works at {co}. Your email has not been forwarded. Please contact {alt}.",
    "Thanks for your email! We're closed for the holidays and reopen on {date}. Orders and queries will be handled in the order received.",
    "I am out of the office with no access to email until {date}. Messages will be read on my return.",
    "Please note: our office is closed {date} for a public holiday. We will respond to your email on the next working day.",
    "This is an automated response. We have received your invoice. Invoices are paid according to agreed payment terms. "
    "For payment status please use the supplier portal.",
    "I'm currently working reduced hours (Mon-Wed). I will reply on my next working day.",
    "I am out of the office attending a conference and will return on {date}. For anything urgent please call {phone}.",
    "[Auto-reply] Thanks for reaching out! Our support team is available Monday to Friday 9am-5pm. We aim to reply within 24 hours.",
    "Hello, I am on sick leave and not checking email. Please resend your message to {alt}.",
    "Out of Office - back {date}",
    "I am currently out of the office. I will be back on {date}.\n\nIf you need immediate assistance please contact my colleague {alt}.",
    "Your message to accounts@ has been received. This is an unattended mailbox; replies are not read. "
    "Invoices must be submitted via our procurement portal.",
    "Thank you for your e-mail. Please be advised that I have changed roles. Going forward please contact {alt} for invoice matters.",
    "Due to high volumes, responses may take up to 10 working days. We appreciate your patience.",
    "AUTO-REPLY: I am on parental leave until {date}. Emails sent to this address are not forwarded.",
]
AUTO_EN += [
    "Hello,\n\nI'm out of the office from {date0} to {date} inclusive. I will not be checking email during this time.\n\nThanks,",
    "Please note I only work Tuesdays and Thursdays. Your email will be dealt with on my next working day.",
    "Thank you for your email. The Finance team is currently closing the month and response times may be longer than usual.",
    "Hi there! Thanks for getting in touch. This is an automatic confirmation that we've received your email. "
    "Our typical response time is 2 business days. Ticket reference: AP-{ticket}.",
    "This is an automatically generated message: your email to the Purchase Ledger team has been logged (case {ticket}). "
    "Please quote this reference in any further correspondence.",
    "I am currently on leave and will return on {date}. Emails will not be read in my absence. "
    "Supplier payment queries: {alt}. Order queries: sales team.",
    "[This is an automated message] We have received your message and will deal with it as soon as possible. "
    "If your query concerns an invoice, please ensure the PO number is quoted.",
    "I'm away from my desk until {wd} {date}. I'll get back to you then.",
    "OOO until {date}. Urgent: {alt}",
    "Thank you for your message. Our offices are closed for the summer break from {date0} until {date}. "
    "Emails will be processed after our return.",
    "Please be aware this email address will be closed on {date}. Please update your contact details to {alt}.",
    "Many thanks for your email, which has been received by the Accounts team. We aim to respond to all queries within 48 hours. "
    "Please do not send duplicate emails as this will delay our response.",
]
OPEN = ["Thank you for your email.", "Thanks for your message.", "Hello,", "Good day,", "Hi,", "",
        "Thank you for contacting me.", "This is an automatic reply."]
AWAY = ["I am out of the office until {date}", "I'm on annual leave, returning on {date}",
        "I am away on business until {date}", "I'm on holiday and back in the office on {date}",
        "I am currently out of office and will return {date}", "I'm attending training until {date}",
        "I am on leave from {date0} until {date}", "I'm out today and tomorrow"]
ACCESS = ["with no access to email.", "with limited access to email.", "and will not be checking messages.",
          "and will reply on my return.", "and your email will not be forwarded.", "."]
CONTACT = ["For urgent matters please contact {alt}.", "If your query is urgent, please email {alt}.",
           "In my absence please contact {alt}.", "For invoice and payment queries please contact {alt}.",
           "Urgent requests: {alt}.", "", ""]
CLOSE = ["Kind regards", "Thank you", "Best regards", "Regards", ""]
AUTO_INTL = {
    "de": ["Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich {date} nicht im Büro. In dringenden Fällen wenden Sie sich bitte an {alt}.",
           "Ich bin im Urlaub und ab dem {date} wieder erreichbar. Ihre E-Mail wird nicht weitergeleitet.",
           "Dies ist eine automatische Antwort. Ihre Rechnung ist eingegangen und wird im Rahmen der vereinbarten Zahlungsziele bearbeitet.",
           "Abwesenheitsnotiz: Ich bin bis {date} außer Haus. Vertretung: {alt}, Tel. {phone}."],
    "fr": ["Je suis absent(e) du bureau jusqu'au {date} inclus. Pour toute urgence, merci de contacter {alt}.",
           "Réponse automatique : je suis en congés et serai de retour le {date}. Votre message ne sera pas transféré.",
           "Merci pour votre message. Nos bureaux sont fermés jusqu'au {date}."],
    "es": ["Gracias por su mensaje. Estaré fuera de la oficina hasta el {date}. Para asuntos urgentes contacte con {alt}.",
           "Respuesta automática: estoy de vacaciones hasta el {date}, con acceso limitado al correo.",
           "Hemos recibido su correo. Le responderemos en un plazo de 48 horas laborables."],
    "nl": ["Ik ben afwezig tot en met {date}. Voor dringende zaken kunt u contact opnemen met {alt}."],
    "it": ["Sono fuori ufficio fino al {date}. Per urgenze contattare {alt}."],
    "pt": ["Estou ausente do escritório até {date}. Para assuntos urgentes contacte {alt}."],
}
AUTO_SUBJ = {"en": ["Automatic reply: {s}", "Out of Office: {s}", "Auto: {s}", "Out of office", "Autoreply",
                    "[Ticket #{ticket}] {s}", "Re: {s} [auto-response]", "Away from office", "Automatic reply"],
             "de": ["Automatische Antwort: {s}", "Abwesenheitsnotiz: {s}", "Abwesend: {s}"],
             "fr": ["Réponse automatique : {s}", "Absence du bureau : {s}"],
             "es": ["Respuesta automática: {s}", "Fuera de la oficina: {s}"],
             "nl": ["Automatisch antwoord: {s}"], "it": ["Risposta automatica: {s}"], "pt": ["Resposta automática: {s}"]}


def auto_reply(r: random.Random, lang: str, orig_subject: str) -> tuple[str, str]:
    first, last = person(r)
    af, al = person(r)
    alt = r.choice([f"{af} {al} ({email_of(af, al, 'acme co', r)})", email_of(af, al, "acme co", r),
                    f"{af} ({phone(r)})" if lang != "en" else f"{af} on {phone(r)}"])
    d = rand_date(r)
    date_s = day(r, lang if lang != "en" else "en", d)
    date0 = day(r, lang, rand_date(r))
    wd = r.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    fmt = dict(date=date_s, date0=date0, alt=alt, phone=phone(r), wd=wd, ticket=r.randint(10000, 999999),
               first=first, last=last, co=r.choice(["Brightline", "Nordwind GmbH", "Acme Ltd", "Keller Bau"]))
    if lang == "en" and r.random() < 0.35:
        away = r.choice(AWAY) + " " + r.choice(ACCESS)
        away = away.replace(" .", ".")
        parts = [r.choice(OPEN), away, r.choice(CONTACT), r.choice(CLOSE)]
        body = "\n\n".join(p for p in parts if p) if r.random() < 0.5 else " ".join(p for p in parts if p)
        body = body.format(**fmt)
    else:
        pool = AUTO_EN if lang == "en" else AUTO_INTL[lang]
        body = r.choice(pool).format(**fmt)
    if r.random() < 0.5:
        body += "\n\n" + (f"{first} {last}" if r.random() < 0.6 else f"{first} {last}\n{phone(r)}")
    subj = r.choice(AUTO_SUBJ[lang]).format(s=orig_subject, ticket=r.randint(10000, 999999))
    return subj, body


# ---------------------------------------------------------------------------
# Bounces

def _addr(r: random.Random) -> str:
    f, la = person(r)
    return email_of(f, la, r.choice(["Brightline Logistics", "Nordwind", "Kite Digital", "Atlas Freight", "Peak"]), r)


REASONS_PERM = [
    ("5.1.1", "550", "5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table"),
    ("5.1.1", "550", "5.1.1 The email account that you tried to reach does not exist."),
    ("5.1.10", "550", "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
    ("5.2.1", "550", "5.2.1 The email account that you tried to reach is disabled."),
    ("5.4.1", "550", "5.4.1 Recipient address rejected: Access denied. AS(201806281)"),
    ("5.7.1", "554", "5.7.1 <{rcpt}>: Relay access denied"),
    ("5.1.2", "550", "5.1.2 Host unknown (Name server: {domain}: host not found)"),
    ("5.2.2", "552", "5.2.2 <{rcpt}>: Mailbox full, quota exceeded"),
    ("5.7.606", "550", "5.7.606 Access denied, banned sending IP"),
    ("5.0.0", "550", "No such user here"),
]


def bounce(r: random.Random, vendor_mail: str, orig_subject: str) -> tuple[str, str, str]:
    """Returns (subject, body, lang)."""
    rcpt = _addr(r)
    domain = rcpt.split("@")[1]
    status, code, reason = r.choice(REASONS_PERM)
    reason = reason.format(rcpt=rcpt, domain=domain)
    d = rand_date(r)
    hh, mm, ss = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
    qid = "".join(r.choice("0123456789ABCDEF") for _ in range(10))
    host = r.choice(["mx1", "mail", "smtp", "mx-in-2", "relay"]) + "." + domain
    vdom = vendor_mail.split("@")[1]
    rfc_date = f"{['Mon','Tue','Wed','Thu','Fri','Sat','Sun'][d.weekday()]}, {d.day} {MONTHS['en'][d.month-1][:3]} 2026 {hh:02d}:{mm:02d}:{ss:02d} +0000"
    style = r.randrange(15)
    lang = "en"
    if style == 0:  # Postfix
        subj = "Undelivered Mail Returned to Sender"
        body = (f"This is the mail system at host mail.{vdom}.\n\n"
                "I'm sorry to have to inform you that your message could not\n"
                "be delivered to one or more recipients. It's attached below.\n\n"
                "For further assistance, please send mail to postmaster.\n\n"
                "If you do so, please include this problem report. You can\n"
                "delete your own text from the attached returned message.\n\n"
                "                   The mail system\n\n"
                f"<{rcpt}>: host {host}[{r.randint(10,250)}.{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(1,254)}] said: {code} {reason} (in reply to RCPT TO command)")
        if r.random() < 0.6:
            body += (f"\n\nReporting-MTA: dns; mail.{vdom}\nX-Postfix-Queue-ID: {qid}\nArrival-Date: {rfc_date}\n\n"
                     f"Final-Recipient: rfc822; {rcpt}\nOriginal-Recipient: rfc822;{rcpt}\nAction: failed\nStatus: {status}\n"
                     f"Remote-MTA: dns; {host}\nDiagnostic-Code: smtp; {code} {reason}")
    elif style == 1:  # Exchange on-prem
        subj = r.choice(["Undeliverable: " + orig_subject, "Undeliverable: " + orig_subject])
        body = ("Delivery has failed to these recipients or groups:\n\n"
                f"{rcpt}\nThe e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message. "
                "If the problem continues, please contact your helpdesk.\n\n\n\n\n\n"
                "Diagnostic information for administrators:\n\n"
                f"Generating server: EXCH{r.randint(1,9)}.{vdom}\n\n{rcpt}\n{host}\nRemote Server returned '{code} {reason}'\n\n"
                f"Original message headers:\n\nReceived: from EXCH{r.randint(1,9)}.{vdom} by {host}; {rfc_date}\nSubject: {orig_subject}")
    elif style == 2:  # Office 365 modern NDR
        subj = "Undeliverable: " + orig_subject
        body = (f"Your message to {rcpt} couldn't be delivered.\n\n"
                f"{rcpt.split('@')[0]} wasn't found at {domain}.\n\n"
                f"{r.choice(['Accounts', 'ar', 'billing'])}    Office 365    {rcpt.split('@')[0]}\nAction Required\t\t\tRecipient\n\n"
                "Unknown To address\n\nHow to Fix It\nThe address may be misspelled or may not exist. Try one or more of the following:\n"
                "- Retype the recipient's address, then resend the message.\n"
                "- Remove the recipient from any autocomplete list in your email program.\n\n"
                "More Info for Email Admins\nStatus code: 550 5.1.10\n\n"
                "This error occurs because the sender sent a message to an email address hosted by Office 365 but the address is incorrect or doesn't exist.\n\n"
                f"Original Message Details\nCreated Date:\t{d.month}/{d.day}/2026 {hh}:{mm:02d}:{ss:02d} PM\nSender Address:\t{vendor_mail}\nRecipient Address:\t{rcpt}\nSubject:\t{orig_subject}")
    elif style == 3:  # Gmail
        subj = "Delivery Status Notification (Failure)"
        body = ("** Address not found **\n\n"
                f"Your message wasn't delivered to {rcpt} because the address couldn't be found, or is unable to receive mail.\n\n"
                "Learn more here: https://support.google.com/mail/?p=NoSuchUser\n\n"
                f"The response from the remote server was:\n{code} {reason}")
        if r.random() < 0.3:
            body = body.replace("** Address not found **", "** Message blocked **").replace("because the address couldn't be found, or is unable to receive mail", "because the remote server rejected it")
    elif style == 4:  # qmail
        subj = "failure notice"
        body = (f"Hi. This is the qmail-send program at {vdom}.\n"
                "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
                "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
                f"<{rcpt}>:\n{r.randint(10,250)}.{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(1,254)} does not like recipient.\n"
                f"Remote host said: {code} {reason}\nGiving up on {r.randint(10,250)}.{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(1,254)}.\n\n"
                "--- Below this line is a copy of the message.\n\n"
                f"Return-Path: <{vendor_mail}>\nSubject: {orig_subject}")
    elif style == 5:  # Exim
        subj = "Mail delivery failed: returning message to sender"
        body = ("This message was created automatically by mail delivery software.\n\n"
                "A message that you sent could not be delivered to one or more of its\n"
                "recipients. This is a permanent error. The following address(es) failed:\n\n"
                f"  {rcpt}\n    host {host} [{r.randint(10,250)}.{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(1,254)}]\n"
                f"    SMTP error from remote mail server after RCPT TO:<{rcpt}>:\n    {code} {reason}\n\n"
                "------ This is a copy of the message, including all the headers. ------\n\n"
                f"Return-path: <{vendor_mail}>\nSubject: {orig_subject}")
    elif style == 6:  # Sendmail
        subj = "Returned mail: see transcript for details"
        body = (f"The original message was received at {rfc_date}\nfrom localhost [127.0.0.1]\n\n"
                "   ----- The following addresses had permanent fatal errors -----\n"
                f"<{rcpt}>\n    (reason: {code} {reason})\n\n"
                "   ----- Transcript of session follows -----\n"
                f"... while talking to {host}.:\n>>> DATA\n<<< {code} {reason}\n{code} {status} <{rcpt}>... User unknown\n<<< 503 5.0.0 Need RCPT (recipient)")
    elif style == 7:  # mailbox full / Yahoo-ish
        subj = r.choice(["Delivery Status Notification (Failure)", "Failure Notice"])
        body = ("Sorry, we were unable to deliver your message to the following address.\n\n"
                f"<{rcpt}>:\n{r.choice(['552 1 Requested mail action aborted, mailbox not found', '554 delivery error: dd This user doesn' + chr(39) + 't have a yahoo.com account', '552 5.2.2 Mailbox full'])}\n\n"
                f"--- Below this line is a copy of the message.\n\nSubject: {orig_subject}")
    elif style == 8:  # German Postfix / localized Exchange
        lang = "de"
        subj = r.choice(["Unzustellbar: " + orig_subject, "Nicht zustellbar: " + orig_subject])
        body = ("Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\n"
                f"{rcpt}\nDie eingegebene E-Mail-Adresse wurde nicht gefunden. Überprüfen Sie die E-Mail-Adresse des Empfängers, "
                "und versuchen Sie dann erneut, die Nachricht zu senden.\n\n\nDiagnoseinformationen für Administratoren:\n\n"
                f"Generierender Server: {host}\n\n{rcpt}\nRemoteserver hat '{code} {reason}' zurückgegeben")
    elif style == 9:  # French NDR
        lang = "fr"
        subj = "Non remis : " + orig_subject
        body = ("La remise à ces destinataires ou groupes a échoué :\n\n"
                f"{rcpt}\nL'adresse de messagerie que vous avez entrée est introuvable. Vérifiez l'adresse de messagerie du destinataire "
                "et essayez de renvoyer le message.\n\nInformations de diagnostic pour les administrateurs :\n\n"
                f"Serveur de génération : {host}\nLe serveur distant a retourné '{code} {reason}'")
    elif style == 11:  # Office 365 mailbox full
        subj = "Undeliverable: " + orig_subject
        body = (f"Your message to {rcpt} couldn't be delivered.\n\n"
                f"The recipient's mailbox is full and can't accept messages now.\n\n"
                f"{rcpt.split('@')[0]}\tOffice 365\nAction Required\tRecipient\n\nMailbox full\n\n"
                "How to Fix It\nTry resending your message later, or contact the recipient directly.\n\n"
                f"More Info for Email Admins\nStatus code: 554 5.2.2\n\nOriginal Message Details\n"
                f"Sender Address:\t{vendor_mail}\nRecipient Address:\t{rcpt}\nSubject:\t{orig_subject}")
    elif style == 12:  # Spanish Exchange
        lang = "es"
        subj = "No se puede entregar: " + orig_subject
        body = ("No se pudo entregar a estos destinatarios o grupos:\n\n"
                f"{rcpt}\nNo se encontró la dirección de correo electrónico que especificó. Compruebe la dirección "
                "de correo electrónico del destinatario e intente volver a enviar el mensaje.\n\n"
                "Información de diagnóstico para administradores:\n\n"
                f"Servidor de generación: {host}\nEl servidor remoto devolvió '{code} {reason}'")
    elif style == 13:  # Lotus Notes / Domino
        subj = "DELIVERY FAILURE: User " + rcpt.split("@")[0] + " not listed in Domino Directory"
        body = ("Your message\n\n"
                f"  Subject: {orig_subject}\n\n"
                f"was not delivered to:\n\n  {rcpt}\n\n"
                f"because:\n\n  User {rcpt.split('@')[0]} ({rcpt}) not listed in Domino Directory")
    elif style == 14:  # Postfix, domain does not exist
        subj = "Undelivered Mail Returned to Sender"
        body = (f"This is the mail system at host smtp.{vdom}.\n\n"
                "I'm sorry to have to inform you that your message could not\n"
                "be delivered to one or more recipients. It's attached below.\n\n"
                "                   The mail system\n\n"
                f"<{rcpt}>: Host or domain name not found. Name service error for\n"
                f"    name={domain} type=MX: Host not found, try again")
    else:  # gateway reject
        subj = r.choice(["Message rejected", "Mail delivery failed", "Undelivered Mail Returned to Sender"])
        body = (f"Your message couldn't be delivered to {rcpt}.\n\n"
                f"Reason: {reason}\n\nThe message has been rejected by the recipient's mail gateway "
                f"(Mimecast). Reference: {qid}\n\nFinal-Recipient: rfc822; {rcpt}\nAction: failed\nStatus: {status}")
    return subj, body, lang


# A few delayed-delivery / read-receipt notices that are NOT bounces (label other).
def delay_notice(r: random.Random, orig_subject: str) -> tuple[str, str]:
    rcpt = _addr(r)
    return r.choice([
        ("Delivery Status Notification (Delay)",
         f"** Message not delivered yet **\n\nThere was a temporary problem delivering your message to {rcpt}. Gmail will retry for 46 more hours. You'll be notified if the delivery fails permanently."),
        ("Delayed Mail (still being retried)",
         f"This is the mail system at host mail.example.com.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n\nYour message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.\n\n<{rcpt}>: connect to mx.{rcpt.split('@')[1]}: Connection timed out"),
        ("Read: " + orig_subject,
         f"Your message\n\n  To: {rcpt}\n  Subject: {orig_subject}\n\nwas read on {r.randint(1, 28)}/{r.randint(1, 12)}/2026 {r.randint(8, 17)}:{r.randint(10, 59)} AM."),
        ("Delivered: " + orig_subject,
         f"Your message has been delivered to the following recipients:\n\n{rcpt}\n\nSubject: {orig_subject}"),
    ])


__all__ = ["FIRST", "LAST", "auto_reply", "bounce", "delay_notice"]
