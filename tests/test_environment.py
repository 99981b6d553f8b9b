import tomllib

import yaml

from rudibook import paths


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(p for p in pip if not p.startswith("-e")) == sorted(project)


def test_jupyter_book_is_pinned_below_2():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "jupyter-book<2" in project
