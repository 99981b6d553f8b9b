"""Search that understands each edition's language, in a real browser: an
inflected Indonesian word finds the pages of its root (the Snowball Indonesian
stemmer, reprobook.sphinxext.search), English words find theirs through the
English stemmer, and each edition's search returns that edition's pages only."""
import pytest
from site_pages import LANGS

pytestmark = pytest.mark.browser


def _results(tab, site, lang, query) -> list[str]:
    """The pages (paths within the edition) the edition's search page lists for `query`."""
    with tab.visit(f"{site}/{lang}/search.html?q={query}", 1280, 900) as (page, _, _):
        page.wait_for_function("() => !document.querySelector('#search-progress')"
                               " || /\\d/.test(document.querySelector('#search-progress').textContent)",
                               timeout=20000)
        hrefs = page.eval_on_selector_all("#search-results li > a", "els => els.map(e => e.href)")
    prefix = f"{site}/{lang}/"
    assert all(h.startswith(prefix) for h in hrefs), [h for h in hrefs if not h.startswith(prefix)]
    return sorted({h[len(prefix):].split("#")[0].split("?")[0] for h in hrefs})


@pytest.mark.parametrize("inflected,root", [
    ("berkolaborasi", "kolaborasi"),  # ber- prefix
    ("dikirim", "kirim"),  # di- passive prefix
    ("pelayanan", "layanan"),  # pe-/-an
])
def test_an_inflected_indonesian_word_finds_the_pages_of_its_root(tab, site, inflected, root):
    found, expected = _results(tab, site, "id", inflected), _results(tab, site, "id", root)
    print(f"id: {inflected!r} finds {len(found)} page(s); {root!r} finds {len(expected)}")
    assert expected and found == expected


def test_words_the_stemmer_does_not_relate_are_searched_apart(tab, site):
    """Snowball's Indonesian stemmer gives pegawai and kepegawaian different stems
    (gawa, gawai): each finds its own pages, and the test records that."""
    pegawai, kepegawaian = _results(tab, site, "id", "pegawai"), _results(tab, site, "id", "kepegawaian")
    print(f"id: 'pegawai' finds {len(pegawai)} page(s); 'kepegawaian' finds {len(kepegawaian)}")
    assert pegawai and kepegawaian and pegawai != kepegawaian


def test_english_search_stems_english(tab, site):
    found, expected = _results(tab, site, "en", "collaborating"), _results(tab, site, "en", "collaboration")
    assert expected and found == expected


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_finds_its_own_pages_only(tab, site, lang):
    # "Makassar" is a name both editions print on many pages
    pages = _results(tab, site, lang, "Makassar")
    assert len(pages) >= 5
