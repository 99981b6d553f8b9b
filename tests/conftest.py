"""The project's tests use the engine's pytest plugin (reprobook.testing): the
fixture `project` (the project the tests run in, building into --book-build
when a release tests its own build) and the marks by cost. `copied` is a
private copy of the project's inputs that a test may break; `new_book` is the
one small book of the session made with `reprobook new` (tests/new_book.py)."""
import shutil
from pathlib import Path

import new_book as new_books
import pytest

from reprobook import project as projects

pytest_plugins = ["reprobook.testing"]


@pytest.fixture
def copied(tmp_path, project):
    """A copy of the project's settings, data, strings and reference lists, as a
    project of its own (messages name its files as they name the real ones)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(project.root / "reprobook.yaml", root / "reprobook.yaml")
    for folder in (project.folders["data"], project.folders["strings"]):
        shutil.copytree(project.root / folder, root / folder)
    (root / "book").mkdir()
    for bib in (project.book).glob("*.bib"):
        shutil.copy2(bib, root / "book" / bib.name)
    return projects.load(root)


@pytest.fixture
def data_copy(copied) -> Path:
    """The data folder of `copied`, to break."""
    return copied.data


@pytest.fixture(scope="session")
def source_text(project) -> Path:
    """The original's text, which the project never contains; its tests are skipped without it."""
    path = project.original_text()
    if path is None:
        pytest.skip(project.original_text_missing())
    return path


@pytest.fixture(scope="session")
def new_book(tmp_path_factory) -> new_books.NewBook:
    """A book made with `reprobook new` and built by its own README commands, once per
    session (its builds take seconds, a new one each time would take minutes)."""
    return new_books.made(tmp_path_factory.mktemp("new") / "mythesis")
