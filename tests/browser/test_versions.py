"""The versioned site in a browser, two languages × two releases: the edition
bar's version link leads to the same page in the other versions (or the
version's start where it has no such page), its language link to the same page
in the other edition, the root sends a reader to the newest release in the
language their browser prefers (Indonesian otherwise), every version has its
PDFs and data archive, and from disk the plain links still lead everywhere.
Built from this build's HTML and PDFs, published as two releases, the older
one missing a page."""
import contextlib
import json
import re
import shutil
import urllib.request

import pytest
import site_pages
from site_pages import LANGS, goto, serve, settled, violations

from reprobook import editions, strings
from reprobook.pipeline import publish
from reprobook.pipeline.stamp import Stamp

pytestmark = pytest.mark.browser
PROJECT = site_pages.PROJECT
RESULTS = {lang: editions.counterpart(PROJECT, "chapters/results", LANGS[0], lang) + ".html" for lang in LANGS}
MISSING = {lang: editions.counterpart(PROJECT, "chapters/method", LANGS[0], lang) + ".html" for lang in LANGS}


def stamp():
    """The stamp of the build the pages come from (its context folder)."""
    return json.loads((site_pages.HTML.parent / "context" / LANGS[0] / "stamp.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    html = site_pages.HTML
    built = stamp()
    pdfs = {lang: html / lang / PROJECT.pdf(built["version"], lang) for lang in LANGS}
    if not all(p.exists() for p in pdfs.values()):
        pytest.fail("no built book with its PDFs: run `make book` first")
    tmp = tmp_path_factory.mktemp("versions")
    site = tmp / "site"
    for version in ("1.0.0", "1.1.0"):
        tree = tmp / f"build-{version}"
        shutil.copytree(html, tree)
        for lang in LANGS:
            (tree / lang / pdfs[lang].name).rename(tree / lang / PROJECT.pdf(version, lang))
            if version == "1.0.0":
                (tree / lang / MISSING[lang]).unlink()
        (tree / PROJECT.data_archive(built["version"])).rename(tree / PROJECT.data_archive(version))
        st = Stamp(version, built["commit"], built["date"], built["epoch"], built["data"])
        publish.publish(PROJECT, strings.of(PROJECT), tree, st, site_link=site)
    with serve(site) as base:
        yield site, base


@contextlib.contextmanager
def _page(browser, url, locale="id-ID"):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = ctx.new_page()
    try:
        goto(page, url)
        yield page
    finally:
        ctx.close()


def _click(page, selector):
    with settled(page), page.expect_navigation(wait_until="load"):
        page.click(selector)


@pytest.mark.parametrize("lang", LANGS)
def test_the_version_link_leads_to_the_same_page_in_every_version(browser, versioned, lang):
    site, base = versioned
    with _page(browser, f"{base}/v1.1.0/{lang}/{RESULTS[lang]}") as page:
        assert page.inner_text("a.reprobook-version").strip().endswith(stamp()["version"])  # as built
        _click(page, "a.reprobook-version")
        assert page.url.startswith(f"{base}/versions-{lang}.html?page=")
        assert page.evaluate("document.documentElement.lang") == lang
        links = page.eval_on_selector_all("a.version", "els => els.map(e => [e.textContent, e.href])")
        names = [name for name, _ in links]
        assert [n.split(" ")[0] for n in names[:2]] == ["1.1.0", "1.0.0"] and "(" in names[0]  # the newest, marked
        hrefs = dict((name.split(" ")[0], href) for name, href in links)
        assert hrefs["1.0.0"] == f"{base}/v1.0.0/{lang}/{RESULTS[lang]}"
        _click(page, "a.version:has-text('1.0.0')")
        assert page.url == f"{base}/v1.0.0/{lang}/{RESULTS[lang]}"


def test_a_version_without_the_page_offers_its_start_instead(browser, versioned):
    site, base = versioned
    lang = LANGS[0]
    with _page(browser, f"{base}/v1.1.0/{lang}/{MISSING[lang]}") as page:
        _click(page, "a.reprobook-version")
        hrefs = dict(page.eval_on_selector_all("a.version", "els => els.map(e => [e.textContent.split(' ')[0], e.href])"))
        assert hrefs["1.1.0"] == f"{base}/v1.1.0/{lang}/{MISSING[lang]}"
        assert hrefs["1.0.0"] == f"{base}/v1.0.0/{lang}/index.html"


@pytest.mark.parametrize("lang,other", [(LANGS[0], LANGS[-1]), (LANGS[-1], LANGS[0])])
def test_the_language_link_leads_to_the_same_page_in_the_other_edition(browser, versioned, lang, other):
    site, base = versioned
    with _page(browser, f"{base}/v1.1.0/{lang}/{RESULTS[lang]}") as page:
        alternate = page.get_attribute(f'link[rel="alternate"][hreflang="{other}"]', "href")
        assert alternate and page.get_attribute(f'a.reprobook-language[hreflang="{other}"]', "lang") == other
        _click(page, f'a.reprobook-language[hreflang="{other}"]')
        assert page.url == f"{base}/v1.1.0/{other}/{RESULTS[other]}"
        assert page.evaluate("document.documentElement.lang") == other


@pytest.mark.parametrize("locale,lang", [("en-US", "en"), ("id-ID", "id"), ("fr-FR", LANGS[0])])
def test_the_root_sends_a_reader_to_the_newest_release_in_their_language(browser, versioned, locale, lang):
    site, base = versioned
    with _page(browser, f"{base}/", locale=locale) as page:
        assert page.url == f"{base}/latest/{lang}/index.html" or page.url.startswith(f"{base}/latest/{lang}/")
        assert (site / "latest").resolve().name == "v1.1.0"


def test_every_version_has_its_pdfs_and_data_archive_and_the_bar_links_its_own(browser, versioned):
    site, base = versioned
    for version in ("1.0.0", "1.1.0"):
        for lang in LANGS:
            with urllib.request.urlopen(f"{base}/v{version}/{lang}/{PROJECT.pdf(version, lang)}") as response:
                assert response.status == 200 and response.read(5) == b"%PDF-"
        with urllib.request.urlopen(f"{base}/v{version}/{PROJECT.data_archive(version)}") as response:
            assert response.read(2) == b"PK"
    with _page(browser, f"{base}/v1.0.0/{LANGS[0]}/{RESULTS[LANGS[0]]}") as page:
        href = page.eval_on_selector("a.reprobook-pdf", "a => a.href")
        assert href.endswith("/" + PROJECT.pdf(stamp()["version"], LANGS[0]))  # the build's own, as built


def test_from_disk_the_plain_links_reach_every_version_and_language(browser, versioned):
    site, _ = versioned
    lang, other = LANGS[0], LANGS[-1]
    with _page(browser, (site / "v1.1.0" / lang / MISSING[lang]).as_uri()) as page:
        with page.expect_navigation():
            page.click("a.versions-link")
        assert page.url.startswith((site / f"versions-{lang}.html").as_uri())
        links = dict(page.eval_on_selector_all("a.version", "els => els.map(e => [e.textContent.split(' ')[0], e.href])"))
        assert links["1.1.0"] == (site / "v1.1.0" / lang / MISSING[lang]).as_uri()  # the same page
        assert links["1.0.0"] == (site / "v1.0.0" / lang / "index.html").as_uri()  # it has no such page
    with _page(browser, (site / "v1.1.0" / lang / RESULTS[lang]).as_uri()) as page:
        with page.expect_navigation():
            page.click(f'a.reprobook-language[hreflang="{other}"]')
        assert page.url == (site / "v1.1.0" / other / RESULTS[other]).as_uri()


@pytest.mark.parametrize("path", ["index.html", "404.html"] + [f"versions-{lang}.html" for lang in LANGS])
def test_the_site_pages_outside_the_versions_are_accessible(browser, versioned, axe_url, path):
    site, base = versioned
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        if path == "index.html":  # it leaves at once for the newest release: check it without its script
            page.set_content(re.sub(r"<script>.*?</script>", "", (site / path).read_text(encoding="utf-8"), flags=re.S))
        else:
            goto(page, f"{base}/{path}")
        serious = [f"{v['id']}: {v['help']}" for v in violations(page, axe_url) if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        ctx.close()
