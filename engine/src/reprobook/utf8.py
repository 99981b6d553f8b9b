"""Project files are UTF-8 without a byte-order mark; one reader says so for all
of them (data tables and YAML alike), naming the line of the first bad byte."""
from __future__ import annotations

from .errors import ReprobookError


def decode(data: bytes, shown: str, error: type[ReprobookError]) -> str:
    """`data` as text, or `error` naming the file, the line and the rule."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise error(f"{shown}, line {line}", "files are UTF-8", f"byte 0x{data[exc.start]:02x} is not UTF-8") from None
    if text.startswith("\ufeff"):
        raise error(shown, "UTF-8 without BOM", "the file starts with a byte-order mark (U+FEFF); save it as UTF-8 "
                    "without one")
    return text
