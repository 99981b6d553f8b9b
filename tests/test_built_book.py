"""Checks on the built book (`make test` builds it first)."""
import re
import subprocess
from pathlib import Path

import pdf_words
import pytest

from reprobook import context, editions, glue, strings
from reprobook import project as projects
from reprobook.pipeline import parts
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
def stamp(project):
    """An edition's version stamp, as the build the tests read wrote it (never the
    default build folder's: a release tests its own)."""
    return lambda lang: context.read(context.folder(project.build, lang) / context.STAMP)


@pytest.fixture(scope="module")
def pdf(project, stamp):
    """The whole book's PDF of an edition (its chapters' PDFs lie beside it)."""
    def find(lang) -> Path:
        path = project.build / "pdf" / project.pdf(stamp(lang)["version"], lang)
        if not path.is_file():
            pytest.fail(f"no {path.name} in _build/pdf: run `make book`")
        return path
    return find


@pytest.fixture(scope="module")
def words(pdf, tmp_path_factory):
    """Every page of an edition's PDF with its words' places (pdf_words), read once."""
    read = {}

    def of(lang) -> list[pdf_words.Page]:
        if lang not in read:
            read[lang] = pdf_words.pages(pdf(lang), tmp_path_factory.mktemp(f"words-{lang}"))
        return read[lang]
    return of


@pytest.fixture(scope="module")
def pdftext(pdf):
    """An edition's PDF as laid-out text, read once (two and a half seconds a read)."""
    read = {}

    def text(lang) -> str:
        if lang not in read:
            read[lang] = subprocess.run(["pdftotext", "-layout", str(pdf(lang)), "-"], capture_output=True, text=True,
                                        check=True).stdout
        return read[lang]
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


# --- the PDF's pages: nothing outside the text block ---------------------------------------------

EDGE = 36.0  # points: no word of any page comes nearer the paper's edge (half an inch)
RUNNING = 62.0  # points from the top and bottom edges: the running head and foot, outside the text block


@pytest.mark.parametrize("lang", LANGS)
def test_no_word_of_any_page_comes_within_half_an_inch_of_the_papers_edge(words, lang):
    """Words beyond the paper count too (pdf_words reads an enlarged copy), as do
    rotated pages (in the orientation a reader sees)."""
    pages = words(lang)
    assert len(pages) > 100 and sum(len(p.words) for p in pages) > 20000
    near = [(p.index + 1, w.text, round(p.distance_to_edge(w), 1)) for p in pages for w in p.words
            if p.distance_to_edge(w) < EDGE]
    assert near == []


@pytest.mark.parametrize("lang", LANGS)
def test_running_heads_and_feet_are_one_line_each_with_no_word_over_another(words, lang):
    """A long section title in the foot is cut short before the page number, not set over it or wrapped."""
    problems = []
    for page in words(lang):
        for zone in ([w for w in page.words if w.y1 < RUNNING], [w for w in page.words if w.y0 > page.height - RUNNING]):
            if zone and max(w.y0 for w in zone) - min(w.y0 for w in zone) > 2:
                problems.append((page.index + 1, "two lines", [w.text for w in zone]))
            problems += [(page.index + 1, a.text, b.text) for i, a in enumerate(zone) for b in zone[i + 1:]
                         if a.overlaps(b)]
    assert problems == []


def _font_sizes(pdf_path: Path, index: int) -> list[tuple[str, float]]:
    """(text, size in points as printed) of each piece of text on one page."""
    from pypdf import PdfReader

    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), size * (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5))
    PdfReader(str(pdf_path)).pages[index].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_header_of_the_widest_table_can_be_read_on_its_page(pdf, words, lang):
    """Table 4.5 (17 columns: staff by grade, position and sex) is set within the
    paper's margins, each header apart from the others, at no less than 7.5 pt,
    its caption at the text's size."""
    w = Wording(strings.of(PROJECT), lang)
    glued = glue.table(glue.read(PROJECT.notebooks / "staffing.ipynb")["tbl-staff-grade-position-sex"])
    assert len(glued.columns) == 17 and "wide" in glued.classes
    caption = w.plain(glued.caption).split()[:3]
    headers = [w.plain(c.header) for c in glued.columns]
    tokens = [t for h in headers for t in h.split()]
    found = None
    for page in words(lang):
        texts = [x.text for x in page.words]
        for start in (i for i in range(len(texts)) if texts[i:i + 3] == caption):
            at = pdf_words.find_sequence(page.words, tokens, start + 3)
            if at:
                found = (page, start, at)
                break
        if found:
            break
    assert found, f"no page shows the caption {' '.join(caption)!r} followed by the headers {headers}"
    page, start, at = found
    heads = [page.words[i] for i in at]
    assert all(page.distance_to_edge(x) >= EDGE for x in heads), [(x.text, page.distance_to_edge(x)) for x in heads]
    assert [(a.text, b.text) for i, a in enumerate(heads) for b in heads[i + 1:] if a.overlaps(b)] == []
    sizes = _font_sizes(pdf(lang), page.index)
    head_sizes = [size for text, size in sizes if text in headers or text in tokens]
    assert len(head_sizes) >= len(headers) and min(head_sizes) >= 7.5, head_sizes
    set_as = [size for text, size in sizes if " ".join(caption) in text]
    assert set_as and min(set_as) > 10, "the caption is set at the text's size (11 pt), not the table's"


@pytest.mark.parametrize("lang", LANGS)
def test_every_caption_number_is_printed_once_and_as_the_html_numbers_it(BUILD, pdftext, lang):  # noqa: N803
    """Tables and figures of the appendices go on from the front matter's numbers, as in the
    HTML, never repeating a chapter's (Tabel 3.1 twice was the defect)."""
    html = "\n".join(p.read_text(encoding="utf-8") for p in _pages(BUILD, lang))
    for kind in (WORDS[lang]["table"], WORDS[lang]["figure"]):
        in_html = re.findall(rf'<span class="caption-number">{kind} ([\d.]+) </span>', html)
        in_pdf = re.findall(rf"^\s*{kind}\s+([\d.]+):", pdftext(lang), flags=re.M)
        assert len(in_pdf) == len(set(in_pdf)), sorted(n for n in in_pdf if in_pdf.count(n) > 1)
        assert sorted(in_pdf) == sorted(set(in_html)), kind
    assert any("." not in n for n in re.findall(rf"^\s*{WORDS[lang]['table']}\s+([\d.]+):", pdftext(lang), re.M))


# --- the PDF as an archive: PDF/A-2b, its language, its metadata ---------------------------------

XMP = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
       "xmp": "http://ns.adobe.com/xap/1.0/", "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
       "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "prism": "http://prismstandard.org/namespaces/basic/3.0/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xmp(reader) -> dict:
    """The XMP packet's properties in the namespaces above (a list of (text, xml:lang) for an rdf container)."""
    import xml.etree.ElementTree as ET

    prefixes = {uri: prefix for prefix, uri in XMP.items()}
    tree = ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    out = {}
    for desc in tree.iter(f"{{{XMP['rdf']}}}Description"):
        for child in desc:
            uri, _, local = child.tag[1:].partition("}")
            if uri in prefixes:
                items = list(child.iter(f"{{{XMP['rdf']}}}li"))
                out[f"{prefixes[uri]}:{local}"] = ([(li.text or "", li.get(XML_LANG)) for li in items] if items
                                                   else child.text or "")
    return out


def _authors() -> str:
    import yaml

    record = yaml.safe_load((PROJECT.root / "CITATION.cff").read_text(encoding="utf-8"))
    people = [*record["preferred-citation"]["authors"], *record["authors"]]
    return "; ".join(dict.fromkeys(a.get("name") or " ".join(filter(None, (a.get("given-names"), a["family-names"])))
                                   for a in people))


def _check_archival(reader, st: dict, lang: str, title: str, pages: int) -> None:
    """/Lang, the output intent, the XMP (PDF/A-2b, Dublin Core, version, dates) and the
    information dictionary as PDF/A wants it (each entry equal to its XMP property).
    Checked here without a validator: veraPDF does not install from the registries
    this project uses, so conformance itself (fonts' programs, colour, transparency)
    is not verified."""
    import datetime as dt

    catalog = strings.of(PROJECT)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == catalog.text("site", "language_tag", lang)
    intents = [i.get_object() for i in root["/OutputIntents"]]
    assert [i["/S"] for i in intents] == ["/GTS_PDFA1"] and intents[0]["/DestOutputProfile"].get_object().get_data()
    assert reader.pdf_header == "%PDF-1.7" and "/ID" in reader.trailer
    x = _xmp(reader)
    assert (x["pdfaid:part"], x["pdfaid:conformance"]) == ("2", "B")
    assert x["dc:title"] == [(title, "x-default")]
    assert x["dc:creator"] == [(_authors(), "x-default")]
    assert x["dc:description"] == [(catalog.text("site", "book_subject", lang), "x-default")]
    keywords = catalog.value("site", "book_keywords", lang)
    assert [k for k, _ in x["dc:subject"]] == keywords and x["pdf:Keywords"] == ", ".join(keywords)
    assert x["dc:language"] == [(catalog.text("site", "language_tag", lang), None)]
    assert x["xmpMM:VersionID"] == st["version"]
    when = dt.datetime.fromtimestamp(st["epoch"], tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert x["xmp:CreateDate"] == x["xmp:ModifyDate"] == when and x["dc:date"] == [(when, None)]
    assert x["prism:pageCount"] == str(pages)
    info = reader.trailer["/Info"].get_object()
    assert info["/Title"] == title and info["/Author"] == _authors()
    assert info["/Subject"] == x["dc:description"][0][0] and info["/Keywords"] == x["pdf:Keywords"]
    assert info["/Producer"] == x["pdf:Producer"] and info["/Creator"] == x["xmp:CreatorTool"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:" + when.replace("-", "").replace(":", "").replace("T", "")


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_is_pdfa_2b_in_its_language_with_its_metadata(pdf, stamp, lang):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf(lang)))
    _check_archival(reader, stamp(lang), lang, strings.of(PROJECT).text("site", "book_title", lang), len(reader.pages))


# --- each chapter as a PDF of its own ------------------------------------------------------------

def _page_text(path: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("lang", LANGS)
def test_each_chapter_is_a_pdf_of_its_own_with_the_books_page_numbers(pdf, stamp, lang):
    from pypdf import PdfReader

    whole = PdfReader(str(pdf(lang)))
    labels = whole.page_labels
    found = parts.pdfs(PROJECT, lang, stamp(lang)["version"], pdf(lang).parent)
    chapters = {c: p for c, p in found.items() if c is not None}
    assert chapters.keys() == editions.chapters(PROJECT, lang).keys()  # every chapter, appendices included
    covered = []
    for chapter, path in chapters.items():
        part = PdfReader(str(path))
        own = part.page_labels
        starts = [i for i in range(len(labels)) if labels[i:i + len(own)] == own
                  and _page_text(path, 1) == _page_text(pdf(lang), i + 1)]
        assert len(starts) == 1, (chapter, own[:3])
        first = starts[0]
        assert _page_text(path, len(own)) == _page_text(pdf(lang), first + len(own))
        covered.append((first, first + len(own)))
        title = f"{whole.trailer['/Info'].get_object()['/Title']} — "
        assert str(part.trailer["/Info"].get_object()["/Title"]).startswith(title)
        _check_archival(part, stamp(lang), lang, str(part.trailer["/Info"].get_object()["/Title"]), len(own))
        for page in part.pages:  # every link that stays leads into this PDF
            for annot in (a.get_object() for a in page.get("/Annots", []) or []):
                target = annot.get("/A", {}).get("/D") if "/A" in annot else annot.get("/Dest")
                if isinstance(target, str):
                    assert target in part.named_destinations, (chapter, target)
    covered.sort()
    assert len(covered) >= 6 and all(a[1] <= b[0] for a, b in zip(covered, covered[1:]))  # no page in two


@pytest.mark.parametrize("lang", LANGS)
def test_each_chapter_page_links_its_chapter_pdf_beside_the_books(BUILD, pdf, stamp, lang):  # noqa: N803
    version = stamp(lang)["version"]
    for chapter, docs in editions.chapters(PROJECT, lang).items():
        name = PROJECT.pdf(version, lang, part=parts.part_name(chapter))
        assert (BUILD / lang / name).read_bytes() == (pdf(lang).parent / name).read_bytes()
        for doc in docs:
            text = (BUILD / lang / f"{doc}.html").read_text(encoding="utf-8")
            up = "../" * doc.count("/")
            assert f'class="reprobook-pdf" href="{up}{PROJECT.pdf(version, lang)}"' in text, doc
            assert f'class="reprobook-pdf-part" href="{up}{name}"' in text, doc


def test_the_data_archive_lists_every_pdf_with_its_size(BUILD, stamp):  # noqa: N803
    import zipfile

    from reprobook import digest

    version = stamp(FIRST)["version"]
    pdfs = sorted((p for lang in LANGS for p in (BUILD / lang).glob("*.pdf")), key=lambda p: p.name)
    assert len(pdfs) >= 2 * 7
    with zipfile.ZipFile(BUILD / PROJECT.data_archive(version)) as zf:
        listed = zf.read(f"{PROJECT.data_archive(version).removesuffix('.zip')}/PDFS.txt").decode("utf-8")
    assert listed.splitlines() == ["file\tbytes\tsha256"] + [
        f"{p.name}\t{p.stat().st_size}\t{digest.of_file(p)}" for p in pdfs]
