"""`reprobook deploy` (reprobook.pipeline.deploy) against a local bare repository:
the whole site onto gh-pages with latest/ materialised, nothing committed when
nothing is new, a release never rewritten nor dropped, the root files written
for the host's address and the release folders untouched."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import site_tree
from tinybook import TinyBook

from reprobook.errors import ConfigError, PublishError
from reprobook.pipeline import deploy

QUIET = {"log": lambda message: None}


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def book(tmp_path) -> TinyBook:
    return TinyBook(tmp_path / "tiny", None)


@pytest.fixture
def remote(tmp_path) -> Path:
    path = tmp_path / "pages.git"
    git(tmp_path, "init", "--quiet", "--bare", str(path))
    return path


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file a reader can fetch below `folder` (through a linked folder too)."""
    out = {}
    for here, _, names in os.walk(folder, followlinks=True):
        for name in names:
            path = Path(here) / name
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def deployed(remote: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    names = git(remote, "ls-tree", "-r", "--name-only", branch).splitlines()
    return {name: subprocess.run(["git", "show", f"{branch}:{name}"], cwd=remote, capture_output=True,
                                 check=True).stdout for name in names}


def edit_remote(tmp_path, remote: Path, change) -> str:
    """Commit `change(worktree)` onto the remote's gh-pages, as someone else might."""
    work = tmp_path / "other-clone"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(work))
    change(work)
    git(work, "add", "--all")
    git(work, "-c", "user.name=Other", "-c", "user.email=other@example.org", "commit", "--quiet", "-m", "edit")
    git(work, "push", "--quiet", "origin", "gh-pages")
    return git(remote, "rev-parse", "gh-pages")


def test_the_first_deploy_puts_the_whole_site_on_gh_pages_with_latest_materialised(book, tmp_path, remote):
    project = book.project
    site_tree.publish_version(project, tmp_path, "1.0.0")
    site = site_tree.publish_version(project, tmp_path, "0.0.0.dev3+gabc")
    assert os.path.islink(site / "latest")

    assert deploy.push(project, str(remote), **QUIET) == "pushed"
    on_branch = deployed(remote)
    assert on_branch == files_of(site) | {".nojekyll": b""}
    assert {"latest/en/index.html", "v1.0.0/en/index.html", "dev/id/search.html", "sitemap.xml",
            "robots.txt", "404.html", "versions.json"} <= set(on_branch)
    # latest/ is real folders on the branch, and git keeps each file once
    assert git(remote, "rev-parse", "gh-pages:latest") == git(remote, "rev-parse", "gh-pages:v1.0.0")
    assert git(remote, "cat-file", "-t", "gh-pages:latest") == "tree"
    assert git(remote, "rev-list", "--count", "gh-pages") == "1"


def test_a_second_deploy_with_nothing_new_makes_no_commit_and_a_new_release_adds_one(book, tmp_path, remote):
    project = book.project
    site_tree.publish_version(project, tmp_path, "1.0.0")
    deploy.push(project, str(remote), **QUIET)
    first = git(remote, "rev-parse", "gh-pages")
    assert deploy.push(project, str(remote), **QUIET) == "unchanged"
    assert git(remote, "rev-parse", "gh-pages") == first

    release = git(remote, "rev-parse", "gh-pages:v1.0.0")
    site_tree.publish_version(project, tmp_path, "1.1.0", marker="newer")
    assert deploy.push(project, str(remote), **QUIET) == "pushed"
    assert git(remote, "rev-parse", "gh-pages^") == first  # on top of the last deploy, not forced over it
    assert git(remote, "rev-parse", "gh-pages:v1.0.0") == release  # the old release, byte for byte
    assert git(remote, "rev-parse", "gh-pages:latest") == git(remote, "rev-parse", "gh-pages:v1.1.0")


def test_a_remote_whose_release_differs_is_refused_naming_the_version_and_the_file(book, tmp_path, remote):
    project = book.project
    site_tree.publish_version(project, tmp_path, "1.0.0")
    deploy.push(project, str(remote), **QUIET)

    def tamper(work):
        page = work / "v1.0.0" / "id" / "chapters" / "results.html"
        page.write_text(page.read_text().replace("text", "changed"))
    tampered = edit_remote(tmp_path, remote, tamper)
    site_tree.publish_version(project, tmp_path, "0.0.0.dev4+gdef")  # something new to deploy
    with pytest.raises(PublishError) as refused:
        deploy.push(project, str(remote), **QUIET)
    assert refused.value.detail == ("release 1.0.0 differs from the one the remote has, first at "
                                    "v1.0.0/id/chapters/results.html: a published release is never rewritten; "
                                    "nothing was deployed")
    assert refused.value.rule == deploy.RULE_KEEP
    assert git(remote, "rev-parse", "gh-pages") == tampered


def test_a_release_the_remote_has_and_the_local_site_lacks_is_refused(book, tmp_path, remote):
    project = book.project
    site_tree.publish_version(project, tmp_path, "1.0.0")
    deploy.push(project, str(remote), **QUIET)

    def add_release(work):
        old = work / "v0.9.0" / "en"
        old.mkdir(parents=True)
        (old / "index.html").write_text("<html lang='en'></html>")
    head = edit_remote(tmp_path, remote, add_release)
    with pytest.raises(PublishError) as refused:
        deploy.push(project, str(remote), **QUIET)
    assert refused.value.detail == ("the remote has release 0.9.0 (v0.9.0/), which the local site lacks: "
                                    "`make book` rebuilds the recorded releases; deploy after it")
    assert git(remote, "rev-parse", "gh-pages") == head


def test_base_url_rewrites_the_root_files_and_never_a_release_folder(book, tmp_path, remote):
    project = book.project
    site = site_tree.publish_version(project, tmp_path, "1.0.0")
    assert deploy.push(project, str(remote), url="https://example.org/book", **QUIET) == "pushed"
    on_branch = deployed(remote)
    local = files_of(site)
    rewritten = sorted(n for n in local if on_branch[n] != local[n])
    assert rewritten == ["404.html", "robots.txt", "sitemap.xml", "versions.json"]
    assert on_branch["robots.txt"].decode().endswith("Sitemap: https://example.org/book/sitemap.xml\n")
    assert b"<loc>https://example.org/book/latest/id/chapters/results.html</loc>" in on_branch["sitemap.xml"]
    assert json.loads(on_branch["versions.json"])[0]["url"] == "https://example.org/book/v1.0.0/"
    assert b'href="https://example.org/book/index.html"' in on_branch["404.html"]
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"  # the site itself is as it was


def test_a_bad_base_url_and_an_unknown_remote_are_refused(book, tmp_path, remote):
    project = book.project
    site_tree.publish_version(project, tmp_path, "1.0.0")
    with pytest.raises(ConfigError, match="'example.org/' is neither an absolute"):
        deploy.push(project, str(remote), url="example.org", **QUIET)
    with pytest.raises(ConfigError, match="'nowhere' is none of them"):
        deploy.push(project, "nowhere", **QUIET)


def test_a_site_without_a_recorded_release_is_refused(book, tmp_path, remote):
    from reprobook import digest
    from reprobook.pipeline import records

    project = book.project
    site_tree.publish_version(project, tmp_path, "1.0.0")
    git(book.root, "init", "--quiet")
    git(book.root, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "--quiet", "--allow-empty",
        "-m", "start")
    head = git(book.root, "rev-parse", "HEAD").strip()
    manifest = "0" * 64 + "  index.html\n"
    records.write(book.root, records.Record("0.9.0", head, "2026-01-01", 0, "0" * 12,
                                            digest.of_bytes(manifest.encode())), manifest)
    git(book.root, "add", records.FOLDER)  # a record counts once git tracks it
    with pytest.raises(PublishError, match=r"release 0\.9\.0 is recorded \(releases/0\.9\.0\.json\) but not in the site"):
        deploy.push(project, str(remote), **QUIET)
    assert git(remote, "for-each-ref") == ""  # nothing pushed


def test_into_a_folder_the_tree_is_the_same_and_another_folder_is_not_overwritten(book, tmp_path, remote):
    project = book.project
    site = site_tree.publish_version(project, tmp_path, "1.0.0")
    deploy.push(project, str(remote), url="https://example.org/", **QUIET)
    out = deploy.to_folder(project, tmp_path / "pages", "https://example.org/", **QUIET)
    assert files_of(out) == deployed(remote)
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert (site / "v1.0.0" / "en" / "index.html").read_bytes() == (out / "latest" / "en" / "index.html").read_bytes()

    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep")
    with pytest.raises(PublishError, match="the folder holds other files"):
        deploy.to_folder(project, other, **QUIET)
    assert (other / "notes.txt").read_text() == "keep"
