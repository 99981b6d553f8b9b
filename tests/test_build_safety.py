"""A failed build must leave the last good output exactly as it was."""
import dataclasses

import pytest
from data_helpers import rewrite

from reprobook import digest, project
from reprobook.project import current
from reprobook.site import build, publish

pytestmark = pytest.mark.book


@pytest.fixture
def with_data(data_copy, monkeypatch):
    """The project, reading its data from a private copy that the test may break."""
    moved = dataclasses.replace(current(), folders={**current().folders, "data": str(data_copy)})
    monkeypatch.setattr(project, "_cached", lambda root: moved)
    return data_copy


def test_bad_data_stops_the_build_and_keeps_the_published_html(with_data, capsys):
    html = current().build / "html"
    if not (html / current().default_lang / "index.html").exists():
        pytest.fail("no built HTML: run `make book` first")
    before = digest.of_tree(html)
    rewrite(with_data / "raw/staff_by_grade.csv", "III,A,31", "III,A,-31")
    assert build.main("html") == 1
    err = capsys.readouterr().err
    assert "data/raw/staff_by_grade.csv, row 5 (line 6), column 'staff'" in err and "[rule: minimum 0]" in err
    assert "as the last good build left them" in err
    assert digest.of_tree(html) == before


@pytest.mark.parametrize("step", ["html", "pdf"])
def test_a_failed_build_step_publishes_nothing(monkeypatch, capsys, step):
    """A failure while building the HTML or the PDF leaves the site and both outputs exactly as they were."""
    outputs = [publish.site(), current().build / "html", current().build / "pdf"]
    if not (publish.site() / "versions.json").exists():
        pytest.fail("no published site: run `make book` first")
    before = [digest.of_tree(p) for p in outputs]
    monkeypatch.setenv("REPROBOOK_FAIL_AT", step)
    assert build.main("all") == 1
    assert f"injected failure at step '{step}'" in capsys.readouterr().err
    assert [digest.of_tree(p) for p in outputs] == before
