"""Citations as a reader sees them, in the built HTML of each edition: in the
edition's language ("Halvorsen dkk. (2005)" in Indonesian, never "Halvorsen dan
others"), by the author's surname ("Lai (2011)", not the list's "Lai. (2011)"),
and with a year that is a year ("Marshall dan Rossman (1989)" is the text's; a
list's "(201)" or "(2005S)" stays in the list, with its note).

The reference list itself keeps the source's printed forms, so it is left out,
and so are the attributes of a citation (its tooltip repeats the list entry).
"""
import html as markup
import re
from pathlib import Path

import pytest

from reprobook import editions, strings
from reprobook import project as projects

PROJECT = projects.here()
LANGS = PROJECT.languages
SPAN = re.compile(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', re.S)
# Words of the other language, or of neither, that must not appear in a citation of an edition
FOREIGN = {"id": re.compile(r"\b(others|and|et\.? ?al\.?|eds\.)(?=\W|$)", re.I),
           "en": re.compile(r"\b(others|dan|dkk\.?)(?=\W|$)", re.I)}
ET_AL = {"dkk", "al"}  # "dkk." and "et al." end in a period before a year by right
SURNAME_PERIOD = re.compile(r"\b([A-Z][A-Za-z'’-]*)\.,?\s*(?:(?:dkk|et al)\.,?\s*)?\(?\s*[0-9]{3,4}")
NUMBER = re.compile(r"[0-9][0-9A-Za-z]*")
YEAR = re.compile(r"[0-9]{4}[a-z]?")


def _text(fragment: str) -> str:
    return markup.unescape(re.sub(r"<[^>]+>", "", fragment))


def words(lang: str) -> dict:
    from reprobook.sphinxext.bibstyle import _words

    return _words(strings.of(PROJECT), lang)


@pytest.fixture(scope="module")
def html(project) -> Path:
    """The built HTML the tests read: the project's, or a release's own (--book-build)."""
    return project.build / "html"


def pages(html: Path, lang: str):
    """Each built page of an edition but the reference list, with its citations as read."""
    edition = html / lang
    if not (edition / "index.html").exists():
        pytest.fail("no built HTML: run `make book` first")
    for doc in editions.pages(PROJECT, lang):
        if doc.endswith("back/references"):
            continue
        page = edition / f"{doc}.html"
        body = page.read_text(encoding="utf-8")
        body = body[body.find('<main'):body.find('</main>')] if '<main' in body else body
        yield doc, body


def citations(html: Path, lang: str):
    for doc, body in pages(html, lang):
        for span in SPAN.findall(body):
            yield doc, _text(span)


def words_of_the_other_language(html: Path, lang: str) -> list[str]:
    return [f"{doc}: {c}" for doc, c in citations(html, lang) if FOREIGN[lang].search(c)]


def surnames_ending_in_a_period(html: Path, lang: str) -> list[str]:
    """A name, then a period, then a year: "Lai. (2011)", "Guire. Mc., 2006", in a citation
    or in the words just before one ("Lai. {cite:yearpar}")."""
    found = []
    for doc, body in pages(html, lang):
        marked = _text(SPAN.sub(lambda m: "\x00" + m.group(1) + "\x01", body))
        for m in re.finditer(r"([^\x00\x01]{0,40})\x00([^\x01]*)\x01", marked):
            window = " ".join((m.group(1) + m.group(2)).split())
            found += [f"{doc}: {window}" for s in SURNAME_PERIOD.finditer(window) if s.group(1).lower() not in ET_AL]
    return found


def years_that_are_not_years(html: Path, lang: str) -> list[str]:
    return [f"{doc}: {c}" for doc, c in citations(html, lang)
            if any(not YEAR.fullmatch(n) for n in NUMBER.findall(c))]


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_citations_are_in_the_editions_language(html, lang):
    assert words_of_the_other_language(html, lang) == []


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_citations_name_authors_by_their_surnames(html, lang):
    assert surnames_ending_in_a_period(html, lang) == []


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_citations_outside_the_list_have_four_digit_years(html, lang):
    assert years_that_are_not_years(html, lang) == []


@pytest.mark.book
@pytest.mark.parametrize("lang", LANGS)
def test_the_checks_see_the_citations(html, lang):
    """Not vacuous: each edition shows many citations, and incomplete author lists among them."""
    shown = [c for _, c in citations(html, lang)]
    assert len(shown) > 100
    et_al = {"id": "Halvorsen dkk.", "en": "Halvorsen et al."}[lang]
    assert any(c.startswith(et_al) for c in shown)


def test_the_checks_catch_the_forms_they_forbid():
    assert FOREIGN["id"].search("Halvorsen dan others (2005)")
    assert FOREIGN["id"].search("Ansell and Gash (2007)") and FOREIGN["id"].search("Weber et al. (2005)")
    assert not FOREIGN["id"].search("Halvorsen dkk. (2005)")
    assert FOREIGN["en"].search("Halvorsen dkk. (2005)") and not FOREIGN["en"].search("Weber et al. (2005)")
    assert [m.group(1) for m in SURNAME_PERIOD.finditer("Lai. (2011), Guire. Mc., 2006, Guire. Mc. dkk. (2011)")] == \
        ["Lai", "Mc", "Mc"]
    assert not SURNAME_PERIOD.search("Lai (2011), McGuire dkk. (2011), Weber et al. (2005)")
    assert [n for n in NUMBER.findall("(Weber dkk., 2005S; Frederickson dkk., 201; Rudi, 2011a)")
            if not YEAR.fullmatch(n)] == ["2005S", "201"]


def test_an_incomplete_author_list_reads_et_al_in_the_list_and_its_labels():
    """The engine's styles, without a build: BibTeX's "and others" is "dkk." / "et al."."""
    from pybtex.database import parse_string

    from reprobook.sphinxext import bibstyle as styles

    bib = parse_string("@misc{h, author = {Halvorsen, Thomas and others}, title = {T}, year = {2005}}\n"
                       "@misc{w, author = {Weber and Lovrich and Gaffney}, title = {U}, year = {2005}}\n", "bibtex")
    for lang, et_al in (("id", "dkk."), ("en", "et al.")):
        style = styles.formatting_style(words(lang), lang, LANGS)(label_style="alpha", sorting_style="none")
        text = style.format_entry("h", bib.entries["h"]).text.render_as("text")
        assert text.startswith(f"Halvorsen, Thomas {et_al} (2005).") and "others" not in text
        labels = list(styles.label_style(words(lang))().format_labels(bib.entries.values()))
        assert labels == [f"Halvorsen {et_al} 2005", f"Weber {et_al} 2005"]


def test_the_list_follows_the_order_the_source_prints():
    from pybtex.database import parse_string

    from reprobook.sphinxext import bibstyle as styles

    bib = parse_string("@misc{b, author = {Lai}, title = {T}, year = {2011}, seedline = {2415}}\n"
                       "@misc{a, author = {Linden}, title = {U}, year = {2002}, seedline = {2414}}\n", "bibtex")
    assert [e.key for e in styles.sorting_style()().sort(bib.entries.values())] == ["a", "b"]
