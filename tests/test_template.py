"""A new thesis in one command: `reprobook new DIR` makes a book whose own two
README commands build its HTML and PDF and pass its own tests, in a temporary
folder with nothing of this dissertation in it."""
import os
import re
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.book


def _run(cmd, cwd, timeout=900):
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPROBOOK_", "PYTEST_"))}
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return done, time.perf_counter() - start


def test_a_new_book_builds_and_passes_its_own_tests(tmp_path):
    target = tmp_path / "mythesis"
    done, _ = _run([sys.executable, "-m", "reprobook", "new", str(target)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    readme = (target / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^make \w+", readme, flags=re.M)
    assert commands == ["make book", "make test"]
    for command in commands:
        done, seconds = _run(command.split(), cwd=target)
        assert done.returncode == 0, (command, done.stdout[-3000:], done.stderr[-3000:])
        print(f"{command}: {seconds:.1f} s")
    assert (target / "_build" / "html" / "en" / "chapters" / "results.html").is_file()
    assert (target / "_build" / "site" / "dev" / "en" / "index.html").is_file()
    assert list((target / "_build" / "pdf").glob("my-thesis-*.pdf"))
    # its tests, then nbval over its notebook (reprobook.testing runs the two in turn)
    assert sum(int(n) for n in re.findall(r"(\d+) passed", done.stdout)) == 7 and "failed" not in done.stdout
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in target.rglob("*")
                     if p.is_file() and ".venv" not in p.parts and "_build" not in p.parts and ".git" not in p.parts)
    assert not re.search(r"rudi|imigrasi|paspor|makassar", text, re.I)  # nothing of this dissertation leaked


def test_a_new_book_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    done, _ = _run([sys.executable, "-m", "reprobook", "new", str(tmp_path / "taken")], cwd=tmp_path)
    assert done.returncode == 1
    assert "taken: the folder is not empty [rule: a new book starts in an empty folder]" in done.stderr
