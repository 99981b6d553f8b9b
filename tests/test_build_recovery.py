"""Builds that recover by themselves, on the session's small book made with
`reprobook new` (seconds per build): a build killed half-way leaves a marker,
and the next one starts that work folder afresh instead of trusting Sphinx's
saved state; an incremental build after a revert publishes exactly what a clean
build would (the book's first, clean, build); a second build waits for the
first and says so; cleaning never touches the published site.

The tests share the book's work folders in their order here: each starts from
whatever the one before left, and builds what it needs (no test builds only to
put the book back)."""
import subprocess
import sys

import pytest
from new_book import GIT, files, isolated_env, python

from reprobook import digest

pytestmark = [pytest.mark.builds, pytest.mark.xdist_group("new_book")]  # one worker makes the small book

EDITED = ("reports a {term}`count` for each year", "reports one {term}`count` per year")


@pytest.fixture(scope="module")
def book(new_book):
    return new_book.ready()


@pytest.fixture
def chapter(book):
    """The book's chapter, put back as it was after the test."""
    path = book.root / "book" / "en" / "chapters" / "results.md"
    original = path.read_text(encoding="utf-8")
    yield path
    path.write_text(original, encoding="utf-8")


def _edit(chapter, old: str, new: str) -> None:
    text = chapter.read_text(encoding="utf-8")
    assert old in text
    chapter.write_text(text.replace(old, new), encoding="utf-8")


def test_a_work_folder_a_killed_build_left_is_started_afresh(book, chapter):
    work = book.root / "_build" / "work" / "html-en"
    (work / ".incomplete").touch()  # what a build killed while Sphinx wrote pages leaves
    (work / "left-by-the-killed-build").write_text("stale")
    _edit(chapter, *EDITED)
    book.rb("build", "html")
    assert not (work / "left-by-the-killed-build").exists() and not (work / ".incomplete").exists()
    page = (book.root / "_build" / "html" / "en" / "chapters" / "results.html").read_text(encoding="utf-8")
    assert "reports one" in page and "per year" in page


def test_a_build_with_nothing_changed_skips_sphinx_and_an_edit_does_not(book, chapter):
    """Skipping is decided from what a build reads, by content: the output of a skipped
    build is the last build's, byte for byte, and any edit is built again."""
    book.rb("build", "html")
    html = book.root / "_build" / "html"
    before = digest.of_tree(html)
    again = book.rb("build", "html")
    assert "html-en: up to date" in again.stdout
    assert digest.of_tree(html) == before
    original = chapter.read_text(encoding="utf-8")
    _edit(chapter, "reports a {term}`count` for each year", "reports a {term}`count` every year")
    edited = book.rb("build", "html")
    assert "html-en: up to date" not in edited.stdout
    assert "every year" in (html / "en" / "chapters" / "results.html").read_text(encoding="utf-8")
    chapter.write_text(original, encoding="utf-8")
    book.rb("build", "html")
    assert digest.of_tree(html) == before


def test_after_a_revert_an_incremental_build_equals_a_clean_one(book, chapter):
    """A page that made Sphinx copy a file into the output (a download) is reverted:
    the file must leave the output too, or every later build would publish it. The
    clean build compared with is the book's first, `make book`'s."""
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(original + "\nThe counts: {download}`the descriptor </../../data/datapackage.yaml>` "
                       "{edition}`ours`.\n", encoding="utf-8")
    book.rb("build", "html")
    html = book.root / "_build" / "html"
    assert any(f.endswith("datapackage.yaml") for f in files(html / "en" / "_downloads"))
    chapter.write_text(original, encoding="utf-8")
    book.rb("build", "all")  # as make book built it: pages with their PDF
    assert files(html) == book.clean_html
    assert not any(f.endswith("datapackage.yaml") for f in files(html))


def test_a_second_build_waits_for_the_first_and_says_so(book):
    """The lock is held until the build has said that it waits (however slowly a loaded
    machine starts it), then let go: the build goes on and succeeds."""
    hold = ("import sys; from pathlib import Path; from reprobook import lock\n"
            "with lock.held(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.readline()\n")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(book.root / "_build")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    build = subprocess.Popen([python(book.root), "-m", "reprobook", "build", "html"], cwd=book.root, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=isolated_env() | GIT)
    said = ""  # what it says before it can build anything (it ends when the build does, if it never waits)
    while "waiting for it to finish" not in said:
        line = build.stderr.readline()
        if not line:
            break
        said += line
    still_waiting = build.poll() is None  # it had not finished while the lock was held
    holder.communicate("\n", timeout=60)
    out, err = build.communicate(timeout=900)
    assert "another build is running (process " in said and "waiting for it to finish" in said, said + err
    assert still_waiting
    assert build.returncode == 0, out[-2000:] + err[-2000:]


def test_cleaning_keeps_every_published_version(book):
    book.rb("build", "all")
    site = book.root / "_build" / "site"
    before = digest.of_tree(site.resolve())
    done = book.rb("clean")
    assert "_build/work" in done.stdout
    assert not (book.root / "_build" / "work").exists() and not (book.root / "_build" / "html").exists()
    assert digest.of_tree(site.resolve()) == before and (site / "dev" / "en" / "index.html").exists()
