"""One figure style for the book: colour-blind-safe palette, sizes that read on
an A4 page and a phone, and deterministic vector output (no dates, fixed ids)."""
from __future__ import annotations

import base64
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


def thousands_ticks(axis, lang: str) -> None:
    """Whole-number tick labels with the language's thousands separator."""
    from matplotlib.ticker import FuncFormatter

    from ..numbers import fmt_int

    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(round(v), lang)))


def decimal_ticks(axis, digits: int, lang: str) -> None:
    """Tick labels with `digits` decimals and the language's decimal mark."""
    from matplotlib.ticker import FuncFormatter

    from ..numbers import fmt_dec

    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_dec(v, digits, lang)))


def vector(fig) -> tuple[str, str]:
    """The figure as SVG text (HTML) and base64 PDF (LaTeX), rendered once and
    saved without dates, so the stored notebook output is identical on every run;
    the figure is closed afterwards."""
    svg, pdf = io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    fig.savefig(pdf, format="pdf", bbox_inches="tight",
                metadata={"CreationDate": None, "ModDate": None, "Producer": None})
    plt.close(fig)
    return svg.getvalue().decode("utf-8"), base64.b64encode(pdf.getvalue()).decode("ascii")
