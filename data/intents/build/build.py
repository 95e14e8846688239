"""Build the intent training corpus into data/intents/*.jsonl.

Run from the repository root:  python data/intents/build/build.py
The output is deterministic (fixed seed). It never reads data/eval/.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common as c  # noqa: E402
from frames_customer_en import ALREADY_PAID, CANNOT_PAY, DISPUTE, NOT_RECEIVED, SCHEDULED  # noqa: E402
from frames_customer_intl import INTL  # noqa: E402
from frames_extra_en import (  # noqa: E402
    ALREADY_PAID_X,
    CANNOT_PAY_X,
    DISPUTE_X,
    NOT_RECEIVED_X,
    OTHER_X,
    SCHEDULED_INTL_X,
    SCHEDULED_X,
)
from frames_extra_intl import INTL_X, NEAR_X, SUBJECT_LED  # noqa: E402
from frames_multi import MULTI, NEAR  # noqa: E402
from frames_multi_compose import MULTI_INTL, compose_multi  # noqa: E402
from frames_other_en import OTHER, OTHER_NEAR  # noqa: E402
from machine import auto_reply, bounce, delay_notice  # noqa: E402

OUT = HERE.parent
PRIORITY = ["dispute", "not-received", "cannot-pay", "already-paid", "scheduled"]
LABELS = [*PRIORITY, "auto-reply", "bounce", "other"]
EN_FRAMES = {"not-received": NOT_RECEIVED + NOT_RECEIVED_X, "scheduled": SCHEDULED + SCHEDULED_X,
             "cannot-pay": CANNOT_PAY + CANNOT_PAY_X, "already-paid": ALREADY_PAID + ALREADY_PAID_X,
             "dispute": DISPUTE + DISPUTE_X, "other": OTHER + OTHER_X}
for _lang, _frames in SCHEDULED_INTL_X.items():
    INTL["scheduled"][_lang] = INTL["scheduled"][_lang] + _frames
for _label, _by_lang in INTL_X.items():
    for _lang, _frames in _by_lang.items():
        INTL[_label][_lang] = INTL[_label][_lang] + _frames

PREFIX = {
    "en": ["Thanks for your email.", "Sorry for the late reply.", "Regarding your reminder below:",
           "Re {inv}:", "Following up on your email,", "Further to your reminder,",
           "Apologies for the delay in getting back to you.", "I've just seen this.", "Quick reply from my phone:",
           "Thanks for chasing.", "Hope you're well.", "With reference to the attached statement,",
           "I'm replying on behalf of {colleague}, who is away.", "Just picking this up now.",
           "Thank you for your patience.", "In response to your email of {date}:"],
    "de": ["Danke für Ihre Nachricht.", "Bezugnehmend auf Ihre Erinnerung:", "Entschuldigen Sie die späte Antwort."],
    "fr": ["Merci pour votre message.", "Suite à votre relance,", "Désolé pour ce retard de réponse."],
    "es": ["Gracias por su correo.", "En relación con su recordatorio,", "Disculpe la demora en responder."],
}
CLOSER = {
    "en": ["Let me know if you need anything else.", "Thanks for your patience.", "Any questions, just shout.",
           "Have a good weekend.", "Sorry for any inconvenience.", "Speak soon.", "Hope that helps.",
           "Please confirm.", "Many thanks for your understanding.", "Give me a call if easier.",
           "Thanks in advance.", "Appreciate your help on this."],
    "de": ["Vielen Dank für Ihr Verständnis.", "Bei Fragen melden Sie sich gern."],
    "fr": ["Merci de votre compréhension.", "Je reste à votre disposition."],
    "es": ["Gracias por su comprensión.", "Quedo a su disposición."],
}
EXTRA = {
    "not-received": ["Please also make sure our PO {po} is on it.", "Our billing contact is {me} ({mail}).",
                     "Please update your records so future invoices go to the right place.",
                     "We'll pay promptly once we have it.", "A PDF would be best.",
                     "Also please hold the reminders until we've had a chance to see it."],
    "scheduled": ["Sorry for the delay.", "Please don't escalate this.", "You'll get a remittance advice by email.",
                  "Please hold any further reminders.", "Apologies it's late.", "Our reference will be {ref}."],
    "cannot-pay": ["We value our relationship with you and want to make this right.",
                   "We're not trying to avoid the debt.", "I hope you understand.",
                   "Please don't pass this to collections.", "I'll keep you updated.", "Sorry to ask."],
    "already-paid": ["Please stop sending reminders.", "Remittance attached.", "Please update your ledger.",
                     "Let me know if you need the bank statement.", "Thanks.", "Please allocate accordingly."],
    "dispute": ["Please put the account on hold until this is sorted.", "Photos attached.",
                "Please have your sales rep contact me.", "We'll pay once we get a corrected invoice.",
                "This is not the first time this has happened.", "I expect a reply this week."],
    "other": ["Thanks.", "Have a nice day.", "Best wishes to the team."],
}
CUSTOM_SUBJ = {
    "en": ["{inv}", "Invoice {inv}", "payment", "Re: Re: {s}", "RE: {s}", "Fw: {s}", "Question about your invoice",
           "Your reminder", "", "Re:", "Outstanding balance", "account {n}", "RE: [EXTERNAL] {s}"],
    "de": ["Rechnung {inv}", "AW: AW: {s}", "Ihre Mahnung", "WG: {s}"],
    "fr": ["Facture {inv}", "TR : {s}", "Votre relance"],
    "es": ["Factura {inv}", "RV: {s}", "Su recordatorio"],
}


def primary(labels: list[str]) -> str:
    for p in PRIORITY:
        if p in labels:
            return p
    return labels[0]


def slots(r: random.Random, lang: str) -> dict[str, str]:
    first, last = c.person(r)
    comp = c.company(r)
    vendor = r.choice(c.VENDOR)
    vfirst = r.choice(c.FIRST)
    vmail = "ar@" + c.DOMAINS[c.VENDOR.index(vendor)]
    dlang = lang if lang in c.MONTHS else "en"
    s = {
        "inv": c.inv(r), "inv2": c.inv(r), "inv3": c.inv(r),
        "amt": c.amount(r, lang), "amt2": c.amount(r, lang),
        "date": c.day(r, dlang), "date2": c.day(r, dlang), "wd": c.weekday(r, dlang),
        "ref": c.ref(r), "po": c.po(r), "vfirst": vfirst, "vlast": r.choice(c.LAST), "co": comp,
        "first": first, "last": last, "me": f"{first} {last}", "vendor": vendor, "vmail": vmail,
        "dom": r.choice(["1st", "15th", "25th", "30th", "28th", "10th"]),
        "chq": str(r.randint(100000, 999999)), "last4": str(r.randint(1000, 9999)),
        "claim": f"QC-{r.randint(1000, 9999)}", "kw": str(r.randint(2, 51)), "n": str(r.randint(1000, 99999)), "phone": c.phone(r),
    }
    s["mail"] = c.email_of(first, last, comp, r)
    s["colleague"] = r.choice([f for f in c.FIRST if f != first])
    return s


_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")


def fill(frame: str, s: dict[str, str]) -> str:
    # Dates such as "8.1." at the end of a sentence would otherwise end in "..".
    return _DOUBLE_DOT.sub(".", frame.format(**s))


def wrap(r: random.Random, core: str, lang: str, label: str, s: dict[str, str], *,
         subject: str | None = None) -> tuple[str, str]:
    """Dress a reply core as a real email body; returns (subject, text)."""
    glang = lang if lang in c.GREET else "en"
    parts: list[str] = []
    mobile = r.random() < 0.13
    terse = len(core) < 40 or mobile
    greets_itself = re.match(r"(hi|hello|hey|hallo|bonjour|hola|dear)\b", core, re.I) is not None
    if not greets_itself and ((not terse and r.random() < 0.55) or (terse and r.random() < 0.2)):
        g = r.choice(c.GREET[glang]).format(vfirst=s["vfirst"], vlast=s["vlast"])
        if g:
            parts.append(g)
    body = core
    plang = lang if lang in PREFIX else None
    if plang and not terse and r.random() < 0.3:
        body = fill(r.choice(PREFIX[plang]), s) + ("\n\n" if r.random() < 0.5 else " ") + body
    if lang == "en" and label in EXTRA and r.random() < 0.3:
        body = body + " " + fill(r.choice(EXTRA[label]), s)
    if plang and r.random() < 0.2:
        body = body + "\n\n" + r.choice(CLOSER[plang])
    if r.random() < 0.08:
        body = body.lower()
    elif label in PRIORITY and r.random() < 0.02:
        body = body.upper()
    if r.random() < 0.1:
        body = c.typo(r, body, 0.03)
    parts.append(body)
    if mobile:
        if r.random() < 0.5:
            parts.append(s["first"])
        parts.append(r.choice(c.MOBILE.get(lang, c.MOBILE["en"])))
    else:
        so = r.choice(c.SIGNOFF[glang])
        if r.random() < 0.8:
            sig = c.signature(r, s["first"], s["last"], s["co"], s["mail"], lang)
            parts.append((so + "\n" if so else "") + sig)
        elif so:
            parts.append(so)
    text = "\n\n".join(p for p in parts if p)
    if r.random() < 0.07:
        # Image placeholders left by HTML-to-text conversion of logo signatures.
        text += "\n\n" + r.choice(["[cid:image001.png@01DB4C2A.5F1E2B30]", "[logo]", "[image: Logo]",
                                      "[https://www.example.com/signature/logo.png]",
                                      "[cid:image002.jpg@01DA9F11.0C3D6E70] [cid:image003.png@01DA9F11.0C3D6E70]"])
    if r.random() < 0.06:
        text = r.choice(["CAUTION: This email originated from outside of the organization. Do not click links or open "
                         "attachments unless you recognize the sender and know the content is safe.",
                         "[EXTERNAL EMAIL] Be careful with links and attachments.",
                         "This message came from an external sender."]) + "\n\n" + text
    qlang = lang if lang in c.REMINDER_SUBJ else "en"
    orig = r.choice(c.REMINDER_SUBJ[qlang]).format(inv=s["inv"], vendor=s["vendor"])
    if r.random() < 0.45:
        quoted = c.quote_block(r, lang, s["inv"], s["vendor"], s["vmail"], s["vfirst"])
        # A minority answer below the quote (bottom-posting), as some mail clients and people do.
        text = quoted + "\n\n" + text if r.random() < 0.08 else text + "\n\n" + quoted
    if subject is not None:
        subj = subject.format(s=orig, inv=s["inv"], wd=s["wd"], date=s["date"])
    elif r.random() < 0.75:
        subj = c.REPLY_PREFIX.get(lang, "Re: ") + orig
    else:
        subj = r.choice(CUSTOM_SUBJ.get(lang, CUSTOM_SUBJ["en"])).format(inv=s["inv"], s=orig, n=s["n"])
    return subj, text


class Corpus:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, object]]] = {}
        self.seen: set[str] = set()
        self.counters: dict[str, int] = {}

    def add(self, file: str, labels: list[str], subject: str, text: str, lang: str, r: random.Random,
            sender: str | None = None) -> bool:
        text = _DOUBLE_DOT.sub(".", text)
        key = " ".join(text.split()).lower()
        if key in self.seen:
            return False
        self.seen.add(key)
        label = primary(labels) if labels[0] in PRIORITY else labels[0]
        self.counters[label] = self.counters.get(label, 0) + 1
        row: dict[str, object] = {
            "id": f"tr-{label}-{self.counters[label]:04d}", "subject": subject, "text": text,
            "label": label, "labels": sorted(labels, key=LABELS.index), "lang": lang,
        }
        if sender:
            row["from"] = sender
        row["date"] = c.rand_date(r).isoformat()
        self.rows.setdefault(file, []).append(row)
        return True

    def write(self) -> None:
        for file, rows in self.rows.items():
            with open(OUT / file, "w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def pick_lang(r: random.Random, label: str, p_intl: float = 0.15) -> str:
    if r.random() >= p_intl:
        return "en"
    pool = INTL[label]
    return r.choices(list(pool), weights=[5 if k in ("de", "fr", "es") else 1 for k in pool])[0]


def customer(corpus: Corpus, r: random.Random, label: str, n: int) -> None:
    made = 0
    attempts = 0
    en_cycle: list[str] = []
    while made < n and attempts < n * 20:
        attempts += 1
        lang = pick_lang(r, label)
        if lang == "en":
            if not en_cycle:
                en_cycle = list(EN_FRAMES[label])
                r.shuffle(en_cycle)
            frame = en_cycle.pop()
        else:
            frame = r.choice(INTL[label][lang])
        s = slots(r, lang)
        core = fill(frame, s)
        subj, text = wrap(r, core, lang, label, s)
        if corpus.add(f"{label}.jsonl", [label], subj, text, lang, r, s["mail"]):
            made += 1


def near_miss(corpus: Corpus, r: random.Random, per_frame: int = 2) -> None:
    for labels, frame in NEAR:
        for _ in range(per_frame):
            s = slots(r, "en")
            subj, text = wrap(r, fill(frame, s), "en", primary(labels), s)
            corpus.add("near_miss.jsonl", labels, subj, text, "en", r, s["mail"])
    for labels, frame in NEAR_X:
        for _ in range(per_frame):
            s = slots(r, "en")
            subj, text = wrap(r, fill(frame, s), "en", primary(labels), s)
            corpus.add("near_miss.jsonl", labels, subj, text, "en", r, s["mail"])
    for labels, subject, frame in SUBJECT_LED:
        for _ in range(per_frame):
            lang = "de" if "Zahlungsavis" in subject else "en"
            s = slots(r, lang)
            subj, text = wrap(r, fill(frame, s), lang, primary(labels), s, subject=subject)
            corpus.add(f"{primary(labels)}.jsonl", labels, subj, text, lang, r, s["mail"])
    for frame in OTHER_NEAR:
        for _ in range(per_frame):
            s = slots(r, "en")
            subj, text = wrap(r, fill(frame, s), "en", "other", s)
            corpus.add("near_miss.jsonl", ["other"], subj, text, "en", r, s["mail"])


def multi(corpus: Corpus, r: random.Random, n: int) -> None:
    made = 0
    frames = list(MULTI)
    for labels, frame in frames * 2:
        s = slots(r, "en")
        subj, text = wrap(r, fill(frame, s), "en", "multi", s)
        made += corpus.add("multi.jsonl", labels, subj, text, "en", r, s["mail"])
    for lang, labels, frame in MULTI_INTL:
        s = slots(r, lang)
        subj, text = wrap(r, fill(frame, s), lang, "multi", s)
        made += corpus.add("multi.jsonl", labels, subj, text, lang, r, s["mail"])
    while made < n:
        s = slots(r, "en")
        labels, core = compose_multi(r, s)
        subj, text = wrap(r, core, "en", "multi", s)
        made += corpus.add("multi.jsonl", labels, subj, text, "en", r, s["mail"])


def other(corpus: Corpus, r: random.Random, n: int) -> None:
    made = 0
    cycle: list[str] = []
    while made < n:
        lang = pick_lang(r, "other", 0.17)
        if r.random() < 0.05:
            s = slots(r, "en")
            subj, text = delay_notice(r, r.choice(c.REMINDER_SUBJ["en"]).format(inv=s["inv"], vendor=s["vendor"]))
            made += corpus.add("other.jsonl", ["other"], subj, text, "en", r, "MAILER-DAEMON@" + s["vmail"].split("@")[1])
            continue
        if lang == "en":
            if not cycle:
                cycle = list(EN_FRAMES["other"])
                r.shuffle(cycle)
            frame = cycle.pop()
        else:
            frame = r.choice(INTL["other"][lang])
        s = slots(r, lang)
        subj, text = wrap(r, fill(frame, s), lang, "other", s)
        made += corpus.add("other.jsonl", ["other"], subj, text, lang, r, s["mail"])


def machine(corpus: Corpus, r: random.Random, n_auto: int, n_bounce: int) -> None:
    made = 0
    while made < n_auto:
        lang = "en" if r.random() < 0.8 else r.choices(["de", "fr", "es", "nl", "it", "pt"], [5, 4, 4, 1, 1, 1])[0]
        s = slots(r, lang)
        qlang = lang if lang in c.REMINDER_SUBJ else "en"
        orig = r.choice(c.REMINDER_SUBJ[qlang]).format(inv=s["inv"], vendor=s["vendor"])
        subj, text = auto_reply(r, lang, orig)
        if r.random() < 0.2:
            text += "\n\n" + c.quote_block(r, lang, s["inv"], s["vendor"], s["vmail"], s["vfirst"])
        made += corpus.add("auto_reply.jsonl", ["auto-reply"], subj, text, lang, r, s["mail"])
    made = 0
    while made < n_bounce:
        s = slots(r, "en")
        orig = r.choice(c.REMINDER_SUBJ["en"]).format(inv=s["inv"], vendor=s["vendor"])
        subj, text, lang = bounce(r, s["vmail"], orig)
        dom = s["vmail"].split("@")[1]
        sender = r.choice([f"MAILER-DAEMON@mail.{dom}", f"postmaster@{dom}", "mailer-daemon@googlemail.com",
                           f"Microsoft Outlook <postmaster@{dom}>"])
        made += corpus.add("bounce.jsonl", ["bounce"], subj, text, lang, r, sender)


def counts_table(corpus: Corpus) -> str:
    rows = [row for file_rows in corpus.rows.values() for row in file_rows]
    langs = ["en", "de", "fr", "es", "nl", "it", "pt"]
    def n(label: str | None, lang: str | None) -> int:
        return sum(1 for row in rows if (label is None or row["label"] == label) and (lang is None or row["lang"] == lang))
    def multi(label: str | None) -> int:
        return sum(1 for row in rows if len(row["labels"]) > 1 and (label is None or row["label"] == label))  # type: ignore[arg-type]
    out = ["Primary `label` by language (`multi` = rows with more than one label):", "",
           "| label | " + " | ".join(langs) + " | total | multi |", "|---|" + "---|" * (len(langs) + 2)]
    for label in LABELS:
        out.append(f"| {label} | " + " | ".join(str(n(label, g)) for g in langs) + f" | {n(label, None)} | {multi(label)} |")
    out.append("| **total** | " + " | ".join(str(n(None, g)) for g in langs) + f" | {len(rows)} | {multi(None)} |")
    non_en = len(rows) - n(None, "en")
    out += ["", f"Non-English: {non_en} of {len(rows)} ({100 * non_en / len(rows):.0f}%)."]
    return "\n".join(out)


def update_readme(corpus: Corpus) -> None:
    readme = OUT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- counts: written by build/build.py -->", "<!-- /counts -->"
    a, b = text.index(start) + len(start), text.index(end)
    readme.write_text(text[:a] + "\n" + counts_table(corpus) + "\n" + text[b:], encoding="utf-8")


def main() -> None:
    r = random.Random(20261123)
    corpus = Corpus()
    for label in PRIORITY:
        customer(corpus, r, label, 215)
    near_miss(corpus, r)
    multi(corpus, r, 150)
    other(corpus, r, 200)
    machine(corpus, r, 160, 130)
    corpus.write()
    update_readme(corpus)
    for label in LABELS:
        print(label, corpus.counters.get(label, 0))


if __name__ == "__main__":
    main()
