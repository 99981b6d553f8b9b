"""Time the build and the checks, against a plain Jupyter Book build; prints
numbers and asserts nothing.

    python scripts/benchmark.py        (or: make benchmark)

Run it on a clean checkout: it deletes _build/ (the published site too) and
edits one data file (restored before it exits).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JB = str(Path(PY).with_name("jupyter-book"))
RB = str(Path(PY).with_name("reprobook"))
BUILD = ROOT / "_build"
EDITED = ROOT / "data" / "raw" / "passport_fees.csv"
MB = 1024 * 1024


def run(cmd: list[str]) -> float:
    return run_out(cmd)[0]


def run_out(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed, result.stdout


def executed(stdout: str) -> str:
    import re

    m = re.search(r"notebooks: (\d+) executed", stdout)
    return f" [{m.group(1)} notebook(s) run]" if m else ""


def baseline() -> float:
    """A plain `jupyter-book build` of the same book, executing every notebook."""
    config = yaml.safe_load((BUILD / "work" / "_config.html.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "force"
    path = BUILD / "baseline" / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return run([JB, "build", str(ROOT), "--config", str(path), "--toc", str(ROOT / "book/_toc.yml"),
                "--path-output", str(BUILD / "baseline"), "--builder", "html"])


def page_weights(html: Path) -> tuple[int, str, int]:
    """Site size, and the heaviest page counting the page and the images it alone uses
    (the theme's shared _static assets excluded)."""
    import re

    total = sum(f.stat().st_size for f in html.rglob("*") if f.is_file())
    heaviest, name = 0, ""
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        size = page.stat().st_size
        for src in set(re.findall(r'<img [^>]*src="([^"]+)"', text)):
            img = (page.parent / src).resolve()
            if img.exists() and "_static" not in img.parts:
                size += img.stat().st_size
        if size > heaviest:
            heaviest, name = size, str(page.relative_to(html))
    return total, name, heaviest


def main() -> None:
    shutil.rmtree(BUILD, ignore_errors=True)
    rows = []
    html = run([RB, "build", "html"])
    rows.append(("clean build, HTML (stored notebook outputs)", html))
    shutil.rmtree(BUILD, ignore_errors=True)
    clean, _ = run_out([RB, "build", "all"])
    rows.append(("clean build, all: HTML + PDF + publish to _build/site", clean))
    nochange, out = run_out([RB, "build", "all"])
    rows.append(("no-change rebuild, all" + executed(out), nochange))
    original = EDITED.read_bytes()
    try:
        EDITED.write_bytes(original.replace(b"10,Paspor biasa 48", b"10,Paspor Biasa 48", 1))
        edited, out = run_out([RB, "build", "all"])
        rows.append(("rebuild after editing one data file, all" + executed(out), edited))
        nochange_html, out = run_out([RB, "build", "html"])
        rows.append(("no-change rebuild, HTML only" + executed(out), nochange_html))
        EDITED.write_bytes(original)
        edited_html, out = run_out([RB, "build", "html"])
        rows.append(("rebuild after editing one data file, HTML only" + executed(out), edited_html))
    finally:
        EDITED.write_bytes(original)
        run([RB, "notebooks"])
    force = run([RB, "notebooks", "--force"])
    rows.append(("execute every notebook", force))
    nbval = run([PY, "-m", "pytest", "-q", "--nbval", "notebooks", "-p", "no:cacheprovider"])
    rows.append(("nbval over all notebooks", nbval))
    base = baseline()
    rows.append(("BASELINE: jupyter-book build, execute_notebooks: force", base))
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  seconds  ratio to baseline")
    for label, secs in rows:
        print(f"{label:<{width}}  {secs:7.1f}  {secs / base:6.2f}")
    total, page, heaviest = page_weights(BUILD / "html")
    print(f"\nsite size: {total / MB:.1f} MB; heaviest page: {page} {heaviest / 1024:.0f} KB (page + its own images)")
    print(f"\none run: clean {clean:.1f} s, no change {nochange:.1f} s ({nochange / clean:.0%} of clean),"
          f" one data file {edited:.1f} s ({edited / clean:.0%} of clean)")
    print("targets: no-change rebuild < 5 s; one-data-file rebuild < 1/3 of the clean HTML build"
          f" ({html / 3:.1f} s); nbval < 30 s; no page over 1.5 MB beyond shared assets")


if __name__ == "__main__":
    main()
