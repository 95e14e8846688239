"""Optional late fees: fixed, a percentage of the open balance, or statutory interest.

Off by default. The store keeps at most one fee per invoice, so a fee is never charged
twice; this module only computes the amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.core.money import MINOR_UNITS

METHODS = ("fixed", "percentage", "statutory")


@dataclass(frozen=True)
class LateFeeRule:
    enabled: bool = False
    method: str = "fixed"
    at_step: str = "overdue_14"
    fixed_amount: Decimal = Decimal("40.00")
    percentage: Decimal = Decimal("1.5")
    # Statutory interest, e.g. EU Directive 2011/7/EU: reference rate + 8 points, per year.
    reference_rate: Decimal = Decimal("2.15")
    margin_points: Decimal = Decimal("8")


def late_fee(rule: LateFeeRule, balance: Decimal, currency: str, days_overdue: int) -> Decimal:
    """The fee for one invoice, rounded to the currency's minor unit; 0 when not applicable."""
    if not rule.enabled or balance <= 0 or days_overdue <= 0:
        return Decimal(0)
    if rule.method == "fixed":
        fee = rule.fixed_amount
    elif rule.method == "percentage":
        fee = balance * rule.percentage / 100
    elif rule.method == "statutory":
        annual = (rule.reference_rate + rule.margin_points) / 100
        fee = balance * annual * Decimal(days_overdue) / Decimal(365)
    else:
        raise ValueError(f"unknown late fee method {rule.method!r}")
    quantum = Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2))
    return fee.quantize(quantum, rounding=ROUND_HALF_UP)
