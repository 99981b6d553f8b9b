"""The execution cache knows about data, not only code: in a copy of the
project, editing one data file re-executes exactly the notebooks that read it,
and editing only prose re-executes none. The notebooks really run here."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from rudibook import paths

RUN_STALE = "import json; from rudibook import execute; print(json.dumps([p.name for p in execute.run_stale(log=lambda *a: None)]))"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The working tree (tracked and new files, as they are now), without builds."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=paths.ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    copy = tmp_path_factory.mktemp("project") / "main"
    for rel in filter(None, listed):
        src = paths.ROOT / rel
        if src.is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / rel)
    return copy


def _run_stale(project):
    env = dict(os.environ, PYTHONPATH=str(project / "src"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    out = subprocess.run([sys.executable, "-c", RUN_STALE], cwd=project, env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return sorted(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_copy_starts_with_nothing_to_run(project):
    assert _run_stale(project) == []


def test_editing_prose_reexecutes_no_notebook(project):
    chapter = project / "book" / "chapters" / "results.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSatu kalimat tambahan.\n", encoding="utf-8")
    labels = project / "book" / "front" / "how_made.md"
    labels.write_text(labels.read_text(encoding="utf-8").replace("Perbedaan ditampilkan", "Perbedaan diperlihatkan"),
                      encoding="utf-8")
    assert _run_stale(project) == []


def test_editing_one_data_file_reexecutes_exactly_its_readers(project):
    fees = project / "data" / "raw" / "passport_fees.csv"
    text = fees.read_text(encoding="utf-8")
    assert "10,Paspor biasa 48" in text
    fees.write_text(text.replace("10,Paspor biasa 48", "10,Paspor Biasa 48"), encoding="utf-8")
    assert _run_stale(project) == ["fees.ipynb", "reconciliation.ipynb"]
    assert _run_stale(project) == []  # and once run, they are up to date again
