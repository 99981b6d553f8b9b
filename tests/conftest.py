import shutil
from pathlib import Path

import pytest

from reprobook.project import current
from reprobook.testing import mark_by_cost


def pytest_collection_modifyitems(config, items):
    mark_by_cost(items)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(current().data, target)
    return target


@pytest.fixture(scope="session")
def source_text() -> Path:
    """The original text, which the project never contains; its tests are skipped without it."""
    path = current().source_text()
    if path is None:
        pytest.skip(current().source_text_missing())
    return path
