"""Numbers as Indonesian text: decimal comma, thousands dot.

The dissertation prints "62.518" for 62518 and "1,23" for 1.23; the book does
the same so that published and recomputed values read alike.
"""
from __future__ import annotations

import math
import re

_ID_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def fmt_int(value: int) -> str:
    """62518 -> '62.518'."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"fmt_int needs a whole number, got {value!r}")
    return f"{int(value):,}".replace(",", ".")


def fmt_dec(value: float, digits: int = 2) -> str:
    """1.2396 -> '1,24' (rounded half away from zero, as people round by hand)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("fmt_dec got a missing value")
    scaled = abs(value) * 10**digits
    rounded = math.floor(scaled + 0.5 + 1e-9) / 10**digits
    text = f"{rounded:,.{digits}f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if value < 0 and rounded != 0 else "") + text


def truncate(value: float, digits: int) -> float:
    """Cut off (not round) to `digits` decimals: 1.2396 -> 1.23."""
    factor = 10**digits
    return math.trunc(value * factor + 1e-9) / factor


def parse_id(text: str) -> float | int | None:
    """'62.518' -> 62518, '1,23' -> 1.23, '-' -> None (the original's dash for nothing)."""
    text = text.strip()
    if text in {"-", "–", ""}:
        return None
    if not _ID_NUMBER.match(text):
        raise ValueError(f"not an Indonesian-formatted number: {text!r}")
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    return int(text.replace(".", ""))


def decimals_of(text: str) -> int:
    """How many decimals a printed number shows: '1,23' -> 2, '62.518' -> 0."""
    return len(text.split(",", 1)[1]) if "," in text else 0


def printed_value(printed: str, decimal_mark: str = ",", read_as=None):
    """The value a reader takes from a printed number: '43.50%' with a decimal
    point -> 43.5, '1,23' -> 1.23, '-' -> None; words and dates use read_as
    (a number, an ISO date, or a range 'a-b', returned as text)."""
    if read_as is not None and not (isinstance(read_as, float) and math.isnan(read_as)) and str(read_as) != "<NA>":
        text = str(read_as)
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        if re.fullmatch(r"-?\d+\.\d+", text):
            return float(text)
        return text
    if decimal_mark == "none":
        return printed
    text = printed.strip().rstrip("%").strip()
    if decimal_mark == ".":
        if text in {"-", ""}:
            return None
        return float(text) if "." in text else int(text)
    return parse_id(text)
