"""Time the builds, the checks and the contributor's edit loop, against a plain
Jupyter Book build of the same book in the same run; prints numbers and ratios
and asserts nothing (the tests never time anything).

    python scripts/benchmark.py            (or: make benchmark)
    python scripts/benchmark.py --quick    the book's rows only: no preview, no synthetic books

Run it on a clean checkout: it deletes _build/ (the published site too), edits
data files and a chapter (each restored before it exits), and makes synthetic
books of 10 and 100 notebooks under a temporary folder.

Rows:
- the book: clean, no-change and one-data-file builds, HTML, of both editions
  and of one (the ratio of the two), the whole build with PDFs, running every
  notebook, nbval over every notebook;
- the preview (`reprobook preview`, in Debian's Chromium driven by Playwright):
  from saving an edit to the new value on the open page, for a prose edit, a
  data edit read by one notebook, and a data edit read by the reconciliation;
- scaling: a clean HTML build and a one-notebook edit's rebuild on books of 10
  and 100 notebooks made with `reprobook new`.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RB = [PY, "-m", "reprobook"]
BUILD = ROOT / "_build"
CHROMIUM = "/usr/bin/chromium"
MB = 1024 * 1024


def run_out(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed, result.stdout


def run(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> float:
    return run_out(cmd, cwd, env)[0]


def executed(stdout: str) -> str:
    m = re.search(r"notebooks: (\d+) executed", stdout)
    return f" [{m.group(1)} notebook(s) run]" if m else ""


class Edit:
    """Replace `old` by `new` in a file (once), and put the file back on exit."""

    def __init__(self, path: Path, old: str, new: str):
        self.path, self.old, self.new = path, old, new
        self.original = path.read_bytes()

    def __enter__(self):
        text = self.original.decode("utf-8")
        if self.old not in text:
            raise SystemExit(f"{self.path}: '{self.old}' not found; the benchmark's edit needs updating")
        self.path.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")
        return self

    def revert(self):
        self.path.write_bytes(self.original)

    def __exit__(self, *exc):
        self.revert()


def baseline() -> float:
    """A plain `jupyter-book build` of the first edition, executing every notebook:
    what building this book would cost without the engine's caching and warm parts."""
    config = yaml.safe_load((BUILD / "work" / "_config.html.id.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "force"
    path = BUILD / "baseline" / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return run([PY, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())", "build", str(ROOT),
                "--config", str(path), "--toc", str(ROOT / "book/_toc.yml"), "--path-output", str(BUILD / "baseline"),
                "--builder", "html"])


# --- the book --------------------------------------------------------------------------------------

FEES = ROOT / "data" / "raw" / "passport_fees.csv"  # read by one notebook (fees)
UPTAKE = ROOT / "data" / "raw" / "uptake_monthly.csv"  # read by uptake and by the reconciliation


def book_rows(rows: list) -> None:
    shutil.rmtree(BUILD, ignore_errors=True)
    run(RB + ["notebooks"])  # outputs as committed; nothing should run
    both = run(RB + ["build", "html"])
    rows.append(("clean build, HTML, both editions (stored notebook outputs)", both))
    shutil.rmtree(BUILD / "work", ignore_errors=True)
    one = run(RB + ["build", "html", "--lang", "id"])
    rows.append(("clean build, HTML, one edition", one))
    rows.append(("  both editions ÷ one edition, clean (target ≤ 2.2)", both / one, "ratio"))
    run(RB + ["build", "html"])  # both editions' work folders in place again
    nochange_both, out = run_out(RB + ["build", "html"])
    rows.append(("no-change rebuild, HTML, both editions" + executed(out), nochange_both))
    nochange_one = run(RB + ["build", "html", "--lang", "id"])
    rows.append(("no-change rebuild, HTML, one edition", nochange_one))
    with Edit(FEES, "10,Paspor biasa 48", "10,Paspor Biasa 48") as edit:
        edited_both, out = run_out(RB + ["build", "html"])
        rows.append(("one data file edited, HTML, both editions" + executed(out), edited_both))
        edit.revert()
        run(RB + ["build", "html"])
        edit.__enter__()
        edited_one, out = run_out(RB + ["build", "html", "--lang", "id"])
        rows.append(("one data file edited, HTML, one edition" + executed(out), edited_one))
        rows.append(("  both editions ÷ one edition, one data edit (target ≤ 2.2)", edited_both / edited_one, "ratio"))
        rows.append(("  one data edit ÷ clean HTML, both editions (target ≤ 1/3)", edited_both / both, "ratio"))
    run(RB + ["build", "html"])
    shutil.rmtree(BUILD / "work", ignore_errors=True)
    clean_all, _ = run_out(RB + ["build", "all"])
    rows.append(("clean build, all: HTML and PDF of both editions, published", clean_all))
    rows.append(("execute every notebook (warm kernels, one per core)", run(RB + ["notebooks", "--force"])))
    env = dict(os.environ, JUPYTER_DEFAULT_PROVISIONER_NAME="reprobook-forked")
    workers = str(os.cpu_count() or 1)
    rows.append(("nbval over all notebooks (warm kernels, one worker per core)",
                 run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", workers, "--dist", "loadfile",
                      "--nbval", "notebooks"], env=env)))


# --- the preview, in a browser ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_rows(rows: list) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = subprocess.Popen(RB + ["preview", "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:
            if "(Ctrl+C to stop)" in line:
                break
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()

            def latency(path: str, edit: Edit, expect: str) -> float:
                page.goto(f"{base}/{path}", wait_until="networkidle")
                time.sleep(0.5)  # the page's event stream is open
                start = time.perf_counter()
                with edit:
                    page.wait_for_function("text => !!document.body && document.body.innerText.includes(text)", arg=expect,
                                           timeout=60000, polling=20)
                    seconds = time.perf_counter() - start
                # the revert is built before the next measurement starts
                page.wait_for_function("text => !!document.body && !document.body.innerText.includes(text)", arg=expect,
                                       timeout=60000, polling=50)
                return seconds

            prose = Edit(ROOT / "book/chapters/results.md", "Dalam Bab V penulis menjawab",
                         "Dalam Bab V (diukur) penulis menjawab")
            rows.append(("preview: prose edit → visible in the browser (target ≤ 1 s)",
                         latency("book/chapters/results.html", prose, "(diukur)")))
            fee = Edit(FEES, "10,Paspor biasa 48 halaman", "10,Paspor biasa 48 halaman (diukur)")
            rows.append(("preview: data edit read by one notebook → visible (target ≤ 2 s)",
                         latency("book/chapters/setting.html", fee, "(diukur)")))
            uptake = Edit(UPTAKE, "2018,3,Maret,7098,131,", "2018,3,Maret,7098,1310,")
            rows.append(("preview: data edit read by the reconciliation → visible",
                         latency("book/appendix/reconciliation.html", uptake, "1.310")))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --- scaling ---------------------------------------------------------------------------------------


def synthetic(n: int, where: Path) -> Path:
    """A book made with `reprobook new`, its one notebook copied to n notebooks in the TOC."""
    book = where / f"book-{n}"
    run(RB + ["new", str(book)])
    source = book / "notebooks" / "analysis.ipynb"
    toc = yaml.safe_load((book / "book" / "_toc.yml").read_text(encoding="utf-8"))
    appendix = toc["parts"][-1]["chapters"]
    for k in range(2, n + 1):
        shutil.copy2(source, book / "notebooks" / f"analysis_{k:03d}.ipynb")
        appendix.append({"file": f"notebooks/analysis_{k:03d}"})
    (book / "book" / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    run([PY, "-m", "reprobook", "venv", str(book / ".venv")], cwd=book)
    return book


def scaling_rows(rows: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        edits = {}
        for n in (10, 100):
            book = synthetic(n, Path(tmp))
            py = [str(book / ".venv" / "bin" / "python"), "-m", "reprobook"]
            run(py + ["notebooks"], cwd=book)
            shutil.rmtree(book / "_build", ignore_errors=True)
            rows.append((f"synthetic book, {n} notebooks: clean build, HTML", run(py + ["build", "html"], cwd=book)))
            target = book / "notebooks" / "analysis_005.ipynb"
            nb = json.loads(target.read_text(encoding="utf-8"))
            code = next(c for c in nb["cells"] if c["cell_type"] == "code" and "sum()" in "".join(c["source"]))
            code["source"] = ["# edited by the benchmark\n", *code["source"]]
            target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            seconds, out = run_out(py + ["build", "html"], cwd=book)
            edits[n] = seconds
            rows.append((f"synthetic book, {n} notebooks: one notebook edited, HTML" + executed(out), seconds))
        rows.append(("  one-notebook edit, 100 ÷ 10 notebooks (target ≤ 1.5)", edits[100] / edits[10], "ratio"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="the book's rows only")
    args = parser.parse_args()
    rows: list = []
    book_rows(rows)
    if not args.quick:
        preview_rows(rows)
    base = baseline()
    if not args.quick:
        scaling_rows(rows)
    rows.append(("BASELINE: plain jupyter-book build, one edition, execute_notebooks: force", base))
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  seconds  ratio to baseline")
    for label, value, *kind in rows:
        if kind:
            print(f"{label:<{width}}  {value:7.2f}  (ratio)")
        else:
            print(f"{label:<{width}}  {value:7.2f}  {value / base:6.3f}")
    total = sum(f.stat().st_size for f in (BUILD / "html").rglob("*") if f.is_file())
    print(f"\nbuilt HTML of both editions: {total / MB:.1f} MB")


if __name__ == "__main__":
    main()
