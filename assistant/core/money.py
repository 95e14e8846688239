"""Money: exact decimal amounts with an ISO 4217 currency."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Active ISO 4217 codes (2024 list) with their minor units; a code outside this list is
# reported as unknown rather than guessed.
MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        ["AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "VES", "WST", "XCD", "YER", "ZAR", "ZMW", "ZWG"],
        2,
    ),
    **dict.fromkeys(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"], 0),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
}

# ASCII digits only: `\d` would also accept Arabic-Indic and other digits.
_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class AmountError(ValueError):
    pass


def is_currency(code: str) -> bool:
    return code in MINOR_UNITS


def parse_amount(text: str, *, allow_negative: bool = False, allow_zero: bool = True) -> Decimal:
    """A decimal string such as `1234.50`; raises AmountError with a reason that reads
    after the field's name ("amount" + " is negative")."""
    raw = text.strip()
    if not raw:
        raise AmountError("is empty")
    if not _AMOUNT.match(raw):
        raise AmountError(f"{raw!r} is not a decimal number like 1234.50")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise AmountError(f"{raw!r} is not a number") from exc
    if value < 0 and not allow_negative:
        raise AmountError(f"{raw} is negative")
    if value == 0 and not allow_zero:
        raise AmountError("is zero")
    if abs(value) >= Decimal("1e14"):
        raise AmountError(f"{raw} is too large")
    return value


def check_minor_units(value: Decimal, currency: str) -> str | None:
    """A reason when `value` has more decimals than the currency has (1.005 EUR, 10.5 JPY)."""
    places = MINOR_UNITS.get(currency)
    exponent = value.normalize().as_tuple().exponent
    if places is not None and isinstance(exponent, int) and -exponent > places:
        return f"{value} has more decimals than {currency} allows ({places})"
    return None


@dataclass(frozen=True, order=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.quantized().amount:,} {self.currency}"

    def quantized(self) -> Money:
        places = MINOR_UNITS.get(self.currency, 2)
        return Money(self.amount.quantize(Decimal(1).scaleb(-places)), self.currency)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)
