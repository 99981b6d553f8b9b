"""Two editions from one computation, and what each version offers a reader:
the same glued value in both languages, each in its notation; the data behind
every table and figure, every notebook and the whole data package one click
away; a citation of the version being read."""
import io
import re
import zipfile

import pytest
import yaml

from reprobook import editions, glue
from reprobook.numbers import decimal_mark, parse_printed
from reprobook.project import current
from reprobook.site import archive, citation, slots

LANGS = current().languages
FIRST = current().default_lang
BUILD = current().build / "html"


def test_the_editions_have_the_same_pages_in_the_same_places():
    assert editions.mismatches() == []
    for lang in LANGS[1:]:
        first, other = editions.pages(FIRST), editions.pages(lang)
        assert len(first) == len(other)
        for a, b in zip(first, other):
            if a.startswith("notebooks/"):
                assert a == b  # one notebook serves every edition
            else:
                assert b == a.replace("book/", f"book/{lang}/", 1), (a, b)


def test_a_page_missing_from_one_edition_is_named(tmp_path, monkeypatch):
    toc = current().toc(LANGS[-1])
    text = toc.read_text(encoding="utf-8")
    short = tmp_path / "_toc.yml"
    short.write_text(text.replace("      - file: book/en/back/glossary\n", ""), encoding="utf-8")
    monkeypatch.setattr(type(current()), "toc", lambda self, lang: short if lang == LANGS[-1] else toc.parent.parent / "_toc.yml")
    problems = editions.mismatches()
    assert problems and "every page exists in every language" in problems[0]


def test_every_glued_number_is_one_value_written_in_each_editions_notation():
    checked = 0
    for nb in sorted(current().notebooks.glob("*.ipynb")):
        for key, doc in glue.read(nb).items():
            if doc["kind"] != "number":
                continue
            texts = {lang: doc["lang"][lang]["text"] for lang in LANGS}
            values = {lang: parse_printed(text, decimal_mark(lang)) for lang, text in texts.items()}
            assert len(set(values.values())) == 1, (nb.name, key, texts)
            assert abs(values[FIRST] - doc["value"]) <= 0.5 * 10 ** -_decimals(texts[FIRST], FIRST), (nb.name, key)
            checked += 1
    assert checked > 150


def _decimals(text: str, lang: str) -> int:
    mark = decimal_mark(lang)
    return len(text.split(mark)[1]) if mark in text else 0


def test_a_glued_number_that_differs_between_editions_is_caught():
    assert parse_printed("1.234,5", decimal_mark("id")) == parse_printed("1,234.5", decimal_mark("en"))
    assert parse_printed("1.234,5", decimal_mark("id")) != parse_printed("1,234.6", decimal_mark("en"))


def test_the_data_archive_is_byte_reproducible_and_holds_the_whole_package(tmp_path):
    st = {"epoch": "1764374400", "version": "1.0.0"}
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    a = archive.data_package(tmp_path / "one" / "data-1.0.0.zip", st)
    b = archive.data_package(tmp_path / "two" / "data-1.0.0.zip", st)
    assert a.read_bytes() == b.read_bytes()
    names = zipfile.ZipFile(io.BytesIO(a.read_bytes())).namelist()
    top = "data-1.0.0/"
    assert all(n.startswith(top) for n in names)
    inner = {n[len(top):] for n in names}
    assert {"datapackage.yaml", "README.md"} <= inner
    desc = yaml.safe_load((current().data / "datapackage.yaml").read_text(encoding="utf-8"))
    assert {r["path"] for r in desc["resources"]} <= inner
    assert any(n.startswith("diagrams/") for n in inner)


def test_citation_entries_carry_the_version_slots_and_the_sources_record():
    cff = citation.read()
    for lang in LANGS:
        ed = citation.edition(lang)
        for name in ("version", "commit", "date"):
            assert slots.slot(name) in ed["bibtex"]
        src = citation.source(lang)
        assert src["bibtex"].startswith("@phdthesis{") and "year      = {2021}" in src["bibtex"]
    assert cff["preferred-citation"]["title"] in (current().root / "book" / "edition.bib").read_text(encoding="utf-8")


def test_a_citation_file_with_markup_is_refused(tmp_path):
    (tmp_path / "CITATION.cff").write_text('cff-version: 1.2.0\nmessage: m\ntitle: "a {b} \\\\input"\n'
                                           'authors: [{name: x}]\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"CITATION.cff, key '.title': holds '\{' \[rule: citation texts are plain text\]"):
        citation.read(tmp_path)


# --- the built book ------------------------------------------------------------------------------


def _built(lang):
    if not (BUILD / lang / "index.html").exists():
        pytest.fail("no built HTML: run `make book` first")
    return BUILD / lang


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_every_table_and_figure_offers_its_data_from_its_caption(lang):
    edition = _built(lang)
    captions, missing = 0, []
    for doc in editions.pages(lang):
        page = edition / f"{doc}.html"
        html = page.read_text(encoding="utf-8")
        for block in re.findall(r'<(?:table|figure)[^>]*>.*?</(?:table|figure)>', html, flags=re.S):
            caption = re.search(r"<(?:caption|figcaption)>(.*?)</(?:caption|figcaption)>", block, flags=re.S)
            if not caption or "reprobook-provenance" not in block and "Data:" not in caption.group(1):
                continue
            captions += 1
            links = re.findall(r'<a class="reference download internal" download="" href="([^"]+)"', caption.group(1))
            if not links:
                missing.append(f"{doc}: {re.sub('<[^>]+>', '', caption.group(1))[:80]}")
            for href in links:
                assert href.endswith((".csv", ".yaml", ".bib")) and (page.parent / href).resolve().is_file(), href
    assert captions >= 30 and missing == []


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_every_notebook_page_offers_its_notebook(lang):
    edition = _built(lang)
    for nb in sorted(current().notebooks.glob("*.ipynb")):
        page = edition / "notebooks" / f"{nb.stem}.html"
        assert f'href="{nb.name}" download' in page.read_text(encoding="utf-8"), page
        assert (page.parent / nb.name).read_bytes() == nb.read_bytes()


@pytest.mark.book
def test_each_version_offers_its_data_archive_and_its_citation():
    from reprobook.site.stamp import stamp

    st = stamp()
    assert (BUILD / current().data_archive(st["version"])).is_file()
    cff = yaml.safe_load((BUILD / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == st["version"] and cff["commit"] == st["commit"] and cff["date-released"] == st["date"]


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_the_landing_and_citation_pages_show_the_version_being_read(lang):
    from reprobook.site.stamp import stamp

    st = stamp()
    edition = _built(lang)
    landing = (edition / f"{editions.pages(lang)[0]}.html").read_text(encoding="utf-8")
    assert "reprobook-this-version" in landing and st["version"] in landing and st["commit"] in landing
    cite = next(edition / f"{d}.html" for d in editions.pages(lang) if d.endswith("front/cite"))
    text = cite.read_text(encoding="utf-8")
    assert f"version   = {{{st['version']}}}" in text and "@phdthesis{rudi2021" in text
    assert not [s for s in slots.left(text) if s != slots.VERSIONS]  # that one is filled when published
