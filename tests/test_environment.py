"""The installation: one list of packages in two files, and the pins that matter."""
import tomllib
import yaml

from reprobook import project as projects

PROJECT = projects.here()

ROOT = PROJECT.root


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _engine():
    return tomllib.loads((ROOT / "engine" / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_packages_as_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert [p for p in pip if p.startswith("-e")] == ["-e ./engine", "-e ."]  # the engine first
    assert sorted(p for p in pip if not p.startswith("-e")) == sorted(_project()["project"]["dependencies"])


def test_jupyter_book_is_pinned_below_2():
    assert "jupyter-book<2" in _engine()["project"]["dependencies"]


def test_the_engine_is_its_own_package_with_one_command():
    assert _engine()["project"]["name"] == "reprobook"
    assert _engine()["project"]["scripts"] == {"reprobook": "reprobook.cli:main"}
    assert "scripts" not in _project()["project"]
