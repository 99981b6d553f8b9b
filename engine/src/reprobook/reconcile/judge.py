"""How a printed value relates to its recomputation: exact, rounded, truncated,
inconsistent (or not reproducible, when the data to recompute it are absent).
Each verdict carries a reason as a code and its arguments; ``explain`` makes it
a text that each edition words (engine strings, reconcile.yaml)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import decimals_of, parse_printed, round_half_up, truncate
from ..values import Num, Ref, Strings, join

EXACT, ROUNDED, TRUNCATED, INCONSISTENT, NOT_REPRODUCIBLE = (
    "exact", "rounded", "truncated", "inconsistent", "not_reproducible")
CLASSES = [EXACT, ROUNDED, TRUNCATED, INCONSISTENT, NOT_REPRODUCIBLE]
_REASON = Strings("reconcile")


@dataclass(frozen=True)
class Verdict:
    cls: str
    reasons: tuple[tuple[str, tuple], ...] = field(default=())  # (code, args), worded by explain()


def classify(printed: str, recomputed: float, mark: str = ",") -> str:
    """exact: equal at full precision; rounded: equal after rounding half-up to the
    printed decimals; truncated: equal only if the extra digits are cut off;
    inconsistent: neither."""
    shown = parse_printed(printed, mark)
    if shown is None:
        raise ValueError("a dash has no value to compare")
    return compare(shown, decimals_of(printed, mark), recomputed)


def compare(shown: float, digits: int, recomputed: float) -> str:
    """The class of a value shown with `digits` decimals (see classify)."""
    if abs(recomputed - shown) < 1e-9:
        return EXACT
    if abs(round_half_up(recomputed, digits) - shown) < 1e-9:
        return ROUNDED
    if abs(truncate(recomputed, digits) - shown) < 1e-9:
        return TRUNCATED
    return INCONSISTENT


def judge(printed: str, shown, value, decimal_mark: str = ",") -> Verdict:
    """Classify one entry: `shown` is what a reader takes from the printed text."""
    if shown is None:  # the original's dash
        if value is None or value == 0:
            return Verdict(EXACT)
        return Verdict(INCONSISTENT, (("dash_but_value", (value,)),))
    if value is None:
        return Verdict(INCONSISTENT, (("no_value", (printed,)),))
    if isinstance(shown, str) or isinstance(value, str):
        same = str(shown).strip().lower() == str(value).strip().lower()
        return Verdict(EXACT) if same else Verdict(INCONSISTENT, (("text_differs", (printed, value)),))
    digits = decimals_of(printed, decimal_mark)
    cls = compare(float(shown), digits, float(value))
    if cls == ROUNDED:
        return Verdict(ROUNDED, (("rounded", (digits,)),))
    if cls == TRUNCATED:
        return Verdict(TRUNCATED, (("truncated", (float(value), digits)),))
    if cls == INCONSISTENT:
        return Verdict(INCONSISTENT, (("neither", ()),))
    return Verdict(EXACT)


def _number(value, digits: int | None = None):
    if isinstance(value, str) or value is None:
        return "–" if value is None else value
    if digits is None:
        digits = 0 if float(value).is_integer() else 4
    return Num(float(value), digits)


def explain(reasons):
    """The reasons of a verdict as one text (worded in each edition: engine strings, reconcile.yaml)."""
    parts = []
    for code, args in reasons:
        if code == "dash_but_value":
            parts.append(_REASON["reason_dash_but_value"].format(value=_number(args[0])))
        elif code == "truncated":
            parts.append(_REASON["reason_truncated"].format(rounded=_number(args[0], args[1])))
        elif code == "parts_sum":
            parts.append(_REASON["reason_parts_sum"].format(total=_number(args[0], args[1])))
        elif code == "not_reproducible":
            if args[0]:
                parts.append(args[0])
        elif code == "rounded":
            parts.append(_REASON["reason_rounded_one" if args[0] == 1 else "reason_rounded"].format(digits=args[0]))
        elif code == "no_value":
            parts.append(_REASON["reason_no_value"].format(printed=args[0]))
        elif code == "text_differs":
            parts.append(_REASON["reason_text_differs"].format(printed=args[0], value=str(args[1])))
        else:
            parts.append(_REASON[f"reason_{code}"])
    return join(parts, "; ")


def class_name(cls: str) -> Ref:
    """The name of a class, worded in each edition."""
    return _REASON[f"class_{cls}"]
