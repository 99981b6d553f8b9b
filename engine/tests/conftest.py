"""The engine's own tests: tiny books (tinybook.py), built with ``sphinx.testing``."""
from __future__ import annotations

import pytest
from tinybook import TinyBook

pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture
def tiny(tmp_path, make_app) -> TinyBook:
    return TinyBook(tmp_path / "tiny", make_app)
