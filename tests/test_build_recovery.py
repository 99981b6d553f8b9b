"""Builds that recover by themselves, on a small book made with `reprobook new`
(seconds per build): a build killed half-way leaves a marker, and the next one
starts that work folder afresh instead of trusting Sphinx's saved state; an
incremental build after a revert publishes exactly what a clean build would;
a second build waits for the first and says so; cleaning never touches the
published site."""
import subprocess
import sys
from pathlib import Path

import pytest
from new_book import isolated_env, made, python

from reprobook import digest

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    target = made(tmp_path_factory.mktemp("recovery") / "thesis")
    _rb(target, "build", "html")
    return target


def _rb(book: Path, *args, check=True):
    done = subprocess.run([python(book), "-m", "reprobook", *args], cwd=book, capture_output=True, text=True,
                          env=isolated_env(), timeout=600)
    if check:
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_work_folder_a_killed_build_left_is_started_afresh(book):
    work = book / "_build" / "work" / "html-en"
    (work / ".incomplete").touch()  # what a build killed while Sphinx wrote pages leaves
    (work / "left-by-the-killed-build").write_text("stale")
    chapter = book / "book" / "en" / "chapters" / "results.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        edited = original.replace("reports a {term}`count` for each year", "reports one {term}`count` per year")
        assert edited != original
        chapter.write_text(edited, encoding="utf-8")
        _rb(book, "build", "html")
        assert not (work / "left-by-the-killed-build").exists() and not (work / ".incomplete").exists()
        page = (book / "_build" / "html" / "en" / "chapters" / "results.html").read_text(encoding="utf-8")
        assert "reports one" in page and "per year" in page
    finally:
        chapter.write_text(original, encoding="utf-8")
        _rb(book, "build", "html")


def test_after_a_revert_an_incremental_build_equals_a_clean_one(book):
    """A page that made Sphinx copy a file into the output (a download) is reverted:
    the file must leave the output too, or every later build would publish it."""
    chapter = book / "book" / "en" / "chapters" / "results.md"
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(original + "\nThe counts: {download}`the descriptor </../../data/datapackage.yaml>` "
                       "{edition}`ours`.\n", encoding="utf-8")
    try:
        _rb(book, "build", "html")
        html = book / "_build" / "html"
        assert any(f.endswith("datapackage.yaml") for f in _files(html / "en" / "_downloads"))
    finally:
        chapter.write_text(original, encoding="utf-8")
    _rb(book, "build", "html")
    incremental = _files(book / "_build" / "html")
    clean = book / "_build" / "clean-check"  # inside the project, as the figures' paths require
    done = subprocess.run([python(book), "-m", "reprobook", "--build-dir", str(clean), "build", "html"], cwd=book,
                          capture_output=True, text=True, env=isolated_env(), timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert incremental == _files(clean / "html")
    assert not any(f.endswith("datapackage.yaml") for f in incremental)


def test_a_second_build_waits_for_the_first_and_says_so(book):
    """The lock is held until the build has said that it waits, however slowly a
    loaded machine starts it (a fixed hold of a few seconds let a slow start find
    the lock free), then let go: the build goes on and succeeds."""
    hold = ("import sys; from pathlib import Path; from reprobook import lock\n"
            "with lock.held(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.readline()\n")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(book / "_build")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    build = subprocess.Popen([python(book), "-m", "reprobook", "build", "html"], cwd=book, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=isolated_env())
    said = ""  # what the build says before it may start (all it says, if it never waits)
    while "waiting for it to finish" not in said:
        line = build.stderr.readline()
        if not line:
            break
        said += line
    still_waiting = build.poll() is None
    holder.communicate("\n", timeout=60)
    out, err = build.communicate(timeout=600)
    assert "another build is running (process " in said and "waiting for it to finish" in said, said + err
    assert still_waiting  # it had not finished while the lock was held
    assert build.returncode == 0, out[-2000:] + err[-2000:]


def test_cleaning_keeps_every_published_version(book):
    _rb(book, "build", "all")
    site = book / "_build" / "site"
    before = digest.of_tree(site.resolve())
    done = _rb(book, "clean")
    assert "_build/work" in done.stdout
    assert not (book / "_build" / "work").exists() and not (book / "_build" / "html").exists()
    assert digest.of_tree(site.resolve()) == before and (site / "dev" / "en" / "index.html").exists()


def test_a_build_with_nothing_changed_skips_sphinx_and_an_edit_does_not(book):
    """Skipping is decided from what a build reads, by content: the output of a skipped
    build is the last build's, byte for byte, and any edit is built again."""
    _rb(book, "build", "html")
    before = digest.of_tree(book / "_build" / "html")
    again = _rb(book, "build", "html")
    assert "html-en: up to date" in again.stdout
    assert digest.of_tree(book / "_build" / "html") == before
    chapter = book / "book" / "en" / "chapters" / "results.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        edited = original.replace("reports a {term}`count` for each year", "reports a {term}`count` every year")
        assert edited != original
        chapter.write_text(edited, encoding="utf-8")
        edited = _rb(book, "build", "html")
        assert "html-en: up to date" not in edited.stdout
        page = book / "_build" / "html" / "en" / "chapters" / "results.html"
        assert "every year" in page.read_text(encoding="utf-8")
    finally:
        chapter.write_text(original, encoding="utf-8")
    _rb(book, "build", "html")
    assert digest.of_tree(book / "_build" / "html") == before
