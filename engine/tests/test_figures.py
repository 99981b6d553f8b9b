"""``{nbfigure}``: a figure a notebook glued, whose images the pipeline writes
into the edition's context folder before Sphinx starts; numbered, with alt text
in the edition's language and the provenance line in its caption."""
from __future__ import annotations

import re

import pytest
from tinybook import LANGS, warnings_of

from reprobook import strings
from reprobook import values as v
from reprobook.pipeline import figures
from reprobook.plotting import pack

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
PDF = b"%PDF-1.4\n%stand-in: the HTML build never reads it\n"
PAGE = """\
# Results

As {numref}`fig-counts` shows.

```{nbfigure} /notebooks/demo.ipynb::fig
:name: fig-counts

Counts per year.
```
"""


def glue_figure(tiny):
    tiny.glue({"fig": v.Figure({"*": pack(SVG, PDF)}, v.Strings("tiny")["alt"], None)})


@pytest.mark.parametrize(("lang", "alt"), [("en", "A bar chart of the counts"), ("id", "Diagram batang jumlah")])
def test_a_figure_is_numbered_described_and_sourced_in_the_editions_language(tiny, lang, alt):
    glue_figure(tiny)
    tiny.page("results", PAGE)
    figures.prepare(tiny.project, strings.of(tiny.project), LANGS, log=lambda *_: None)
    app = tiny.build(lang)
    assert warnings_of(app) == ""
    html = tiny.html(app, "results")
    figure = re.search(r'<figure[^>]*id="fig-counts".*?</figure>', html, re.S).group(0)
    image = re.search(r'<img [^>]*src="([^"]+)"', figure).group(1)
    assert (app.outdir / image).read_bytes() == SVG
    assert f'alt="{alt}"' in figure
    caption = re.sub(r"<[^>]+>", "", re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1))
    assert caption.split()[:3] == [{"en": "Fig.", "id": "Gambar."}[lang], "1", "Counts"]  # Sphinx's own words
    assert 'href="notebooks/demo.html"' in figure  # the notebook that made it, from the provenance line
    assert 'href="#fig-counts"' in html


def test_a_figure_not_yet_drawn_is_an_error_that_says_what_draws_it(tiny):
    glue_figure(tiny)
    tiny.page("results", PAGE)
    warnings = warnings_of(tiny.build("en"))
    assert "demo::fig has not been drawn" in warnings and "draws every glued figure before Sphinx" in warnings


def test_a_figure_without_a_name_cannot_be_cross_referenced_and_is_refused(tiny):
    glue_figure(tiny)
    tiny.page("results", "# R\n\n```{nbfigure} /notebooks/demo.ipynb::fig\n\nCaption.\n```\n")
    assert "nbfigure needs a :name:" in warnings_of(tiny.build("en"))


def test_a_figure_no_notebook_glues_any_more_leaves_the_context(tiny):
    glue_figure(tiny)
    figures.prepare(tiny.project, strings.of(tiny.project), LANGS, log=lambda *_: None)
    drawn = tiny.context("en") / "figures" / "demo" / "fig.svg"
    assert drawn.read_bytes() == SVG
    tiny.glue({})
    figures.prepare(tiny.project, strings.of(tiny.project), LANGS, log=lambda *_: None)
    assert not drawn.exists()
