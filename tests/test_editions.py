"""Two editions from one computation, and what each version offers a reader:
the same glued value in both languages, each in its notation; the data behind
every table and figure, every notebook and the whole data package one click
away; a citation of the version being read."""
import io
import re
import zipfile

import pytest
import yaml

from reprobook import editions, glue, strings
from reprobook import project as projects
from reprobook.numbers import decimal_mark, parse_printed
from reprobook.pipeline import archive, cff
from reprobook.pipeline.stamp import Stamp
from reprobook.render.inline import Wording

PROJECT = projects.here()
LANGS = PROJECT.languages
FIRST = PROJECT.default_lang
CATALOG = strings.of(PROJECT)


def test_the_editions_have_the_same_pages_in_the_same_places():
    assert editions.mismatches(PROJECT) == []
    for lang in LANGS[1:]:
        first, other = editions.pages(PROJECT, FIRST), editions.pages(PROJECT, lang)
        assert first == other  # each edition's folder holds its pages under the same names
    assert all((PROJECT.edition(lang) / "notebooks").resolve() == PROJECT.notebooks.resolve() for lang in LANGS)


def test_a_page_missing_from_one_edition_is_named(tmp_path):
    import dataclasses
    import shutil

    book = tmp_path / "book"
    for lang in LANGS:
        (book / lang).mkdir(parents=True)
        shutil.copy2(PROJECT.toc(lang), book / lang / "_toc.yml")
    short = book / LANGS[-1] / "_toc.yml"
    short.write_text(short.read_text(encoding="utf-8").replace("      - file: back/glossary\n", ""), encoding="utf-8")
    moved = dataclasses.replace(PROJECT, folders={**PROJECT.folders, "book": str(book)})
    problems = editions.mismatches(moved)
    assert problems and "[rule: every page exists in every language]" in str(problems[0])


def test_every_glued_number_is_one_value_written_in_each_editions_notation():
    checked = 0
    for nb in sorted(PROJECT.notebooks.glob("*.ipynb")):
        for key, doc in glue.read(nb).items():
            if doc["kind"] != "number":
                continue
            value = glue.value(doc)
            texts = {lang: Wording(CATALOG, lang).plain(value) for lang in LANGS}
            values = {lang: parse_printed(text, decimal_mark(lang)) for lang, text in texts.items()}
            assert len(set(values.values())) == 1, (nb.name, key, texts)
            assert abs(values[FIRST] - value.value) <= 0.5 * 10 ** -_decimals(texts[FIRST], FIRST), (nb.name, key)
            checked += 1
    assert checked > 150


def _decimals(text: str, lang: str) -> int:
    mark = decimal_mark(lang)
    return len(text.split(mark)[1]) if mark in text else 0


def test_a_glued_number_that_differs_between_editions_is_caught():
    assert parse_printed("1.234,5", decimal_mark("id")) == parse_printed("1,234.5", decimal_mark("en"))
    assert parse_printed("1.234,5", decimal_mark("id")) != parse_printed("1,234.6", decimal_mark("en"))


def test_the_data_archive_is_byte_reproducible_and_holds_the_whole_package(tmp_path):
    st = Stamp("1.0.0", "0" * 40, "2025-11-29", 1764374400, "0" * 12)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    a = archive.data_package(PROJECT, tmp_path / "one" / "data-1.0.0.zip", st)
    b = archive.data_package(PROJECT, tmp_path / "two" / "data-1.0.0.zip", st)
    assert a.read_bytes() == b.read_bytes()
    names = zipfile.ZipFile(io.BytesIO(a.read_bytes())).namelist()
    top = "data-1.0.0/"
    assert all(n.startswith(top) for n in names)
    inner = {n[len(top):] for n in names}
    assert {"datapackage.yaml", "README.md"} <= inner
    desc = yaml.safe_load((PROJECT.data / "datapackage.yaml").read_text(encoding="utf-8"))
    assert {r["path"] for r in desc["resources"]} <= inner
    assert any(n.startswith("diagrams/") for n in inner)


def test_citation_entries_carry_the_version_and_the_originals_record():
    record = cff.read(PROJECT.root)
    st = Stamp("1.2.3", "abc" * 13 + "d", "2026-01-02", 0, "0" * 12)
    for lang in LANGS:
        ed = cff.edition(PROJECT, CATALOG, lang, st)
        assert "version   = {1.2.3}" in ed["bibtex"] and st.commit in ed["bibtex"] and ed["apa"]["year"] == "2026"
        src = cff.original(PROJECT, CATALOG, lang)
        assert src["bibtex"].startswith("@phdthesis{") and "year      = {2021}" in src["bibtex"]
    assert record["preferred-citation"]["title"] in (PROJECT.book / "edition.bib").read_text(encoding="utf-8")


def test_a_citation_file_with_markup_is_refused(tmp_path):
    (tmp_path / "CITATION.cff").write_text('cff-version: 1.2.0\nmessage: m\ntitle: "a {b} \\\\input"\n'
                                           'authors: [{name: x}]\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"CITATION.cff, key '.title': holds '\{' \[rule: citation texts are plain text\]"):
        cff.read(tmp_path)


# --- the built book ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def BUILD(project):  # noqa: N802 - the built HTML
    html = project.build / "html"
    if not (html / FIRST / "index.html").exists():
        pytest.fail("no built HTML: run `make book` first")
    return html


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_every_table_and_figure_offers_its_data_from_its_caption(BUILD, lang):  # noqa: N803
    edition = BUILD / lang
    captions, missing = 0, []
    for doc in editions.pages(PROJECT, lang):
        page = edition / f"{doc}.html"
        html = page.read_text(encoding="utf-8")
        for block in re.findall(r'<(?:table|figure)[^>]*>.*?</(?:table|figure)>', html, flags=re.S):
            caption = re.search(r"<(?:caption|figcaption)>(.*?)</(?:caption|figcaption)>", block, flags=re.S)
            if not caption or 'class="provenance"' not in caption.group(1):
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
def test_every_notebook_page_offers_its_notebook(BUILD, lang):  # noqa: N803
    edition = BUILD / lang
    for nb in sorted(PROJECT.notebooks.glob("*.ipynb")):
        page = edition / "notebooks" / f"{nb.stem}.html"
        assert f'href="{nb.name}" download' in page.read_text(encoding="utf-8"), page
        assert (page.parent / nb.name).read_bytes() == nb.read_bytes()


def _stamp(BUILD):  # noqa: N803
    import json

    return json.loads((BUILD.parent / "context" / FIRST / "stamp.json").read_text(encoding="utf-8"))


@pytest.mark.book
def test_each_version_offers_its_data_archive_and_its_citation(BUILD):  # noqa: N803
    st = _stamp(BUILD)
    assert (BUILD / PROJECT.data_archive(st["version"])).is_file()
    record = yaml.safe_load((BUILD / "CITATION.cff").read_text(encoding="utf-8"))
    assert record["version"] == st["version"] and record["commit"] == st["commit"] and record["date-released"] == st["date"]


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_the_landing_and_citation_pages_show_the_version_being_read(BUILD, lang):  # noqa: N803
    st = _stamp(BUILD)
    edition = BUILD / lang
    landing = (edition / f"{editions.pages(PROJECT, lang)[0]}.html").read_text(encoding="utf-8")
    assert "reprobook-this-version" in landing and st["version"] in landing and st["commit"] in landing
    cite = next(edition / f"{d}.html" for d in editions.pages(PROJECT, lang) if d.endswith("front/cite"))
    text = cite.read_text(encoding="utf-8")
    assert f"version   = {{{st['version']}}}" in text and "@phdthesis{rudi2021" in text
