"""What an out-of-office notice tells us: when the person is back, and whom to ask meanwhile.

Return dates are resolved against the notice's own Date header with `intents.entities.dates`
(dateparser with explicit languages for month names). A bare "12/01" is ambiguous
between day-first and month-first; an absence is short, so the reading nearest after
the notice wins.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from intents.entities.dates import FoundDate, find_dates
from intents.machine.kinds import ADDRESS

LANGUAGES = ("en", "de", "fr", "es", "nl", "it", "pt")

_BACK = re.compile(
    r"\b(?:back|return(?:ing|s)?|returns?|zur[üu]ck|wieder|retour|rentr\w*|de\s+vuelta|regres\w*|"
    r"volver[ée]|terug|weer\s+(?:aanwezig|op\s+kantoor)|rientr\w*|ritorn\w*|estarei\s+de\s+volta|retornar\w*|"
    r"regresso)\b", re.I)
_UNTIL = re.compile(
    r"\b(?:until|till|through|thru|bis|jusqu'?(?:au|à|a)?|hasta|tot(?:\s+en\s+met)?|t/m|fino\s+a[l]?|"
    r"até)\b", re.I)
# Months the shared date finder does not know (nl/it/pt), handed to dateparser as a span.
_EXTRA_NAMED = re.compile(
    r"\b(?:[12]\d|3[01]|0?[1-9])\.?\s+(?:de\s+)?(?:januari|februari|maart|mei|juni|juli|augustus|oktober|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|"
    r"março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro)(?:\s+(?:de\s+)?\d{4})?\b", re.I)

_CONTACT_CUE = re.compile(
    r"\b(?:contact|reach\s+out\s+to|get\s+in\s+touch\s+with|write\s+to|please\s+(?:e-?mail|call|ring)|"
    r"forward\s+\w+\s+to|"
    r"direct\s+\w+(?:\s+\w+)?\s+to|wenden\s+sie\s+sich\s+(?:bitte\s+)?an|kontaktieren\s+sie|"
    r"schreiben\s+sie\s+(?:bitte\s+)?an|vertreten\s+durch|vertretung\s*:?|contacter|contactez|"
    r"adressez-vous\s+[àa]|s'adresser\s+[àa]|p[óo]ngase\s+en\s+contacto\s+con|contacte\s+con|"
    r"contactar\s+con|dir[íi]jase\s+a|escriba\s+a|neem\s+contact\s+op\s+met|contact\s+opnemen\s+met|"
    r"contattare|contatti|rivolgersi\s+a|rivolgetevi\s+a|entre\s+em\s+contato\s+com|contate|contacte)\b|"
    r"\b(?:queries|enquiries|inquiries|matters|questions|requests)\s*:", re.I)
_URGENT = re.compile(r"\b(?:urgent|dringend\w*|urgence|urgente?s?|urgenze|urg[êe]ncia)\b", re.I)
_NAME = re.compile(
    r"(?:(?:my\s+colleague|colleague|meine[nr]?\s+(?:kolleg(?:in|en)|vertretung)|Frau|Herrn?|Mr\.?|Mrs\.?|Ms\.?|"
    r"M\.|Mme|Mlle|Sr\.?|Sra\.?|mon\s+coll[èe]gue|ma\s+coll[èe]gue|mi\s+compañer[oa]|mijn\s+collega|"
    r"il\s+mio\s+collega|la\s+mia\s+collega|meu\s+colega|minha\s+colega)\s+)?"
    r"(?P<name>[A-ZÄÖÜÉÈÀÂÇÑ][a-zäöüßéèêëàâçñíóúïô'-]+(?:\s+(?:van\s+der\s+|van\s+|de\s+|von\s+)?"
    r"[A-ZÄÖÜÉÈÀÂÇÑ][a-zäöüßéèêëàâçñíóúïô'-]+){1,2})")
_NOT_NAMES = frozenset({"Customer", "Service", "Support", "Team", "Accounts", "Payable", "Office", "Finance",
                        "Please", "Thank", "Thanks", "The", "Our", "Kind", "Regards", "Best", "Mit", "Freundlichen",
                        "Grüßen", "Cordialement", "Saludos", "Monday", "Tuesday", "Wednesday", "Thursday",
                        "Friday", "Saturday", "Sunday", "Customer Service", "Accounts Payable", "Help", "Desk",
                        "Purchase", "Ledger", "Invoice", "Invoices", "Payment", "Supplier", "Sales", "Order"})


def _sentences(text: str) -> list[str]:
    # Not after "3." - German and Dutch day numbers end in a dot ("ab dem 3. Dezember").
    return [s.strip() for s in re.split(r"(?<=\D[.!?])\s+|\n\s*\n|\n(?=[A-Z•*-])", text) if s.strip()]


def _candidates(sentence: str, reference: datetime) -> list[date]:
    found: list[FoundDate] = find_dates(sentence, reference, prefer="future", languages=LANGUAGES)
    values = []
    for item in found:
        if item.kind == "numeric" and not re.search(r"\d{4}", item.text):
            # Day-first or month-first: the reading nearest after the notice.
            alt = find_dates(item.text, reference, prefer="future", languages=LANGUAGES, date_order="MDY")
            options = [item.value] + [a.value for a in alt]
            ahead = [v for v in options if v >= reference.date() - timedelta(days=1)]
            values.append(min(ahead) if ahead else item.value)
        else:
            values.append(item.value)
    if not values:
        from intents.entities.dates import (
            _dateparser,  # month names the shared finder lacks (nl/it/pt)
        )

        for m in _EXTRA_NAMED.finditer(sentence):
            value = _dateparser(m.group(0), reference.replace(tzinfo=None), "future", LANGUAGES, "DMY")
            if value:
                values.append(value)
    low, high = reference.date() - timedelta(days=1), reference.date() + timedelta(days=400)
    return [v for v in values if low <= v <= high]


def return_date(text: str, reference: datetime | None) -> date | None:
    """Date the absent person says they are back (or away until), or None."""
    if reference is None:
        return None
    until: date | None = None
    for sentence in _sentences(text[:3000]):
        has_back, has_until = bool(_BACK.search(sentence)), bool(_UNTIL.search(sentence))
        if not (has_back or has_until):
            continue
        values = _candidates(sentence, reference)
        if not values:
            continue
        if has_back:
            return max(values)
        until = until or max(values)
    return until


def alternate_contact(text: str, own_address: str | None = None) -> str | None:
    """A named person and/or address to turn to meanwhile: "Jane Doe <jane@x.com>"."""
    own = (own_address or "").lower()
    for sentence in _sentences(text[:3000]):
        cue = _CONTACT_CUE.search(sentence)
        if not cue and not _URGENT.search(sentence):
            continue
        tail = sentence[cue.end():] if cue else sentence
        addresses = [a for a in ADDRESS.findall(tail) if a.lower() != own]
        name = None
        for m in _NAME.finditer(tail[:120]):
            candidate = m.group("name")
            words = candidate.split()
            if candidate in _NOT_NAMES or any(w in _NOT_NAMES for w in words):
                continue
            if addresses and tail.find(addresses[0]) < m.start():
                break
            name = candidate
            break
        if addresses:
            return f"{name} <{addresses[0]}>" if name else addresses[0]
        if name and cue:
            return name
    return None
