"""What a notebook hands to the book, through myst-nb's glue: numbers as
Indonesian text, tables as MyST blocks, figures as vector images."""
from __future__ import annotations

from IPython.display import Markdown
from myst_nb import glue

from .numbers import fmt_dec, fmt_int
from .plots import VectorFigure


class Shown:
    """A value as the book prints it (text/plain and text/markdown alike), so the
    ``{nb}`` role (rudibook.sphinxext) pastes e.g. 1,24 rather than a Python repr."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


# The helpers return nothing on purpose: a returned table shown as a cell's
# result would register its label twice (notebook page and chapter).


def number(key: str, value, digits: int | None = None) -> None:
    """Glue a number: whole numbers with a thousands dot, others with `digits` decimals."""
    if digits is None:
        if float(value) != int(value):
            raise ValueError(f"{key}: {value!r} is not whole; give digits")
        text = fmt_int(int(value))
    else:
        text = fmt_dec(float(value), digits)
    glue(key, Shown(text), display=False)


def text(key: str, value: str) -> None:
    glue(key, Shown(value), display=False)


def table(key: str, myst: str) -> None:
    """Glue a MyST table block; the chapter pastes it with ``{nbtable}``."""
    glue(key, Markdown(myst), display=False)


def figure(key: str, fig, alt: str, source: str) -> None:
    """Glue a figure as SVG + PDF with its provenance line (see rudibook.provenance);
    the chapter pastes both with ``{nbfigure}``."""
    glue(key, VectorFigure(fig, alt), display=False)
    glue(f"{key}-source", Markdown(source), display=False)


def markdown(key: str, text: str) -> None:
    """Glue a short MyST passage (a note with a cross-reference)."""
    glue(key, Markdown(text), display=False)


def diagram(d, names: dict, notebook: str, key: str | None = None, source: str | None = None) -> None:
    """Glue a redrawn diagram (rudibook.diagrams) as figure ``fig-<number>``: the drawing,
    its text equivalent built from the data, and its provenance line (or `source`)."""
    from . import diagram_draw, provenance

    figure(key or "fig-" + d.figure.replace(".", "-"), diagram_draw.draw(d, names), diagram_draw.alt_text(d, names),
           source or provenance.diagram(d, notebook))
