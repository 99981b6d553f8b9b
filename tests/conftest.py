import shutil
from pathlib import Path

import pytest

from rudibook import paths


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target)
    return target
