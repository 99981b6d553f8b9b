"""One small book made with `reprobook new`, shared by every test of this session
that needs whole builds in seconds (the fixture `new_book`, tests/conftest.py).

It is made once and built by its own README's commands, `make book` then
`make test`, whose outcome test_template checks; the make book build is a clean
one, so its file list is kept as what a clean build publishes. A test that edits
the book puts back what it edited. A test that commits, tags or releases needs
none of that: it works in a book of its own (`created`: `reprobook new` alone,
in seconds), so that it can run on another core than the shared book's tests."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def isolated_env() -> dict:
    """This process's environment without the settings of the project or the tests
    running it, so that the new book is found as its own project."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("REPROBOOK_", "PYTEST_"))}


def python(book: Path) -> str:
    return str(book / ".venv" / "bin" / "python")


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@dataclass
class Ran:
    """A command run in the book: its outcome and how long it took."""
    done: subprocess.CompletedProcess
    seconds: float


@dataclass
class NewBook:
    root: Path
    readme: list[str]  # the commands the book's README gives, in its order
    ran: dict[str, Ran] = field(default_factory=dict)  # each README command's outcome
    clean_html: list[str] = field(default_factory=list)  # the files of make book's clean build
    made: list[str] = field(default_factory=list)  # what make book left in _build, through its links

    def rb(self, *args, check=True, timeout=900) -> subprocess.CompletedProcess:
        """`reprobook ARGS` in the book, with its own Python."""
        done = subprocess.run([python(self.root), "-m", "reprobook", *args], cwd=self.root, capture_output=True,
                              text=True, env=isolated_env() | GIT, timeout=timeout)
        if check:
            assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
        return done

    def ready(self) -> NewBook:
        """The book, once its `make book` has succeeded (else the test fails, saying why)."""
        import pytest

        book = self.ran.get("make book")
        if book is None or book.done.returncode != 0:
            pytest.fail("the new book's `make book` failed (test_template shows how)")
        return self



def created(target: Path, venv: bool = False) -> Path:
    """`reprobook new TARGET` (a git repository with one commit, nothing built), with an
    environment sharing this Python's packages when `venv` (else its Makefile makes one)."""
    subprocess.run([sys.executable, "-m", "reprobook", "new", str(target)], check=True, capture_output=True,
                   env=isolated_env())
    if venv:
        environment(target)
    return target


def environment(book: Path) -> None:
    """The book's .venv, sharing this Python's packages (in seconds, not a locked install)."""
    subprocess.run([sys.executable, "-m", "reprobook", "venv", str(book / ".venv")], cwd=book, check=True,
                   capture_output=True)


def made(target: Path) -> NewBook:
    """`reprobook new`, then the README's commands in the book, each timed."""
    created(target)
    readme = (target / "README.md").read_text(encoding="utf-8")
    book = NewBook(target, re.findall(r"^make \w+", readme, flags=re.M))
    for command in book.readme:
        start = time.perf_counter()
        done = subprocess.run(command.split(), cwd=target, env=isolated_env(), capture_output=True, text=True,
                              timeout=900)
        book.ran[command] = Ran(done, time.perf_counter() - start)
        if command == "make book" and done.returncode == 0:
            book.clean_html = files(target / "_build" / "html")
            book.made = sorted(os.path.relpath(os.path.join(where, name), target / "_build")
                               for where, _, names in os.walk(target / "_build", followlinks=True) for name in names)
        if done.returncode != 0:
            break
    return book
