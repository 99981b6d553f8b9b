"""What a ``page`` in the data may say: a page of the original, or a range of
them, in the numbering the original prints (arabic, or lowercase roman for
front matter). Anything else would be printed as "p. True" or "p. lol"."""
from __future__ import annotations

import re

_PAGE = r"(?:[1-9][0-9]*|[ivxlcdm]+)"
_REF = re.compile(rf"{_PAGE}(?:–{_PAGE})?")
RULE = "a page is a page of the original or a range going forward (138, 144–149, xi–xiii)"
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _number(page: str) -> tuple[int, int]:
    """(0 for front matter, 1 for the body; the page's number), to order two pages."""
    if page.isdigit():
        return 1, int(page)
    values = [_ROMAN[c] for c in page]
    return 0, sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def problem(value) -> str | None:
    """None when `value` names a page or a range of pages; else what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return f"page {value!r} is a {type(value).__name__}, not a page number"
    if not _REF.fullmatch(str(value)):
        return f"page '{value}' is not a page number or a range of them (with an en dash)"
    first, _, last = str(value).partition("–")
    if last and _number(first) >= _number(last):
        return f"the range '{value}' does not go forward (its last page comes first, or it is one page)"
    return None
