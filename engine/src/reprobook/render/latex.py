"""Text into LaTeX: the one escaping the engine uses for the strings and stamps
it writes into the PDF's preamble and title page. It is Sphinx's own table
(so the body and these pieces escape alike), filled here first: Sphinx fills
it only when its LaTeX builder starts, and a preamble is written before that
(tests/test_bad_input.py runs it in a process that never started Sphinx)."""
from __future__ import annotations

import re

from sphinx.util import texescape

# Control characters (C0 and C1), line and paragraph separators, and invisible format
# characters (zero-width, bidirectional overrides) become spaces: pdfTeX would stop at
# some, and the others would hide text in the PDF.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def text(value: str) -> str:
    """Plain text as LaTeX: every special character escaped, line breaks as spaces."""
    texescape.init()
    return texescape.escape(_CONTROL.sub(" ", str(value)))
