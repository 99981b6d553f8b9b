"""Releases as the repository records them: for each release, ``releases/X.Y.Z.json``
(the version, its commit, the stamp it was built with, the fingerprint of its
published tree, the browser its pages were checked in) and ``releases/X.Y.Z.sha256``
(every file of the published tree with its fingerprint, in the format of
``sha256sum``). A git tag names the release too, but tags may not travel with a
branch when a repository is mirrored or submitted; the records travel with the
files, so they are what decides which versions exist (pipeline.version).

A record is written by ``reprobook release`` once the release has passed every
test and has been published, and committed on the branch the release was made
on. Reading checks each record against its manifest and names the file that
breaks a rule.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import digest
from ..errors import PublishError

FOLDER = "releases"
RULE = "a release record is its version's, and matches its manifest"
RELEASE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class Record:
    version: str
    commit: str  # the commit built, 40 hexadecimal digits
    date: str  # the stamp's date (YYYY-MM-DD)
    epoch: int  # SOURCE_DATE_EPOCH of the build
    data: str  # the data fingerprint on every page
    tree: str  # sha256 of the manifest: the published tree, all of it
    checked_with: dict = field(default_factory=dict)  # what checked its pages (Chromium), not what made them

    def key(self) -> tuple[int, ...]:
        return tuple(int(x) for x in self.version.split("."))


def folder(root: Path) -> Path:
    return Path(root) / FOLDER


def _paths(root: Path, version: str) -> tuple[Path, Path]:
    return folder(root) / f"{version}.json", folder(root) / f"{version}.sha256"


def _untracked(root: Path) -> set[str]:
    """The files of releases/ that git does not track (none outside a git checkout)."""
    done = subprocess.run(["git", "ls-files", "-z", "--others", "--", FOLDER], cwd=root, capture_output=True)
    return set(filter(None, done.stdout.decode("utf-8", "surrogateescape").split("\0"))) if done.returncode == 0 else set()


def read(root: Path) -> list[Record]:
    """Every recorded release, oldest first; a record that breaks a rule is an error naming its file.
    A record git does not track is no release: `release` commits a record only after every
    test passed, so a file merely lying in releases/ (a hand-made one, or one a release
    killed before its commit left) must not make a plain build publish that version."""
    out = []
    untracked = _untracked(root)
    for path in sorted(folder(root).glob("*.json")):
        shown = f"{FOLDER}/{path.name}"
        if shown in untracked:
            continue
        version = path.stem
        if not RELEASE.fullmatch(version):
            raise PublishError(shown, RULE, "a record is named X.Y.Z.json after its version")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            rec = Record(**raw)
        except (ValueError, TypeError) as exc:
            raise PublishError(shown, RULE, f"not a release record: {exc}") from None
        if rec.version != version:
            raise PublishError(shown, RULE, f"it records version {rec.version!r}")
        if not re.fullmatch(r"[0-9a-f]{40}", rec.commit) or not re.fullmatch(r"[0-9a-f]{64}", rec.tree):
            raise PublishError(shown, RULE, "its commit or tree fingerprint is malformed")
        manifest = _paths(root, version)[1]
        if not manifest.is_file():
            raise PublishError(f"{FOLDER}/{manifest.name}", RULE, f"release {version} has no manifest")
        if digest.of_file(manifest) != rec.tree:
            raise PublishError(f"{FOLDER}/{manifest.name}", RULE,
                               f"the manifest of release {version} does not match its record's tree fingerprint")
        out.append(rec)
    return sorted(out, key=Record.key)


def manifest(root: Path, version: str) -> dict[str, str]:
    return digest.manifest_entries(_paths(root, version)[1].read_text(encoding="utf-8"))


def write(root: Path, rec: Record, manifest_text: str) -> list[Path]:
    """Write a release's record and manifest; the paths written."""
    record_path, manifest_path = _paths(root, rec.version)
    record_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(manifest_text, encoding="utf-8")
    record_path.write_text(json.dumps(asdict(rec), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return [record_path, manifest_path]


def first_difference(expected: dict[str, str], tree: Path) -> str | None:
    """The first file (in path order) where `tree` differs from a manifest: changed,
    missing or extra; None when the tree is exactly the manifest."""
    actual = digest.manifest_entries(digest.manifest(tree))
    for rel in sorted(set(expected) | set(actual)):
        if expected.get(rel) != actual.get(rel):
            return rel
    return None
