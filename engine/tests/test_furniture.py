"""What every page carries besides its text: the edition bar (the version, the
page in the other language, the PDF), hreflang links, the build stamp in the
footer, all in the page's language; ``{src}`` worded from the original's table
of contents; ``{edition}`` marking the edition's own words."""
from __future__ import annotations

import re

import pytest
from tinybook import warnings_of

PAGE_VALUES = {"version": "1.2.3", "commit": "0123456789abcdef", "date": "2026-01-02", "data": "feedbeef",
               "pdf": {"name": "tiny-{lang}-1.2.3.pdf", "size": 1_234_567}}


def page_values(lang):
    return PAGE_VALUES | {"pdf": {"name": f"tiny-{lang}-1.2.3.pdf", "size": 1_234_567}}


def bar(html: str) -> str:
    return html[html.index('<nav class="reprobook-bar"'):html.index("</nav>", html.index('<nav class="reprobook-bar"'))]


@pytest.mark.parametrize(("lang", "other", "version", "language", "size"), [
    ("en", "id", "Version 1.2.3", "Bahasa Indonesia", "1.2 MB"),
    ("id", "en", "Versi 1.2.3", "English", "1,2 MB"),
])
def test_the_edition_bar_speaks_the_pages_language_and_links_its_counterparts(tiny, lang, other, version, language,
                                                                             size):
    tiny.page("chapters/results", "# Results\n\nText.\n")
    app = tiny.build(lang, page=page_values(lang))
    assert warnings_of(app) == ""
    html = tiny.html(app, "chapters/results")
    assert f'<html lang="{lang}"' in html
    nav = bar(html)
    assert f">{version}</a>" in nav
    assert f'href="../../{other}/chapters/results.html" hreflang="{other}" lang="{other}">{language}</a>' in nav
    assert f'href="../tiny-{lang}-1.2.3.pdf">PDF · 1.2.3 · {size}</a>' in nav
    assert 'href="../../../versions-' + lang + '.html?page=chapters/results.html"' in nav  # the site's root
    assert f'<link rel="alternate" hreflang="{other}" href="../../{other}/chapters/results.html">' in html


@pytest.mark.parametrize(("lang", "label", "title"), [
    ("en", "PDF of this part · pp. 3–9 · 340 kB", "(pp. 3–9)"),
    ("id", "PDF bagian ini · hlm. 3–9 · 340 kB", "(hlm. 3–9)"),
])
def test_each_page_of_a_chapter_links_the_chapters_pdf_beside_the_books(tiny, lang, label, title):
    tiny.page("chapters/results", "# Results\n\nText.\n")
    part = {"name": f"tiny-{lang}-1.2.3-chapters-results.pdf", "size": 340_123, "pages": "3–9"}
    app = tiny.build(lang, page=page_values(lang) | {"parts": {"chapters/results": part}})
    assert warnings_of(app) == ""
    nav = bar(tiny.html(app, "chapters/results"))
    assert f'href="../tiny-{lang}-1.2.3.pdf">PDF · 1.2.3 · ' in nav
    assert nav.index("reprobook-pdf\"") < nav.index(f'<a class="reprobook-pdf-part" href="../{part["name"]}" title="')
    assert f"{title}\">{label}</a>" in nav
    assert "reprobook-pdf-part" not in bar(tiny.html(app, "index"))  # a page in no chapter with a PDF of its own


def test_the_footer_carries_the_build_stamp(tiny):
    app = tiny.build("id", page=page_values("id"))
    html = tiny.html(app, "index")
    stamp = re.search(r"<p class=\"build-stamp\">(.*?) · <a", html)
    assert stamp and stamp.group(1) == "Versi 1.2.3 · commit 0123456789 · dibangun 2026-01-02 · data feedbeef"


def test_a_notebook_page_offers_its_file(tiny):
    app = tiny.build("en", page=page_values("en"))
    nav = bar(tiny.html(app, "notebooks/demo"))
    assert 'href="demo.ipynb" download>' in nav
    assert (app.outdir / "notebooks" / "demo.ipynb").is_file()


def test_a_release_page_links_its_place_in_the_newest_release_relatively(tiny):
    """A release's bytes must not depend on where the site is served: the canonical
    link climbs to the site's root and goes down into latest/."""
    tiny.page("chapters/results", "# Results\n\nText.\n")
    app = tiny.build("en", page=page_values("en") | {"canonical": True})
    assert '<link rel="canonical" href="../../latest/en/index.html">' in tiny.html(app, "index")
    assert '<link rel="canonical" href="../../../latest/en/chapters/results.html">' in tiny.html(app, "chapters/results")
    assert '<link rel="canonical" href="../../latest/en/search.html">' in tiny.html(app, "search")


def test_a_development_page_links_the_newest_release_only_where_it_has_the_page(tiny):
    tiny.page("chapters/results", "# Results\n\nText.\n")
    app = tiny.build("id", page=page_values("id") | {"canonical": ["index.html", "search.html"]})
    assert '<link rel="canonical" href="../../latest/id/index.html">' in tiny.html(app, "index")
    assert 'rel="canonical"' not in tiny.html(app, "chapters/results")


def test_no_canonical_link_before_the_first_release(tiny):
    app = tiny.build("en", page=page_values("en") | {"canonical": False})
    assert 'rel="canonical"' not in tiny.html(app, "index")
    assert 'rel="canonical"' not in tiny.html(app, "search")


def test_a_page_sphinx_makes_has_its_counterpart_of_the_same_name(tiny):
    """search.html and genindex.html exist in every edition: each is the other's
    alternate, so the pair is reciprocal as hreflang requires."""
    app = tiny.build("en", page=page_values("en"))
    assert '<link rel="alternate" hreflang="id" href="../id/search.html">' in tiny.html(app, "search")
    assert '<link rel="alternate" hreflang="id" href="../id/genindex.html">' in tiny.html(app, "genindex")


@pytest.mark.parametrize(("lang", "ref", "shown"), [
    ("en", "1.1", "(§1.1, pp. 3–7)"),
    ("id", "1.1", "(§1.1, hlm. 3–7)"),
    ("en", "1.2:7", "(§1.2, p. 7)"),
    ("en", "1", "(chapter 1, pp. 3 ff.)"),
    ("en", "1.1:4;1.2", "(§1.1, p. 4; §1.2, pp. 7 ff.)"),
])
def test_src_words_a_place_in_the_original_from_its_table_of_contents(tiny, lang, ref, shown):
    tiny.page("results", f"# R\n\nA claim {{src}}`{ref}`. Our sum {{edition}}`own analysis`.\n")
    app = tiny.build(lang)
    assert warnings_of(app) == ""
    html = tiny.html(app, "results")
    assert f'<span class="source-ref">{shown}</span>' in html
    assert '<span class="edition-mark">[own analysis]</span>' in html


@pytest.mark.parametrize(("ref", "message"), [
    ("9.9", "section '9.9' is not in the original's table of contents (data/printed/toc.csv)"),
    ("1.2:2", "page 2 is outside section 1.2"),
    ("1.1:5-4", "pages 5-4 run backwards"),
    ("p. 5", "is not a section reference"),
])
def test_a_bad_src_reference_is_an_error_naming_the_rule(tiny, ref, message):
    tiny.page("results", f"# R\n\nA claim {{src}}`{ref}`.\n")
    warnings = warnings_of(tiny.build("en"))
    assert "results.md:3" in warnings and message in warnings and "[rule: " in warnings
