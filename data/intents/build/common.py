"""Shared pieces for building the intent training corpus.

Slot values (invoice numbers, amounts, dates, people, companies) and the
wrapping a real reply gets: greetings, sign-offs, signatures, disclaimers,
mobile footers and the quoted reminder underneath. Everything is driven by a
seeded ``random.Random`` so the corpus is reproducible.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

FIRST = ["Anna", "Mark", "Priya", "Tom", "Jürgen", "Sophie", "Carlos", "Lucía", "Wei", "Olga",
         "Ahmed", "Kate", "Daniel", "Marie", "Pieter", "Giulia", "João", "Sam", "Rachel", "Hiroshi",
         "Ines", "Lars", "Fatima", "Brian", "Nadia", "Emeka", "Chloé", "Mateo", "Sven", "Aisha",
         "Greg", "Linda", "Ravi", "Zoe", "Paolo", "Hannah", "Tomasz", "Yuki", "Derek", "Mei"]
LAST = ["Smith", "Müller", "Patel", "Dubois", "García", "Rossi", "Nguyen", "O'Brien", "Kowalski",
        "Jansen", "Silva", "Schneider", "Martin", "Khan", "Brown", "Fischer", "Lopez", "Bianchi",
        "Chen", "Okafor", "Lefèvre", "Andersson", "Tanaka", "Wright", "Novak", "Hughes"]
COMPANIES = ["Brightline Logistics", "Nordwind GmbH", "Acme Widgets Ltd", "Café Lumière SARL",
             "Harbor & Pine LLC", "Construcciones Ibéricas S.L.", "Vandermeer BV", "Tessitura Lago srl",
             "Redfern Dental Practice", "Kite Digital", "Blue Ox Farms", "Meridian Health Group",
             "Polar Print Co", "Stadtwerke Beispielstadt", "Oakridge Property Mgmt", "Sunny Side Daycare",
             "Lumen Optics Inc.", "Peak Fitness", "Greenleaf Catering", "Atlas Freight Ltd",
             "Riverside Vet Clinic", "Hofmann & Söhne KG", "Quantum Labs", "Petit Four Bakery",
             "Iron Gate Security", "Solaris Energia Lda", "Northbridge Academy", "Keller Bau AG",
             "Maple & Co Accountants", "Studio Nove", "Pixel Forge", "Terra Verde Landscaping"]
VENDOR = ["Example Ltd", "Contoso Supplies", "Fabrikam Services", "Northwind Traders",
          "Globex Billing", "Initech Accounts", "Tailspin Parts", "Wingtip Media"]
DOMAINS = ["example.com", "contoso.co.uk", "fabrikam.de", "northwind.fr", "globex.es",
           "initech.io", "tailspin.nl", "wingtip.it"]
CURRENCIES = ["€", "$", "£", "EUR ", "USD ", "GBP ", "CHF "]


def inv(r: random.Random) -> str:
    n = r.randint(100, 99999)
    y = 2026
    forms = [
        f"INV-{n}", f"INV-{y}-{n:05d}", f"#{n}", f"INV {n}", f"INV{n}", f"inv-{n}",
        f"{y}-{n:04d}", f"RE-{n}", f"FA-{n}", f"F{y}/{n}", f"No. {n}", f"SI-{n:06d}",
        f"INV/{y}/{n}", f"{n}", f"A{n}", f"IN{n:07d}", f"#INV-{n}", f"Nr. {n}",
    ]
    return r.choice(forms)


def amount(r: random.Random, lang: str = "en") -> str:
    v = r.choice([r.randint(40, 999), r.randint(1000, 25000), r.randint(100, 5000)])
    cents = r.choice([0, 0, r.randint(1, 99)])
    if lang in ("de", "fr", "es", "nl", "it", "pt"):
        whole = f"{v:,}".replace(",", ".") if r.random() < 0.6 else str(v)
        s = f"{whole},{cents:02d}"
        return r.choice([f"{s} €", f"{s} EUR", f"EUR {s}", f"€{s}"])
    whole = f"{v:,}" if r.random() < 0.7 else str(v)
    s = f"{whole}.{cents:02d}" if (cents or r.random() < 0.5) else whole
    cur = r.choice(CURRENCIES)
    if cur.strip() in ("EUR", "USD", "GBP", "CHF") and r.random() < 0.4:
        return f"{s} {cur.strip()}"
    return f"{cur}{s}"


WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
            "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
            "es": ["lunes", "martes", "miércoles", "jueves", "viernes"],
            "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"],
            "it": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì"],
            "pt": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"]}
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"],
          "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                 "September", "Oktober", "November", "Dezember"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"],
          "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                 "septiembre", "octubre", "noviembre", "diciembre"],
          "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                 "september", "oktober", "november", "december"],
          "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
                 "settembre", "ottobre", "novembre", "dicembre"],
          "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
                 "setembro", "outubro", "novembro", "dezembro"]}


def rand_date(r: random.Random) -> date:
    return date(2026, 1, 1) + timedelta(days=r.randint(0, 364))


def day(r: random.Random, lang: str = "en", d: date | None = None) -> str:
    """A date written the way people write it."""
    d = d or rand_date(r)
    m = MONTHS[lang][d.month - 1]
    if lang == "en":
        short = m[:3]
        return r.choice([f"{d.day} {m}", f"{m} {d.day}", f"{m} {d.day}th" if d.day in (4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 24, 25, 26, 27, 28, 29, 30) else f"{m} {d.day}",
                         f"{d.day}/{d.month}", f"{d.month}/{d.day}/2026", f"{d.day:02d}/{d.month:02d}/2026",
                         f"2026-{d.month:02d}-{d.day:02d}", f"{short} {d.day}", f"{d.day} {short}",
                         f"{d.day}-{short}-2026", f"{d.day} {m} 2026"])
    if lang == "de":
        return r.choice([f"{d.day}.{d.month}.", f"{d.day:02d}.{d.month:02d}.2026", f"{d.day}. {m}",
                         f"{d.day}. {m} 2026"])
    if lang in ("fr", "es", "pt", "it", "nl"):
        de = {"es": " de ", "pt": " de "}.get(lang, " ")
        return r.choice([f"{d.day}{de}{m}", f"{d.day:02d}/{d.month:02d}/2026", f"{d.day}/{d.month}",
                         f"{d.day}{de}{m}{de if lang != 'es' else ' de '}2026".replace("  ", " ")])
    return d.isoformat()


def weekday(r: random.Random, lang: str = "en") -> str:
    return r.choice(WEEKDAYS[lang])


def person(r: random.Random) -> tuple[str, str]:
    return r.choice(FIRST), r.choice(LAST)


def company(r: random.Random) -> str:
    return r.choice(COMPANIES)


def ref(r: random.Random) -> str:
    return r.choice([f"TRX{r.randint(10**7, 10**8)}", f"{r.randint(10**9, 10**10)}",
                     f"FT26{r.randint(100000, 999999)}", f"REF-{r.randint(1000, 9999)}-{r.randint(10, 99)}",
                     f"ACH {r.randint(100000, 999999)}", f"SEPA-{r.randint(10**5, 10**6)}"])


def po(r: random.Random) -> str:
    return r.choice([f"PO-{r.randint(1000, 99999)}", f"PO {r.randint(4500000000, 4599999999)}",
                     f"P.O. #{r.randint(100, 9999)}", f"PO{r.randint(10000, 99999)}"])


def email_of(first: str, last: str, comp: str, r: random.Random) -> str:
    base = "".join(c for c in comp.lower().split()[0] if c.isalnum()) or "mail"
    f = "".join(c for c in first.lower() if c.isascii() and c.isalpha()) or "x"
    last_ = "".join(c for c in last.lower() if c.isascii() and c.isalpha()) or "y"
    local = r.choice([f"{f}.{last_}", f"{f[0]}{last_}", f, "accounts", "ap", "finance", "billing",
                      "buchhaltung", "compta", f"{f}{r.randint(1, 99)}"])
    tld = r.choice(["com", "co.uk", "de", "fr", "es", "nl", "net", "io", "it"])
    if r.random() < 0.2:
        return f"{f}.{last_}{r.randint(1, 99)}@" + r.choice(["gmail.com", "outlook.com", "yahoo.com", "gmx.de", "orange.fr"])
    return f"{local}@{base}.{tld}"


GREET = {
    "en": ["Hi,", "Hello,", "Hi {vfirst},", "Dear Sir or Madam,", "Hello team,", "Good morning,",
           "Dear {vfirst},", "Hi there,", "Hey,", "Dear Accounts Receivable,", "Hello {vfirst},",
           "To whom it may concern,", "Good afternoon,", "Hi all,", "Dear Accounts team,", ""],
    "de": ["Hallo,", "Sehr geehrte Damen und Herren,", "Guten Tag,", "Hallo {vfirst},", "Liebe Kollegen,",
           "Guten Morgen,", "Sehr geehrte Frau {vlast},"],
    "fr": ["Bonjour,", "Madame, Monsieur,", "Bonjour {vfirst},", "Bonjour à tous,", "Chère Madame,"],
    "es": ["Hola,", "Buenos días,", "Estimados señores:", "Hola {vfirst},", "Buenas tardes,"],
    "nl": ["Goedemiddag,", "Beste {vfirst},", "Hallo,", "Geachte heer/mevrouw,"],
    "it": ["Buongiorno,", "Gentili signori,", "Ciao {vfirst},"],
    "pt": ["Bom dia,", "Olá,", "Prezados,"],
}
SIGNOFF = {
    "en": ["Thanks,", "Best regards,", "Regards,", "Kind regards,", "Cheers,", "Thank you,",
           "Best,", "Many thanks,", "Sincerely,", "Thx", "rgds", "BR,", "Warm regards,", "", ""],
    "de": ["Viele Grüße", "Mit freundlichen Grüßen", "Beste Grüße", "MfG", "Gruß", "LG"],
    "fr": ["Cordialement,", "Bien cordialement,", "Bonne journée,", "Salutations distinguées,", "Merci,"],
    "es": ["Saludos,", "Un saludo,", "Atentamente,", "Gracias,", "Saludos cordiales,"],
    "nl": ["Met vriendelijke groet,", "Groeten,", "Mvg,"],
    "it": ["Cordiali saluti,", "Saluti,", "Grazie,"],
    "pt": ["Atenciosamente,", "Cumprimentos,", "Obrigado,"],
}
TITLES = ["Accounts Payable", "AP Specialist", "Finance Manager", "Office Manager", "Owner",
          "Bookkeeper", "Controller", "CFO", "Purchasing", "Buchhaltung", "Comptabilité fournisseurs",
          "Departamento de Administración", "Practice Manager", "Operations Director", "Assistant"]
TITLES_LANG = {"de": ["Buchhaltung", "Geschäftsführer", "Kreditorenbuchhaltung", "Einkauf"],
               "fr": ["Comptabilité fournisseurs", "Gérant", "Service comptable"],
               "es": ["Departamento de Administración", "Contabilidad", "Gerente"]}
DISCLAIMER_LANG = {3: "de", 4: "fr", 6: "de", 7: "es"}
DISCLAIMERS = [
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be privileged. "
    "If you are not the intended recipient, please notify the sender immediately and delete it.",
    "This email has been scanned for viruses and malware.",
    "Please consider the environment before printing this email.",
    "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, "
    "informieren Sie bitte sofort den Absender und vernichten Sie diese Mail.",
    "Ce message et ses pièces jointes sont confidentiels et établis à l'attention exclusive de leurs destinataires.",
    "Registered in England and Wales No. 0{n}. Registered office: 12 High Street, Leeds.",
    "Geschäftsführer: {first} {last} | Amtsgericht München HRB {n}",
    "Este mensaje es confidencial. Si usted no es el destinatario, le rogamos lo comunique al remitente y lo borre.",
    "The information in this message is intended solely for the addressee. Access by anyone else is unauthorised.",
]
MOBILE = {"en": ["Sent from my iPhone", "Sent from my iPad", "Sent from Outlook for Android",
                 "Get Outlook for iOS", "Sent from my Galaxy", "Sent from Yahoo Mail on Android",
                 "Sent from my BlackBerry 10 smartphone.", "Sent from Mail for Windows"],
          "de": ["Von meinem iPhone gesendet", "Gesendet von meinem Samsung Galaxy"],
          "fr": ["Envoyé de mon iPhone", "Envoyé depuis mon smartphone"],
          "es": ["Enviado desde mi iPhone", "Enviado desde mi móvil"],
          "nl": ["Verzonden vanaf mijn iPhone"], "it": ["Inviato da iPhone"], "pt": ["Enviado do meu iPhone"]}


def phone(r: random.Random) -> str:
    return r.choice([f"+44 20 {r.randint(1000, 9999)} {r.randint(1000, 9999)}",
                     f"+49 89 {r.randint(100000, 999999)}-{r.randint(10, 99)}",
                     f"(555) {r.randint(100, 999)}-{r.randint(1000, 9999)}",
                     f"+33 1 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
                     f"+34 91 {r.randint(100, 999)} {r.randint(10, 99)} {r.randint(10, 99)}",
                     f"0{r.randint(100, 999)} {r.randint(100000, 999999)}"])


def signature(r: random.Random, first: str, last: str, comp: str, mail: str, lang: str = "en") -> str:
    style = r.random()
    if style < 0.25:
        return first
    if style < 0.4:
        return f"{first} {last}\n{comp}"
    lines = [f"{first} {last}"]
    if r.random() < 0.7:
        titles = TITLES_LANG.get(lang, TITLES[:9] + TITLES[12:])
        lines.append(r.choice(titles))
    lines.append(comp)
    if r.random() < 0.7:
        lines.append(r.choice(["T: ", "Tel. ", "Phone: ", "M ", "Tél : ", "direct: "]) + phone(r))
    if r.random() < 0.4:
        lines.append(mail)
    if r.random() < 0.25:
        lines.append("www." + mail.split("@")[-1])
    sig = "\n".join(lines)
    if r.random() < 0.35:
        sig = r.choice(["--\n", "-- \n", "___________________\n", ""]) + sig
    if r.random() < 0.35:
        idx = [i for i in range(len(DISCLAIMERS)) if DISCLAIMER_LANG.get(i, "en") in (lang, "en")]
        if lang != "en":
            idx = [i for i in idx if DISCLAIMER_LANG.get(i) == lang] or idx
        disc = DISCLAIMERS[r.choice(idx)].format(n=r.randint(1000000, 9999999), first=first, last=last)
        sig += "\n\n" + disc
    return sig


# ---------------------------------------------------------------------------
# Quoted dunning reminder underneath a reply.

REMINDER_BODIES = {
    "en": [
        "Dear customer,\n\nOur records show that invoice {inv} for {amt}, due on {due}, is still unpaid. "
        "Please arrange payment at your earliest convenience or let us know if there is an issue.\n\n"
        "Kind regards,\nAccounts Receivable\n{vendor}",
        "Hello,\n\nThis is a friendly reminder that the following invoice is now overdue:\n\n"
        "  {inv}    due {due}    {amt}\n\nIf you have already paid, please ignore this message.\n\n"
        "Thank you,\n{vendor} Billing",
        "FINAL NOTICE\n\nDespite previous reminders, {inv} ({amt}) remains outstanding. If payment is not "
        "received within 7 days the account may be passed to our collections partner.\n\n{vendor} Credit Control",
        "Hi,\n\nJust a heads-up that {inv} for {amt} falls due on {due}. Payment details are on the invoice.\n\n"
        "Thanks!\nThe {vendor} team",
    ],
    "de": ["Sehr geehrte Damen und Herren,\n\nleider konnten wir für die Rechnung {inv} über {amt} "
           "(fällig am {due}) noch keinen Zahlungseingang feststellen. Bitte überweisen Sie den Betrag "
           "umgehend.\n\nMit freundlichen Grüßen\nForderungsmanagement {vendor}"],
    "fr": ["Madame, Monsieur,\n\nSauf erreur de notre part, la facture {inv} d'un montant de {amt}, "
           "échue le {due}, reste impayée. Merci de procéder au règlement dans les meilleurs délais.\n\n"
           "Cordialement,\nService recouvrement {vendor}"],
    "es": ["Estimado cliente:\n\nLe recordamos que la factura {inv} por importe de {amt}, con vencimiento "
           "el {due}, sigue pendiente de pago.\n\nAtentamente,\nDepartamento de cobros {vendor}"],
}
REMINDER_SUBJ = {
    "en": ["Payment reminder: {inv}", "Overdue invoice {inv}", "Reminder - invoice {inv} is past due",
           "FINAL NOTICE: {inv}", "Your invoice {inv} from {vendor}", "Upcoming payment due {inv}",
           "Statement of overdue invoices", "Second reminder {inv}"],
    "de": ["Zahlungserinnerung {inv}", "Mahnung Rechnung {inv}", "1. Mahnung: {inv}"],
    "fr": ["Relance facture {inv}", "Rappel de paiement : {inv}", "Facture impayée {inv}"],
    "es": ["Recordatorio de pago {inv}", "Factura vencida {inv}", "Aviso de pago pendiente"],
}
REPLY_PREFIX = {"en": "Re: ", "de": r"AW: ", "fr": "RE : ", "es": "RE: ", "nl": "Re: ", "it": "R: ", "pt": "RE: "}


def quote_block(r: random.Random, lang: str, inv_no: str, vendor: str, vmail: str, vfirst: str) -> str:
    qlang = lang if lang in REMINDER_BODIES else "en"
    body = r.choice(REMINDER_BODIES[qlang]).format(inv=inv_no, amt=amount(r, qlang), due=day(r, "en" if qlang == "en" else qlang), vendor=vendor)
    d = rand_date(r)
    hh, mm = r.randint(7, 18), r.randint(0, 59)
    wd = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday()]
    style = r.random()
    if style < 0.35:
        head = {"en": f"On {wd}, {d.day} {MONTHS['en'][d.month - 1][:3]} 2026 at {hh:02d}:{mm:02d}, {vendor} <{vmail}> wrote:",
                "de": f"Am {d.day:02d}.{d.month:02d}.2026 um {hh:02d}:{mm:02d} schrieb {vendor} <{vmail}>:",
                "fr": f"Le {d.day} {MONTHS['fr'][d.month - 1]} 2026 à {hh:02d}:{mm:02d}, {vendor} <{vmail}> a écrit :",
                "es": f"El {d.day} {MONTHS['es'][d.month - 1]} 2026, a las {hh:02d}:{mm:02d}, {vendor} (<{vmail}>) escribió:",
                }.get(lang, f"On {d.isoformat()} {hh:02d}:{mm:02d}, {vendor} <{vmail}> wrote:")
        return head + "\n" + "\n".join("> " + ln if ln else ">" for ln in body.split("\n"))
    if style < 0.8:
        subj = r.choice(REMINDER_SUBJ[qlang]).format(inv=inv_no, vendor=vendor)
        labels = {"de": ("Von", "Gesendet", "An", "Betreff"), "fr": ("De", "Envoyé", "À", "Objet"),
                  "es": ("De", "Enviado el", "Para", "Asunto")}.get(lang, ("From", "Sent", "To", "Subject"))
        sent = f"{['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][d.weekday()]}, {MONTHS['en'][d.month - 1]} {d.day}, 2026 {hh % 12 or 12}:{mm:02d} {'AM' if hh < 12 else 'PM'}"
        sep = r.choice(["________________________________", "-----Original Message-----", "", "-------- Original message --------"])
        head = (sep + "\n" if sep else "") + f"{labels[0]}: {vendor} <{vmail}>\n{labels[1]}: {sent}\n{labels[2]}: accounts@customer\n{labels[3]}: {subj}"
        return head + "\n\n" + body
    return "\n".join("> " + ln if ln else ">" for ln in body.split("\n"))


def typo(r: random.Random, text: str, rate: float = 0.02) -> str:
    """Introduce light keyboard typos (swaps, drops, doubles)."""
    chars = list(text)
    out: list[str] = []
    i = 0
    while i < len(chars):
        c = chars[i]
        if c.isalpha() and r.random() < rate:
            k = r.randint(0, 2)
            if k == 0 and i + 1 < len(chars) and chars[i + 1].isalpha():
                out.extend([chars[i + 1], c])
                i += 2
                continue
            if k == 1:
                i += 1
                continue
            out.extend([c, c])
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)
