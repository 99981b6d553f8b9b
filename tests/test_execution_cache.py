"""Staleness is decided from what each notebook recorded reading when it last
ran: in a copy of the project, editing one input of each kind makes exactly
the notebooks that read it stale, and nothing else does. A notebook that reads
a project file behind the engine's back is refused, not trusted."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from reprobook import project as projects

ROOT = projects.here().root
ALL = ["apparatus", "consistency", "context", "earlier_research", "fees", "findings", "frameworks", "informants", "models",
       "office", "procedures", "reconciliation", "service", "staffing", "uptake"]

# Each kind of input, one file of it, and the notebooks that read it. Notebooks glue
# data and the book renders it, so no edit to how a page looks (the renderer, the
# extension, the pipeline, a caption's or a legend's words) re-runs a notebook.
TABLE = [
    ("data resource", "data/raw/passport_fees.csv", ["fees", "reconciliation"]),
    ("data descriptor", "data/datapackage.yaml", [n for n in ALL if n not in ("frameworks", "models")]),
    ("diagram", "data/diagrams/fig-5-4.yaml", ["context", "procedures", "reconciliation"]),
    ("diagram", "data/diagrams/fig-5-5.yaml", ["models"]),
    ("registry of printed values", "data/printed/registry.csv",
     ["context", "reconciliation", "service", "staffing", "uptake"]),
    ("strings a notebook draws into its chart", "strings/fees.yaml", ["fees"]),
    ("strings a notebook reads to choose", "strings/reconciliation.yaml", ["reconciliation"]),
    ("caption provenance strings", "strings/provenance.yaml", []),
    ("diagram legend strings", "strings/legend.yaml", []),
    ("engine strings of reconciliation classes", "engine/src/reprobook/strings/reconcile.yaml", []),
    ("engine number marks, drawn into charts", "engine/src/reprobook/strings/numbers.yaml", ["context", "fees", "uptake"]),
    ("engine module", "engine/src/reprobook/graphs.py", ["frameworks", "models", "procedures"]),
    ("engine module: the glue format", "engine/src/reprobook/glue.py", ALL),
    ("content module", "src/rudi2021/procedures.py", ["context", "procedures", "reconciliation", "staffing", "uptake"]),
    ("chapter prose", "book/id/chapters/results.md", []),
    ("a notebook's markdown cell", "notebooks/fees.ipynb#markdown", []),
] + [(f"engine rendering: {rel}", f"engine/src/reprobook/{rel}", []) for rel in (
    "render/table.py", "render/inline.py", "render/provenance.py", "render/drawing.py", "render/latex.py",
    "sphinxext/paste.py", "sphinxext/__init__.py", "sphinxext/edition_bar.py", "pipeline/build.py",
    "pipeline/figures.py", "pipeline/publish.py", "context.py")]

CHECK = """
import json, sys
from pathlib import Path
from reprobook import project
from reprobook.execution import ledger
p = project.here()
out = {}
for case in json.loads(sys.argv[1]):
    path = Path(case.split("#")[0])
    before = path.read_bytes()
    if case.endswith("#markdown"):
        nb = json.loads(before)
        cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        cell["source"] = "".join(cell["source"]) + " (diedit)"
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\\n", encoding="utf-8")
    else:
        path.write_bytes(before + (b"\\n# an edit\\n" if path.suffix in (".py", ".yaml") else b"\\n"))
    out[case] = sorted(q.stem for q in ledger.stale(p))
    path.write_bytes(before)
out["after"] = sorted(q.stem for q in ledger.stale(p))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The working tree (tracked and new files, as they are now), without builds."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    copy = tmp_path_factory.mktemp("project") / "main"
    for rel in filter(None, listed):
        src = ROOT / rel
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), copy / rel)
        elif src.is_file():
            shutil.copy2(src, copy / rel)
    return copy


def _python(project, code, *args, timeout=600):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(project / "engine" / "src"), str(project / "src")]),
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=project, env=env, capture_output=True, text=True,
                         timeout=timeout)
    return out


def test_editing_each_kind_of_input_makes_exactly_its_readers_stale(project):
    out = _python(project, CHECK, json.dumps([case for _, case, _ in TABLE]))
    assert out.returncode == 0, out.stderr[-2000:]
    stale = json.loads(out.stdout.strip().splitlines()[-1])
    assert stale.pop("after") == []  # the copy starts (and ends) with nothing to run
    assert {case: stale[case] for _, case, _ in TABLE} == {case: readers for _, case, readers in TABLE}


RUN = ("import json; from reprobook import project; from reprobook.execution import runner; "
       "print(json.dumps([p.name for p in runner.run_stale(project.here(), log=lambda *a: None)]))")


@pytest.mark.notebooks
def test_a_data_edit_reruns_exactly_its_readers_and_then_nothing(project):
    fees = project / "data" / "raw" / "passport_fees.csv"
    before = fees.read_text(encoding="utf-8")
    try:
        fees.write_text(before.replace("10,Paspor biasa 48", "10,Paspor Biasa 48"), encoding="utf-8")
        for expected in (["fees.ipynb", "reconciliation.ipynb"], []):
            out = _python(project, RUN)
            assert out.returncode == 0, out.stderr[-2000:]
            assert sorted(json.loads(out.stdout.strip().splitlines()[-1])) == expected
    finally:
        fees.write_text(before, encoding="utf-8")


@pytest.mark.notebooks
def test_a_notebook_that_reads_a_file_behind_the_engine_is_refused(project):
    import nbformat

    path = project / "notebooks" / "sneaky.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('text = open("../data/raw/passport_fees.csv").read()')]
    nbformat.write(nb, path)
    try:
        out = _python(project, RUN)
        assert out.returncode != 0
        assert ("notebooks/sneaky.ipynb: read data/raw/passport_fees.csv without the engine, so editing it would not "
                "re-run the notebook [rule: notebooks read project files through reprobook]") in out.stderr
        records = json.loads((project / "notebooks" / "ledger.json").read_text(encoding="utf-8"))
        assert "sneaky.ipynb" not in records
    finally:
        path.unlink()


def test_the_command_lists_the_stale_notebooks_one_per_line_and_runs_nothing(project):
    fees = project / "data" / "raw" / "passport_fees.csv"
    before = fees.read_bytes()
    try:
        fees.write_bytes(before + b"\n")
        notebooks = {p: p.read_bytes() for p in (project / "notebooks").iterdir()}
        out = _python(project, "import sys; from reprobook import cli; sys.exit(cli.main(['notebooks', '--stale']))")
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.splitlines() == ["notebooks/fees.ipynb", "notebooks/reconciliation.ipynb"]
        assert {p: p.read_bytes() for p in (project / "notebooks").iterdir()} == notebooks  # nothing ran
    finally:
        fees.write_bytes(before)
