"""The PDF: wide and uncaptioned tables in the LaTeX, the metadata the pipeline
writes, and each chapter cut from the whole book as a PDF of its own."""
from __future__ import annotations

import io
import re

import pytest
import yaml
from tinybook import warnings_of

from reprobook import strings
from reprobook import values as v
from reprobook.errors import BuildError, ConfigError
from reprobook.pipeline import latex, parts
from reprobook.pipeline.stamp import Stamp

LATEX_DOCUMENTS = [("index", "tiny.tex", "Tiny", "A", "manual")]


def _table(classes=()):
    return v.Table(columns=(v.Column("Year"), v.Column("Count", "r")), rows=(("2020", v.Num(3)),),
                   caption="Counts", classes=classes)


def _around(tex: str, caption: str) -> tuple[str, str]:
    """The LaTeX just before and just after the longtable whose caption starts with `caption`."""
    at = tex.index(r"\caption{" + caption)
    start = tex.rindex(r"\begin{savenotes}", 0, at)
    end = tex.index(r"\end{savenotes}", at) + len(r"\end{savenotes}")
    return tex[max(0, start - 80):start], tex[end:end + 80]


def test_a_wide_table_is_set_in_the_wide_environment_and_an_uncaptioned_one_takes_no_number(tiny):
    tiny.glue({"wide": _table(("wide",)), "plain": _table()})
    tiny.page("results", "# R\n\n```{nbtable} /notebooks/demo.ipynb::wide\n```\n\n"
                         "```{nbtable} /notebooks/demo.ipynb::plain\n```\n\n"
                         "```{list-table}\n:class: longtable\n\n* - a\n  - b\n```\n")
    app = tiny.build("en", "latex", latex_documents=LATEX_DOCUMENTS)
    assert warnings_of(app) == ""
    tex = (app.outdir / "tiny.tex").read_text(encoding="utf-8")
    assert tex.count(r"\begin{longtable}") == 3
    before, after = _around(tex, "Counts")  # the first: the wide one
    assert before.rstrip().endswith(r"\begin{reprobookwide}") and after.lstrip().startswith(r"\end{reprobookwide}")
    assert tex.count(r"\begin{reprobookwide}") == tex.count(r"\end{reprobookwide}") == 1
    # the uncaptioned table is marked (longtable would give it a number), in a group of its own
    marked = tex.index(r"\begingroup\reprobookuncaptioned")
    assert tex.index(r"\begin{longtable}", marked) > tex.rindex(r"\caption{Counts")
    assert tex.count(r"\reprobookuncaptioned") == 1 and tex.index(r"\endgroup", marked) > tex.index(r"\end{longtable}", marked)
    html = tiny.html(tiny.build("en"), "results")
    assert len(re.findall(r'<table class="[^"]*\bwide\b', html)) == 1  # the stylesheet makes it a little smaller


# --- metadata ------------------------------------------------------------------------------------

CFF = {"cff-version": "1.2.0", "message": "Cite it.", "title": "Tiny edition",
       "authors": [{"name": "The editors"}],
       "preferred-citation": {"type": "thesis", "title": "Tiny", "authors": [{"family-names": "Author",
                                                                              "given-names": "Ann"}]}}
STAMP = Stamp(version="1.2.3", commit="0123456789abcdef", date="2026-01-02", epoch=1767312000, data="feedbeef")


def _with_metadata(tiny, subject="What the book is about, briefly", keywords=("tables", "numbers")):
    (tiny.root / "CITATION.cff").write_text(yaml.safe_dump(CFF), encoding="utf-8")
    site = yaml.safe_load((tiny.root / "strings" / "site.yaml").read_text(encoding="utf-8"))
    site |= {"book_subject": {"en": subject, "id": subject}, "book_keywords": {"en": list(keywords), "id": list(keywords)}}
    (tiny.root / "strings" / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    project = tiny.project
    return project, strings.of(project)


def test_the_pdf_metadata_names_the_authors_once_and_takes_every_date_from_the_stamp(tiny):
    project, catalog = _with_metadata(tiny)
    tex = latex.metadata(project, catalog, "en", STAMP)
    assert "pdfauthor={{Ann Author; The editors}}" in tex  # one dc:creator, as PDF/A wants Author to equal it
    assert "pdfsubject={{What the book is about, briefly}}" in tex  # its comma is no list separator
    assert "pdfkeywords={tables, numbers}" in tex and "<pdf:Keywords>tables, numbers</pdf:Keywords>" in tex
    assert "pdfversionid={1.2.3}" in tex and "pdftitle={Tiny book}" in tex
    assert tex.count("{D:20260102000000Z}") == 4 and "pdfinstanceid}{uuid:" in tex
    assert tex == latex.metadata(project, catalog, "en", STAMP)
    assert latex.metadata(project, catalog, "id", STAMP) != tex  # each edition is an instance of its own
    assert latex.document_metadata(catalog, "en") == r"\DocumentMetadata{pdfstandard=A-2b,lang=en-US,pdfversion=1.7}"
    assert "lang=id-ID" in latex.document_metadata(catalog, "id")


@pytest.mark.parametrize(("subject", "keywords", "key", "bad"), [
    ("Tables & numbers", ("a",), "book_subject", "&"),
    ("Fine", ("100%",), "book_keywords", "%"),
])
def test_the_pdf_metadata_is_plain_text(tiny, subject, keywords, key, bad):
    project, catalog = _with_metadata(tiny, subject, keywords)
    with pytest.raises(ConfigError) as err:
        latex.metadata(project, catalog, "en", STAMP)
    assert key in str(err.value) and repr(bad) in str(err.value) and "the PDF's metadata is plain text" in str(err.value)


# --- chapters as PDFs of their own --------------------------------------------------------------

XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
       'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:prism="http://prismstandard.org/namespaces/basic/3.0/">'
       '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Book</rdf:li></rdf:Alt></dc:title>'
       '<xmpMM:InstanceID>uuid:0</xmpMM:InstanceID><prism:pageCount>8</prism:pageCount>'
       '</rdf:Description></rdf:RDF></x:xmpmeta>')
# title page (i), preface (ii), chapter one (1-2), chapter two (3-4), appendix A (5), index (6)
CHAPTERS = {"front/preface": ("chapter*.1", 1, "Preface"), "chapters/one": ("chapter.1", 2, "One"),
            "chapters/two": ("chapter.2", 4, "Two"), "appendix/a": ("appendix.A", 6, "Appendix")}
AUX = "\n".join([r"\relax", r"\newlabel{index::doc}{{}{i}{\listfigurename }{section*.1}{}}",
                 r"\newlabel{front/preface::doc}{{}{ii}{Preface}{chapter*.1}{}}",
                 r"\newlabel{chapters/one::doc}{{1}{1}{One}{chapter.1}{}}",
                 r"\newlabel{chapters/two::doc}{{2}{3}{Two {\em with} {nested {braces}}}{chapter.2}{}}",
                 r"\newlabel{chapters/two:a-section}{{2.1}{3}{A section}{section.2.1}{}}",
                 r"\newlabel{appendix/a::doc}{{A}{5}{Appendix}{appendix.A}{}}"])


def _book():
    """A whole book as LaTeX makes it: labelled pages, chapter bookmarks and destinations, metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    for _ in range(8):
        writer.add_blank_page(595, 842)
    writer.set_page_label(0, 1, style="/r")
    writer.set_page_label(2, 7, style="/D", start=1)
    for anchor, page, title in CHAPTERS.values():
        writer.add_named_destination(anchor, page)
        writer.add_outline_item(title=title, page_number=page)
    writer.add_outline_item(title="Index", page_number=7)
    writer.add_metadata({"/Title": "Book", "/Producer": "pdfTeX"})
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject("en-US")
    root[NameObject("/OutputIntents")] = ArrayObject([DictionaryObject({NameObject("/S"): NameObject("/GTS_PDFA1")})])
    writer.xmp_metadata = XMP.encode()
    writer._ID = ArrayObject([ByteStringObject(b"0123456789abcdef")] * 2)
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue()))


def test_a_document_label_gives_its_anchor_whatever_braces_its_title_holds(tmp_path):
    (tmp_path / "book.aux").write_text(AUX, encoding="utf-8")
    assert parts.anchors(tmp_path / "book.aux") == {"index": "section*.1", "front/preface": "chapter*.1",
                                                    "chapters/one": "chapter.1", "chapters/two": "chapter.2",
                                                    "appendix/a": "appendix.A"}


def test_each_chapter_runs_from_its_first_page_to_the_next_chapter_or_the_index(tmp_path):
    (tmp_path / "book.aux").write_text(AUX, encoding="utf-8")
    reader = _book()
    plan = parts.plan(reader, list(CHAPTERS), parts.anchors(tmp_path / "book.aux"), "book.aux")
    assert [(p.docname, p.name, p.first, p.last, p.title) for p in plan] == [
        ("front/preface", "front-preface", 1, 1, "Preface"), ("chapters/one", "chapters-one", 2, 3, "One"),
        ("chapters/two", "chapters-two", 4, 5, "Two"), ("appendix/a", "appendix-a", 6, 6, "Appendix")]
    with pytest.raises(BuildError, match="no 'chapter.9'"):
        parts.plan(reader, ["chapters/one"], {"chapters/one": "chapter.9"}, "book.aux")


def test_a_chapters_pdf_keeps_the_books_page_numbers_language_and_metadata(tmp_path):
    from pypdf import PdfReader

    reader = _book()
    (tmp_path / "book.aux").write_text(AUX, encoding="utf-8")
    plan = {p.docname: p for p in parts.plan(reader, list(CHAPTERS), parts.anchors(tmp_path / "book.aux"), "aux")}
    two = PdfReader(str(parts.write_part(reader, plan["chapters/two"], tmp_path / "two.pdf", "aux")))
    assert two.page_labels == ["3", "4"] and len(two.pages) == 2
    preface = PdfReader(str(parts.write_part(reader, plan["front/preface"], tmp_path / "preface.pdf", "aux")))
    assert preface.page_labels == ["ii"]
    root = two.trailer["/Root"]
    assert root["/Lang"] == "en-US" and root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    info = two.trailer["/Info"].get_object()
    assert info["/Title"] == "Book — Two" and info["/Producer"] == "pdfTeX"  # the book's, not pypdf's
    xmp = root["/Metadata"].get_object()
    assert (xmp["/Type"], xmp["/Subtype"]) == ("/Metadata", "/XML")
    packet = xmp.get_data().decode()
    assert ">Book — Two</rdf:li>" in packet and "<prism:pageCount>2</prism:pageCount>" in packet
    assert "uuid:0<" not in packet
    assert [o.title for o in two.outline] == ["Two"]
    ids = two.trailer["/ID"]
    assert ids[0] == ids[1] and ids[0] != preface.trailer["/ID"][0]
    again = parts.write_part(reader, plan["chapters/two"], tmp_path / "again.pdf", "aux")
    assert again.read_bytes() == (tmp_path / "two.pdf").read_bytes()  # nothing random in it


def test_kept_parts_are_reused_only_under_the_key_they_were_cut_under(tmp_path, monkeypatch):
    cuts = []

    def cut(project, lang, version, whole, aux, folder):
        cuts.append(folder)
        made = [folder / f"part-{i}.pdf" for i in (1, 2)]
        for i, path in enumerate(made):
            path.write_bytes(f"cut {len(cuts)} part {i}".encode())
        return made

    monkeypatch.setattr(parts, "split", cut)
    kept = tmp_path / "kept"

    def split(key, name):
        folder = tmp_path / name
        folder.mkdir()
        made = parts.split_once(None, "en", "1.0.0", folder / "book.pdf", folder / "book.aux", folder, kept, key)
        return {p.name: p.read_bytes() for p in made}, {p.name: p.read_bytes() for p in folder.glob("*.pdf")}

    first, staged = split("a", "one")
    assert len(cuts) == 1 and first == staged and sorted(first) == ["part-1.pdf", "part-2.pdf"]
    again, staged = split("a", "two")
    assert len(cuts) == 1 and again == first == staged  # copied from what was kept, not cut again
    other, _ = split("b", "three")
    assert len(cuts) == 2 and other != first  # another key: cut again, and kept in place of the old
    assert split("b", "four")[0] == other and len(cuts) == 2
    split(None, "five")  # no key: cut, and nothing kept that a later key could match
    assert len(cuts) == 3 and not kept.exists()
    (kept / "x").mkdir(parents=True)
    split("c", "six")
    (kept / parts.KEY).unlink()  # parts without their key (a build killed while keeping them)
    split("c", "seven")
    assert len(cuts) == 5
