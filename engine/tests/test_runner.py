"""Running one notebook (reprobook.execution.runner.execute), with the kernel's
client stood in for: a kernel that never started is started once more, and a
kernel that died while the notebook ran is an error, not a second run."""
import json
from types import SimpleNamespace

import nbformat
import pytest
import zmq

from reprobook.execution import runner

REPORT = json.dumps({"files": [], "settings": [], "modules": [], "opened": []})


class Client:
    """Fails with each of `failures` in turn, then runs: the report cell prints the report."""

    def __init__(self, nb, failures, started):
        self.nb, self.failures, self.started = nb, failures, started

    def execute(self):
        self.started.append(1)
        if self.failures:
            raise self.failures.pop(0)
        self.nb.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=REPORT + "\n")]


@pytest.fixture
def notebook(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    path = tmp_path / "notebooks" / "counts.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", id="c01")]), path)
    project = SimpleNamespace(root=tmp_path, notebooks=tmp_path / "notebooks",
                              relative=lambda p: p.relative_to(tmp_path).as_posix())

    def run(*failures):
        pending, started = list(failures), []
        monkeypatch.setattr(runner, "_client", lambda project, nb, path, timeout: Client(nb, pending, started))
        return runner.execute(project, path), len(started)

    return run


def test_a_kernel_that_died_before_its_first_reply_is_started_once_more(notebook):
    entry, starts = notebook(RuntimeError("Kernel died before replying to kernel_info"))
    assert starts == 2 and entry["files"] == {}


def test_a_port_taken_as_the_kernel_starts_is_started_once_more(notebook):
    assert notebook(zmq.error.ZMQError())[1] == 2


def test_a_kernel_that_dies_twice_before_replying_is_an_error(notebook):
    died = RuntimeError("Kernel died before replying to kernel_info")
    with pytest.raises(RuntimeError, match="kernel_info"):
        notebook(died, RuntimeError("Kernel died before replying to kernel_info"))


def test_a_kernel_that_died_while_the_notebook_ran_is_not_run_again(notebook):
    from nbclient.exceptions import DeadKernelError

    with pytest.raises(DeadKernelError):
        notebook(DeadKernelError("Kernel died"))
