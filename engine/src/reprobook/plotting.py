"""Charts drawn in notebooks: one style for the book (a colour-blind-safe
palette, sizes that read on an A4 page and a phone), tick labels in each
edition's number convention, and deterministic vector output (no dates, fixed
ids). Diagrams are drawn when the book is built (reprobook.render.drawing), in
the same palette."""
from __future__ import annotations

import base64
import gzip
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
    "grey": "#999999",
}
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]

WIDTH_IN = 6.3  # text width of the PDF page, so no figure is scaled down
RC = {
    "figure.figsize": (WIDTH_IN, 3.6),
    "figure.dpi": 100,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "legend.frameon": False,
    "svg.hashsalt": "reprobook",  # stable element ids in SVG output
    "text.parse_math": False,  # a label is text: "$...$" in data is never typeset as mathematics
    "svg.fonttype": "path",
    # Type 3 (matplotlib's default): embedded, subset and searchable like Type 42, but
    # written without fontTools' TrueType subsetting, which took half of each figure's time.
    "pdf.fonttype": 3,
}


def use_style() -> None:
    matplotlib.rcParams.update(RC)


def thousands_ticks(axis, lang: str, catalog=None) -> None:
    """Whole-number tick labels with the language's thousands separator."""
    from matplotlib.ticker import FuncFormatter

    from .numbers import fmt_int

    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(round(v), lang, catalog)))


def decimal_ticks(axis, digits: int, lang: str, catalog=None) -> None:
    """Tick labels with `digits` decimals and the language's decimal mark."""
    from matplotlib.ticker import FuncFormatter

    from .numbers import fmt_dec

    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_dec(v, digits, lang, catalog)))


def vector(fig) -> tuple[bytes, bytes]:
    """The figure as SVG (HTML) and PDF (LaTeX) bytes, rendered once and saved
    without dates, so the output is identical on every run; the figure is closed
    afterwards."""
    svg, pdf = io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    fig.savefig(pdf, format="pdf", bbox_inches="tight",
                metadata={"CreationDate": None, "ModDate": None, "Producer": None})
    plt.close(fig)
    return svg.getvalue(), pdf.getvalue()


def pack(svg: bytes, pdf: bytes) -> dict:
    """A figure's images as a notebook stores them: the SVG gzipped (its glyphs are
    paths, which compress well), both base64; no dates, so the same bytes each run."""
    return {"svgz": base64.b64encode(gzip.compress(svg, mtime=0)).decode("ascii"),
            "pdf": base64.b64encode(pdf).decode("ascii")}


def unpack(images: dict) -> tuple[bytes, bytes]:
    """The SVG and PDF bytes of pack()'s result."""
    return gzip.decompress(base64.b64decode(images["svgz"])), base64.b64decode(images["pdf"])
