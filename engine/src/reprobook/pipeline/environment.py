"""What made a version: the Python packages (as the lock pins them, and any way
the running environment differs from the lock), the Debian packages that
typeset the PDF, and the npm packages the checks and the search use (as
package-lock.json pins them). Written into each version's build.json and, for
the page "how this edition was made", into the context (environment.json).

Only what is the same on every machine that installs the lock goes in: Python
as major.minor (the lock's target), no host names, no paths, no times; so a
release rebuilt elsewhere records the same bytes. Chromium, which checks the
pages but makes none of them, is recorded with the release (pipeline.record).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata

import tomllib

from .. import digest, lockfile

TEX = ("texlive-base", "texlive-latex-base", "texlive-latex-recommended", "texlive-latex-extra",
       "texlive-fonts-recommended", "texlive-lang-other", "tex-gyre", "latexmk")
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def debian(packages: tuple[str, ...]) -> dict[str, str]:
    """Installed version of each Debian package (those not installed are left out)."""
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Version}\t${db:Status-Abbrev}\n", *packages],
                              capture_output=True, text=True)
    except OSError:
        return {}
    rows = (line.split("\t") for line in done.stdout.splitlines())
    return {r[0]: r[1] for r in rows if len(r) == 3 and r[2].startswith("ii")}


def npm(project) -> dict[str, str]:
    path = project.root / "package-lock.json"
    if not path.is_file():
        return {}
    packages = json.loads(path.read_text(encoding="utf-8")).get("packages", {})
    return {k.removeprefix("node_modules/"): v["version"] for k, v in sorted(packages.items())
            if k.startswith("node_modules/") and "version" in v}


def direct(project) -> list[str]:
    """The packages the lock's inputs name themselves (not what they pull in)."""
    names = set()
    for rel in project.environment.get("inputs", ["pyproject.toml"]):
        path = project.root / rel
        if not path.is_file():
            continue
        if path.suffix == ".toml":
            deps = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {}).get("dependencies", [])
        else:
            deps = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith(("#", "-"))]
        names |= {lockfile.name(m.group(1)) for d in deps if (m := REQUIREMENT.match(d))}
    return sorted(names)


def _editable(dist) -> bool:
    """An editable install (the engine, the project's own package): not the lock's to pin."""
    url = json.loads(dist.read_text("direct_url.json") or "{}")
    return bool(url.get("dir_info", {}).get("editable"))


def record(project) -> dict:
    locked = lockfile.read(project) if project.lock.is_file() else {}
    own = tuple(lockfile.name(d.metadata["Name"]) for d in metadata.distributions() if _editable(d))
    out = {"python": ".".join(map(str, sys.version_info[:2])),
           "lock": {"file": project.relative(project.lock), "sha256": digest.of_file(project.lock)} if locked else None,
           "packages": locked, "direct": [n for n in direct(project) if n in locked],
           "debian": debian(TEX), "npm": npm(project)}
    differs = lockfile.differences(locked, lockfile.installed(own)) if locked else {}
    if differs:
        out["differs_from_lock"] = differs
    return out
