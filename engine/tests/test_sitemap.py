"""sitemap.xml and robots.txt at the site's root (reprobook.pipeline.sitemap), as
publishing writes them: the newest release's pages in every language at their
lasting address, each with its counterparts and x-default; nothing before a
release; robots.txt naming the sitemap only at an absolute address."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import site_tree
import yaml
from tinybook import TinyBook

from reprobook import digest
from reprobook.pipeline import records, sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def book(tmp_path) -> TinyBook:
    return TinyBook(tmp_path / "tiny", None)


def entries(site) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href}, from the sitemap as a parser reads it."""
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    return {u.find("s:loc", NS).text: {a.get("hreflang"): a.get("href") for a in u.findall("x:link", NS)}
            for u in root.findall("s:url", NS)}


def test_before_a_release_the_sitemap_lists_nothing_and_robots_allows_all(book, tmp_path):
    site = site_tree.publish_version(book.project, tmp_path, "0.0.0.dev3+gabc")
    assert entries(site) == {}
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def test_the_sitemap_lists_every_page_of_the_newest_release_in_every_language(book, tmp_path):
    project = book.project
    site_tree.publish_version(project, tmp_path, "1.0.0")
    site_tree.publish_version(project, tmp_path, "0.0.0.dev3+gabc")
    site = site_tree.publish_version(project, tmp_path, "1.1.0", pages=(*site_tree.PAGES, "chapters/new.html"))
    listed = entries(site)
    pages = ("index.html", "chapters/results.html", "search.html", "chapters/new.html")
    assert sorted(listed) == sorted(f"/latest/{lang}/{p}" for lang in ("en", "id") for p in pages)  # no _static
    for page in pages:
        both = {"en": f"/latest/en/{page}", "id": f"/latest/id/{page}", "x-default": f"/latest/en/{page}"}
        assert listed[f"/latest/en/{page}"] == both  # x-default: the first language's page (en in this book)
        assert listed[f"/latest/id/{page}"] == both
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"  # "/" is no address a crawler can use


def test_at_an_absolute_address_the_sitemap_is_absolute_and_robots_names_it(book, tmp_path):
    settings = yaml.safe_load((book.root / "reprobook.yaml").read_text())
    (book.root / "reprobook.yaml").write_text(yaml.safe_dump(settings | {"site": {"base_url": "https://example.org/b/"}}))
    site = site_tree.publish_version(book.project, tmp_path, "1.0.0")
    listed = entries(site)
    assert len(listed) == 6 and all(loc.startswith("https://example.org/b/latest/") for loc in listed)
    assert listed["https://example.org/b/latest/id/chapters/results.html"]["x-default"] == \
        "https://example.org/b/latest/en/chapters/results.html"
    assert (site / "robots.txt").read_text() == \
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/b/sitemap.xml\n"


def test_an_address_is_escaped_in_the_xml(book, tmp_path):
    site = site_tree.publish_version(book.project, tmp_path, "1.0.0")
    newest = {"folder": "v1.0.0", "pages": {"en": ["index.html"], "id": ["index.html"]}}
    text = sitemap.sitemap_xml(site, newest, ("en", "id"), "https://example.org/a&b/")
    assert "https://example.org/a&amp;b/latest/en/index.html" in text
    assert len(ET.fromstring(text.encode()).findall("s:url", NS)) == 2


def test_canonical_links_every_release_page_and_development_pages_the_newest_release_has(book, tmp_path):
    from reprobook.pipeline import build

    project = book.project
    dev, release = (site_tree.build(project, tmp_path, v)[1] for v in ("0.0.0.dev3+gabc", "1.1.0"))
    assert build.canonical_pages(project, dev, "en") is False  # no release yet: no latest/ to point to
    assert build.canonical_pages(project, release, "en") is True
    site = site_tree.publish_version(project, tmp_path, "1.0.0", pages=("index.html", "search.html"))
    # in the site but not recorded: the newest release is the repository's, whatever the site holds when
    # the pages are made (a clone's first build rebuilds the recorded releases after its own pages)
    assert build.canonical_pages(project, dev, "id") is False
    listing = digest.manifest(site / "v1.0.0")
    records.write(project.root, records.Record("1.0.0", "c0ffee" * 6 + "abcd", "2026-11-27", 0, "0123456789ab",
                                               digest.of_bytes(listing.encode())), listing)
    assert build.canonical_pages(project, dev, "id") == ["_static/webpack-macros.html", "index.html", "search.html"]
    assert build.page_values(project, dev, "id", None)["canonical"] == build.canonical_pages(project, dev, "id")
