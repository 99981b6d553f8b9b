"""Two builds of the same commit give byte-identical pages, figures and PDF.

The second build starts from nothing (its own build folder, no Sphinx cache),
so it also proves that an incremental build publishes what a clean one would.
The PDF's dates come from SOURCE_DATE_EPOCH (the commit's date), so it too is
identical byte for byte; no metadata is exempt.
"""
import os
import shutil
import subprocess
import sys

import pytest

from rudibook import paths

sys.path.insert(0, str(paths.ROOT / "scripts"))
import publish  # noqa: E402
from stamp import stamp  # noqa: E402


def test_a_second_build_from_scratch_is_byte_identical():
    st = stamp()
    first = publish.SITE / publish.folder_for(st["version"])
    if not (first / "build.json").exists():
        pytest.fail("nothing published for this commit: run `make book` first")
    again = paths.BUILD / "repro"  # inside the project, as the figures' paths require
    shutil.rmtree(again, ignore_errors=True)
    try:
        env = dict(os.environ, RUDIBOOK_BUILD=str(again))
        done = subprocess.run([sys.executable, str(paths.ROOT / "scripts" / "build.py"), "all"], cwd=paths.ROOT,
                              env=env, capture_output=True, text=True, timeout=1200)
        assert done.returncode == 0, done.stderr[-3000:]
        second = again / "site" / first.name
        files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
        assert any(f.suffix == ".pdf" for f in files) and any(f.suffix == ".svg" for f in files)
        differ = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
        assert differ == []
    finally:
        shutil.rmtree(again, ignore_errors=True)
