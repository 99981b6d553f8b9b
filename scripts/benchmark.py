"""Time the build and the notebook checks; prints numbers, asserts nothing.

    python scripts/benchmark.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def timed(label: str, cmd: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    status = "ok" if result.returncode == 0 else f"FAILED ({result.returncode})"
    print(f"{label:<38} {elapsed:7.1f} s  {status}", flush=True)
    return elapsed


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    timed("clean build, HTML", [PY, "scripts/build.py", "html"])
    timed("clean build, PDF (after HTML)", [PY, "scripts/build.py", "pdf"])
    timed("no-change rebuild, HTML", [PY, "scripts/build.py", "html"])
    timed("re-execute all notebooks", [PY, "-m", "rudibook.execute", "--force"])
    timed("nbval over all notebooks", [PY, "-m", "pytest", "-q", "--nbval", "notebooks", "-p", "no:cacheprovider"])
    timed("unit and built-book tests", [PY, "-m", "pytest", "-q", "tests", "-p", "no:cacheprovider"])


if __name__ == "__main__":
    main()
