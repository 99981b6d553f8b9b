"""A failed build must leave the last good output exactly as it was."""
import contextlib
import dataclasses
import shutil

import pytest
from data_helpers import rewrite

from reprobook import digest
from reprobook.pipeline import build, publish

pytestmark = pytest.mark.builds


def test_bad_data_stops_the_build_and_keeps_the_published_html(project, data_copy, capsys):
    """The project, reading its data from a private copy that the test breaks."""
    html = project.build / "html"
    if not (html / project.default_lang / "index.html").exists():
        pytest.fail("no built HTML: run `make book` first")
    before = digest.of_tree(html)
    rewrite(data_copy / "raw/staff_by_grade.csv", "III,A,31", "III,A,-31")
    moved = dataclasses.replace(project, folders={**project.folders, "data": str(data_copy)})
    assert build.main(moved, "html") == 1
    err = capsys.readouterr().err
    assert "data/raw/staff_by_grade.csv, row 5 (line 6), column 'staff'" in err and "[rule: minimum 0]" in err
    assert "as the last good build left them" in err
    assert digest.of_tree(html) == before


@contextlib.contextmanager
def _context_kept(project, tmp_path):
    """Around a failed `build all`: the build folder's context as it was before. The
    failed build is a development one, as the site's steps need one that publishes
    (a release's version publishes nothing); under a release, whose own build the
    tests read, it writes the development version's stamp into the context, and every
    test after it would look for that version's PDFs."""
    context = project.build / "context"
    kept = tmp_path / "context"
    shutil.copytree(context, kept, symlinks=True)
    try:
        yield
    finally:
        shutil.rmtree(context)
        shutil.copytree(kept, context, symlinks=True)


@pytest.mark.parametrize("step", ["html", "pdf"])
def test_a_failed_build_step_publishes_nothing(project, monkeypatch, capsys, tmp_path, step):
    """A failure while building the HTML or the PDF leaves the site and both outputs exactly as they were."""
    outputs = [publish.site(project), project.build / "html", project.build / "pdf"]
    if not (publish.site(project) / "versions.json").exists():
        pytest.fail("no published site: run `make book` first")
    before = [digest.of_tree(p) for p in outputs]
    monkeypatch.setenv("REPROBOOK_FAIL_AT", step)
    with _context_kept(project, tmp_path):
        assert build.main(project, "all") == 1
    assert f"step '{step}': injected failure" in capsys.readouterr().err
    assert [digest.of_tree(p) for p in outputs] == before


@pytest.mark.parametrize("step,code,said", [
    ("html", "ENOSPC", "No space left on device: free some space on the disk, then build again"),
    ("copy", "ENOSPC", "No space left on device: free some space on the disk"),
    ("move", "EROFS", "Read-only file system: build on a writable disk (--build-dir)"),
])
def test_a_full_disk_or_a_read_only_folder_is_one_clear_message_and_leaves_no_debris(project, monkeypatch, capsys,
                                                                                       tmp_path, step, code, said):
    """The operating system's refusal (injected where the build writes: its HTML, the
    site's next generation, the switch) ends in BUILD FAILED with the rule and what to
    do, not a traceback; the outputs are as before and no staging folder is left."""
    outputs = [publish.site(project), project.build / "html", project.build / "pdf"]
    if not (publish.site(project) / "versions.json").exists():
        pytest.fail("no published site: run `make book` first")
    before = [digest.of_tree(p) for p in outputs]
    monkeypatch.setenv("REPROBOOK_FAIL_AT", step)
    monkeypatch.setenv("REPROBOOK_FAIL_WITH", code)
    with _context_kept(project, tmp_path):
        assert build.main(project, "all") == 1
    err = capsys.readouterr().err
    assert "BUILD FAILED: " in err and said in err and "Traceback" not in err
    assert "[rule: the build can write its work, its outputs and the site]" in err
    assert [digest.of_tree(p) for p in outputs] == before
    store = project.build / ".generations"
    shown = {(project.build / p.name).resolve() for p in project.build.iterdir() if p.is_symlink()}
    assert sorted(g.name for g in store.iterdir() if g.resolve() not in shown) == []
