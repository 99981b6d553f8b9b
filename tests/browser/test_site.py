"""The built site in a real browser, every page of both editions: loads, links,
images, its declared language, phone width, accessibility (axe-core), with
screenshots kept under _build/screenshots."""
import re

import pytest
import site_pages
from site_pages import LANGS, PROJECT, pages, violations

pytestmark = [pytest.mark.browser, pytest.mark.spread]  # one visit per test, none shared
SHOTS = PROJECT.build / "screenshots"
PAGES = pages()


def _screenshot(page, kind: str, page_path: str) -> None:
    """The whole page, kept for a person to look at. JPEG: a long chapter's PNG
    takes twice as long to encode, and nothing compares these pixels."""
    out = SHOTS / kind / (page_path.replace("/", "__") + ".jpg")
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=True, type="jpeg", quality=80)


# axe-core's rules on a page's language: present, valid, and the same in lang and xml:lang.
LANGUAGE_RULES = ["html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "valid-lang"]


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_locally_and_accessibly(tab, site, axe_url, page_path):
    """One visit per page: no console error, no failed or outside request, every
    image loaded, the page declaring its edition's language, no serious or
    critical axe-core violation and none at all of the language rules; a
    screenshot is kept."""
    with tab.visit(f"{site}/{page_path}", 1280, 900) as (page, problems, requests):
        outside = [u for u in requests if not u.startswith(site) and not u.startswith("data:")]
        assert outside == [] and problems == []
        assert page.evaluate("document.documentElement.lang") == page_path.split("/")[0]
        broken = page.evaluate("""() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)""")
        assert broken == []
        _screenshot(page, "desktop", page_path)
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['html'][:120]}"
                   for v in violations(page, axe_url) if v["impact"] in ("serious", "critical") or v["id"] in LANGUAGE_RULES]
        assert serious == []


@pytest.mark.parametrize("page_path", PAGES)
def test_page_fits_a_phone(tab, site, page_path):
    with tab.visit(f"{site}/{page_path}", 375, 800) as (page, problems, _):
        assert problems == []
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page_path} scrolls sideways by {overflow}px at 375px"
        # charts shrink to the screen; tables and redrawn diagrams keep a legible size
        # inside their own scroll box, which itself fits the screen
        too_wide = page.evaluate("""() => [...document.querySelectorAll('article img')]
            .filter(i => i.getBoundingClientRect().width > window.innerWidth)
            .filter(i => {
                const box = i.closest('figure.diagram');
                return !box || getComputedStyle(box).overflowX !== 'auto'
                    || box.getBoundingClientRect().width > window.innerWidth;
            }).map(i => i.src)""")
        assert too_wide == []
        diagrams = page.evaluate("""() => [...document.querySelectorAll('figure.diagram img')]
            .map(i => i.getBoundingClientRect().width)""")
        assert all(w >= 500 for w in diagrams), diagrams  # labels stay near print size, not shrunk to 375px
        _screenshot(page, "phone", page_path)


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_has_descriptive_alt_text(lang):
    figures = 0
    for page in (site_pages.HTML / lang).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for fig in re.findall(r"<figure.*?</figure>", html, flags=re.S):
            figures += 1
            alt = re.search(r'<img [^>]*alt="([^"]*)"', fig).group(1)
            caption = re.sub(r"<[^>]+>", " ", re.search(r"<figcaption>(.*?)</figcaption>", fig, flags=re.S).group(1))
            assert len(alt.split()) >= 15, f"{page.name}: alt text too short: {alt!r}"
            assert alt.strip()[:40] not in caption, f"{page.name}: alt text repeats the caption"
    assert figures >= 5


@pytest.mark.parametrize("lang", LANGS)
def test_every_table_has_header_cells(lang):
    tables = 0
    for page in (site_pages.HTML / lang).rglob("*.html"):
        if "notebooks" in page.parts or page.name == "genindex.html":
            continue  # a notebook page shows its cells' outputs as they are; Sphinx's index lays out in a table
        for table in re.findall(r"<table.*?</table>", page.read_text(encoding="utf-8"), flags=re.S):
            tables += 1
            assert "<th" in table, page.name
    assert tables >= 15
