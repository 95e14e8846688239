"""Find and resolve date expressions in reply text (en/de/fr/es).

Dates are resolved against the message's own Date header (`reference`), never the
clock. Candidate spans are found with regular expressions so whole messages are never
handed to dateparser (slow, and eager to read invoice numbers as dates). Forms that
dateparser does not resolve the way an AR clerk would ("next Friday", "end of month",
"the 15th", numeric "12/01" in the customer's locale) are computed here; spans with
month names or relative phrases ("3 May", "15. März", "in two weeks", "hace 3 días")
go to dateparser with explicit languages, RELATIVE_BASE and PREFER_DATES_FROM.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

Prefer = Literal["future", "past"]

_MONTHS = (
    r"jan(?:uary|uar|vier)?|feb(?:ruary|ruar|rero)?|dic(?:iembre)?|f[ée]vr(?:ier)?|mar(?:ch|s|zo)?|m[äa]rz|"
    r"apr(?:il)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|jun(?:e|i|io)?|juin|jul(?:y|i|io)?|juil(?:let)?|"
    r"aug(?:ust)?|ao[uû]t|ago(?:sto)?|sep(?:t|tember|tembre|tiembre)?|set(?:iembre)?|"
    r"o[ck]t(?:ober|obre|ubre)?|nov(?:ember|embre|iembre)?|d[eé][cz](?:ember|embre|iembre)?|ene(?:ro)?"
)
_WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate((
    "monday mon montag lundi lunes", "tuesday tue tues dienstag mardi martes",
    "wednesday wed mittwoch mercredi miércoles miercoles", "thursday thu thur thurs donnerstag jeudi jueves",
    "friday fri freitag vendredi viernes", "saturday sat samstag samedi sábado sabado",
    "sunday sun sonntag dimanche domingo",
)):
    for _n in _names.split():
        _WEEKDAYS[_n] = _i
_WEEKDAY_RE = "|".join(sorted((n for n in _WEEKDAYS if len(n) > 3), key=len, reverse=True))
_NEXT = r"next|this|coming|nächsten?|kommenden?|diesen?|prochain|ce|el\s+próximo|el\s+proximo|este|el|on"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")),
    ("numeric", re.compile(r"(?<![\w/.,-])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?P<dot>\.)?(?![\w/,]|\.\d)")),
    ("named", re.compile(
        rf"\b(?:{_DAY}-(?:{_MONTHS})-\d{{4}}"
        rf"|{_DAY}(?:st|nd|rd|th|er|\.|º)?\s+(?:of\s+|de\s+)?(?:{_MONTHS})\.?(?:\s+(?:de\s+)?\d{{4}})?"
        rf"|(?:{_MONTHS})\.?\s+{_DAY}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)\b", re.I)),
    ("weekday", re.compile(
        rf"\b(?:(?P<mod>{_NEXT}|last|letzten|dernier)\s+)?(?P<wd>{_WEEKDAY_RE})"
        rf"(?:\s+(?P<post>prochain|next week|nächste woche|que viene))?\b", re.I)),
    ("month_end", re.compile(
        r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<next_en>next\s+)?month|month[- ]end|"
        r"(?:zum\s+|bis\s+)?(?:ende\s+des\s+(?:(?P<next_de>nächsten|kommenden)\s+)?monats|monatsende)|"
        r"(?:la\s+)?fin\s+(?:du\s+mois(?P<next_fr>\s+prochain)?|de\s+mois)|"
        r"(?:el\s+)?fin(?:al)?\s+de(?:l)?\s+mes(?P<next_es>\s+(?:que\s+viene|próximo|proximo))?)\b", re.I)),
    ("week_end", re.compile(
        r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?week|ende\s+der\s+woche|"
        r"fin\s+de\s+(?:la\s+)?semaine|fin(?:al)?\s+de\s+(?:la\s+)?semana)\b", re.I)),
    ("today", re.compile(r"\b(?:this\s+(?:evening|afternoon)|tonight|end\s+of\s+(?:the\s+)?day|eod|cob|"
                         r"close\s+of\s+business|heute\s+abend|ce\s+soir|esta\s+tarde|esta\s+noche)\b", re.I)),
    ("ordinal", re.compile(
        r"\b(?:(?:on\s+|by\s+|until\s+)?the\s+(?P<d1>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)|am\s+(?P<d2>[12]\d|3[01]|0?[1-9])\."
        r"|le\s+(?P<d3>[12]\d|3[01]|0?[1-9])(?:er)?|el\s+d[ií]a\s+(?P<d4>[12]\d|3[01]|0?[1-9]))(?![\w.,/-]\d)", re.I)),
    ("relative", re.compile(
        r"\b(?:today|tomorrow|yesterday|heute|morgen|gestern|aujourd'hui|demain|hier|hoy|mañana|ayer|"
        r"(?:in|within)\s+(?:\d+|one|two|three|four|a|a\s+couple\s+of)\s+(?:days?|weeks?|months?)|"
        r"next\s+(?:week|month)|nächste\s+woche|nächsten\s+monat|la\s+semaine\s+prochaine|le\s+mois\s+prochain|"
        r"la\s+semana\s+que\s+viene|la\s+pr[oó]xima\s+semana|el\s+mes\s+que\s+viene|el\s+pr[oó]ximo\s+mes|"
        r"(?:\d+|two|three|a)\s+(?:days?|weeks?)\s+ago|last\s+week|letzte\s+woche|"
        r"vor\s+\d+\s+(?:tagen|wochen)|il\s+y\s+a\s+\d+\s+jours|hace\s+\d+\s+d[ií]as|"
        r"in\s+\d+\s+tagen|dans\s+\d+\s+jours|en\s+\d+\s+d[ií]as)\b", re.I)),
]


@dataclass(frozen=True)
class FoundDate:
    kind: str  # iso, numeric, named, weekday, week_end, today, month_end, ordinal, relative
    text: str
    start: int
    end: int
    value: date


def _month_end(day: date, months_ahead: int = 0) -> date:
    year, month = day.year, day.month + months_ahead
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick_year(month: int, day: int, ref: date, prefer: Prefer) -> date | None:
    """The occurrence of day/month nearest to `ref` in the preferred direction."""
    this = _safe(ref.year, month, day)
    if this is None:
        return _safe(ref.year + (1 if prefer == "future" else -1), month, day)
    if prefer == "future" and this < ref - timedelta(days=7):
        return _safe(ref.year + 1, month, day) or this
    if prefer == "past" and this > ref + timedelta(days=7):
        return _safe(ref.year - 1, month, day) or this
    return this


def _numeric(m: re.Match[str], ref: date, prefer: Prefer, date_order: str) -> date | None:
    a, b, y = int(m.group(1)), int(m.group(3)), m.group(4)
    if m.group(2) == "." and not y and not m.group("dot"):
        return None  # "3.5" is a number; a dotted date needs a year or the German trailing dot
    day, month = (b, a) if date_order.upper().startswith("M") else (a, b)
    if month > 12 and day <= 12:  # 12/25 in a DMY locale can only be MDY
        day, month = month, day
    if not 1 <= month <= 12:
        return None
    if y:
        year = int(y) + (2000 if len(y) == 2 else 0)
        return _safe(year, month, day)
    return _pick_year(month, day, ref, prefer)


def _weekday(m: re.Match[str], ref: date, prefer: Prefer) -> date:
    target = _WEEKDAYS[m.group("wd").lower()]
    mod = (m.group("mod") or "").lower()
    post = (m.group("post") or "").lower()
    ahead = (target - ref.weekday()) % 7
    if mod in ("last", "letzten", "dernier"):
        return ref - timedelta(days=(ref.weekday() - target) % 7 or 7)
    forward = bool(post) or mod.split()[-1:] in (["next"], ["nächsten"], ["nächste"], ["kommenden"],
                                                  ["kommende"], ["coming"], ["próximo"], ["proximo"])
    if prefer == "past" and not forward:
        return ref - timedelta(days=(ref.weekday() - target) % 7)
    # A weekday named without "last" is the next one to come; said on that very weekday
    # it means a week later ("next Friday" on a Friday is in seven days).
    return ref + timedelta(days=ahead or 7)


def _ordinal(m: re.Match[str], ref: date, prefer: Prefer) -> date | None:
    day = int(next(g for g in (m.group("d1"), m.group("d2"), m.group("d3"), m.group("d4")) if g))
    this = _safe(ref.year, ref.month, day)
    if prefer == "future":
        if this is not None and this >= ref:
            return this
        nxt = _month_end(ref, 1)
        return _safe(nxt.year, nxt.month, day)
    if this is not None and this <= ref:
        return this
    prev = ref.replace(day=1) - timedelta(days=1)
    return _safe(prev.year, prev.month, day)


@lru_cache(maxsize=4096)
def _dateparser(text: str, ref: datetime, prefer: Prefer, languages: tuple[str, ...], order: str) -> date | None:
    import dateparser  # lazy: 0.3 s import, only paid when a month name or phrase shows up

    settings: dict[str, Any] = {
        "RELATIVE_BASE": ref,
        "PREFER_DATES_FROM": prefer,
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(text, languages=list(languages), settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is fine
        return None
    return parsed.date() if parsed else None


def find_dates(text: str, reference: datetime | date | None, *, prefer: Prefer = "future",
               languages: Sequence[str] = ("en", "de", "fr", "es"),
               date_order: str | None = None) -> list[FoundDate]:
    """Every date expression in `text`, resolved against `reference`, in text order.

    Relative expressions need a reference; without one only absolute dates are kept.
    `date_order` is "DMY" (default, most of the world) or "MDY" (US) for numeric dates.
    """
    order = (date_order or "DMY").upper()
    if isinstance(reference, datetime):
        ref_dt = reference.replace(tzinfo=None)
        ref: date | None = reference.date()
    elif isinstance(reference, date):
        ref_dt, ref = datetime(reference.year, reference.month, reference.day, 12), reference
    else:
        ref_dt, ref = None, None
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value = _resolve(kind, m, ref, ref_dt, prefer, tuple(languages), order)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(FoundDate(kind, m.group(0), m.start(), m.end(), value))
    found.sort(key=lambda f: f.start)
    return found


def _resolve(kind: str, m: re.Match[str], ref: date | None, ref_dt: datetime | None, prefer: Prefer,
             languages: tuple[str, ...], order: str) -> date | None:
    if kind == "iso":
        return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if kind == "numeric":
        if ref is None and not m.group(4):
            return None
        return _numeric(m, ref or date.min, prefer, order)
    if ref is None or ref_dt is None:
        if kind == "named" and re.search(r"\d{4}", m.group(0)):
            return _dateparser(m.group(0), datetime(2000, 1, 1), prefer, languages, order)
        return None
    if kind == "weekday":
        return _weekday(m, ref, prefer)
    if kind == "week_end":  # the Friday of this week (of next week when said at the weekend)
        friday = ref + timedelta(days=(4 - ref.weekday()) % 7)
        return friday + timedelta(days=7) if m.group("next") else friday
    if kind == "today":
        return ref
    if kind == "month_end":
        ahead = any(m.group(g) for g in ("next_en", "next_de", "next_fr", "next_es"))
        return _month_end(ref, 1 if ahead else 0)
    if kind == "ordinal":
        return _ordinal(m, ref, prefer)
    span = m.group(0)
    if kind == "named":
        span = re.sub(r"(?<=\d)(st|nd|rd|th|º)\b", "", span)
    return _dateparser(span, ref_dt, prefer, languages, order)


_MDY_COUNTRIES = frozenset({"US", "PR", "GU", "AS", "VI", "MP", "UM", "FM", "MH", "PW", "PH", "BZ"})
_YMD_COUNTRIES = frozenset({"CN", "JP", "KR", "KP", "TW", "HU", "LT", "MN", "IR"})


def date_order_for_country(country: str | None) -> str:
    """How a customer from `country` (ISO 3166 alpha-2) writes numeric dates: "MDY" in the
    US and a few others, "YMD" in East Asia and Hungary, else "DMY"."""
    code = (country or "").strip().upper()
    if code in _MDY_COUNTRIES:
        return "MDY"
    return "YMD" if code in _YMD_COUNTRIES else "DMY"
