"""The link check over a published tree (reprobook.pipeline.links): it follows
every kind of reference a page makes, and names each one that leads nowhere."""
from __future__ import annotations

import os

import pytest
import site_tree
from tinybook import TinyBook

from reprobook.pipeline import links

PAGE = """<!DOCTYPE html><html lang="en"><head>
<link rel="canonical" href="{canonical}">
<link rel="stylesheet" href="../_static/book.css?v=1">
<script src="../_static/book.js"></script>
</head><body><h1 id="top">Results</h1>
<a href="../index.html#top">start</a> <a href="#top">up</a> <a href="#nowhere">lost</a>
<a href="/index.html">root</a> <a href="../missing.html">gone</a> <img src="../_images/chart.svg" alt="chart">
<a href="https://example.org/">out</a> <a href="mailto:a@example.org">mail</a>
</body></html>
"""


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "site"
    (root / "v1.0.0" / "en" / "chapters").mkdir(parents=True)
    (root / "v1.0.0" / "en" / "_static").mkdir()
    (root / "v1.0.0" / "en" / "_images").mkdir()
    os.symlink("v1.0.0", root / "latest")
    (root / "index.html").write_text('<html><body><a href="latest/en/index.html">book</a></body></html>')
    edition = root / "v1.0.0" / "en"
    (edition / "index.html").write_text('<html><body><p id="top">x</p><a href="chapters/results.html">r</a></body></html>')
    (edition / "_static" / "book.css").write_text("body{}")
    (edition / "_static" / "book.js").write_text("")
    (edition / "_static" / "macros.html").write_text('<a href="{{ nowhere }}">a theme fragment</a>')
    (edition / "_images" / "chart.svg").write_text("<svg/>")
    return root


def _results(root, canonical):
    (root / "v1.0.0" / "en" / "chapters" / "results.html").write_text(PAGE.format(canonical=canonical))


def test_a_tree_whose_links_all_resolve_passes_and_every_kind_is_counted(tree):
    _results(tree, "../../../latest/en/chapters/results.html")
    (tree / "v1.0.0" / "en" / "missing.html").write_text("<html></html>")
    page = tree / "v1.0.0" / "en" / "chapters" / "results.html"
    page.write_text(page.read_text().replace("#nowhere", "#top"))
    report = links.check(tree)
    assert report.broken == []
    # the root; the start, results and missing.html, each in v1.0.0/ and again below latest/
    assert report.pages == 1 + 2 * 3
    # results: canonical, stylesheet, script, five links, the image; the start: one link; the root: one
    assert report.checked == 2 * 9 + 2 * 1 + 1
    assert report.outside == 2  # the external page, from v1.0.0/ and from latest/; mailto: is not followed


def test_a_broken_link_a_missing_anchor_and_a_broken_canonical_are_named(tree):
    _results(tree, "../../../latest/en/chapters/result.html")
    broken = [b for b in links.check(tree).broken if b.startswith("v1.0.0/")]
    assert broken == [
        'v1.0.0/en/chapters/results.html: <link rel="canonical"> ../../../latest/en/chapters/result.html: '
        "no such file latest/en/chapters/result.html",
        "v1.0.0/en/chapters/results.html: <a> #nowhere: no anchor #nowhere in v1.0.0/en/chapters/results.html",
        "v1.0.0/en/chapters/results.html: <a> ../missing.html: no such file v1.0.0/en/missing.html",
    ]


def test_root_relative_and_absolute_links_resolve_against_the_sites_base_address(tree):
    (tree / "index.html").write_text(
        '<html><head><link rel="canonical" href="https://example.org/book/latest/en/index.html#top"></head>'
        '<body><a href="/book/v1.0.0/en/chapters/">chapters</a></body></html>')
    (tree / "v1.0.0" / "en" / "chapters" / "index.html").write_text("<html></html>")
    _results(tree, "")
    (tree / "v1.0.0" / "en" / "chapters" / "results.html").write_text("<html></html>")
    report = links.check(tree, "https://example.org/book/")
    assert report.broken == [] and report.checked == 2 + 2  # the root's two; the start's one, in v1.0.0/ and latest/
    assert links.check(tree, "/book/").broken == []  # the absolute address is then another site's
    assert links.check(tree, "/book/").outside == 1
    # served from /book/, a link to /index.html leaves the site
    (tree / "index.html").write_text('<html><body><a href="/index.html">x</a></body></html>')
    assert links.check(tree, "/book/").broken == ["index.html: <a> /index.html: leads above the site's root"]


def test_the_sitemaps_addresses_are_checked_too(tmp_path):
    project = TinyBook(tmp_path / "tiny", None).project
    site = site_tree.publish_version(project, tmp_path, "1.0.0")
    report = links.check(site)
    assert report.broken == []
    sitemap = (site / "sitemap.xml").read_text()
    (site / "sitemap.xml").write_text(sitemap.replace("/latest/id/search.html", "/latest/id/lost.html"))
    broken = links.check(site).broken
    assert broken and all(b.startswith("sitemap.xml: /latest/id/lost.html: no such file latest/id/lost.html")
                          for b in broken)
    assert len(broken) == sitemap.count("/latest/id/search.html")
