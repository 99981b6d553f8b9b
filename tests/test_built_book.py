"""Checks on the built book (`make test` builds it first)."""
import re
import subprocess
from pathlib import Path

import pytest

from reprobook import glue
from reprobook.project import current

pytestmark = pytest.mark.book
HTML = current().build / "html"
ORIGINAL_TABLES = ["1.1", "1.2", "2.1", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2"]
TABLE_LABELS = ["tbl-topbrand", "tbl-stakeholders", "tbl-earlier-studies", "tbl-staff-grade-position-sex",
                "tbl-staff-grade", "tbl-staff-education", "tbl-fees", "tbl-uptake-2018", "tbl-uptake-2019"]


def _pages():
    if not (HTML / "index.html").exists():
        pytest.fail("no built HTML: run `make book` (or `make test`, which builds it)")
    return sorted(HTML.rglob("*.html"))


def _pdf() -> Path:
    pdfs = sorted((current().build / "pdf").glob("*.pdf"))
    if len(pdfs) != 1:
        pytest.fail(f"expected one PDF in _build/pdf, found {len(pdfs)}: run `make book`")
    return pdfs[0]


def _pdftext() -> str:
    return subprocess.run(["pdftotext", "-layout", str(_pdf()), "-"], capture_output=True, text=True, check=True).stdout


def test_no_page_loads_anything_from_the_network():
    remote = re.compile(r"""<(script|link|img|iframe)[^>]+(src|href)=["'](https?:)?//""", re.I)
    offenders = [str(p.relative_to(HTML)) for p in _pages() if remote.search(p.read_text(encoding="utf-8"))]
    css_remote = re.compile(r"""(url\(\s*["']?|@import\s+["'])(https?:)?//""")
    offenders += [str(c.relative_to(HTML)) for c in HTML.rglob("*.css") if css_remote.search(c.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_table_is_numbered_and_carries_its_original_number():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (HTML / "book" / "chapters").glob("*.html"))
    for label in TABLE_LABELS:
        assert f'id="{label}"' in text, label
    for number in ORIGINAL_TABLES:
        assert f"Tabel {number} dalam disertasi" in text, number
    assert len(re.findall(r'<span class="caption-number">Tabel \d+\.\d+ </span>', text)) >= len(TABLE_LABELS)


def test_glued_numbers_are_pasted_not_left_as_keys():
    results = (HTML / "book" / "chapters" / "results.html").read_text(encoding="utf-8")
    assert "::" not in re.sub(r"<[^>]+>", "", results)
    # the recomputed and the printed 2018 rate stand side by side
    assert "1,24" in results and "1,23" in results


def test_search_page_and_index_exist():
    assert (HTML / "search.html").exists() and (HTML / "searchindex.js").exists()
    assert "Kolaborasi" in (HTML / "searchindex.js").read_text(encoding="utf-8")


def test_every_page_shows_the_build_stamp():
    for page in (HTML / "book").rglob("*.html"):
        assert 'class="build-stamp"' in page.read_text(encoding="utf-8"), page


def test_pdf_is_a_book_with_contents_lists_and_version():
    text = _pdftext()
    for heading in ("DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR"):
        assert heading in text, heading
    assert re.search(r"Versi \S+\s+commit [0-9a-f]{10}", text)
    for number in ORIGINAL_TABLES:
        assert f"Tabel {number} dalam disertasi" in text.replace("\n", " ").replace("  ", " "), number
    assert "??" not in text  # no unresolved LaTeX reference


def test_pdf_tables_hold_the_numbers():
    text = _pdftext()
    for value in ("62.518", "65.630", "1.516", "86,91", "86,92", "10,29", "10,28", "600.000"):
        assert value in text, value


def test_pdf_fonts_are_embedded_and_figures_are_vector():
    fonts = subprocess.run(["pdffonts", str(_pdf())], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    listing = subprocess.run(["pdfimages", "-list", str(_pdf())], capture_output=True, text=True, check=True).stdout
    images = listing.splitlines()[2:]
    assert images == []  # every figure is a vector drawing, no raster image


def _glued_tables():
    lang = current().default_lang
    for nb in sorted(current().notebooks.glob("*.ipynb")):
        for name, doc in glue.read(nb).items():
            if doc["kind"] == "table":
                yield nb.stem, name, doc["lang"][lang]["markdown"]


def test_every_number_of_every_table_is_in_the_pdf():
    text = re.sub(r"\s+", " ", _pdftext())
    missing, checked = [], 0
    for nb, key, md in _glued_tables():
        rows = [line for line in md.splitlines() if line.startswith("|") and not set(line) <= set("|:- ")][1:]
        for row in rows:
            for token in re.findall(r"(?<![\w/.-])\d[\d.,]*\d|(?<![\w/.-])\d(?![\w/])", row.replace("**", "")):
                checked += 1
                if token not in text:
                    missing.append(f"{nb}::{key}: {token}")
    assert checked > 500 and missing == []


def test_pdf_has_bookmarks_for_every_chapter():
    from pypdf import PdfReader

    reader = PdfReader(str(_pdf()))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    for chapter in ("Pendahuluan", "Tinjauan Pustaka", "Metode Penelitian", "Gambaran Umum Lokasi Penelitian",
                    "Hasil Penelitian dan Pembahasan", "Kesimpulan dan Implikasi", "Rekonsiliasi angka"):
        assert any(chapter in t for t in titles), chapter


def test_every_figure_is_in_the_pdf():
    text = _pdftext()
    figures = sum(len(re.findall(r"```\{nbfigure\}", md.read_text(encoding="utf-8"))) for md in current().book.rglob("*.md"))
    captions = re.findall(r"^\s*Gambar\s?\d+\.\d+:", text, flags=re.M)
    assert figures >= 5 and len(captions) == figures
