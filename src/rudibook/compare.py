"""Compare a value as the dissertation prints it with its recomputation."""
from __future__ import annotations

from .numbers import decimals_of, parse_id, truncate

EXACT, ROUNDED, TRUNCATED, INCONSISTENT = "exact", "rounded", "truncated", "inconsistent"


def _half_up(value: float, digits: int) -> float:
    factor = 10**digits
    return int(abs(value) * factor + 0.5 + 1e-9) / factor * (1 if value >= 0 else -1)


def classify(printed: str, recomputed: float) -> str:
    """How a printed number relates to the recomputed one.

    exact: equal at full precision;
    rounded: equal after rounding half-up to the printed decimals;
    truncated: equal only if the extra digits are cut off, not after rounding;
    inconsistent: neither.
    """
    shown = parse_id(printed)
    if shown is None:
        raise ValueError("a dash has no value to compare")
    digits = decimals_of(printed)
    if abs(recomputed - shown) < 1e-9:
        return EXACT
    by_round = abs(_half_up(recomputed, digits) - shown) < 1e-9
    by_cut = abs(truncate(recomputed, digits) - shown) < 1e-9
    if by_round:
        return ROUNDED
    if by_cut:
        return TRUNCATED
    return INCONSISTENT
