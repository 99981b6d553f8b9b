"""Releases that succeed, end to end, and live in the repository: in a small
book made with `reprobook new` (its own suite runs in seconds, so each release
runs it whole), release 1.0.0; correct a count and
commit it without accepting its recomputation, which the release refuses (its
tests fail, naming the check; no tag, the site untouched); accept it into the
registry and release 1.1.0. Each release is recorded in the repository
(releases/X.Y.Z.json and its manifest). A clone with every tag deleted then
publishes both releases, each rebuilt from its own commit, byte for byte as
recorded, and refuses, naming the version and the file, when a published
release or a record has been altered."""
import json
import shutil
import subprocess
from pathlib import Path

import new_book as new_books
import pytest
from new_book import GIT, isolated_env, python

from reprobook import digest

pytestmark = pytest.mark.builds


def _run(book: Path, *args, check=True, timeout=900):
    done = subprocess.run([python(book), "-m", "reprobook", *args], cwd=book, capture_output=True, text=True,
                          env=isolated_env() | GIT, timeout=timeout)
    if check:
        assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    return done


def _git(book: Path, *args) -> str:
    return subprocess.run(["git", *args], cwd=book, check=True, capture_output=True, text=True,
                          env=isolated_env() | GIT).stdout.strip()


def _note(book: Path, version: str, text: str) -> None:
    log = book / "CHANGELOG.md"
    log.write_text(log.read_text(encoding="utf-8").replace("## Unreleased\n", f"## Unreleased\n\n## {version}\n\n{text}\n"),
                   encoding="utf-8")


def _site(book: Path) -> Path:
    return (book / "_build" / "site").resolve()


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A new book with releases 1.0.0 and 1.1.0 made, recorded and committed, and the
    refused attempt at 1.1.0 before its recomputation was accepted."""
    book = new_books.created(tmp_path_factory.mktemp("cycle") / "thesis", venv=True)

    def run(*args, check=True):
        return _run(book, *args, check=check)

    run("notebooks")  # a new book's notebooks have not run yet
    _note(book, "1.0.0", "The first release.")
    _git(book, "add", "-A")
    _git(book, "commit", "-q", "-m", "Notebooks run; note for 1.0.0")
    first = run("release", "1.0.0")
    counts = book / "data" / "raw" / "measurements.csv"
    counts.write_text(counts.read_text(encoding="utf-8").replace("2021,45", "2021,46"), encoding="utf-8")
    run("notebooks")
    _note(book, "1.1.0", "One count corrected from the thesis's own table.")
    _git(book, "commit", "-q", "-am", "Correct the 2021 count, its recomputation not accepted")
    site, tags = digest.of_tree(_site(book)), _git(book, "tag").split()
    done = run("release", "1.1.0", check=False)
    refused = {"done": done, "untouched": digest.of_tree(_site(book)) == site and _git(book, "tag").split() == tags}
    run("registry")
    run("notebooks")  # the notebook shows the registry's recomputations
    _git(book, "commit", "-q", "-am", "Accept the 2021 count's recomputation")
    second = run("release", "1.1.0")
    return book, first, second, refused


def test_each_release_is_published_and_recorded_in_the_repository(released):
    book, first, second, _ = released
    assert "release 1.0.0: published" in first.stdout and "release 1.1.0: published" in second.stdout
    log = _git(book, "log", "--format=%s", "-5").splitlines()
    assert log[0] == "Record release 1.1.0" and log[3] == "Record release 1.0.0"
    assert _git(book, "status", "--porcelain") == ""  # the records are committed, nothing left over
    for version in ("1.0.0", "1.1.0"):
        rec = json.loads((book / "releases" / f"{version}.json").read_text())
        manifest = (book / "releases" / f"{version}.sha256").read_text()
        assert rec["tree"] == digest.of_bytes(manifest.encode())
        assert manifest == digest.manifest(_site(book) / f"v{version}")  # the record is the published tree
        assert rec["commit"] == _git(book, "rev-list", "-n", "1", f"v{version}")
    assert (_site(book) / "latest").resolve().name == "v1.1.0"


def test_a_printed_value_changed_without_accepting_the_registry_is_not_released(released):
    """The contributor edits a count that the thesis prints, runs the notebooks and
    commits, but never accepts the new recomputation into the registry: the release
    is refused by the tests, naming the failing check; no tag is made, and the site
    is untouched (its newest release is still the one before)."""
    done = released[3]["done"]
    assert done.returncode == 1, done.stdout[-2000:]
    assert "RELEASE REFUSED: unit tests: " in done.stderr and " failed: " in done.stderr
    assert "test_every_printed_number_is_recomputed_and_accepted" in done.stderr  # the failing check is named
    assert "[rule: a release passes the whole test suite]" in done.stderr
    assert released[3]["untouched"]  # no tag made before the tests pass, the site byte for byte as it was


def test_the_second_release_shows_what_changed_since_the_first(released):
    book, _, _, _ = released
    page = (_site(book) / "v1.1.0" / "en" / "appendix" / "changes.html").read_text(encoding="utf-8")
    assert "One count corrected" in page
    assert "Compared with release 1.0.0" in page and ">87<" in page and ">88<" in page


@pytest.fixture(scope="module")
def fresh(released, tmp_path_factory):
    """A clone of the released book with every tag deleted and nothing built."""
    book = released[0]
    clone = tmp_path_factory.mktemp("fresh") / "thesis"
    subprocess.run(["git", "clone", "-q", str(book), str(clone)], check=True)
    for tag in _git(clone, "tag").split():
        _git(clone, "tag", "-d", tag)
    new_books.environment(clone)
    built = _run(clone, "build", "all")
    return book, clone, built


def test_a_clone_without_tags_rebuilds_every_release_byte_for_byte(fresh):
    book, clone, built = fresh
    assert _git(clone, "tag") == ""
    assert "release 1.0.0 rebuilt and published" in built.stdout and "release 1.1.0 rebuilt and published" in built.stdout
    for version in ("1.0.0", "1.1.0"):
        assert digest.of_tree(_site(clone) / f"v{version}") == digest.of_tree(_site(book) / f"v{version}")
    listed = [v["version"] for v in json.loads((_site(clone) / "versions.json").read_text())]
    assert listed[:2] == ["1.1.0", "1.0.0"] and listed[2].startswith("1.1.0.dev1+g")  # development below the releases
    assert (_site(clone) / "latest").resolve().name == "v1.1.0"
    # the clone's first build made its pages before it rebuilt the releases into the site;
    # they link to their place in the newest release all the same (read from its record)
    dev = next(v["folder"] for v in json.loads((_site(clone) / "versions.json").read_text()) if ".dev" in v["version"])
    page = (_site(clone) / dev / "en" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="../../latest/en/index.html">' in page
    again = _run(clone, "build", "all")  # from the published site: checked, not rebuilt
    assert "rebuilt" not in again.stdout


def test_an_altered_published_release_is_refused_naming_version_and_file(fresh):
    _, clone, _ = fresh
    page = _site(clone) / "v1.0.0" / "en" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<!-- x --></body>"))
    try:
        done = _run(clone, "build", "all", check=False)
        assert done.returncode == 1
        assert "v1.0.0/en/index.html" in done.stderr and "release 1.0.0 differs from its record" in done.stderr
        assert "[rule: a recorded release rebuilds byte for byte]" in done.stderr
        assert "notebooks:" not in done.stdout  # refused before any work of the build's own
    finally:
        page.write_bytes(original)


def test_an_altered_record_is_refused_naming_its_file(fresh):
    _, clone, _ = fresh
    record = clone / "releases" / "1.0.0.json"
    original = record.read_text()
    record.write_text(original.replace('"date": "', '"date": "1'))
    try:
        done = _run(clone, "build", "all", check=False)
        assert done.returncode == 1 and "releases/1.0.0.json" in done.stderr, done.stderr[-2000:]
        assert "notebooks:" not in done.stdout
    finally:
        record.write_text(original)
    manifest = clone / "releases" / "1.0.0.sha256"
    original = manifest.read_text()
    manifest.write_text(original.replace("0", "1", 1))
    try:
        done = _run(clone, "build", "all", check=False)
        assert done.returncode == 1 and "releases/1.0.0.sha256" in done.stderr, done.stderr[-2000:]
    finally:
        manifest.write_text(original)


def test_a_release_that_rebuilds_differently_is_refused_naming_the_file(fresh, tmp_path):
    """A record whose manifest another build would not reproduce (here: one file's
    fingerprint changed, and the record's tree fingerprint with it)."""
    _, clone, _ = fresh
    site = _site(clone)
    kept = tmp_path / "v1.0.0"
    shutil.move(site / "v1.0.0", kept)  # not published: the next build rebuilds it
    manifest = clone / "releases" / "1.0.0.sha256"
    record = clone / "releases" / "1.0.0.json"
    texts = manifest.read_text(), record.read_text()
    lines = texts[0].splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.rstrip().endswith("  en/index.html"))
    lines[target] = "0" * 64 + "  en/index.html\n"
    manifest.write_text("".join(lines))
    rec = json.loads(texts[1])
    rec["tree"] = digest.of_file(manifest)
    record.write_text(json.dumps(rec))
    try:
        done = _run(clone, "build", "all", check=False)
        assert done.returncode == 1
        assert "v1.0.0/en/index.html" in done.stderr and "rebuilt from its commit differs" in done.stderr
        assert not (site / "v1.0.0").exists()  # nothing published
    finally:
        manifest.write_text(texts[0])
        record.write_text(texts[1])
        shutil.move(kept, site / "v1.0.0")
