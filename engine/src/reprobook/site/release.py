"""Publish a release: tag the current commit v<VERSION>, then build and publish it.

    reprobook release 1.0.0        (make release VERSION=1.0.0)

Refuses uncommitted changes, a version that is not X.Y.Z, and a tag that already
names another commit. If the build fails, the tag made by this run is removed
and the published site is left as it was.
"""
from __future__ import annotations

import sys

from . import build, version


def main(requested: str) -> int:
    if not version.is_release(requested.lstrip("v")):
        print("usage: reprobook release X.Y.Z  (for example 1.0.0)", file=sys.stderr)
        return 2
    release = requested.lstrip("v")
    tag = f"v{release}"
    if version.git("status", "--porcelain", "--untracked-files=no"):
        print("RELEASE REFUSED: uncommitted changes; a release is built from a commit.", file=sys.stderr)
        return 1
    head = version.git("rev-parse", "HEAD")
    tagged = version.git("rev-list", "-n", "1", tag)
    if tagged and tagged != head:
        print(f"RELEASE REFUSED: {tag} already names commit {tagged[:10]}, not HEAD {head[:10]}.", file=sys.stderr)
        return 1
    created = not tagged
    if created:
        version.git("tag", "-a", tag, "-m", f"Release {release}")
        if version.git("rev-list", "-n", "1", tag) != head:
            print(f"RELEASE FAILED: could not create tag {tag}.", file=sys.stderr)
            return 1
    status = build.main("all")
    if status != 0 and created:
        version.git("tag", "-d", tag)
        print(f"tag {tag} removed again, since the release was not published", file=sys.stderr)
    return status
