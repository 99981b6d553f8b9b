"""``{nb}``, ``{nbtable}`` and ``{nbfigure}``: a glued value rendered in the
edition's language while the page is read."""
from __future__ import annotations

import re

import pytest
from tinybook import warnings_of

from reprobook import values as v


def glued_values():
    S = v.Strings("tiny")
    return {
        "total": v.Num(12345.678, 1),
        "count": v.Num(62518),
        "verdict": S["agree"],
        "table": v.Table(
            columns=(v.Column(S["col_year"], "l"), v.Column(S["col_count"], "r")),
            rows=((2018, v.Num(1234)), (2019, v.Num(5678.5, 1))),
            caption=v.cat(S["caption"], "."), key=(0,)),
        "note-t": v.Note(S["note"].format(n=v.Num(6912))),
        "note-empty": v.Note(""),
        "hostile": S["hostile"],
    }


PAGE = """\
(ch-results)=
# Results

The total is {nb}`/notebooks/demo.ipynb::total`, of {nb}`/notebooks/demo.ipynb::count` entries;
the recomputation {nb}`/notebooks/demo.ipynb::verdict` ({numref}`table`).

```{nbtable} /notebooks/demo.ipynb::table
:original: /notebooks/demo.ipynb::note-t, /notebooks/demo.ipynb::note-empty
```
"""


@pytest.mark.parametrize(("lang", "total", "count", "verdict", "cell"), [
    ("en", "12,345.7", "62,518", "agrees", "5,678.5"),
    ("id", "12.345,7", "62.518", "cocok", "5.678,5"),
])
def test_numbers_texts_and_tables_are_written_in_the_editions_language(tiny, lang, total, count, verdict, cell):
    tiny.glue(glued_values())
    tiny.page("results", PAGE)
    app = tiny.build(lang)
    assert warnings_of(app) == ""
    html = tiny.html(app, "results")
    assert f"The total is <span class=\"glued\">{total}</span>" in html.replace("\n", " ")
    assert f">{count}</span>" in html and f">{verdict}</span>" in html
    table = html[html.index("<table"):html.index("</table>")]
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)] == \
        ["2018", "1,234" if lang == "en" else "1.234", "2019", cell]
    caption = {"en": "Table 1 Counts per year.", "id": "Table 1 Jumlah per tahun."}[lang]
    assert caption.split(" ", 2)[2] in re.sub(r"<[^>]+>", "", table)


def test_a_note_below_a_table_shows_only_what_has_something_to_say(tiny):
    tiny.glue(glued_values())
    tiny.page("results", PAGE)
    html = tiny.html(tiny.build("en"), "results")
    boxes = re.findall(r'<div class="[^"]*reprobook-reconciliation[^"]*">(.*?)</div>', html, re.S)
    assert len(boxes) == 1
    paragraphs = re.findall(r"<p>(.*?)</p>", boxes[0], re.S)
    assert "Reconciliation with the printed figures" in boxes[0]
    assert paragraphs == ["The original prints 6,912 for this total."]  # the empty note adds none


def test_a_table_is_numbered_and_cross_referenced(tiny):
    tiny.glue(glued_values())
    tiny.page("results", PAGE)
    html = tiny.html(tiny.build("en"), "results")
    assert re.search(r'<table[^>]*id="table"', html)
    assert re.search(r'<a class="reference internal" href="#table"><span class="std std-numref">Table 1</span>', html)


def test_a_missing_key_is_an_error_that_names_the_notebook_and_the_key(tiny):
    tiny.glue({"count": v.Num(3)})
    tiny.page("results", "# R\n\nSee {nb}`/notebooks/demo.ipynb::cuont`.\n")
    warnings = warnings_of(tiny.build("en"))
    assert "notebooks/demo.ipynb" in warnings and "no glued value named 'cuont'" in warnings
    assert "[rule: a pasted value is one that its notebook glues]" in warnings


def test_a_value_of_the_wrong_kind_is_named(tiny):
    tiny.glue({"count": v.Num(3)})
    tiny.page("results", "# R\n\n```{nbtable} /notebooks/demo.ipynb::count\n```\n")
    assert "'count' is a number, not a table" in warnings_of(tiny.build("en"))


def test_strings_and_data_with_markup_stay_text(tiny):
    """Strings and data are untrusted: "<script>" reaches the page as text, and a TeX command as characters."""
    hostile_cell = r"\input{/etc/passwd} <img src=x onerror=alert(1)>"
    tiny.glue(glued_values() | {"t2": v.Table(columns=(v.Column("c", "l"),), rows=((hostile_cell,),), caption="x")})
    tiny.page("results", "# R\n\nSaid: {nb}`/notebooks/demo.ipynb::hostile`.\n\n"
                         "```{nbtable} /notebooks/demo.ipynb::t2\n```\n")
    app = tiny.build("en")
    assert warnings_of(app) == ""
    html = tiny.html(app, "results")
    assert "5 &lt; 6 &amp; 100% # _ ~ ^ $ \\input /etc/hostname" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    latex = tiny.build("en", "latex", latex_documents=[("index", "tiny.tex", "Tiny", "A", "manual")])
    tex = (latex.outdir / "tiny.tex").read_text(encoding="utf-8")
    assert r"\input{" not in tex and r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert r"100\% \# \_ \textasciitilde{} \textasciicircum{} \$ \textbackslash{}input /etc/hostname" in tex


def test_a_string_given_the_wrong_field_is_an_error_naming_its_file_and_key(tiny):
    """A notebook that fills {m} where the string has {n} glues it as data; the book
    names the strings file, the key and the missing field where it is pasted."""
    tiny.page("results", "# R\n\n```{nbtable} /notebooks/demo.ipynb::t\n:original: /notebooks/demo.ipynb::note-t\n```\n")
    tiny.glue({"t": glued_values()["table"], "note-t": v.Note(v.Strings("tiny")["note"].format(m=v.Num(1)))})
    warnings = warnings_of(tiny.build("en"))
    assert "strings/tiny.yaml, key 'note': no value for {n} [rule: every field of a string is given]" in warnings
