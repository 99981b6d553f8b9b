"""Checks on the built book (`make test` builds it first)."""
import re
import subprocess
from pathlib import Path

import pytest

from reprobook import editions, glue, strings
from reprobook import project as projects
from reprobook.render import table
from reprobook.render.inline import Wording

pytestmark = pytest.mark.book
PROJECT = projects.here()
LANGS = PROJECT.languages
FIRST = PROJECT.default_lang
ORIGINAL_TABLES = ["1.1", "1.2", "2.1", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2"]
TABLE_LABELS = ["tbl-topbrand", "tbl-stakeholders", "tbl-earlier-studies", "tbl-staff-grade-position-sex",
                "tbl-staff-grade", "tbl-staff-education", "tbl-fees", "tbl-uptake-2018", "tbl-uptake-2019"]
# Each edition's words for what the tests read in its pages and PDF.
WORDS = {"id": {"table": "Tabel", "figure": "Gambar", "of_original": "dalam disertasi", "version": "Versi",
                "lists": ("Daftar Isi", "Daftar Tabel", "Daftar Gambar"), "edition": "Edisi bahasa Indonesia",
                "chapters": ("Pendahuluan", "Tinjauan Pustaka", "Metode Penelitian", "Gambaran Umum Lokasi Penelitian",
                             "Hasil Penelitian dan Pembahasan", "Kesimpulan dan Implikasi", "Rekonsiliasi angka")},
         "en": {"table": "Table", "figure": "Figure", "of_original": "of the dissertation", "version": "Version",
                "lists": ("Contents", "List of Tables", "List of Figures"), "edition": "English edition",
                "chapters": ("Introduction", "Literature Review", "Research method", "The Research Setting",
                             "Results and Discussion", "Conclusions and Implications")}}


@pytest.fixture(scope="module")
def BUILD(project):  # noqa: N802 - the built HTML, one folder per edition, as a version of the site holds them
    html = project.build / "html"
    if not (html / FIRST / "index.html").exists():
        pytest.fail("no built HTML: run `make book` (or `make test`, which builds it)")
    return html


@pytest.fixture(scope="module")
def pdf(project):
    def find(lang) -> Path:
        pdfs = sorted((project.build / "pdf").glob(f"*-{lang}-*.pdf"))
        if len(pdfs) != 1:
            pytest.fail(f"expected one {lang} PDF in _build/pdf, found {len(pdfs)}: run `make book`")
        return pdfs[0]
    return find


@pytest.fixture(scope="module")
def pdftext(pdf):
    def text(lang) -> str:
        return subprocess.run(["pdftotext", "-layout", str(pdf(lang)), "-"], capture_output=True, text=True,
                              check=True).stdout
    return text


def _pages(BUILD, lang=FIRST):  # noqa: N803
    return sorted((BUILD / lang).rglob("*.html"))


def test_no_page_loads_anything_from_the_network(BUILD):  # noqa: N803
    remote = re.compile(r"""<(script|link|img|iframe)[^>]+(src|href)=["'](https?:)?//""", re.I)
    offenders = [str(p.relative_to(BUILD)) for lang in LANGS for p in _pages(BUILD, lang)
                 if remote.search(p.read_text(encoding="utf-8"))]
    css_remote = re.compile(r"""(url\(\s*["']?|@import\s+["'])(https?:)?//""")
    offenders += [str(c.relative_to(BUILD)) for c in BUILD.rglob("*.css") if css_remote.search(c.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_table_is_numbered_and_carries_its_original_number(BUILD, lang):  # noqa: N803
    w = WORDS[lang]
    text = "\n".join(p.read_text(encoding="utf-8") for p in (BUILD / lang / "chapters").glob("*.html"))
    for label in TABLE_LABELS:
        assert f'id="{label}"' in text, label
    for number in ORIGINAL_TABLES:
        assert f"{w['table']} {number} {w['of_original']}" in text, number
    assert len(re.findall(rf'<span class="caption-number">{w["table"]} \d+\.\d+ </span>', text)) >= len(TABLE_LABELS)


def test_glued_numbers_are_pasted_not_left_as_keys(BUILD):  # noqa: N803
    results = (BUILD / FIRST / "chapters" / "results.html").read_text(encoding="utf-8")
    assert "::" not in re.sub(r"<[^>]+>", "", results)
    # the recomputed and the printed 2018 rate stand side by side
    assert "1,24" in results and "1,23" in results


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_and_an_index_stemmed_in_the_editions_language(BUILD, lang):  # noqa: N803
    edition = BUILD / lang
    assert (edition / "search.html").exists() and (edition / "searchindex.js").exists()
    language = (edition / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert ("IndonesianStemmer" in language) == (lang == "id")  # Sphinx has no Indonesian of its own
    assert "stopwords" in language


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_declares_its_language_and_shows_the_build_stamp(BUILD, lang):  # noqa: N803
    for page in _pages(BUILD, lang):
        text = page.read_text(encoding="utf-8")
        if "_static" in page.parts or 'http-equiv="Refresh"' in text[:600]:
            continue  # Jupyter Book's redirect from the edition's folder to its first page
        assert re.search(rf'<html lang="{lang}"', text), page
        if page.name not in ("genindex.html", "search.html"):
            assert 'class="build-stamp"' in text, page


def test_every_page_exists_in_every_language_and_names_its_counterpart(BUILD):  # noqa: N803
    assert editions.mismatches(PROJECT) == []
    counts = {lang: len(editions.pages(PROJECT, lang)) for lang in LANGS}
    assert len(set(counts.values())) == 1, counts
    for lang in LANGS:
        for doc in editions.pages(PROJECT, lang):
            page = BUILD / lang / f"{doc}.html"
            text = page.read_text(encoding="utf-8")
            for other in LANGS:
                if other == lang:
                    continue
                m = re.search(rf'<link rel="alternate" hreflang="{other}" href="([^"]+)">', text)
                assert m, (page, other)
                target = (page.parent / m.group(1)).resolve()
                assert target == (BUILD / other / f"{editions.counterpart(PROJECT, doc, lang, other)}.html").resolve()
                assert target.exists()


def test_the_interface_speaks_the_editions_language(BUILD):  # noqa: N803
    """Sphinx's and the theme's strings come from the edition's catalogue: no English
    interface text on an Indonesian page."""
    page = (BUILD / "id" / "chapters/results.html").read_text(encoding="utf-8")
    for english in ("Skip to main content", "Back to top", "On this page", ">Search<", "Color mode"):
        assert english not in page, english
    for indonesian in ("Langsung ke isi utama", "Kembali ke atas", "Cari"):
        assert indonesian in page, indonesian


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_is_a_book_with_contents_lists_version_and_language(pdftext, lang):
    w = WORDS[lang]
    text = re.sub(r"-\n\s*", "", pdftext(lang))  # words TeX hyphenated at a line's end, joined again
    for heading in w["lists"]:
        assert heading in text, heading
    assert w["edition"] in text
    assert re.search(rf"{w['version']} \S+\s+commit [0-9a-f]{{10}}", text)
    for number in ORIGINAL_TABLES:
        assert f"{w['table']} {number} {w['of_original']}" in text.replace("\n", " ").replace("  ", " "), number
    assert "??" not in text  # no unresolved LaTeX reference


def test_pdf_tables_hold_the_numbers_in_each_editions_notation(pdftext):
    text = pdftext("id")
    for value in ("62.518", "65.630", "1.516", "86,91", "86,92", "10,29", "10,28", "600.000"):
        assert value in text, value
    text = pdftext("en")  # recomputed numbers in English notation; printed ones as the source prints them
    for value in ("62,518", "65,630", "1,516", "86,91", "86.92", "10,29", "10.28", "600,000"):
        assert value in text, value


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_fonts_are_embedded_and_figures_are_vector(pdf, lang):
    fonts = subprocess.run(["pdffonts", str(pdf(lang))], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    listing = subprocess.run(["pdfimages", "-list", str(pdf(lang))], capture_output=True, text=True, check=True).stdout
    images = listing.splitlines()[2:]
    assert images == []  # every figure is a vector drawing, no raster image


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_of_every_table_is_in_the_pdf(pdftext, lang):
    """Every number of every glued table, as the edition writes it, is in that edition's PDF."""
    text = re.sub(r"\s+", " ", pdftext(lang))
    words = Wording(strings.of(PROJECT), lang)
    missing, checked = [], 0
    for nb in sorted(PROJECT.notebooks.glob("*.ipynb")):
        for key, doc in glue.read(nb).items():
            if doc["kind"] != "table":
                continue
            for cell, shown in table.cells(glue.table(doc), words).items():
                for token in re.findall(r"(?<![\w/.-])\d[\d.,]*\d|(?<![\w/.-])\d(?![\w/])", shown):
                    checked += 1
                    if token not in text:
                        missing.append(f"{nb.stem}::{key}{cell}: {token}")
    assert checked > 500 and missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_has_bookmarks_for_every_chapter(pdf, lang):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf(lang)))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    for chapter in WORDS[lang]["chapters"]:
        assert any(chapter in t for t in titles), chapter


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_is_in_the_pdf(pdftext, lang):
    text = pdftext(lang)
    figures = sum(len(re.findall(r"```\{nbfigure\}", md.read_text(encoding="utf-8")))
                  for md in editions.page_files(PROJECT, lang))
    captions = re.findall(rf"^\s*{WORDS[lang]['figure']}\s?\d+\.\d+:", text, flags=re.M)
    assert figures >= 5 and len(captions) == figures
