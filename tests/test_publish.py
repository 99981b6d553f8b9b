"""The versioned site tree: versions from the release records, immutable releases, atomic
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

from reprobook import atomic, digest, faults, strings
from reprobook import project as projects
from reprobook.errors import PublishError
from reprobook.pipeline import publish
from reprobook.pipeline import version as versioning
from reprobook.pipeline.stamp import Stamp

PROJECT = projects.here()
CATALOG = strings.of(PROJECT)
LANGS = PROJECT.languages


def _build(tmp_path, version, marker="isi", epoch=0):
    """A small finished build in the shape reprobook.pipeline.build stages it: per
    language two pages and that language's PDF; the data archive and CITATION.cff."""
    out = Path(tempfile.mkdtemp(dir=tmp_path))  # a fresh build each call, even of the same version
    page = '<html lang="{lang}"><head></head><body><p>{marker}</p><p class="build-stamp">Versi {version}</p></body></html>'
    for lang in LANGS:
        html = out / lang
        (html / "chapters").mkdir(parents=True)
        for rel in ("index.html", "chapters/results.html"):
            (html / rel).write_text(page.format(lang=lang, marker=marker, version=version), encoding="utf-8")
        (html / PROJECT.pdf(version, lang)).write_bytes(b"%PDF-1.5\n" + marker.encode())
    (out / PROJECT.data_archive(version)).write_bytes(b"PK" + marker.encode())
    (out / "CITATION.cff").write_text(f"version: {version}\n")
    return out, Stamp(version, "c0ffee" * 6 + "abcd", "2026-11-27", epoch, "0123456789ab")


def pub(build, st, site_link):
    return publish.publish(PROJECT, CATALOG, build, st, site_link=site_link)


def _state(site):
    """Everything published: contents, links, the files' identities, and what else
    lies beside the site (nothing may be left there by a failure)."""
    beside = sorted(p.name for p in site.parent.iterdir() if p.name.startswith((".", "site"))) + sorted(
        p.name for p in (site.parent / ".generations").iterdir())
    return (digest.of_tree(site), sorted((p.relative_to(site).as_posix(), p.lstat().st_ino) for p in site.rglob("*")),
            beside)


def test_a_release_gets_its_folder_latest_and_the_root_redirect(tmp_path):
    site = tmp_path / "site"
    assert pub(*_build(tmp_path, "0.0.0.dev3+gabc"), site_link=site) == "published"
    for lang in LANGS:
        assert (site / "dev" / lang / PROJECT.pdf("0.0.0.dev3+gabc", lang)).exists()
    assert not (site / "latest").exists()
    assert 'location.replace("dev" + "/" + lang + "/index.html")' in (site / "index.html").read_text()

    assert pub(*_build(tmp_path, "1.0.0"), site_link=site) == "published"
    assert os.readlink(site / "latest") == "v1.0.0"
    root = (site / "index.html").read_text()
    assert 'location.replace("latest" + "/" + lang + "/index.html")' in root
    assert f'const editions = {json.dumps(list(LANGS))}' in root  # the first is the fallback
    entries = json.loads((site / "versions.json").read_text())
    assert [e["version"] for e in entries] == ["1.0.0", "0.0.0.dev3+gabc"]
    assert entries[0]["url"] == "/v1.0.0/" and entries[0]["latest"] is True and entries[1]["latest"] is False
    assert entries[0]["pdf"] == {lang: f"/v1.0.0/{lang}/{PROJECT.pdf('1.0.0', lang)}" for lang in LANGS}
    assert entries[0]["data"] == f"/v1.0.0/{PROJECT.data_archive('1.0.0')}"


def test_latest_follows_the_highest_release_not_the_last_published(tmp_path):
    site = tmp_path / "site"
    for v in ("1.1.0", "1.0.1", "1.10.0", "1.2.0"):
        pub(*_build(tmp_path, v), site_link=site)
    assert os.readlink(site / "latest") == "v1.10.0"  # 1.10 > 1.2: compared as numbers
    assert [e["version"] for e in json.loads((site / "versions.json").read_text())] == ["1.10.0", "1.2.0", "1.1.0", "1.0.1"]


def test_the_version_lists_link_every_version_and_know_each_ones_pages(tmp_path):
    site = tmp_path / "site"
    pub(*_build(tmp_path, "1.0.0"), site_link=site)
    for lang in LANGS:
        listing = (site / f"versions-{lang}.html").read_text()
        assert f'<html lang="{lang}">' in listing
        assert f'href="v1.0.0/{lang}/index.html"' in listing and "chapters/results.html" in listing
    info = json.loads((site / "v1.0.0" / "build.json").read_text())
    assert info["version"] == "1.0.0" and info["languages"] == list(LANGS)
    assert info["pages"] == {lang: ["chapters/results.html", "index.html"] for lang in LANGS}


def test_publishing_the_same_release_again_changes_nothing(tmp_path):
    site = tmp_path / "site"
    pub(*_build(tmp_path, "1.0.0"), site_link=site)
    before = _state(site)
    assert pub(*_build(tmp_path, "1.0.0", marker="isi"), site_link=site) == "unchanged"
    assert _state(site) == before


def test_a_release_with_different_content_is_refused(tmp_path):
    site = tmp_path / "site"
    pub(*_build(tmp_path, "1.0.0"), site_link=site)
    before = _state(site)
    with pytest.raises(PublishError, match=r"release 1\.0\.0 is already published .* immutable"):
        pub(*_build(tmp_path, "1.0.0", marker="diubah"), site_link=site)
    assert _state(site) == before


def test_a_development_build_replaces_the_previous_one(tmp_path):
    site = tmp_path / "site"
    pub(*_build(tmp_path, "0.0.0.dev1+ga"), site_link=site)
    assert pub(*_build(tmp_path, "0.0.0.dev2+gb"), site_link=site) == "replaced"
    assert json.loads((site / "dev" / "build.json").read_text())["version"] == "0.0.0.dev2+gb"
    assert [e["version"] for e in json.loads((site / "versions.json").read_text())] == ["0.0.0.dev2+gb"]


@pytest.mark.parametrize("step", ["copy", "check", "index", "move", "stored"])
def test_a_failure_at_any_step_leaves_the_published_tree_exactly_as_it_was(tmp_path, monkeypatch, step):
    site = tmp_path / "site"
    pub(*_build(tmp_path, "1.0.0"), site_link=site)
    pub(*_build(tmp_path, "0.0.0.dev1+ga"), site_link=site)
    before = _state(site)
    monkeypatch.setenv("REPROBOOK_FAIL_AT", step)
    for version in ("1.1.0", "0.0.0.dev2+gb"):  # a new release, and a replacement of dev/
        with pytest.raises(faults.InjectedFailure, match=f"step '{step}': injected failure"):
            pub(*_build(tmp_path, version), site_link=site)
        assert _state(site) == before


def _without_a_language(build):
    shutil.rmtree(build / LANGS[-1])


def _declaring_another_language(build):
    page = build / LANGS[0] / "index.html"
    page.write_text(page.read_text().replace(f'lang="{LANGS[0]}"', 'lang="xx"'))


def _without_its_pdf(build):
    (build / LANGS[0] / PROJECT.pdf("1.0.0", LANGS[0])).write_bytes(b"not a pdf")


@pytest.mark.parametrize("spoil,message", [
    (_without_a_language, f"1.0.0/{LANGS[-1]}: no index.html .*every language"),
    (_declaring_another_language, 'declares lang="xx" .*every page declares its real language'),
    (_without_its_pdf, f"no PDF {re.escape(PROJECT.pdf('1.0.0', LANGS[0]))}"),
], ids=lambda v: v.__name__.strip("_").replace("_", " ") if callable(v) else "")
def test_a_build_that_is_not_whole_is_not_published(tmp_path, spoil, message):
    site = tmp_path / "site"
    build, st = _build(tmp_path, "1.0.0")
    spoil(build)
    with pytest.raises(PublishError, match=message):
        pub(build, st, site_link=site)
    assert not site.exists()


def _record(repo, version, commit, tree_files):
    """A release record as `reprobook release` writes it, for a tree of `tree_files`."""
    from reprobook import digest
    from reprobook.pipeline import records

    tree = repo.parent / f"tree-{version}"
    tree.mkdir()
    for name, text in tree_files.items():
        (tree / name).write_text(text)
    text = digest.manifest(tree)
    records.write(repo, records.Record(version, commit, "2026-01-01", 0, "0" * 12, digest.of_bytes(text.encode())),
                  text)


def test_versions_come_from_the_records_the_repository_carries_not_from_tags(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                              env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                                       GIT_COMMITTER_EMAIL="t@t")).stdout.strip()

    git("init", "-q")
    (repo / "f").write_text("1")
    git("add", "f")
    git("commit", "-q", "-m", "one")
    one = git("rev-parse", "HEAD")
    assert re.fullmatch(r"0\.0\.0\.dev1\+g[0-9a-f]{10}", versioning.version(repo))
    git("tag", "-a", "v7.0.0", "-m", "a tag alone makes no release")
    assert versioning.version(repo).startswith("0.0.0.dev1+g") and versioning.releases(repo) == []
    _record(repo, "1.0.0", one, {"index.html": "one"})
    # a record git does not track is no release: a file in releases/ alone publishes nothing untested
    assert versioning.version(repo).startswith("0.0.0.dev1+g") and versioning.releases(repo) == []
    git("add", "releases")
    assert versioning.releases(repo) == ["1.0.0"]  # tracked: a release (`release` commits it after every test)
    assert versioning.previous_release(repo, "1.0.0") is None
    git("commit", "-q", "-m", "Record release 1.0.0")
    dev = versioning.version(repo)
    assert re.fullmatch(r"1\.0\.0\.dev1\+g[0-9a-f]{10}", dev)
    assert versioning.previous_release(repo, dev) == "1.0.0"
    (repo / "f").write_text("2")
    assert versioning.version(repo).endswith(".dirty")
    git("commit", "-q", "-am", "two")
    two = git("rev-parse", "HEAD")
    _record(repo, "1.1.0", two, {"index.html": "two"})
    git("add", "releases")
    git("commit", "-q", "-m", "Record release 1.1.0")
    git("tag", "-d", "v7.0.0")
    assert versioning.releases(repo) == ["1.0.0", "1.1.0"]
    assert versioning.previous_release(repo, "1.1.0") == "1.0.0"
    assert versioning.commit_of(repo, "1.1.0") == two
    # the release's own commit does not carry its record (that is committed after it): a
    # checkout of it builds as development, and `build all --as-release 1.1.0` rebuilds the release
    git("checkout", "-q", two)
    assert versioning.version(repo).startswith("1.0.0.dev")


def test_a_record_that_does_not_match_its_manifest_is_named(tmp_path):
    from reprobook.pipeline import records

    repo = tmp_path / "repo"
    repo.mkdir()
    _record(repo, "1.0.0", "a" * 40, {"index.html": "one"})
    manifest = repo / "releases" / "1.0.0.sha256"
    manifest.write_text(manifest.read_text().replace("index.html", "index.htm"))
    with pytest.raises(PublishError) as err:
        records.read(repo)
    assert str(err.value).startswith("releases/1.0.0.sha256: the manifest of release 1.0.0 does not match")
    (repo / "releases" / "1.0.0.json").write_text('{"version": "1.0.1"}')
    with pytest.raises(PublishError, match=r"releases/1.0.0.json: not a release record"):
        records.read(repo)


def test_the_first_file_that_differs_from_a_manifest_is_named(tmp_path):
    from reprobook import digest
    from reprobook.pipeline import records

    tree = tmp_path / "tree"
    (tree / "en").mkdir(parents=True)
    for name in ("a.html", "en/b.html", "en/c.html"):
        (tree / name).write_text(name)
    expected = digest.manifest_entries(digest.manifest(tree))
    assert records.first_difference(expected, tree) is None
    (tree / "en" / "c.html").write_text("changed")
    (tree / "en" / "b.html").unlink()
    assert records.first_difference(expected, tree) == "en/b.html"


KILLED = """
import json, sys
from pathlib import Path
from reprobook import project, strings
from reprobook.pipeline import publish
from reprobook.pipeline.stamp import Stamp
build, site, st = sys.argv[1:4]
p = project.here()
publish.publish(p, strings.of(p), Path(build), Stamp(**json.loads(st)), site_link=Path(site))
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
    pub(*_build(tmp_path, "1.0.0"), site_link=site)
    pub(*_build(tmp_path, "0.0.0.dev1+ga"), site_link=site)
    before = _public(site)
    build, st = _build(tmp_path, "1.1.0")
    after_site = tmp_path / "after" / "site"
    shutil.copytree(site.resolve(), after_site, symlinks=True)
    pub(build, st, site_link=after_site)
    after = _public(after_site)
    env = dict(os.environ, REPROBOOK_KILL_AT=point)
    fields = {k: getattr(st, k) for k in ("version", "commit", "date", "epoch", "data")}
    done = subprocess.run([sys.executable, "-c", KILLED, str(build), str(site), json.dumps(fields)],
                          cwd=PROJECT.root, env=env, capture_output=True, text=True)
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
        done = subprocess.run([sys.executable, "-c", code, str(link)], cwd=PROJECT.root,
                              env=dict(os.environ, REPROBOOK_KILL_AT=point), capture_output=True, text=True)
        assert done.returncode == -signal.SIGKILL, done.stderr
        assert (link / "index.html").read_text() == expected


def test_a_development_build_older_than_the_newest_release_is_not_offered(tmp_path):
    """The development build is listed below the releases; once a newer release is
    published it drops out of the lists readers choose from (its folder stays)."""
    site = tmp_path / "site"
    pub(*_build(tmp_path, "1.0.0", epoch=100), site_link=site)
    pub(*_build(tmp_path, "1.0.0.dev1+gabc", epoch=200), site_link=site)
    listed = [e["version"] for e in json.loads((site / "versions.json").read_text())]
    assert listed == ["1.0.0", "1.0.0.dev1+gabc"]  # newer than the release: offered, below it
    pub(*_build(tmp_path, "1.1.0", epoch=300), site_link=site)
    assert [e["version"] for e in json.loads((site / "versions.json").read_text())] == ["1.1.0", "1.0.0"]
    assert "1.0.0.dev1+gabc" not in (site / f"versions-{LANGS[0]}.html").read_text()
    assert (site / "dev" / "build.json").exists()


@pytest.mark.parametrize("tag", ["v1.0.0", "v1.0.0/x", "v1.0.0%#&{}$", "v1.0.0+<script>"])
def test_a_tag_left_by_a_killed_release_publishes_nothing_and_spells_nothing(tmp_path, tag):
    """A release killed after tagging (or a tag anyone makes, with any characters git
    allows) leaves a tag and no record: the next plain build is a development build,
    published as dev/ only, its version spelled from the records and the commit alone."""
    from types import SimpleNamespace

    from reprobook.pipeline import stamp

    repo = tmp_path / "repo"
    repo.mkdir()
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "--allow-empty", "-m", "one"],
                 ["tag", "-a", tag, "-m", "tested? no"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)
    st = stamp.of(SimpleNamespace(root=repo, data=repo))
    assert re.fullmatch(r"0\.0\.0\.dev1\+g[0-9a-f]{10}", st.version) and not st.release
    assert publish.folder_for(st.version) == "dev"


@pytest.mark.parametrize("version", ["1.0.0/../x", "1.0.0%", "1.0.0 x", "..", "1.0.0\\input", "1.0.0\u2028"])
def test_a_version_outside_its_alphabet_is_refused_before_it_names_a_file(tmp_path, version):
    from types import SimpleNamespace

    from reprobook.errors import ConfigError
    from reprobook.pipeline import stamp

    with pytest.raises(ConfigError) as info:
        stamp.of(SimpleNamespace(root=tmp_path, data=tmp_path), version)
    assert "[rule: a version is spelled with 0-9, A-Z, a-z, '.', '+' and '-']" in str(info.value)
