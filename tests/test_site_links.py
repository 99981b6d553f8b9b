"""The published site as a whole (`make book` first, which publishes it into
_build/site): every link of every version, both editions and the root's pages
resolves (reprobook.pipeline.links); the sitemap lists the newest release's pages
in every language, and nothing before the first release; canonical links lead,
relatively, to the same page below latest/."""
import os
import xml.etree.ElementTree as ET

import pytest

from reprobook.pipeline import links, publish

pytestmark = pytest.mark.book
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def site(project):
    root = project.build / "site"
    if not (root / "versions.json").exists():
        pytest.fail("no published site: run `make book` first")
    return root


def test_every_internal_link_and_anchor_resolves(site, project):
    """Pages, stylesheets, scripts, images, canonical and alternate links, anchors,
    the PDFs and data archives they link, the sitemap's addresses."""
    report = links.check(site, project.base_url)
    assert report.broken == []
    entries = publish.read_versions(site)
    pages = sum(len([p for p in e["pages"][lang] if not p.startswith("_static/")])
                for e in entries for lang in e["languages"])
    latest = publish.newest_release(entries)
    again = sum(len([p for p in latest["pages"][lang] if not p.startswith("_static/")])
                for lang in latest["languages"]) if latest else 0
    root_pages = len([p for p in os.listdir(site) if p.endswith(".html")])
    assert report.pages == pages + again + root_pages  # below latest/ the newest release is read again
    assert report.checked > 50 * report.pages  # the theme alone links a dozen files from every page
    print(f"\n{report.checked} links checked over {report.pages} pages, {report.outside} outside the site")


def test_the_sitemap_lists_the_newest_release_in_every_language_or_nothing(site, project):
    tree = ET.fromstring((site / "sitemap.xml").read_bytes())
    listed = sorted(u.find("s:loc", NS).text for u in tree.findall("s:url", NS))
    newest = publish.newest_release(publish.read_versions(site))
    expected = sorted(f"{project.base_url}latest/{lang}/{page}" for lang in newest["languages"]
                      for page in newest["pages"][lang] if not page.startswith("_static/")) if newest else []
    assert listed == expected
    for url in tree.findall("s:url", NS):
        langs = [a.get("hreflang") for a in url.findall("x:link", NS)]
        assert langs == [*project.languages, "x-default"]
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *\nAllow: /\n")
    assert ("Sitemap: " in robots) == project.base_url.startswith(("http://", "https://"))


def test_canonical_links_lead_relatively_to_the_same_page_in_the_newest_release(site, project):
    newest = publish.newest_release(publish.read_versions(site))
    read = 0
    for entry in publish.read_versions(site):
        for lang in entry["languages"]:
            for page in entry["pages"][lang]:
                if page.startswith("_static/"):
                    continue
                refs, _ = links.read((site / entry["folder"] / lang / page).read_text(encoding="utf-8"))
                read += 1
                canonical = [r.url for r in refs if r.tag == "link" and "canonical" in r.rel]
                if newest is None:
                    assert canonical == [], f"{entry['folder']}/{lang}/{page}: a canonical link before any release"
                    continue
                # every page of a release; of a development build, each page the newest release has
                # (whether or not the site held that release when the page was built)
                lasting = publish.versions.is_release(entry["version"]) or page in newest["pages"].get(lang, [])
                assert canonical == (["../" * page.count("/") + f"../../latest/{lang}/{page}"] if lasting else []), \
                    f"{entry['folder']}/{lang}/{page}"
    assert read >= 2 * 30  # every page of every version, both editions
