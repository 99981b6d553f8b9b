"""One battery of hostile strings, sent through every path by which a data file, a
label, a diagram, the registry, the changelog or a version reaches a page or the
PDF. The rule (reprobook.plaintext, written in the project's data/README.md):
nothing they hold becomes MyST, HTML or LaTeX source. Each string must either be
refused with its file, place and rule, or reach the HTML and the LaTeX as the
characters it is, escaped."""
from __future__ import annotations

import html as htmllib
import re

import pytest
import yaml
from tinybook import LANGS, warnings_of

from reprobook import context, plaintext, strings
from reprobook import values as v
from reprobook.data import diagrams
from reprobook.errors import ReprobookError
from reprobook.pipeline import changes, figures, stamp
from reprobook.pipeline import latex as pdf_latex
from reprobook.plotting import pack

HOSTILE = ["<script>alert(1)</script>", "\\input{/etc/hostname}", "![x](/etc/hostname)", "{raw}`html <b>x</b>`",
           "x\u2028~~~{raw} html", "{download}`/etc/passwd`", "$x$ and $", "%#&{}_^~", "\\input /etc/hostname"]
IDS = ["script", "input", "image", "raw", "line-separator", "download", "dollars", "tex-specials", "input-bare"]
KINDS = {"step": {"box": "round,pad=0.3", "fill": "#CCEDE3", "edge": "green", "line": "-"}}


def _no_markup_in_html(page: str) -> None:
    body = page[page.index("<main"):] if "<main" in page else page
    assert "<script>alert" not in body and "<b>x</b>" not in body
    assert not re.search(r'(?:href|src)="[^"]*etc/(?:hostname|passwd)', body)


def _no_markup_in_latex(tex: str) -> None:
    assert "\\input{/etc" not in tex and "\\input /etc" not in tex.replace("\\textbackslash{}input /etc", "")
    assert "\\includegraphics" not in tex.split("\\begin{document}")[-1] or "/etc/" not in tex


def _shown(page: str) -> str:
    """The page's text as a reader's browser shows it: tags out, entities decoded."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", page))


def _as_text_everywhere(tiny, value: str, texts: int) -> None:
    """`value` glued as data (table cell, column header, caption, a note's field as the
    registry fills it, a pasted text) and as a figure's alt text: every one on the page
    as its own characters; the LaTeX without any of it as a command."""
    S = v.Strings("tiny")
    tiny.glue({
        "tbl": v.Table(columns=(v.Column(value, "l"),), rows=((value,), (v.strong(value),)), caption=value),
        "note": v.Note(S["note"].format(n=value)),
        "said": value,
        "fig": v.Figure({"*": pack(b'<svg xmlns="http://www.w3.org/2000/svg"/>', b"%PDF-1.4\n")}, value, None),
    })
    tiny.page("results", "# R\n\nSaid: {nb}`/notebooks/demo.ipynb::said`.\n\n"
                         "```{nbtable} /notebooks/demo.ipynb::tbl\n:original: /notebooks/demo.ipynb::note\n```\n\n"
                         "```{nbfigure} /notebooks/demo.ipynb::fig\n:name: fig-x\n\nA figure.\n```\n")
    figures.prepare(tiny.project, strings.of(tiny.project), LANGS, log=lambda *_: None)
    app = tiny.build("en")
    assert warnings_of(app) == ""
    page = tiny.html(app, "results")
    _no_markup_in_html(page)
    assert _shown(page).count(value) >= texts
    assert f'alt="{htmllib.escape(value, quote=True)}"' in page  # the alt text, an attribute's characters
    tex = (tiny.build("en", "latex", latex_documents=[("index", "tiny.tex", "Tiny", "A", "manual")]).outdir
           / "tiny.tex").read_text(encoding="utf-8")
    _no_markup_in_latex(tex)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_data_reaches_html_and_latex_as_text_or_is_refused(tiny, value):
    """Table cells, column headers, captions, the registry's printed values (a note's
    field), a pasted text and alt text. A value glued by a notebook is typed data: the
    data checks refuse a line separator in a CSV (tests/test_bad_input.py); once glued,
    every value is text."""
    # cell, strong cell, header, caption, the note's field, the pasted text: six places
    _as_text_everywhere(tiny, value, 6)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_a_label_is_refused_with_its_file_and_key_or_shown_as_text(tiny, value):
    """Captions, titles and every string of strings/: a label is checked when its file
    is read; what passes is shown as text in HTML and escaped in the PDF's preamble."""
    path = tiny.root / "strings" / "site.yaml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    site["site_title"] = {"en": value, "id": value}
    path.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    catalog = strings.of(tiny.project)
    try:
        title = catalog.text("site", "site_title", "en")
    except ReprobookError as exc:
        assert str(exc).startswith("strings/site.yaml, key 'site_title.en': ") and "[rule: " in str(exc)
        return
    assert value in ("\\input /etc/hostname",)  # the only one that is plain text to a Markdown reader
    given = {"preamble": ""}
    # the PDF's metadata names the authors from the book's citation file
    (tiny.root / "CITATION.cff").write_text(yaml.safe_dump(
        {"cff-version": "1.2.0", "message": "Cite it.", "title": "Tiny", "authors": [{"name": "The editors"}]}),
        encoding="utf-8")
    st = stamp.Stamp("1.0.0", "0" * 40, "2026-01-01", 0, "0" * 12)
    preamble = pdf_latex.elements(tiny.project, catalog, "en", st, given)["preamble"]
    assert "\\newcommand\\reprobookshorttitle{\\textbackslash{}input /etc/hostname}" in preamble
    page = tiny.html(tiny.build("en", html_title=title), "index")
    assert "\\input /etc/hostname" in _shown(page)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_a_diagram_label_is_refused_or_drawn_and_described_as_text(tiny, value):
    raw = {"figure": "1.1", "title": value, "page": "3", "seed_lines": [1, 2], "based_on": "text",
           "layout": "layered", "nodes": [{"id": "a", "label": value, "kind": "step", "seed_line": 1},
                                          {"id": "b", "label": "B", "kind": "step", "seed_line": 2}],
           "edges": [{"from": "a", "to": "b", "label": value}]}
    try:
        d = diagrams.validate(raw, "data/diagrams/fig-1-1.yaml", ("step",), ("en",))
    except ReprobookError as exc:
        assert str(exc).startswith("data/diagrams/fig-1-1.yaml: 'title' holds U+2028") or \
            str(exc).startswith("data/diagrams/fig-1-1.yaml, node 1 ('a'): 'label' holds U+2028")
        assert "\u2028" in value
        return
    names = {"step": "step", "inferred": "inferred", "alt_intro": "Diagram {figure}", "alt_nodes": "{n} nodes",
             "alt_edges": "{n} links"}
    _key, svg, _pdf, alt = figures._draw(("k", diagrams.to_mapping(d), names, KINDS, "en"))
    # labels are drawn as outlines; matplotlib names each in an XML comment, escaped ("--" broken up)
    assert b"<script" not in svg and b"<b>" not in svg
    assert b"/etc/" not in re.sub(rb"<!--.*?-->", b"", svg, flags=re.S)
    assert value in alt
    _as_text_everywhere(tiny, alt, 1)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_a_release_note_is_refused_with_its_line_or_shown_as_text(tiny, tmp_path, value):
    (tmp_path / "CHANGELOG.md").write_text(f"# C\n\n## 1.1.0\n\nA note: {value}\n", encoding="utf-8")
    try:
        note = changes.note(tmp_path, "1.1.0")
    except ReprobookError as exc:
        assert str(exc).startswith("CHANGELOG.md, line 5: ") and f"[rule: {plaintext.NOTE_RULE}]" in str(exc)
        return
    tiny.page("changes", "# Changes\n\n```{versionchanges}\n```\n")
    context.write(tiny.context("en") / context.CHANGES, {"this": "1.1.0", "previous": None, "note": note})
    page = tiny.html(tiny.build("en"), "changes")
    _no_markup_in_html(page)
    assert f"A note: {value}" in _shown(page)
    tex = (tiny.build("en", "latex", latex_documents=[("changes", "c.tex", "C", "A", "manual")]).outdir
           / "c.tex").read_text(encoding="utf-8")
    _no_markup_in_latex(tex)


@pytest.mark.parametrize("value", HOSTILE + ["1.0.0/../x", "1.0.0 <b>"], ids=[*IDS, "path", "html"])
def test_a_version_string_is_refused_before_it_names_a_file_or_reaches_a_page(tmp_path, value):
    from types import SimpleNamespace

    with pytest.raises(ReprobookError) as info:
        stamp.of(SimpleNamespace(root=tmp_path, data=tmp_path), value)
    assert str(info.value).startswith("version: ") and "[rule: a version is spelled with" in str(info.value)
