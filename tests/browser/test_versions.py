"""The versioned site in a browser: the theme's switcher keeps the reader on the
same page, falls back to the version's start page where that page does not
exist, the root sends readers to the newest release, and from disk the plain
links still lead to every version. Built from this build's HTML and PDF,
published as two releases, the older one missing a page."""
import contextlib
import shutil
import urllib.request

import pytest
from site_pages import serve

from reprobook.project import current
from reprobook.site import build, publish
from reprobook.site.stamp import stamp

pytestmark = pytest.mark.browser
AXE = current().root / "node_modules" / "axe-core" / "axe.min.js"
MISSING = "book/chapters/method.html"  # not in the older release


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    html = current().build / "html"
    pdfs = list((current().build / "pdf").glob("*.pdf"))
    if not (html / "index.html").exists() or not pdfs:
        pytest.fail("no built book: run `make book` first")
    tmp = tmp_path_factory.mktemp("versions")
    site = tmp / "site"
    for version in ("1.0.0", "1.1.0"):
        tree = tmp / f"html-{version}"
        shutil.copytree(html, tree)
        if version == "1.0.0":
            (tree / MISSING).unlink()
        pdf = tmp / build.pdf_name(version)
        shutil.copy2(pdfs[0], pdf)
        publish.publish(tree, pdf, dict(stamp(), version=version), site_link=site, base_url="/")
    with serve(site) as base:
        yield site, base


@contextlib.contextmanager
def _page(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(url, wait_until="networkidle")
        yield page
    finally:
        page.close()


def _switch_to(page, name):
    page.wait_for_selector(".version-switcher__menu .dropdown-item", state="attached")
    page.click(".version-switcher__button")
    with page.expect_navigation(wait_until="networkidle"):
        page.click(f".version-switcher__menu .dropdown-item:has-text('{name}')")


def test_switcher_lists_the_releases_and_keeps_the_page(browser, versioned):
    site, base = versioned
    with _page(browser, f"{base}/v1.1.0/book/chapters/results.html") as page:
        page.wait_for_selector(".version-switcher__menu .dropdown-item", state="attached")
        names = page.eval_on_selector_all(".version-switcher__menu .dropdown-item", "els => els.map(e => e.textContent)")
        assert names == ["1.1.0 (terbaru)", "1.0.0"]
        assert page.inner_text(".version-switcher__button").strip() == "1.1.0 (terbaru)"
        _switch_to(page, "1.0.0")
        assert page.url == f"{base}/v1.0.0/book/chapters/results.html"


def test_switching_to_a_version_without_the_page_goes_to_its_start(browser, versioned):
    site, base = versioned
    with _page(browser, f"{base}/v1.1.0/{MISSING}") as page:
        _switch_to(page, "1.0.0")
        assert page.url.startswith(f"{base}/v1.0.0/") and "method" not in page.url


def test_root_sends_readers_to_the_newest_release_and_each_version_has_its_pdf(browser, versioned):
    site, base = versioned
    with _page(browser, f"{base}/") as page:
        assert page.url.startswith(f"{base}/latest/")
        assert (site / "latest").resolve().name == "v1.1.0"
    for version in ("1.0.0", "1.1.0"):
        url = f"{base}/v{version}/{build.pdf_name(version)}"
        with urllib.request.urlopen(url) as response:
            assert response.status == 200 and response.read(5) == b"%PDF-"


def test_from_disk_the_plain_links_reach_every_version(browser, versioned):
    site, _ = versioned
    with _page(browser, (site / "v1.1.0" / MISSING).as_uri()) as page:
        with page.expect_navigation():
            page.click("a.versions-link")
        assert page.url.startswith((site / "versions.html").as_uri())
        links = dict(page.eval_on_selector_all("a.version", "els => els.map(e => [e.textContent, e.href])"))
        assert links["1.1.0"] == (site / "v1.1.0" / MISSING).as_uri()  # the same page
        assert links["1.0.0"] == (site / "v1.0.0" / "index.html").as_uri()  # it has no such page


def test_a_page_with_the_switcher_filled_is_accessible(browser, versioned):
    _, base = versioned
    with _page(browser, f"{base}/v1.0.0/book/chapters/results.html") as page:
        page.wait_for_selector(".version-switcher__menu .dropdown-item", state="attached")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
