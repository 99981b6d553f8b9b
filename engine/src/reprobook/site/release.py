"""Publish a release, only if everything passes on the exact commit:

    reprobook release 1.0.0        (make release VERSION=1.0.0)

1. Refuse what would publish something else than the commit: uncommitted or
   untracked files, a version that is not X.Y.Z (no leading zeros), a tag that
   names another commit, another release tag on this commit, notebooks whose
   recorded inputs changed since they ran, and a CHANGELOG.md without a note
   for this version.
2. Tag the commit, with the changelog's note as the tag's message.
3. Run the unit tests; build the HTML and PDF into a build folder of the
   release's own; run every test against that build (built book, PDF, browser,
   nbval).
4. Publish that same build into the site.

Any failure removes the tag, leaves the published site exactly as it was, and
names the checks that failed.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .. import faults, lock, testing
from ..errors import InputError
from ..execution import cache
from ..project import current
from . import build, publish, version

CHANGELOG = "CHANGELOG.md"
RELEASE_BUILD = "release"  # below the build folder: the release's own build, removed afterwards
CHECKING = "REPROBOOK_RELEASE_CHECK"  # set while a release runs the test suite


class ReleaseRefused(RuntimeError):
    pass


def changelog(heading: str, root: Path | None = None) -> str | None:
    """The text under ``## <heading>`` in CHANGELOG.md (None: no such section, or empty)."""
    path = (root or current().root) / CHANGELOG
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^##\s+\[?{re.escape(heading)}(?![\w.])\]?[^\n]*\n(.*?)(?=^##\s|\Z)", text, flags=re.M | re.S)
    return (match.group(1).strip() or None) if match else None


def note(release: str, root: Path | None = None) -> str:
    """The changelog's note for `release`, which a release requires."""
    body = changelog(release, root)
    if body is None:
        raise ReleaseRefused(f"{CHANGELOG} has no note under '## {release}': a release carries a note for its "
                             "readers [rule: every release has a changelog note]")
    return body


def preconditions(requested: str) -> tuple[str, str]:
    """The version and its note, or ReleaseRefused naming what is wrong."""
    release = requested[1:] if requested.startswith("v") else requested
    if not version.is_release(release):
        raise ReleaseRefused(f"'{requested}' is not a version X.Y.Z (digits, no leading zeros), for example 1.0.0 "
                             "[rule: a release version is X.Y.Z]")
    if version.git("status", "--porcelain"):
        raise ReleaseRefused("uncommitted or untracked files: a release is built from a commit, and only from it "
                             "[rule: a release is a clean commit]")
    head = version.git("rev-parse", "HEAD")
    tag = f"v{release}"
    tagged = version.git("rev-list", "-n", "1", tag)
    if tagged and tagged != head:
        raise ReleaseRefused(f"{tag} already names commit {tagged[:10]}, not HEAD {head[:10]} "
                             "[rule: a version names one commit]")
    others = [t for t in (version.git("tag", "--points-at", "HEAD") or "").split()
              if t != tag and version.is_release(t[1:])]
    if others:
        raise ReleaseRefused(f"HEAD is already release {others[0][1:]}; one commit is one release "
                             "[rule: a commit carries one release tag]")
    stale = cache.stale()
    if stale:
        raise ReleaseRefused(f"notebooks out of date with their inputs: {', '.join(p.name for p in stale)}; run "
                             "`make notebooks` and commit their outputs [rule: a release shows committed outputs]")
    return release, note(release)


def _failed(output: str) -> list[str]:
    return re.findall(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.M)


def _tests(fast: bool, env: dict) -> None:
    runs = [subprocess.run(cmd, cwd=current().root, env=dict(testing.env(), **env), capture_output=True, text=True)
            for cmd in testing.commands(fast=fast, extra=["-rfE"])]
    if any(done.returncode != 0 for done in runs):
        output = "\n".join(done.stdout for done in runs)
        failed = _failed(output) or [output.strip().splitlines()[-1] if output.strip() else "pytest"]
        kind = "unit tests" if fast else "tests of the built release"
        raise ReleaseRefused(f"{len(failed)} of the {kind} failed: " + "; ".join(failed[:15])
                             + (f" (and {len(failed) - 15} more)" if len(failed) > 15 else "")
                             + " [rule: a release passes the whole test suite]")


def release(requested: str, log=print) -> str:
    project = current()
    real_build = project.build
    with lock.held(real_build):
        release_, message = preconditions(requested)
        tag = f"v{release_}"
        created = not version.git("rev-list", "-n", "1", tag)
        if created:
            version.git("tag", "-a", tag, "-m", message)
            if version.git("rev-list", "-n", "1", tag) != version.git("rev-parse", "HEAD"):
                raise ReleaseRefused(f"could not create tag {tag}")
        folder = real_build / RELEASE_BUILD
        published = False
        try:
            env = dict(os.environ, **{CHECKING: "1"})
            log("release: unit tests")
            _tests(True, env)
            shutil.rmtree(folder, ignore_errors=True)
            os.environ["REPROBOOK_BUILD"] = str(folder)
            try:
                log(f"release: building {release_} into {project.relative(folder)}")
                st = build.build("all", log=log, publish_site=False)
            finally:
                os.environ.pop("REPROBOOK_BUILD", None)
            if st["version"] != release_:
                raise ReleaseRefused(f"the build is version {st['version']}, not {release_} "
                                     "[rule: a release builds the tagged commit]")
            log("release: every test, against this build")
            _tests(False, dict(env, REPROBOOK_BUILD=str(folder)))
            outcome = publish.publish(folder / "html", st, site_link=real_build / "site")
            published = True
            return outcome
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if not published and created:
                version.git("tag", "-d", tag)
                log(f"tag {tag} removed again, since the release was not published")


def main(requested: str) -> int:
    try:
        outcome = release(requested)
    except (ReleaseRefused, InputError, build.BuildError, publish.PublishError, faults.InjectedFailure) as exc:
        print(f"RELEASE REFUSED: {exc}\nNothing was published: _build/site is as it was.", file=sys.stderr)
        return 1
    print(f"release {requested}: {outcome}")
    return 0
