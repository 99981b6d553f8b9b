"""How a printed value relates to its recomputation: exact, rounded, truncated,
inconsistent (or not reproducible, when the data to recompute it are absent).
Each verdict carries a reason as a code and its arguments; ``explain`` words it
in a language (engine labels, reconcile.yaml)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import labels
from ..numbers import decimals_of, fmt_dec, parse_printed, round_half_up, truncate

EXACT, ROUNDED, TRUNCATED, INCONSISTENT, NOT_REPRODUCIBLE = (
    "exact", "rounded", "truncated", "inconsistent", "not_reproducible")
CLASSES = [EXACT, ROUNDED, TRUNCATED, INCONSISTENT, NOT_REPRODUCIBLE]


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


def _number(value, lang: str, digits: int | None = None) -> str:
    if isinstance(value, str) or value is None:
        return "–" if value is None else value
    if digits is None:
        digits = 0 if float(value).is_integer() else 4
    return fmt_dec(float(value), digits, lang)


def explain(reasons, lang: str) -> str:
    """The reasons of a verdict as one sentence in `lang`."""
    L = labels.engine("reconcile", lang)
    parts = []
    for code, args in reasons:
        if code == "dash_but_value":
            parts.append(L["reason_dash_but_value"].format(value=_number(args[0], lang)))
        elif code == "truncated":
            parts.append(L["reason_truncated"].format(rounded=_number(args[0], lang, args[1])))
        elif code == "parts_sum":
            parts.append(L["reason_parts_sum"].format(total=_number(args[0], lang, args[1])))
        elif code == "not_reproducible":
            parts.append(args[0])
        elif code == "rounded" and args[0] == 1:  # "1 decimal", not "1 decimals"
            parts.append(L["reason_rounded_one"])
        else:
            parts.append(L[f"reason_{code}"].format(*args))
    return "; ".join(p for p in parts if p)


def class_name(cls: str, lang: str) -> str:
    return labels.engine("reconcile", lang)[f"class_{cls}"]
