"""Warm kernels (reprobook.execution.kernels): forked from a process that has the
heavy modules imported, one per notebook, with outputs identical to a cold
kernel's and nothing carried from one notebook to the next."""
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from reprobook import project as projects
from reprobook.execution import kernels

pytestmark = pytest.mark.notebooks


def _run(nb, provisioner: str, cwd: Path):
    old = os.environ.get(kernels.ENV)
    os.environ[kernels.ENV] = provisioner
    try:
        from jupyter_client.provisioning import KernelProvisionerFactory

        KernelProvisionerFactory.instance().default_provisioner_name = provisioner
        NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(cwd)}}).execute()
    finally:
        if old is None:
            os.environ.pop(kernels.ENV, None)
        else:
            os.environ[kernels.ENV] = old
    return nb


def _cells(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_no_name_or_module_state_leaks_from_one_notebook_to_the_next(tmp_path):
    first = _cells("LEAKED = 1\nimport matplotlib\nmatplotlib.rcParams['lines.linewidth'] = 9.0\n"
                   "import pandas\npandas.set_option('display.max_rows', 3)")
    second = _cells("print('LEAKED' in globals())",
                    "import matplotlib, pandas\nprint(matplotlib.rcParams['lines.linewidth'],"
                    " pandas.get_option('display.max_rows'))",
                    "import sys\nprint('pandas' in sys.modules, 'reprobook.glue' in sys.modules)")
    _run(first, kernels.NAME, tmp_path)
    out = _run(second, kernels.NAME, tmp_path)
    texts = ["".join(o.get("text", "") for o in c.outputs).strip() for c in out.cells]
    assert texts[0] == "False"  # a fresh namespace
    assert texts[1] == "1.5 60"  # matplotlib's and pandas' defaults, not what the first notebook set
    assert texts[2] == "True False"  # pandas came preloaded; the engine's own modules did not


def test_a_notebook_gives_byte_identical_outputs_on_a_warm_and_a_cold_kernel():
    path = projects.here().notebooks / "staffing.ipynb"
    cold = _run(nbformat.read(path, as_version=4), "local-provisioner", path.parent)
    warm = _run(nbformat.read(path, as_version=4), kernels.NAME, path.parent)
    for nb in (cold, warm):
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
    assert nbformat.writes(warm) == nbformat.writes(cold)


def test_a_warm_kernel_is_a_child_of_the_forkserver_and_ends_with_its_notebook(tmp_path):
    nb = _run(_cells("import os\nprint(os.getpid(), os.getppid(), os.getpgid(0) == os.getpid())"), kernels.NAME,
              tmp_path)
    pid, ppid, leader = nb.cells[0].outputs[0]["text"].split()
    assert int(ppid) != os.getpid() and leader == "True"  # forked by the forkserver, in a session of its own
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid), 0)  # shut down with its notebook


def test_what_a_notebook_records_does_not_depend_on_the_process_that_ran_it(tmp_path):
    """The preview runs notebooks from a process that imported reprobook.cli and
    reprobook.preview; a kernel forked from there must not record them as the
    notebook's inputs (an edit to cli.py would make every notebook stale, and a
    preview would leave notebooks/ledger.json changed)."""
    import reprobook.cli  # noqa: F401 - as the preview's process has it
    import reprobook.preview  # noqa: F401

    nb = _run(_cells("import sys\nprint(sorted(m for m in sys.modules if m.startswith('reprobook')))",
                     "from reprobook.execution import record\nimport reprobook.values\nprint(record.modules())"),
              kernels.NAME, tmp_path)
    before, recorded = ("".join(o.get("text", "") for o in c.outputs).strip() for c in nb.cells)
    assert before == "[]"
    assert "reprobook.cli" not in recorded and "reprobook.preview" not in recorded and "reprobook.values" in recorded
