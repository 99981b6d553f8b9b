"""The ledger records what a notebook's run read: an input saved again while the
notebook ran is recorded as such, so the notebook stays stale until a run has
read that version (the preview runs it again on the save's own event)."""
import json
import time
from types import SimpleNamespace

import nbformat

from reprobook.execution import ledger

REPORT = {"files": ["data/counts.csv"], "settings": [], "modules": []}


def _project(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "counts.csv").write_text("year,count\n2021,45\n", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", id="c01")])
    path = tmp_path / "notebooks" / "counts.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return SimpleNamespace(root=tmp_path, notebooks=tmp_path / "notebooks"), nb, path


def test_an_input_unchanged_during_the_run_is_recorded_by_its_fingerprint(tmp_path):
    project, nb, path = _project(tmp_path)
    started = time.time_ns()
    entry = ledger.entry(project, nb, REPORT, started_ns=started)
    assert entry["files"]["data/counts.csv"] == ledger.file_fingerprint(project, "data/counts.csv")
    assert ledger.why_stale(project, path, {path.name: entry}) is None


def test_an_input_saved_while_the_notebook_ran_keeps_it_stale(tmp_path):
    project, nb, path = _project(tmp_path)
    started = time.time_ns()
    time.sleep(0.02)  # past the file system's clock tick
    data = tmp_path / "data" / "counts.csv"
    data.write_text("year,count\n2021,46\n", encoding="utf-8")  # saved as the notebook ran
    entry = ledger.entry(project, nb, REPORT, started_ns=started)
    assert entry["files"]["data/counts.csv"] == ledger.CHANGED_WHILE_RUNNING
    assert ledger.why_stale(project, path, {path.name: entry}) == "data/counts.csv changed"
    json.dumps(entry)  # kept in ledger.json as it is
