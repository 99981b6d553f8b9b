"""A release publishes only what passes the whole test suite, from a clean
commit: every way a release could report success without being one is refused
with its rule, and no tag is made. Each test works in a clone of this
repository, which may already carry releases: the tests compare the tags before
and after, never assume none. (A release whose tests fail, a printed value
changed without accepting the registry, is refused in tests/test_release_cycle.py,
on a book whose suite runs in seconds.)"""
import os
import subprocess
import sys

import pytest

from reprobook import project as projects

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
# A release runs the unit tests, and these tests start releases in clones: count the
# nesting so that a release started by a test does not rerun these tests once more.
DEPTH = "RELEASE_TEST_DEPTH"
depth = int(os.environ.get(DEPTH, "0"))
pytestmark = pytest.mark.skipif(depth >= 2, reason="already inside a release started by these tests")


@pytest.fixture
def clone(tmp_path):
    """A clone of the committed repository, with nothing beside it, on the branch releases
    are made on (whichever branch this checkout is on: a clone's branch is its own)."""
    target = tmp_path / "clone"
    here = projects.here()
    subprocess.run(["git", "clone", "-q", str(here.root), str(target)], check=True)
    subprocess.run(["git", "checkout", "-q", "-B", here.release_branch], cwd=target, check=True)
    return target


def _env(clone):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPROBOOK_", "PYTEST_"))}
    path = os.pathsep.join([str(clone / "engine" / "src"), str(clone / "src")])
    return dict(env, **GIT_ENV, **{DEPTH: str(depth + 1)}, PYTHONPATH=path)


def _git(clone, *args):
    return subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, text=True, env=_env(clone)).stdout


def _release(clone, version, timeout=900):
    return subprocess.run([sys.executable, "-m", "reprobook", "release", version], cwd=clone, capture_output=True,
                          text=True, env=_env(clone), timeout=timeout)


def _tags(clone):
    return _git(clone, "tag").split()


@pytest.mark.parametrize("version,rule", [
    ("01.0.0", "a release version is X.Y.Z"),
    ("1.0", "a release version is X.Y.Z"),
    ("1.0.0; rm -rf /", "a release version is X.Y.Z"),
])
def test_a_malformed_version_is_refused(clone, version, rule):
    tags = _tags(clone)
    done = _release(clone, version)
    assert done.returncode == 1 and f"[rule: {rule}]" in done.stderr
    assert "Nothing was published" in done.stderr and _tags(clone) == tags


def test_uncommitted_work_is_refused(clone):
    tags = _tags(clone)
    (clone / "notes.txt").write_text("draft")
    done = _release(clone, "9.9.9")
    assert done.returncode == 1 and "[rule: a release is a clean commit]" in done.stderr
    assert _tags(clone) == tags


def test_a_tag_on_another_commit_and_a_second_tag_on_this_one_are_refused(clone):
    tags = _tags(clone)
    _git(clone, "tag", "-a", "v9.9.8", "-m", "earlier")
    done = _release(clone, "9.9.9")
    assert done.returncode == 1 and "[rule: a commit carries one release tag]" in done.stderr
    assert sorted(_tags(clone)) == sorted(tags + ["v9.9.8"])
    _git(clone, "commit", "-q", "--allow-empty", "-m", "next")
    done = _release(clone, "9.9.8")
    assert done.returncode == 1 and "[rule: a version names one commit]" in done.stderr


def test_notebooks_stale_against_their_inputs_are_refused(clone):
    fees = clone / "data" / "raw" / "passport_fees.csv"
    fees.write_text(fees.read_text(encoding="utf-8").replace("10,Paspor biasa 48", "10,Paspor Biasa 48", 1),
                    encoding="utf-8")
    _git(clone, "commit", "-q", "-am", "edit a fee's name without running the notebooks")
    tags = _tags(clone)
    done = _release(clone, "9.9.9")
    assert done.returncode == 1 and "notebooks/fees.ipynb" in done.stderr and "out of date" in done.stderr
    assert "[rule: a release shows committed outputs]" in done.stderr and _tags(clone) == tags


def test_a_release_without_a_changelog_note_is_refused(clone):
    # 9.9.7: no test writes a note for it (the registry test below notes 9.9.9, and its
    # clone of a clone must not find a release it could start)
    tags = _tags(clone)
    done = _release(clone, "9.9.7")
    assert done.returncode == 1 and "[rule: every release has a changelog note]" in done.stderr
    assert _tags(clone) == tags


@pytest.mark.parametrize("text,ok", [("1.0.0", True), ("10.20.30", True), ("01.0.0", False), ("1.0", False),
                                     ("1.0.0\n", False), ("1.0.0 ", False), ("v1.0.0", False)])
def test_a_release_version_is_exactly_x_y_z(text, ok):
    from reprobook.pipeline import version

    assert version.is_release(text) is ok


def test_a_changelog_note_belongs_to_its_own_version_only(tmp_path):
    from reprobook.pipeline import changes

    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## 1.0.10\n\nTenth.\n\n## [1.0.1]\n\nFirst.\n",
                                           encoding="utf-8")
    assert changes.note(tmp_path, "1.0.1") == [{"para": [["text", "First."]]}]
    assert changes.note(tmp_path, "1.0.10") == [{"para": [["text", "Tenth."]]}]
    assert changes.note(tmp_path, "1.0") is None  # a prefix of a heading is not that heading
