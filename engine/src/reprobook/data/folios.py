"""What a ``page`` in the data may say: a page of the original, or a range of
them, in the numbering the original prints (arabic, or lowercase roman for
front matter). Anything else would be printed as "p. True" or "p. lol"."""
from __future__ import annotations

import re

_PAGE = r"(?:[1-9][0-9]*|[ivxlcdm]+)"
_REF = re.compile(rf"{_PAGE}(?:–{_PAGE})?")
RULE = "a page is a page of the original or a range (138, 144–149, xi–xiii)"


def problem(value) -> str | None:
    """None when `value` names a page or a range of pages; else what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return f"page {value!r} is a {type(value).__name__}, not a page number"
    if not _REF.fullmatch(str(value)):
        return f"page '{value}' is not a page number or a range of them (with an en dash)"
    return None
