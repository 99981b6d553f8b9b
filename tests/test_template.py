"""A new thesis in one command: `reprobook new DIR` makes a book whose own two
README commands build its HTML and PDF and pass its own tests, in a temporary
folder with nothing of this dissertation in it. The book is the session's
shared one (tests/new_book.py): its README commands ran when it was made."""
import re
import subprocess
import sys

import pytest
from new_book import isolated_env

pytestmark = [pytest.mark.builds, pytest.mark.xdist_group("new_book")]  # one worker makes the small book


def test_a_new_book_builds_and_passes_its_own_tests(new_book):
    assert new_book.readme == ["make book", "make test"]
    for command in new_book.readme:
        ran = new_book.ran[command]
        assert ran.done.returncode == 0, (command, ran.done.stdout[-3000:], ran.done.stderr[-3000:])
        print(f"{command}: {ran.seconds:.1f} s")
    target = new_book.root
    assert "en/chapters/results.html" in new_book.clean_html  # _build/html, as make book left it
    assert "site/dev/en/index.html" in new_book.made
    assert [f for f in new_book.made if re.fullmatch(r"pdf/my-thesis-[^/]+\.pdf", f)]
    # its tests, then nbval over its notebook (reprobook.testing runs the two in turn)
    out = new_book.ran["make test"].done.stdout
    assert sum(int(n) for n in re.findall(r"(\d+) passed", out)) == 7 and "failed" not in out
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in target.rglob("*")
                     if p.is_file() and not {".venv", "_build", ".git"} & set(p.relative_to(target).parts))
    assert not re.search(r"rudi|imigrasi|paspor|makassar", text, re.I)  # nothing of this dissertation leaked


def test_a_new_book_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    done = subprocess.run([sys.executable, "-m", "reprobook", "new", str(tmp_path / "taken")], cwd=tmp_path,
                          env=isolated_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "taken: the folder is not empty [rule: a new book starts in an empty folder]" in done.stderr
