"""Every recorded release in the published site, on any clone: ``build all``
publishes each release the repository records (pipeline.records) that the site
does not hold yet, rebuilt from its own commit with its own lock, and accepts
it only when the rebuilt tree is its manifest, byte for byte. A release the
site already holds is checked against its manifest at the start of every
build, before any work of its own.

A rebuild checks the release's commit out beside the project
(``<build>/releases/X.Y.Z/src``, a git worktree) and runs that commit's own
engine there: ``reprobook build all --as-release X.Y.Z``, which builds and
publishes nothing. The Python it runs is this one when the release's lock is
the current lock, else an environment made from the release's lock once and
kept (``<build>/releases/X.Y.Z/venv``). The rebuild's work stays there as a
cache until ``reprobook clean``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .. import atomic
from ..errors import PublishError
from . import publish, records
from . import version as versions
from .stamp import Stamp

RULE = "a recorded release rebuilds byte for byte"
FOLDER = "releases"


def work(project, version: str) -> Path:
    return project.build / FOLDER / version


def _worktree(project, rec, src: Path) -> None:
    if (src / ".git").exists() and versions.git(src, "rev-parse", "HEAD") == rec.commit:
        return
    present = subprocess.run(["git", "cat-file", "-e", f"{rec.commit}^{{commit}}"], cwd=project.root,
                             capture_output=True).returncode == 0
    if not present:
        raise PublishError(f"{records.FOLDER}/{rec.version}.json", RULE,
                           f"commit {rec.commit[:10]} of release {rec.version} is not in this clone: fetch it")
    shutil.rmtree(src, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=project.root, capture_output=True)
    done = subprocess.run(["git", "worktree", "add", "--detach", "--force", str(src), rec.commit], cwd=project.root,
                          capture_output=True, text=True)
    if done.returncode:
        raise PublishError(project.relative(src), RULE, f"cannot check out release {rec.version}: {done.stderr.strip()}")


def _python(project, rec, src: Path, folder: Path, log) -> tuple[str, dict]:
    """The Python that rebuilds a release, and what its environment adds."""
    lock = project.lock.relative_to(project.root).as_posix()
    theirs = subprocess.run(["git", "show", f"{rec.commit}:{lock}"], cwd=project.root, capture_output=True).stdout
    ours = project.lock.read_bytes() if project.lock.is_file() else b""
    if theirs == ours:  # the same lock, or none at all (a book that has not locked its environment)
        # the same lock: this environment, with the release's own engine and content ahead of the installed ones
        return sys.executable, {"PYTHONPATH": os.pathsep.join([str(src / "engine" / "src"), str(src / "src")])}
    venv = folder / "venv"
    marker = venv / ".lock"
    if not (marker.is_file() and marker.read_bytes() == theirs):
        log(f"release {rec.version}: its own environment, from its lock")
        shutil.rmtree(venv, ignore_errors=True)
        steps = [[sys.executable, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps",
                  "-r", str(src / "bootstrap.lock")],
                 [str(venv / "bin" / "uv"), "pip", "sync", "--quiet", "--python", str(venv / "bin" / "python"),
                  "--require-hashes", "--compile-bytecode", str(src / lock)],  # as the Makefile does
                 [str(venv / "bin" / "uv"), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
                  "--no-deps", "--no-build-isolation", "-e", str(src / "engine"), "-e", str(src)]]
        for cmd in steps:
            done = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
            if done.returncode:
                raise PublishError(f"{records.FOLDER}/{rec.version}.json", RULE,
                                   f"cannot install release {rec.version}'s environment: {done.stderr.strip()[-800:]}")
        marker.write_bytes(theirs)
    return str(venv / "bin" / "python"), {}


def rebuilt(project, rec, log=print) -> Path:
    """The version tree of a release, built anew from its commit (or kept from the last time)."""
    folder = work(project, rec.version)
    src = folder / "src"
    out = folder / "build"
    _worktree(project, rec, src)
    python, extra = _python(project, rec, src, folder, log)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPROBOOK_", "PYTEST_"))}
    env.update(extra, SOURCE_DATE_EPOCH=str(rec.epoch))
    log(f"release {rec.version}: rebuilding from commit {rec.commit[:10]}")
    done = subprocess.run([python, "-m", "reprobook", "--build-dir", str(out), "build", "all", "--as-release",
                           rec.version], cwd=src, env=env, capture_output=True, text=True)
    if done.returncode:
        raise PublishError(f"{records.FOLDER}/{rec.version}.json", RULE,
                           f"release {rec.version} did not build from its commit: "
                           f"{(done.stderr.strip() or done.stdout.strip())[-1500:]}")
    return (out / "html").resolve()


def _agrees(rec, tree: Path) -> None:
    """The record's stamp is the one the published tree was built with (its build.json)."""
    built = json.loads((tree / "build.json").read_text(encoding="utf-8"))
    for name in ("version", "commit", "date", "epoch", "data"):
        if built.get(name) != getattr(rec, name):
            raise PublishError(f"{records.FOLDER}/{rec.version}.json", RULE,
                               f"its {name} is {getattr(rec, name)!r}, but release {rec.version} was built with "
                               f"{built.get(name)!r}")


def _held(project, rec) -> Path | None:
    """The published tree of a release, if the site holds it."""
    live = atomic.current(publish.site(project))
    held = live / publish.folder_for(rec.version) if live else None
    return held if held is not None and held.exists() else None


def check_held(project) -> None:
    """Every release the site holds is its record, byte for byte. Cheap (the files'
    fingerprints), so a build checks this before any work of its own: an altered
    site is refused at once, not after the book was built."""
    site_link = publish.site(project)
    for rec in records.read(project.root):
        held = _held(project, rec)
        if held is None:
            continue
        rel = records.first_difference(records.manifest(project.root, rec.version), held)
        if rel is not None:
            raise PublishError(f"{project.relative(site_link)}/{held.name}/{rel}", RULE,
                               f"the published release {rec.version} differs from its record "
                               f"({records.FOLDER}/{rec.version}.sha256)")
        _agrees(rec, held)


def ensure(project, catalog, log=print) -> list[str]:
    """Publish every recorded release the site lacks (those it holds were checked,
    `check_held`, before the build began, under the same lock); the versions
    published now."""
    done = []
    for rec in records.read(project.root):
        if _held(project, rec) is not None:
            continue
        tree = rebuilt(project, rec, log)
        st = Stamp(rec.version, rec.commit, rec.date, rec.epoch, rec.data)
        publish.publish(project, catalog, tree, st, expected=records.manifest(project.root, rec.version))
        log(f"site: release {rec.version} rebuilt and published")
        done.append(rec.version)
    return done
