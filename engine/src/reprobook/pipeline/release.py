"""Publish a release, only if everything passes on the exact commit:

    reprobook release 1.0.0        (make release VERSION=1.0.0)

1. Refuse what would publish something else than the commit: uncommitted or
   untracked files, a version that is not X.Y.Z (no leading zeros), a tag that
   names another commit, another release tag on this commit, notebooks whose
   recorded inputs changed since they ran, and a CHANGELOG.md without a note
   for this version (or with one that is not plain text).
2. Run the unit tests; build the HTML and PDF as this version into a build
   folder of the release's own; run every other test against that build (built
   book, PDF, builds, browser, nbval): the whole suite, each test once.
3. Only then tag the commit (the note is the tag's message) and publish that
   same build into the site. A release killed at any step before leaves no tag
   and nothing published, so a later build cannot publish an untested release.
4. Record it in the repository (pipeline.records: releases/X.Y.Z.json and its
   manifest) and commit the record on the branch. The record, not the tag, is
   what makes the version a release: a clone without tags rebuilds it, and a
   release killed before its record is committed is no release at all.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

from .. import atomic, digest, faults, lock, strings, testing
from ..errors import ReleaseRefused, ReprobookError
from ..execution import ledger
from . import build, changes, publish, records
from . import version as versions

RELEASE_BUILD = "release"  # below the build folder: the release's own build, removed afterwards
RULE = "a release passes the whole test suite"


def preconditions(project, requested: str) -> str:
    """The version, or ReleaseRefused naming what is wrong."""
    release = requested[1:] if requested.startswith("v") else requested
    if not versions.is_release(release):
        raise ReleaseRefused(f"'{requested}'", "a release version is X.Y.Z",
                             "not a version X.Y.Z (digits, no leading zeros), for example 1.0.0")
    root = project.root
    if versions.git(root, "status", "--porcelain"):
        raise ReleaseRefused(project.relative(root), "a release is a clean commit",
                             "uncommitted or untracked files: a release is built from a commit, and only from it")
    head = versions.git(root, "rev-parse", "HEAD")
    branch = versions.git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    wanted = project.release_branch
    if branch != wanted:
        raise ReleaseRefused("HEAD", f"a release is made on {wanted}",
                             f"HEAD is {'detached' if branch is None else 'on ' + branch}: check out {wanted}")
    recorded = records.read(root)
    same = next((r for r in recorded if r.version == release), None)
    if same is not None:
        raise ReleaseRefused(f"{records.FOLDER}/{release}.json", "a version names one commit",
                             f"release {release} is already recorded, for commit {same.commit[:10]}")
    if any(r.commit == head for r in recorded):
        raise ReleaseRefused("HEAD", "a commit carries one release",
                             f"HEAD is already release {next(r.version for r in recorded if r.commit == head)}")
    newest = recorded[-1].version if recorded else None
    if newest and versions.key(release) <= versions.key(newest):
        raise ReleaseRefused(f"'{requested}'", "a release is newer than every recorded one",
                             f"release {newest} is recorded: the next is newer")
    tag = f"v{release}"
    tagged = versions.git(root, "rev-list", "-n", "1", tag)
    if tagged and tagged != head:
        raise ReleaseRefused(tag, "a version names one commit", f"{tag} already names commit {tagged[:10]}, "
                             f"not HEAD {head[:10]}")
    others = [t for t in (versions.git(root, "tag", "--points-at", "HEAD") or "").split()
              if t != tag and versions.is_release(t[1:])]
    if others:
        raise ReleaseRefused("HEAD", "a commit carries one release tag", f"HEAD is already release {others[0][1:]}")
    stale = ledger.stale(project)
    if stale:
        raise ReleaseRefused(", ".join(project.relative(p) for p in stale), "a release shows committed outputs",
                             "notebooks out of date with their inputs; run `make notebooks` and commit their outputs")
    if changes.note(root, release) is None:
        raise ReleaseRefused(changes.CHANGELOG, "every release has a changelog note",
                             f"no note under '## {release}': a release carries a note for its readers")
    return release


def _failed(output: str) -> list[str]:
    return re.findall(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.M)


def tests(project, fast: bool, built=None) -> None:
    """The test suite: the unit tests alone (`fast`), or every other test, against the
    build in `built` (the unit tests have passed just before)."""
    runs = [subprocess.run(cmd, cwd=project.root, env=testing.env(), capture_output=True, text=True)
            for cmd in testing.commands(project, fast=fast, built=built, extra=["-rfE"], unit=fast)]
    if any(done.returncode != 0 for done in runs):
        output = "\n".join(done.stdout for done in runs)
        failed = _failed(output) or [output.strip().splitlines()[-1] if output.strip() else "pytest"]
        kind = "unit tests" if fast else "tests of the built release"
        raise ReleaseRefused(kind, RULE, f"{len(failed)} failed: " + "; ".join(failed[:15])
                             + (f" (and {len(failed) - 15} more)" if len(failed) > 15 else ""))


def release(project, requested: str, log=print) -> str:
    with lock.held(project.build):
        release_ = preconditions(project, requested)
        tag = f"v{release_}"
        folder = project.build / RELEASE_BUILD
        own = project.with_build(folder)
        try:
            log("release: unit tests")
            tests(project, fast=True)
            shutil.rmtree(folder, ignore_errors=True)
            log(f"release: building {release_} into {project.relative(folder)}")
            st = build.build(own, "all", log=log, publish_site=False, version=release_)
            own_site(project, own, st, log)
            log("release: every other test, against this build and the site it would make")
            tests(project, fast=False, built=folder)
            faults.point("tag")
            if not versions.git(project.root, "rev-list", "-n", "1", tag):
                message = "\n\n".join(" ".join(t for _, t in p) for b in changes.note(project.root, release_)
                                      for p in (b.get("list") or [b["para"]]))
                versions.git(project.root, "tag", "-a", tag, "-m", message)
            outcome = publish.publish(project, strings.of(project), folder / "html", st, site_link=project.build / "site")
            faults.point("record")
            record(project, st, log)
            return outcome
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def own_site(project, own, st, log=print) -> None:
    """The site as this release would leave it (the published one, hard-linked, with
    the release added), in the release's own build folder: the tests read it (its
    links, its sitemap, the canonical links to the new newest release) before
    anything is published."""
    link = publish.site(own)
    live = atomic.current(publish.site(project))
    if live is not None:
        seed = atomic.staging(link)
        atomic.clone(live, seed)
        atomic.install(seed, link)
    publish.publish(own, strings.of(project), own.build / "html", st, site_link=link)
    log(f"release: {st.version} published into {project.relative(link)}, to be tested")


def chromium() -> str:
    """The browser the release's pages were checked in (Debian's chromium)."""
    try:
        done = subprocess.run(["chromium", "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() or "unknown"


def record(project, st, log=print) -> None:
    """Write the release's record and manifest from its published tree, and commit them."""
    tree = atomic.current(publish.site(project)) / publish.folder_for(st.version)
    text = digest.manifest(tree)
    rec = records.Record(version=st.version, commit=st.commit, date=st.date, epoch=st.epoch, data=st.data,
                         tree=digest.of_bytes(text.encode("utf-8")), checked_with={"chromium": chromium()})
    written = records.write(project.root, rec, text)
    paths = [project.relative(p) for p in written]
    for cmd in (["add", "--", *paths], ["commit", "-q", "-m", f"Record release {st.version}", "--", *paths]):
        done = subprocess.run(["git", *cmd], cwd=project.root, capture_output=True, text=True)
        if done.returncode:
            raise ReleaseRefused(paths[0], "a release is recorded in the repository",
                                 f"git {cmd[0]} failed: {done.stderr.strip()}")
    log(f"release {st.version}: recorded in {paths[0]} and committed")


def main(project, requested: str) -> int:
    try:
        outcome = release(project, requested)
    except ReprobookError as exc:
        print(f"RELEASE REFUSED: {exc}\nNothing was published: _build/site is as it was, and no tag was made.",
              file=sys.stderr)
        return 1
    print(f"release {requested}: {outcome}")
    return 0
