"""A new book in one command: ``reprobook new DIR`` copies the template
(reprobook/template/): one CSV with its schema, one notebook that glues a
number, a table and a figure, one chapter, a registry with the numbers the
thesis prints, a Makefile, a CI script and tests. The folder becomes a git
repository with one commit, since versions come from git tags.

``reprobook venv DIR`` makes the new book's environment share the packages of
the Python that runs it (a .pth file, the mechanism editable installs use), so
a book started from an installed engine needs no second download.
"""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from .errors import ConfigError

TEMPLATE = Path(__file__).resolve().parent / "template"
FILLED = {"Makefile", "README.md"}  # files whose @PLACEHOLDERS@ are filled in


def engine_source() -> Path:
    """The folder the engine is installed from (its pyproject.toml), for a fresh install elsewhere."""
    return Path(__file__).resolve().parents[2]


def create(target: Path) -> Path:
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise ConfigError(str(target), "a new book starts in an empty folder", "the folder is not empty")
    shutil.copytree(TEMPLATE, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    values = {"@ENGINE_PYTHON@": sys.executable, "@ENGINE_SOURCE@": str(engine_source())}
    for name in FILLED:
        path = target / name
        text = path.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        path.write_text(text, encoding="utf-8")
    (target / ".ci" / "run").chmod(0o755)
    link = target / "book" / "en" / "notebooks"  # each edition's notebook pages are the project's notebooks
    if not link.exists():
        link.symlink_to(Path("..") / ".." / "notebooks")
    _git(target)
    return target


def _git(target: Path) -> None:
    """One commit, so the book has a version from its first build."""
    env = dict(os.environ)
    for var, value in (("GIT_AUTHOR_NAME", "reprobook new"), ("GIT_AUTHOR_EMAIL", "reprobook@localhost")):
        env.setdefault(var, value)
        env.setdefault(var.replace("AUTHOR", "COMMITTER"), value)
    for cmd in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "A new book from the reprobook template"]):
        subprocess.run(["git", *cmd], cwd=target, env=env, check=True, capture_output=True)


def shared_venv(target: Path) -> Path:
    """A virtual environment at `target` that sees this Python's packages and the
    project's own src/ folder."""
    target = target.resolve()
    venv.EnvBuilder(with_pip=False, symlinks=True, clear=True).create(target)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(target), "platbase": str(target)}))
    mine = [p for p in dict.fromkeys(site.getsitepackages() + [sysconfig.get_path("purelib")]) if Path(p).is_dir()]
    lines = [f"import site; site.addsitedir({p!r})" for p in mine] + [str(Path.cwd().resolve() / "src")]
    (purelib / "reprobook-shared.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
