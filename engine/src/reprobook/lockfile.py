"""The locked environment: one file (``requirements.lock``) pins every Python
package the book's build and tests run, transitive ones included, each with
the hashes of its files, as uv writes it; ``bootstrap.lock`` beside it pins the
installer, uv, which the Makefile installs first and then asks to make the
environment exactly the lock (``uv pip sync``).

``reprobook lock`` resolves the lock again (``--upgrade``: every package to its
newest release the engine's ranges allow) and says what changed; the
Makefile's ``make lock`` then reinstalls and runs the whole suite, so an
upgrade shows at once what it changed. Builds record what the lock holds and
whether the running environment matches it (reprobook.pipeline.environment).
"""
from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from .errors import ConfigError

BOOTSTRAP = "bootstrap.lock"
INSTALLER = "uv"
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def name(dist: str) -> str:
    """A distribution's normalised name (PEP 503): Jinja2, jinja2 and jinja_2 are one."""
    return re.sub(r"[-_.]+", "-", dist).lower()


def pins(text: str) -> dict[str, str]:
    """Normalised name -> version of every pinned package of a lock's text."""
    return {name(n): v for n, v in PINNED.findall(text)}


def read(project) -> dict[str, str]:
    if not project.lock.is_file():
        raise ConfigError(project.relative(project.lock), "the environment is locked",
                          "no lock file: run `make lock` to write one")
    return pins(project.lock.read_text(encoding="utf-8"))


def installed(own: tuple[str, ...] = ()) -> dict[str, str]:
    """Normalised name -> version of every package installed in this Python, but `own`
    (the project's editable packages, which the lock cannot pin)."""
    out = {}
    for dist in metadata.distributions():
        n = name(dist.metadata["Name"] or "")
        if n and n not in own:
            out[n] = dist.version
    return out


def differences(locked: dict[str, str], present: dict[str, str]) -> dict[str, list]:
    """Package -> [locked, installed] wherever they differ (None: absent)."""
    return {n: [locked.get(n), present.get(n)] for n in sorted(set(locked) | set(present))
            if locked.get(n) != present.get(n)}


def _entry(text: str, dist: str) -> str:
    """One package's lines of a lock (its pin and hashes)."""
    m = re.search(rf"^{re.escape(dist)}==.*?(?=^\S|\Z)", text, re.M | re.S)
    if not m:
        raise ConfigError("", "the lock pins its installer", f"no '{dist}==' entry in the lock")
    return m.group(0).rstrip() + "\n"


def resolve(project, upgrade: bool, log=print) -> dict[str, list]:
    """Write the lock (and bootstrap.lock) anew with uv; what changed, package by package."""
    env = project.environment
    uv = Path(sys.executable).with_name(INSTALLER)
    if not uv.is_file():
        raise ConfigError(str(uv), "the lock is written by uv", "uv is not installed beside this Python (make lock "
                                                                  "installs it from bootstrap.lock)")
    inputs = env.get("inputs", ["pyproject.toml"])
    missing = [i for i in inputs if not (project.root / i).is_file()]
    if missing:
        raise ConfigError("reprobook.yaml, key 'environment.inputs'", "the lock's inputs exist",
                          f"not found: {', '.join(missing)}")
    before = pins(project.lock.read_text(encoding="utf-8")) if project.lock.is_file() else {}
    python = env.get("python") or ".".join(map(str, sys.version_info[:3]))
    cmd = [str(uv), "pip", "compile", *inputs, "--generate-hashes", "--python-version", python,
           "--python-platform", env.get("platform", "x86_64-unknown-linux-gnu"), "--no-header",
           "--annotation-style", "line", "--quiet", "-o", project.relative(project.lock)]
    if upgrade:
        cmd.append("--upgrade")
    log("lock: " + " ".join(cmd[1:]))
    done = subprocess.run(cmd, cwd=project.root, capture_output=True, text=True)
    if done.returncode != 0:
        raise ConfigError(project.relative(project.lock), "the lock resolves", done.stderr.strip()[-2000:])
    text = project.lock.read_text(encoding="utf-8")
    (project.lock.parent / BOOTSTRAP).write_text(
        "# uv, pinned with its hashes: the Makefile installs it first, then syncs the lock with it.\n"
        + _entry(text, INSTALLER), encoding="utf-8")
    return differences(before, pins(text))
