"""Entities in a customer reply: dates, amount, payment reference, invoice numbers.

A date's role comes from its sentence: "we paid / überwiesen / payé" without a future
marker makes a paid-on date (resolved towards the past), "back on / zurück am / de
retour" a return date, anything else a promised date (resolved towards the future).
Invoice numbers come from a configurable pattern, then are snapped to the ledger's own
numbers with rapidfuzz when `known_invoices` is given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from intents.entities.dates import FoundDate, find_dates

# Alternatives, most specific first; the value is the first non-empty group, else the match.
DEFAULT_INVOICE_PATTERN = (
    r"(?<![\w/-])((?:INV[-/ ]?|(?-i:IN|RE|RG|FA|FAC|FACT|SI|F)[-/]?)(?:20\d\d[-/])?\d{3,}(?:[-/]\d{2,})?)(?![\w-])"
    r"|(?<![\w/-])(20\d\d-\d{3,6})(?![\w-])"
    r"|#\s?([A-Z]{0,4}-?\d{3,}(?:[-/]\d+)*)\b"
    r"|\b(?:invoices?|inv\.?|rechnung(?:en)?|rechnungs-?nr\.?|rechnungsnummer|factures?|facturas?|fattura|"
    r"statement)\s*(?:no\.?|nr\.?|n[°ºo]\.?|number|num\.?|#)?\s*[:#]?\s*([A-Z]{0,4}[-/]?\d{3,}(?:[-/]\d+)?)\b"
)

_CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "fr.": "CHF", "us$": "USD"}
_CODES = "EUR|USD|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|JPY|INR|euros?|dollars?|pounds?"
_NUMBER = r"\d{1,3}(?:[.,' \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?P<pre>US\$|[€$£¥₹]|\b(?:{_CODES})\b)\s?(?P<n1>{_NUMBER})(?!\d)"
    rf"|(?<![\w.,])(?P<n2>{_NUMBER})\s?(?P<post>[€$£¥₹]|(?:{_CODES})\b)", re.I)

_REF_WORDS = (
    r"(?:payment\s+|wire\s+|bank\s+|ach\s+|sepa\s+|transfer\s+|remittance\s+)?"
    r"(?:ref(?:erence)?|referenz|r[ée]f[ée]rence|referencia|verwendungszweck)\.?(?:\s*(?:no\.?|number|nr\.?|#|id))?"
    r"|transaction\s+(?:id|no\.?|number|ref)|txn\s*(?:id)?|trans(?:action)?\.?\s*#|confirmation\s+(?:no\.?|number|#|code)"
    r"|trace\s+(?:no\.?|number)|utr|end-to-end(?:\s+id)?|e2e(?:\s+id)?|mt103|"
    r"(?:cheque|check|scheck|ch[eè]que|cheque)\s*(?:no\.?|number|nr\.?|n[°º]\.?|#)?"
)
_REFERENCE = re.compile(rf"\b(?:{_REF_WORDS})\s*[:#=-]?\s*(?P<ref>[A-Z0-9][A-Z0-9/_-]{{2,40}})", re.I)

_PAID = re.compile(
    r"\b(?:paid|payed|piad|payd|transferred|wired|remitted|settled|sent|mailed|posted|debited|executed|made|"
    r"completed|betaald|overgemaakt|abon[óo]|pag[óo]|(?:payment|transfer|zahlung|paiement|pago)\s+(?:on|of|du|vom|del)|"
    r"taken\s+care\s+of|left\s+(?:our|my)\s+(?:account|bank)|went\s+out|(?:payment|transfer)\s+of|"
    r"abgebucht|erfolgt|ausgeführt|débité|effectu[ée]e?|cargad[oa]|realizad[oa]|paiement\s+du|"
    r"made\s+(?:the\s+)?payment|went\s+out|cleared|bezahlt|gezahlt|überwiesen|beglichen|"
    r"pay[ée]e?s?|r[ée]gl[ée]e?s?|vir[ée]e?s?|pagad[oa]s?|pagamos|abonad[oa]|transferid[oa]|transferimos)\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|gonna|plan(?:ned)?|schedul\w*|intend|expect|promise|by|before|until|"
    r"next|werden?|wird|werde|bis|sp[äa]testens|sera|serons|allons|vais|pr[ée]vu|avant|d'ici|"
    r"vamos|voy|ser[áa]|antes|hasta|programad[oa])\b", re.I)
_RETURN = re.compile(
    r"\b(?:back|return(?:ing)?|returns|zur[üu]ck|wieder\s+(?:im|da|erreichbar)|de\s+retour|retour|"
    r"regres[oa]|de\s+vuelta|volver[ée]|out\s+of\s+(?:the\s+)?office|abwesend|absent[e]?|ausente)\b", re.I)


@dataclass(frozen=True)
class Entities:
    promised_date: date | None = None
    paid_on: date | None = None
    return_date: date | None = None
    amount: Decimal | None = None
    currency: str | None = None
    payment_reference: str | None = None
    invoice_numbers: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        return {
            "promised_date": self.promised_date.isoformat() if self.promised_date else None,
            "paid_on": self.paid_on.isoformat() if self.paid_on else None,
            "amount": f"{self.amount:.2f}" if self.amount is not None else None,
            "currency": self.currency,
            "payment_reference": self.payment_reference,
            "invoice_numbers": list(self.invoice_numbers),
            "return_date": self.return_date.isoformat() if self.return_date else None,
        }


def parse_number(text: str) -> Decimal | None:
    """'1.200,50' / '1,200.50' / "1'200.50" / '1 200,50' / '99' -> Decimal."""
    s = re.sub(r"[' \u00a0\u202f]", "", text)
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        head, _, tail = s.rpartition(sep)
        s = s.replace(sep, "") if len(tail) == 3 else head.replace(sep, "") + "." + tail
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _currency(token: str) -> str:
    t = token.strip().lower()
    if t in _CURRENCY_SIGNS:
        return _CURRENCY_SIGNS[t]
    if t.startswith("euro"):
        return "EUR"
    if t.startswith("dollar"):
        return "USD"
    if t.startswith("pound"):
        return "GBP"
    return t.upper()


def find_amounts(text: str) -> list[tuple[Decimal, str]]:
    out: list[tuple[Decimal, str]] = []
    for m in _AMOUNT.finditer(text):
        value = parse_number(m.group("n1") or m.group("n2"))
        if value is not None:
            out.append((value, _currency(m.group("pre") or m.group("post"))))
    return out


def find_reference(text: str, invoices: Sequence[str] = ()) -> str | None:
    skip = {_norm(i) for i in invoices}
    for m in _REFERENCE.finditer(text):
        ref = m.group("ref").rstrip("/_-")
        if any(c.isdigit() for c in ref) and _norm(ref) not in skip:
            return ref
    return None


def _norm(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def find_invoice_numbers(text: str, *, pattern: str = DEFAULT_INVOICE_PATTERN,
                         known_invoices: Sequence[str] = ()) -> list[str]:
    """Invoice numbers in text order, deduplicated; snapped to `known_invoices` when given."""
    found: list[tuple[int, str]] = []
    for m in re.finditer(pattern, text, re.I):
        value = next((g for g in m.groups() if g), None) or m.group(0)
        found.append((m.start(), value.strip().upper() if value[:1].isalpha() else value.strip()))
    if known_invoices:
        found = [(pos, _snap(value, known_invoices) or value) for pos, value in found]
        for known in known_invoices:  # a known number written in a form the pattern misses
            hit = re.search(rf"(?<![\w-]){re.escape(known)}(?![\w-])", text, re.I)
            digits = re.sub(r"\D", "", known)
            if hit is None and len(digits) >= 4:  # "we paid 4521" for INV-4521
                hit = re.search(rf"(?<![\w.,-]){digits}(?![\w.,-]\d?)", text)
            if hit and all(v != known for _, v in found):
                found.append((hit.start(), known))
    out: list[str] = []
    for _, value in sorted(found):
        if value not in out:
            out.append(value)
    return out


def _snap(value: str, known: Sequence[str]) -> str | None:
    from rapidfuzz import fuzz, process

    norm = _norm(value)
    by_norm = {_norm(k): k for k in known}
    if norm in by_norm:
        return by_norm[norm]
    digits = re.sub(r"\D", "", value)
    same_digits = [k for k in known if re.sub(r"\D", "", k) == digits and digits]
    if len(same_digits) == 1:  # "#4521" or "invoice 4521" for INV-4521
        return same_digits[0]
    best = process.extractOne(norm, list(by_norm), scorer=fuzz.ratio, score_cutoff=88)
    return by_norm[best[0]] if best else None


# Sentence ends, blank lines, list items, and line breaks before a capital or an invoice-like
# token (short replies often put one statement per line without punctuation).
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9ÄÖÜÉÀ¿¡\"'(])|\n\s*\n|\n(?=\s*[-*•]\s)"
                       r"|(?<=[^\s,:(&/-])[ \t]*\n(?=\s*(?:[A-ZÄÖÜÉÀ¿¡#]|\d{3}))")


# One sentence may hold two statements: "we paid INV-1 but INV-2 is billed twice".
_CLAUSE = re.compile(r",?\s+(?:but|however|whereas|aber|jedoch|mais|pero|sin embargo)\s+|\s+-\s+|;\s+", re.I)


def split_clauses(sentence: str) -> list[str]:
    """Clauses of a sentence; pieces under three words stay with their neighbour."""
    clauses: list[str] = []
    start = 0
    for m in _CLAUSE.finditer(sentence):
        piece = sentence[start:m.start()]
        if len(piece.split()) >= 3 and len(sentence[m.end():].split()) >= 3:
            clauses.append(piece.strip())
            start = m.end()
    clauses.append(sentence[start:].strip())
    return [c for c in clauses if c]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (also blank-line paragraphs and list items)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _best(dates: list[FoundDate]) -> date | None:
    rank = {"iso": 0, "named": 0, "numeric": 1, "month_end": 2, "ordinal": 2, "weekday": 3, "relative": 4}
    return min(dates, key=lambda d: (rank.get(d.kind, 5), d.start)).value if dates else None


def extract_entities(text: str, *, reference: datetime | None,
                     languages: Sequence[str] = ("en", "de", "fr", "es"),
                     date_order: str | None = None, known_invoices: Sequence[str] = (),
                     invoice_pattern: str = DEFAULT_INVOICE_PATTERN) -> Entities:
    """Entities of a reply text (quoted history already removed)."""
    invoices = find_invoice_numbers(text, pattern=invoice_pattern, known_invoices=known_invoices)
    promised: date | None = None
    paid: date | None = None
    back: date | None = None
    role = "promise"
    clauses = [c for start, end in split_sentences(text) for c in split_clauses(text[start:end])]
    for clause in clauses:
        sentence = _mask_invoices(clause, invoice_pattern)
        role = _role(sentence, role)
        if not any(ch.isdigit() for ch in sentence) and not _MAYBE_DATE.search(sentence):
            continue
        dates = find_dates(sentence, reference, prefer="past" if role == "paid" else "future",
                           languages=languages, date_order=date_order)
        if role == "return":
            back = back or _best(dates)
        elif role == "paid":
            paid = paid or _best(dates)
        else:
            promised = promised or _best(dates)
    amounts = find_amounts(text)
    return Entities(
        promised_date=promised, paid_on=paid, return_date=back,
        amount=amounts[0][0] if amounts else None, currency=amounts[0][1] if amounts else None,
        payment_reference=find_reference(text, invoices), invoice_numbers=tuple(invoices))


_MAYBE_DATE = re.compile(
    r"today|tomorrow|yesterday|evening|tonight|eod|cob|business|abend|soir|noche|tarde|week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"heute|morgen|gestern|woche|monat|tag|demain|hier|semaine|mois|jour|hoy|mañana|ayer|semana|mes|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|lundi|mardi|mercredi|jeudi|vendredi|lunes|martes|"
    r"mi[ée]rcoles|jueves|viernes", re.I)


_PAYING = re.compile(r"\b(?:pay|paid|settle|transfer|wire|remit|zahl|bezahl|überweis|pai|pay[ée]|r[ée]gl|vir|pag|transfer)",
                     re.I)


def _role(sentence: str, previous: str) -> str:
    """What a date in this sentence is: "paid", "return" or "promise"; a sentence without any
    cue ("Date: March 11th.") continues the previous sentence's role."""
    if _RETURN.search(sentence) and not _PAYING.search(sentence):
        return "return"
    if _PAID.search(sentence):
        return "promise" if _FUTURE.search(sentence) else "paid"
    if _FUTURE.search(sentence) or _PAYING.search(sentence):
        return "promise"
    return previous


def _mask_invoices(sentence: str, pattern: str) -> str:
    """Blank out invoice numbers so "2026-0042" or "FA-12/05" never read as dates."""
    return re.sub(pattern, lambda m: " " * len(m.group(0)), sentence, flags=re.I)
