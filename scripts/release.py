"""Publish a release: tag the current commit v<VERSION>, then build and publish it.

    python scripts/release.py 1.0.0        (make release VERSION=1.0.0)

Refuses uncommitted changes, a version that is not X.Y.Z, and a tag that already
names another commit. If the build fails, the tag made by this run is removed
and the published site is left as it was.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import build  # noqa: E402
from rudibook import versioning  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not versioning.is_release(argv[0].lstrip("v")):
        print("usage: release.py X.Y.Z  (for example 1.0.0)", file=sys.stderr)
        return 2
    version = argv[0].lstrip("v")
    tag = f"v{version}"
    if versioning.git("status", "--porcelain", "--untracked-files=no"):
        print("RELEASE REFUSED: uncommitted changes; a release is built from a commit.", file=sys.stderr)
        return 1
    head = versioning.git("rev-parse", "HEAD")
    tagged = versioning.git("rev-list", "-n", "1", tag)
    if tagged and tagged != head:
        print(f"RELEASE REFUSED: {tag} already names commit {tagged[:10]}, not HEAD {head[:10]}.", file=sys.stderr)
        return 1
    created = not tagged
    if created:
        versioning.git("tag", "-a", tag, "-m", f"Rilis {version}")
        if versioning.git("rev-list", "-n", "1", tag) != head:
            print(f"RELEASE FAILED: could not create tag {tag}.", file=sys.stderr)
            return 1
    status = build.main(["all"])
    if status != 0 and created:
        versioning.git("tag", "-d", tag)
        print(f"tag {tag} removed again, since the release was not published", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
