"""How a project's suite is spread over the cores (reprobook.testing): a module's
tests run on one worker (its module fixtures are made once), tests marked with
one ``xdist_group`` run on one worker even across modules (a costly session
fixture is made once), and a module marked ``spread`` is dealt out test by test.

The run is the one ``reprobook test`` makes: ``-n 2 --dist loadgroup``. A
pytest that ignores the groups (pytest 9.2 with pytest-xdist 3.8:
pytest-dev/pytest-xdist#1386) fails here rather than making every costly
fixture twice in the real suite."""
import re
import subprocess
import sys
from collections import defaultdict

MODULES = {  # a module's marks, and how long each of its tests takes
    "test_alone.py": ("", 0.02),
    "test_shared_a.py": ('pytestmark = pytest.mark.xdist_group("shared")', 0.02),
    "test_shared_b.py": ('pytestmark = pytest.mark.xdist_group("shared")', 0.02),
    "test_dealt.py": ("pytestmark = pytest.mark.spread", 0.3),  # long enough to keep both workers busy
}


def test_modules_and_groups_stay_on_one_worker_and_a_spread_module_is_dealt_out(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "conftest.py").write_text('pytest_plugins = ["reprobook.testing"]\n')
    for name, (mark, seconds) in MODULES.items():
        (tests / name).write_text(f"import time\n\nimport pytest\n\n{mark}\n\n\n"
                                  "@pytest.mark.parametrize('i', range(8))\n"
                                  f"def test_one(i):\n    time.sleep({seconds})\n")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup",
                           "-v", "tests"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    workers = defaultdict(set)
    for worker, module in re.findall(r"^\[(gw\d)\] .*?PASSED tests/(test_\w+\.py)::", done.stdout, flags=re.M):
        workers[module].add(worker)
    assert sorted(workers) == sorted(MODULES), done.stdout[-3000:]
    assert len(workers["test_alone.py"]) == 1
    assert len(workers["test_shared_a.py"] | workers["test_shared_b.py"]) == 1
    assert workers["test_dealt.py"] == {"gw0", "gw1"}


def test_the_suite_is_one_run_with_a_worker_per_core_for_as_many_files_and_none_for_one(tmp_path, monkeypatch):
    """The test modules and the notebooks (nbval) go in one run, with a worker per
    core when there are enough files to deal out (testing.FILES_PER_WORKER a core),
    none for a small book's few (workers would only start them later); the unit
    tests alone (`fast`) leave the notebooks out."""
    from types import SimpleNamespace

    from reprobook import testing

    monkeypatch.setattr(testing.os, "cpu_count", lambda: 2)
    (tmp_path / "tests").mkdir()
    (tmp_path / "notebooks").mkdir()
    project = SimpleNamespace(root=tmp_path, notebooks=tmp_path / "notebooks", folders={"notebooks": "notebooks"})
    monkeypatch.chdir(tmp_path)

    def run(**how) -> list[str]:
        (cmd,) = testing.commands(project, **how)
        assert cmd[:len(testing.PYTEST)] == testing.PYTEST
        return cmd[len(testing.PYTEST):]  # pytest's own arguments

    def given(args, option):
        return args[args.index(option) + 1]

    (tmp_path / "tests" / "test_one.py").touch()
    assert given(run(), "-n") == "0"
    (tmp_path / "notebooks" / "a.ipynb").touch()  # a new book's: one test module, one notebook
    args = run()
    assert given(args, "-n") == "0" and args[args.index("--nbval"):] == ["--nbval", "tests", "notebooks"]
    assert given(args, "--dist") == "loadgroup" and "--no-loadscope-reorder" in args  # costliest_first's order
    assert "-m" not in args
    for i in range(2 * testing.FILES_PER_WORKER - 3):
        (tmp_path / "tests" / f"test_{i}.py").touch()
    assert given(run(), "-n") == "0"  # one file short of enough for two workers
    (tmp_path / "notebooks" / "b.ipynb").touch()
    assert given(run(), "-n") == "2"
    assert given(run(unit=False), "-m") == "not unit"
    fast = run(fast=True)
    assert given(fast, "-m") == "unit" and "--nbval" not in fast and "notebooks" not in fast


def test_the_costliest_modules_come_first_and_those_dealt_out_last_each_in_its_own_order():
    from reprobook import testing

    class Item:
        def __init__(self, nodeid, *marks):
            self.nodeid, self.marks = nodeid, marks

        def get_closest_marker(self, name):
            return name if name in self.marks else None

    items = [Item("t/test_a.py::x", "unit"), Item("t/test_a.py::y", "book"), Item("t/test_site.py::p1", "browser", "spread"),
             Item("t/test_b.py::z", "builds"), Item("t/test_site.py::p2", "browser", "spread"),
             Item("t/test_c.py::w", "browser"), Item("t/test_b.py::v", "builds"), Item("a.ipynb::Cell 0", "notebooks")]
    testing.costliest_first(items)
    assert [i.nodeid for i in items] == ["t/test_b.py::z", "t/test_b.py::v", "a.ipynb::Cell 0", "t/test_c.py::w",
                                         "t/test_a.py::x", "t/test_a.py::y", "t/test_site.py::p1", "t/test_site.py::p2"]
