"""Numbers as text, in each language's convention, and printed numbers read back.

Separators come from the strings (``numbers.yaml``, the engine's unless a
project rewords them): Indonesian writes "62.518" and "1,23", English "62,518"
and "1.23". Rounding is half away from
zero, as people round by hand (Python's round() would give 0,12 for 0,125).
"""
from __future__ import annotations

import math
import re

from . import strings

DEFAULT_MARK = ","  # the decimal mark of a printed number unless its registry entry says otherwise


_ENGINE = strings.engine_catalog()


def _marks(lang: str, catalog: strings.Catalog | None) -> tuple[str, str]:
    cat = catalog or _ENGINE
    return cat.text("numbers", "thousands", lang), cat.text("numbers", "decimal", lang)


def decimal_mark(lang: str, catalog: strings.Catalog | None = None) -> str:
    """The decimal mark an edition writes: ',' in Indonesian, '.' in English."""
    return _marks(lang, catalog)[1]


def round_half_up(value: float, digits: int) -> float:
    """1.2396 -> 1.24 at 2 digits; -1.25 -> -1.3 at 1."""
    factor = 10**digits
    return math.copysign(math.floor(abs(value) * factor + 0.5 + 1e-9) / factor, value)


def truncate(value: float, digits: int) -> float:
    """Cut off (not round) to `digits` decimals: 1.2396 -> 1.23."""
    factor = 10**digits
    return math.trunc(value * factor + 1e-9) / factor


def fmt_int(value, lang: str, catalog: strings.Catalog | None = None) -> str:
    """62518 -> '62.518' (id) or '62,518' (en)."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"fmt_int needs a whole number, got {value!r}")
    thousands, _ = _marks(lang, catalog)
    return f"{int(value):,}".replace(",", thousands)


def fmt_dec(value: float, digits: int, lang: str, catalog: strings.Catalog | None = None) -> str:
    """1.2396 -> '1,24' (id) or '1.24' (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("fmt_dec got a missing value")
    rounded = round_half_up(float(value), digits)
    thousands, decimal = _marks(lang, catalog)
    text = f"{abs(rounded):,.{digits}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return ("-" if rounded < 0 else "") + text


def _pattern(mark: str) -> re.Pattern:
    group = "." if mark == "," else ","
    g, m = re.escape(group), re.escape(mark)
    return re.compile(rf"^-?\d{{1,3}}({g}\d{{3}})*({m}\d+)?$|^-?\d+({m}\d+)?$")


def parse_printed(text: str, mark: str = DEFAULT_MARK) -> float | int | None:
    """A number as the source prints it: '62.518' -> 62518, '1,23' -> 1.23 with a
    decimal comma; '43.50' -> 43.5 with a decimal point; '-' -> None (a dash for nothing)."""
    text = text.strip()
    if text in {"-", "–", ""}:
        return None
    if not _pattern(mark).match(text):
        raise ValueError(f"not a number written with decimal mark '{mark}': {text!r}")
    group = "." if mark == "," else ","
    plain = text.replace(group, "")
    if mark in plain:
        return float(plain.replace(mark, "."))
    return int(plain)


def decimals_of(text: str, mark: str = DEFAULT_MARK) -> int:
    """How many decimals a printed number shows: '1,23' -> 2, '62.518' -> 0."""
    text = text.strip().rstrip("%").strip()
    return len(text.split(mark, 1)[1]) if mark in text else 0


def printed_value(printed: str, decimal_mark: str = DEFAULT_MARK, read_as=None):
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
    return parse_printed(printed.strip().rstrip("%").strip(), decimal_mark)


def fmt(value, digits: int | None, lang: str, catalog: strings.Catalog | None = None) -> str:
    """A number as text: whole (with thousands separators) when `digits` is None, else with `digits` decimals."""
    return fmt_int(value, lang, catalog) if digits is None else fmt_dec(value, digits, lang, catalog)
