"""What the book says of the original is checked against data: the original's
own table of contents (pages of every section), its reference list and its
in-text citations, reconciled by code."""
import pytest

from reprobook import original, strings
from reprobook import project as projects
from reprobook.data import contents
from reprobook.reconcile import in_text as citations

PROJECT = projects.here()


@pytest.mark.parametrize("section,first,last", [
    ("1.1", "1", "20"),        # 1.2 starts on p. 20: they share it
    ("1.4", "25", "26"),       # BAB II starts a new page, 27
    ("1", "1", "26"),
    ("5.1.1", "144", "158"),
    ("5.1", "144", "199"),     # 5.2 starts on p. 199
    ("6.2.3", "246", "247"),   # the reference list starts a new page, 248
    ("abstrak", "ix", "ix"),
    ("daftar-pustaka", "248", None),  # its end is not printed
    ("lampiran", None, None),
])
def test_section_pages_worked_by_hand(section, first, last):
    s = contents.section(PROJECT, section)
    assert (s.first, s.last) == (first, last)


def test_a_line_of_the_source_belongs_to_its_deepest_section():
    assert contents.of_line(PROJECT, 1605).id == "5.1.1"   # annual passports issued, in 5.1.1
    assert contents.of_line(PROJECT, 2385).id == "daftar-pustaka"
    assert contents.of_line(PROJECT, 166).id == "abstrak"


@pytest.mark.parametrize("ref,lang,shown", [
    ("5.1.1", "id", "(§5.1.1, hlm. 144–158)"),
    ("5.1.1:150", "id", "(§5.1.1, hlm. 150)"),
    ("5.1.1:150-152", "en", "(§5.1.1, pp. 150–152)"),
    ("4.1;4.2", "id", "(§4.1, hlm. 122–123; §4.2, hlm. 123–124)"),
    ("2", "id", "(bab II, hlm. 27–107)"),
    ("abstrak", "id", "(Abstrak, hlm. ix)"),
    ("daftar-pustaka", "en", "(Daftar pustaka, pp. 248 ff.)"),
])
def test_a_source_reference_reads_with_its_pages(ref, lang, shown):
    assert original.reference(PROJECT, strings.of(PROJECT), ref, lang) == shown


@pytest.fixture(scope="module")
def reconciled():
    return citations.reconcile(PROJECT)


def test_every_citation_of_the_source_is_reconciled(reconciled):
    assert len(reconciled) == 219
    assert set(reconciled["status"]) <= set(citations.STATUSES)
    assert reconciled["section"].notna().all()  # every citation stands in a section of the source


@pytest.mark.parametrize("line,printed,key,status", [
    (614, "Agranoff & Mc Guire", "agranoff2003", citations.EXACT),         # "Mc Guire" is McGuire
    (924, "Agronoff and McGuire", "agranoff2003", citations.NAME_DIFFERS),  # the list spells Agranoff
    (1115, "Sugiyono", "sugiono2007", citations.NAME_DIFFERS),
    (2073, "Dwiyanto", "dwiyanto2010", citations.YEAR_DIFFERS),            # cited 2015, listed 2010
    (704, "Ring dan Van de Ven", None, citations.NOT_LISTED),
    (800, "Chris Huxham and Paul Hibbert", None, citations.NOT_LISTED),    # Huxham is listed only with Vangen
])
def test_known_citation_findings(reconciled, line, printed, key, status):
    row = reconciled[(reconciled["seed_line"] == line) & (reconciled["cited_as"] == printed)].iloc[0]
    assert (row["key"] if isinstance(row["key"], str) else None, row["status"]) == (key, status)


def test_works_cited_with_different_years_and_works_never_cited(reconciled):
    years = citations.cited_with_different_years(reconciled).set_index("key")
    assert sorted(years.loc["ansell2007", "years"]) == ["2007", "2008"]
    assert "alwi2018" in citations.listed_never_cited(PROJECT, reconciled)


def test_name_matching_sets_spelling_aside_but_not_identity():
    assert citations.tokens("Chris Huxham dan Siv Vangen") == ["chris", "huxham"]
    assert citations.fold("O’Leary") == "oleary" and citations.distance("agronoff", "agranoff") == 1
