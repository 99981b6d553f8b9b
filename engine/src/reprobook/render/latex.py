"""Text into LaTeX: the one escaping the engine uses for the strings and stamps
it writes into the PDF's preamble and title page. It is Sphinx's own table
(so the body and these pieces escape alike), filled here first: Sphinx fills
it only when its LaTeX builder starts, and a preamble is written before that."""
from __future__ import annotations

import re

from sphinx.util import texescape

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def text(value: str) -> str:
    """Plain text as LaTeX: every special character escaped, line breaks as spaces."""
    texescape.init()
    return texescape.escape(_CONTROL.sub(" ", str(value)))
