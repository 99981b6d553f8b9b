"""A failed build must leave the last good output exactly as it was."""
import sys

import pytest

from data_helpers import rewrite
from rudibook import paths

sys.path.insert(0, str(paths.ROOT / "scripts"))
import build  # noqa: E402
import publish  # noqa: E402


def test_bad_data_stops_the_build_and_keeps_the_published_html(data_copy, monkeypatch, capsys):
    html = paths.BUILD / "html"
    if not (html / "index.html").exists():
        pytest.fail("no built HTML: run `make book` first")
    before = publish.tree_digest(html)
    rewrite(data_copy / "raw/staff_by_grade.csv", "III,A,31", "III,A,-31")
    monkeypatch.setattr(build.paths, "DATA", data_copy)
    assert build.main(["html"]) == 1
    err = capsys.readouterr().err
    assert "data/raw/staff_by_grade.csv, row 5 (line 6), column 'staff'" in err and "[rule: minimum 0]" in err
    assert "previous output" in err
    assert publish.tree_digest(html) == before


@pytest.mark.parametrize("step", ["html", "pdf"])
def test_a_failed_build_step_publishes_nothing(monkeypatch, capsys, step):
    """A failure while building the HTML or the PDF leaves the published site exactly as it was."""
    site = publish.SITE
    if not (site / "versions.json").exists():
        pytest.fail("no published site: run `make book` first")
    before = publish.tree_digest(site)
    monkeypatch.setenv("RUDIBOOK_FAIL_AT", step)
    assert build.main(["all"]) == 1
    assert f"injected failure at step '{step}'" in capsys.readouterr().err
    assert publish.tree_digest(site) == before
