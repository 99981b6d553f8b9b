"""The engine's own tests: tiny books (tinybook.py), built with ``sphinx.testing``."""
from __future__ import annotations

import pytest
from tinybook import TinyBook

pytest_plugins = ["sphinx.testing.fixtures"]


def pytest_itemcollected(item) -> None:
    """Each of these tests builds a tiny book of its own: cost ``builds`` (reprobook.testing),
    so a release runs them with its other tests, after the unit tests."""
    item.add_marker(pytest.mark.builds)


@pytest.fixture
def tiny(tmp_path, make_app) -> TinyBook:
    return TinyBook(tmp_path / "tiny", make_app)
