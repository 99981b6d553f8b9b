"""Text into LaTeX: the one escaping the engine uses for labels and stamps it
writes into the PDF's preamble and title page (Sphinx's own, so the PDF's body
and these pieces escape alike)."""
from __future__ import annotations


def text(value: str) -> str:
    """Plain text as LaTeX: its special characters escaped."""
    from sphinx.util.texescape import escape

    return escape(value)
