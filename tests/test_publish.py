"""The versioned site tree: versions from tags, immutable releases, atomic
publishing (proved by injecting a failure at every step), and the lists that
drive the version switcher and the plain links."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from reprobook import atomic, digest, faults
from reprobook.project import current
from reprobook.site import publish

PDF = "rudi-2021-delivery-passport-{version}.pdf"


def _build(tmp_path, version, marker="isi"):
    """A small finished build: two pages in the shape Sphinx writes them, and a PDF."""
    out = Path(tempfile.mkdtemp(dir=tmp_path))  # a fresh build each call, even of the same version
    html = out / "html"
    page = ('<html><head><script src="{up}_static/documentation_options.js?v=1"></script></head>'
            '<body><p>{marker}</p><p class="build-stamp">Versi {version}<!--versions--></p></body></html>')
    (html / "book" / "chapters").mkdir(parents=True)
    (html / "index.html").write_text(page.format(up="", marker=marker, version=version), encoding="utf-8")
    (html / "book" / "chapters" / "results.html").write_text(page.format(up="../../", marker=marker, version=version),
                                                              encoding="utf-8")
    pdf = out / "pdf" / PDF.format(version=version)
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.5\n" + marker.encode())
    st = {"version": version, "commit": "c0ffee" * 6 + "abcd", "date": "2026-11-27", "data": "0123456789ab"}
    return html, pdf, st


def _state(site):
    """Everything published: contents, links, the files' identities, and what else
    lies beside the site (nothing may be left there by a failure)."""
    beside = sorted(p.name for p in site.parent.iterdir() if p.name.startswith((".", "site"))) + sorted(
        p.name for p in (site.parent / ".generations").iterdir())
    return (digest.of_tree(site), sorted((p.relative_to(site).as_posix(), p.lstat().st_ino) for p in site.rglob("*")),
            beside)


def test_a_release_gets_its_folder_latest_and_the_root_redirect(tmp_path):
    site = tmp_path / "site"
    assert publish.publish(*_build(tmp_path, "0.0.0.dev3+gabc"), site_link=site) == "published"
    assert (site / "dev" / PDF.format(version="0.0.0.dev3+gabc")).exists()
    assert not (site / "latest").exists()
    assert 'url=dev/index.html' in (site / "index.html").read_text()

    assert publish.publish(*_build(tmp_path, "1.0.0"), site_link=site) == "published"
    assert os.readlink(site / "latest") == "v1.0.0"
    assert 'url=latest/index.html' in (site / "index.html").read_text()
    entries = json.loads((site / "versions.json").read_text())
    assert [e["version"] for e in entries] == ["1.0.0", "0.0.0.dev3+gabc"]
    assert entries[0]["url"] == "/v1.0.0/" and entries[0]["preferred"] is True
    assert entries[0]["pdf"] == "/v1.0.0/" + PDF.format(version="1.0.0")
    assert "preferred" not in entries[1]


def test_latest_follows_the_highest_release_not_the_last_published(tmp_path):
    site = tmp_path / "site"
    for v in ("1.1.0", "1.0.1", "1.10.0", "1.2.0"):
        publish.publish(*_build(tmp_path, v), site_link=site)
    assert os.readlink(site / "latest") == "v1.10.0"  # 1.10 > 1.2: compared as numbers
    assert [e["version"] for e in json.loads((site / "versions.json").read_text())] == ["1.10.0", "1.2.0", "1.1.0", "1.0.1"]


def test_pages_get_the_switcher_settings_and_a_plain_link_to_the_other_versions(tmp_path):
    site = tmp_path / "site"
    publish.publish(*_build(tmp_path, "1.0.0"), site_link=site)
    page = (site / "v1.0.0" / "book" / "chapters" / "results.html").read_text()
    assert "DOCUMENTATION_OPTIONS.theme_switcher_json_url = '../versions.json'" in page
    assert "DOCUMENTATION_OPTIONS.theme_switcher_version_match = '1.0.0'" in page
    # relative, so it works when the tree is opened from disk
    assert 'href="../../../versions.html?page=book/chapters/results.html"' in page
    assert 'href="../versions.html?page=index.html"' in (site / "v1.0.0" / "index.html").read_text()
    listing = (site / "versions.html").read_text()
    assert 'href="v1.0.0/index.html"' in listing and "book/chapters/results.html" in listing
    info = json.loads((site / "v1.0.0" / "build.json").read_text())
    assert info["version"] == "1.0.0" and info["pages"] == ["book/chapters/results.html", "index.html"]


def test_publishing_the_same_release_again_changes_nothing(tmp_path):
    site = tmp_path / "site"
    publish.publish(*_build(tmp_path, "1.0.0"), site_link=site)
    before = _state(site)
    assert publish.publish(*_build(tmp_path, "1.0.0", marker="isi"), site_link=site) == "unchanged"
    assert _state(site) == before


def test_a_release_with_different_content_is_refused(tmp_path):
    site = tmp_path / "site"
    publish.publish(*_build(tmp_path, "1.0.0"), site_link=site)
    before = _state(site)
    with pytest.raises(publish.PublishError, match=r"release 1\.0\.0 is already published .* immutable"):
        publish.publish(*_build(tmp_path, "1.0.0", marker="diubah"), site_link=site)
    assert _state(site) == before


def test_a_development_build_replaces_the_previous_one(tmp_path):
    site = tmp_path / "site"
    publish.publish(*_build(tmp_path, "0.0.0.dev1+ga"), site_link=site)
    assert publish.publish(*_build(tmp_path, "0.0.0.dev2+gb"), site_link=site) == "replaced"
    assert json.loads((site / "dev" / "build.json").read_text())["version"] == "0.0.0.dev2+gb"
    assert [e["version"] for e in json.loads((site / "versions.json").read_text())] == ["0.0.0.dev2+gb"]


@pytest.mark.parametrize("step", ["copy", "check", "index", "move", "stored"])
def test_a_failure_at_any_step_leaves_the_published_tree_exactly_as_it_was(tmp_path, monkeypatch, step):
    site = tmp_path / "site"
    publish.publish(*_build(tmp_path, "1.0.0"), site_link=site)
    publish.publish(*_build(tmp_path, "0.0.0.dev1+ga"), site_link=site)
    before = _state(site)
    monkeypatch.setenv("REPROBOOK_FAIL_AT", step)
    for version in ("1.1.0", "0.0.0.dev2+gb"):  # a new release, and a replacement of dev/
        with pytest.raises(faults.InjectedFailure, match=f"injected failure at step '{step}'"):
            publish.publish(*_build(tmp_path, version), site_link=site)
        assert _state(site) == before


def test_a_build_without_its_pdf_is_not_published(tmp_path):
    site = tmp_path / "site"
    html, pdf, st = _build(tmp_path, "1.0.0")
    pdf.write_bytes(b"not a pdf")
    with pytest.raises(publish.PublishError, match="expected one PDF named for version 1.0.0"):
        publish.publish(html, pdf, st, site_link=site)
    assert not site.exists()


def test_an_unfilled_placeholder_stops_publishing(tmp_path):
    site = tmp_path / "site"
    html, pdf, st = _build(tmp_path, "1.0.0")
    (html / "index.html").write_text('<script src="_static/documentation_options.js"></script>@@BUILD_STAMP@@')
    with pytest.raises(publish.PublishError, match="index.html: a placeholder was not filled in"):
        publish.publish(html, pdf, st, site_link=site)


def test_versions_come_from_tags(tmp_path):
    import subprocess

    from reprobook.site import version as versioning

    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                       env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                                GIT_COMMITTER_EMAIL="t@t"))

    git("init", "-q")
    (repo / "f").write_text("1")
    git("add", "f")
    git("commit", "-q", "-m", "one")
    assert re.fullmatch(r"0\.0\.0\.dev1\+g[0-9a-f]{10}", versioning.version(repo))
    git("tag", "-a", "v1.0.0", "-m", "r")
    assert versioning.version(repo) == "1.0.0"
    assert versioning.previous_release("1.0.0", repo) is None
    (repo / "f").write_text("2")
    assert versioning.version(repo).endswith(".dirty")
    git("commit", "-q", "-am", "two")
    dev = versioning.version(repo)
    assert re.fullmatch(r"1\.0\.0\.dev1\+g[0-9a-f]{10}", dev)
    assert versioning.previous_release(dev, repo) == "1.0.0"
    git("tag", "-a", "v1.1.0", "-m", "r")
    assert versioning.previous_release("1.1.0", repo) == "1.0.0"
    assert versioning.releases(repo) == ["1.0.0", "1.1.0"]


KILLED = """
import json, sys
from pathlib import Path
from reprobook.site import publish
html, pdf, site, st = sys.argv[1:5]
publish.publish(Path(html), Path(pdf), json.loads(st), site_link=Path(site))
"""


def _public(site):
    """What a reader can reach: the tree behind the link, and nothing half-made in it."""
    names = [p.name for p in site.rglob("*")]
    assert not [n for n in names if n.startswith((".tmp-", ".new-", ".staging"))], names
    return digest.of_tree(site)


@pytest.mark.parametrize("point", ["copy", "check", "index", "move", "stored", "switched"])
def test_a_kill_at_any_instant_leaves_the_site_wholly_before_or_wholly_after(tmp_path, point):
    """A publishing process killed (SIGKILL, no cleanup) at each point: the site
    is either the old tree or the new one, never a mix, and the next publication
    sweeps what the kill left out of sight."""
    site = tmp_path / "site"
    publish.publish(*_build(tmp_path, "1.0.0"), site_link=site)
    publish.publish(*_build(tmp_path, "0.0.0.dev1+ga"), site_link=site)
    before = _public(site)
    html, pdf, st = _build(tmp_path, "1.1.0")
    after_site = tmp_path / "after" / "site"
    shutil.copytree(site.resolve(), after_site, symlinks=True)
    publish.publish(html, pdf, st, site_link=after_site)
    after = _public(after_site)
    env = dict(os.environ, REPROBOOK_KILL_AT=point)
    done = subprocess.run([sys.executable, "-c", KILLED, str(html), str(pdf), str(site), json.dumps(st)],
                          cwd=current().root, env=env, capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    assert _public(site) == (after if point == "switched" else before)
    assert os.readlink(site / "latest") == ("v1.1.0" if point == "switched" else "v1.0.0")
    atomic.sweep(site.parent)  # what the next build does first, under the build lock
    left = sorted(p.name for p in (site.parent / atomic.STORE).iterdir())
    assert left == [site.resolve().name]
    assert not [p for p in site.parent.iterdir() if ".link-" in p.name]


def test_a_killed_install_of_an_output_folder_leaves_the_old_or_the_new(tmp_path):
    """_build/html is switched the same way: a kill before the switch keeps the old
    folder whole, after it shows the new one; never no folder."""
    link = tmp_path / "html"
    first = atomic.staging(link)
    (first / "index.html").write_text("old")
    atomic.install(first, link)
    code = ("import sys; from pathlib import Path; from reprobook import atomic; "
            "link = Path(sys.argv[1]); s = atomic.staging(link); (s / 'index.html').write_text('new'); "
            "atomic.install(s, link)")
    for point, expected in (("stored", "old"), ("switched", "new")):
        done = subprocess.run([sys.executable, "-c", code, str(link)], cwd=current().root,
                              env=dict(os.environ, REPROBOOK_KILL_AT=point), capture_output=True, text=True)
        assert done.returncode == -signal.SIGKILL, done.stderr
        assert (link / "index.html").read_text() == expected
