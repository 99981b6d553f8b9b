"""Two builds of the same commit give byte-identical pages, figures and PDF.

The second build starts from nothing (its own build folder, no Sphinx cache),
so it also proves that an incremental build publishes what a clean one would.
It publishes nothing (`--no-publish`, or `--as-release` for a release's own
build): its pages and PDFs are the property, and the recorded releases a site
would rebuild are test_release_cycle's.
The PDF's dates come from SOURCE_DATE_EPOCH (the commit's date), so it too is
identical byte for byte; no metadata is exempt.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

from reprobook.pipeline import version as versions

pytestmark = pytest.mark.builds


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_a_second_build_from_scratch_is_byte_identical(project, tmp_path):
    build = project.build
    if not (build / "html" / project.default_lang / "index.html").exists() or not list((build / "pdf").glob("*.pdf")):
        pytest.fail("no built book: run `make book` first")
    again = tmp_path / "again"  # anywhere: nothing a build writes depends on where it builds
    try:
        # the same version as the first build: a release's own build (--book-build) is rebuilt as that release
        version = json.loads((build / "html" / "build.json").read_text())["version"]
        same = ["--as-release", version] if versions.is_release(version) else ["--no-publish"]
        done = subprocess.run([sys.executable, "-m", "reprobook", "--build-dir", str(again), "build", "all", *same],
                              cwd=project.root, env=dict(os.environ), capture_output=True, text=True, timeout=1200)
        assert done.returncode == 0, done.stderr[-3000:]
        assert not (again / "site").exists() and not (again / "releases").exists()  # nothing published or rebuilt
        for name in ("html", "pdf"):
            first, second = build / name, again / name
            files = _files(first)
            assert files == _files(second), name
            differ = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
            assert differ == [], name
        assert any(f.suffix == ".svg" for f in _files(build / "html"))
    finally:
        shutil.rmtree(again, ignore_errors=True)
