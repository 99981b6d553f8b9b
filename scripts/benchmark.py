"""Time the builds, the checks and the contributor's edit loop, against a plain
Jupyter Book build of the same book in the same run; prints numbers and ratios
and asserts nothing (the tests never time anything).

    python scripts/benchmark.py                  (or: make benchmark) every row
    python scripts/benchmark.py --quick          the book's rows only
    python scripts/benchmark.py --only preview   one group of rows (book, preview, suite, scaling)

Run it on a clean checkout: it deletes _build/ (the published site too), edits
data files and a chapter (each restored before it exits), and makes a clone of
this commit and synthetic books of 10 and 100 notebooks under a temporary
folder. The plain Jupyter Book build is measured in every run, last, and every
row is printed with its ratio to it: the machine's load moves both alike.

Rows:
- book: clean, no-change and one-data-file builds, HTML, of both editions and
  of one (the ratio of the two), the whole build with PDFs, running every
  notebook, nbval over every notebook;
- preview (`reprobook preview`, in Debian's Chromium driven by Playwright):
  from saving an edit to the new value on the open page, for a prose edit, a
  data edit read by one notebook, one read by two (the fees, which the
  reconciliation reads too), and one whose notebooks include the reconciliation;
- suite: on a fresh clone of this commit (in a temporary folder, its main branch
  its own), `make book`, then `make test` (the pytest runs `reprobook test`
  makes, each timed), the two together as CI runs them (.ci/run, everything installed), and a
  release that passes (`make release`), timed end to end;
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
import threading
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


def baseline(root: Path = ROOT) -> float:
    """A plain `jupyter-book build` of the first edition, executing every notebook:
    what building this book would cost without the engine's caching and warm parts.
    Its configuration is the one the engine gives Sphinx (pipeline.sphinx_app.config),
    with Jupyter Book executing every notebook itself; it reads the context folder
    the book's build left."""
    from reprobook import project as projects
    from reprobook import strings
    from reprobook.pipeline import build, sphinx_app, stamp

    project = projects.here(root)
    lang = project.default_lang
    st = stamp.of(project)
    req = build.request(project, "html", lang, st, build.page_values(project, st, lang, None))
    config = sphinx_app.config(project, strings.of(project), req)
    config["execute"]["execute_notebooks"] = "force"
    out = project.build / "baseline"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    path = out / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return run([PY, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())", "build",
                str(project.edition(lang)), "--config", str(path), "--toc", str(project.toc(lang)),
                "--path-output", str(out), "--builder", "html"])


# --- the book --------------------------------------------------------------------------------------

FEES = ROOT / "data" / "raw" / "passport_fees.csv"  # read by two notebooks (fees, and the reconciliation)
INFORMANTS = ROOT / "data" / "raw" / "informants.csv"  # read by one notebook (informants)
UPTAKE = ROOT / "data" / "raw" / "uptake_monthly.csv"  # read by uptake and by the reconciliation


def book_rows(rows: list, scratch: Path) -> None:
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
    rows.append(("execute every notebook (warm kernels, one more than the cores at once)", run(RB + ["notebooks", "--force"])))
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


def preview_rows(rows: list, scratch: Path) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = subprocess.Popen(RB + ["preview", "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    said: list[str] = []  # what the preview logs, shown if a measurement never completes

    def read() -> None:
        for line in proc.stdout:
            said.append(line.rstrip())

    try:
        for line in proc.stdout:
            if "(Ctrl+C to stop)" in line:
                break
        threading.Thread(target=read, daemon=True).start()
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

            prose = Edit(ROOT / "book/id/chapters/results.md", "Dalam Bab V penulis menjawab",
                         "Dalam Bab V (diukur) penulis menjawab")
            rows.append(("preview: prose edit → visible in the browser (target ≤ 1 s)",
                         latency("chapters/results.html", prose, "(diukur)")))
            informant = Edit(INFORMANTS, "2,,Kepala Kantor Pos Cabang Makassar,",
                             "2,,Kepala Kantor Pos Cabang Makassar (diukur),")
            rows.append(("preview: data edit read by one notebook → visible (target ≤ 2 s)",
                         latency("chapters/method.html", informant, "(diukur)")))
            fee = Edit(FEES, "10,Paspor biasa 48 halaman", "10,Paspor biasa 48 halaman (diukur)")
            rows.append(("preview: data edit read by two notebooks (the fees and the reconciliation) → visible",
                         latency("chapters/setting.html", fee, "(diukur)")))
            uptake = Edit(UPTAKE, "2018,3,Maret,7098,131,", "2018,3,Maret,7098,1310,")
            rows.append(("preview: data edit read by the reconciliation → visible",
                         latency("appendix/reconciliation.html", uptake, "1.310")))
            browser.close()
    except Exception:
        print("the preview's last words:\n" + "\n".join(line for line in said[-60:] if "traitlets" not in line),
              file=sys.stderr)
        raise
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --- the suite, CI and a release, on a fresh clone ------------------------------------------------

GIT = {"GIT_AUTHOR_NAME": "benchmark", "GIT_AUTHOR_EMAIL": "benchmark@localhost",
       "GIT_COMMITTER_NAME": "benchmark", "GIT_COMMITTER_EMAIL": "benchmark@localhost"}


def suite_rows(rows: list, scratch: Path) -> None:
    """`make book`, `make test` and `make release` on a clone of this commit, as a
    contributor (or CI) would run them on a fresh checkout with everything installed
    (the environment from the lock, TeX Live, Chromium, npm's cache)."""
    clone = scratch / "clone"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPROBOOK_", "PYTEST_", "VIRTUAL_ENV"))}
    env |= GIT
    run(["git", "clone", "-q", "--no-local", str(ROOT), str(clone)])
    run(["git", "checkout", "-q", "-B", "main"], cwd=clone)  # the clone's own main: a release is made on main
    book = run(["make", "book"], cwd=clone, env=env)
    run(["make", "browser"], cwd=clone, env=env)  # installed, as CI has it: npm ci of axe-core
    rows.append(("fresh clone: make book (the environment from the lock, then the build)", book))
    # the commands `reprobook test` runs, as the clone's own engine gives them, each timed
    py = str(clone / ".venv" / "bin" / "python")
    _, listed = run_out([py, "-c", "import json; from reprobook import project, testing; "
                         "print(json.dumps([testing.commands(project.here()), testing.env()]))"], cwd=clone, env=env)
    commands, test_env = json.loads(listed)
    total = 0.0
    for cmd in commands:
        seconds = run(cmd, cwd=clone, env=test_env)
        total += seconds
        ran = cmd[cmd.index("--nbval") + 1:] if "--nbval" in cmd else cmd[-1:]  # the folders it runs
        rows.append((f"  make test, a pytest run over {' '.join(ran)}", seconds))
    rows.append(("fresh clone: make test after make book (target ≤ 4 min)", total))
    rows.append(("CI: make book + make test on a fresh clone, installed (target ≤ 10 min)", book + total))
    version = "99.0.0"
    log = clone / "CHANGELOG.md"
    log.write_text(log.read_text(encoding="utf-8").replace("\n## ", f"\n## {version}\n\nTimed by the benchmark.\n\n## ", 1),
                   encoding="utf-8")
    run(["git", "commit", "-q", "-am", f"A note for {version}"], cwd=clone, env=env)
    rows.append(("make release that passes, end to end (target ≤ 6 min)",
                 run(["make", "release", f"VERSION={version}"], cwd=clone, env=env)))


# --- scaling ---------------------------------------------------------------------------------------


def synthetic(n: int, where: Path) -> Path:
    """A book made with `reprobook new`, its one notebook copied to n notebooks in the TOC."""
    book = where / f"book-{n}"
    run(RB + ["new", str(book)])
    source = book / "notebooks" / "analysis.ipynb"
    toc_file = book / "book" / "en" / "_toc.yml"
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    appendix = toc["parts"][-1]["chapters"]
    for k in range(2, n + 1):
        shutil.copy2(source, book / "notebooks" / f"analysis_{k:03d}.ipynb")
        appendix.append({"file": f"notebooks/analysis_{k:03d}"})
    toc_file.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    run([PY, "-m", "reprobook", "venv", str(book / ".venv")], cwd=book)
    return book


def scaling_rows(rows: list, scratch: Path) -> None:
    edits = {}
    for n in (10, 100):
        book = synthetic(n, scratch)
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


GROUPS = {"book": book_rows, "preview": preview_rows, "suite": suite_rows, "scaling": scaling_rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="the book's rows only")
    parser.add_argument("--only", choices=sorted(GROUPS), action="append", help="these groups of rows (repeatable)")
    args = parser.parse_args()
    groups = ["book"] if args.quick else (args.only or list(GROUPS))
    rows: list = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        if "book" not in groups and "preview" in groups:
            run(RB + ["build", "html"])  # the context folder the preview reads
        for name in groups:
            GROUPS[name](rows, scratch)
        # The plain build of the same run: in this checkout, or (the suite's rows alone)
        # in its fresh clone, so that this checkout is left alone.
        base = baseline(scratch / "clone" if groups == ["suite"] else ROOT)
    rows.append(("BASELINE: plain jupyter-book build, one edition, execute_notebooks: force", base))
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  seconds  ratio to baseline")
    for label, value, *kind in rows:
        if kind:
            print(f"{label:<{width}}  {value:7.2f}  (ratio)")
        else:
            print(f"{label:<{width}}  {value:7.2f}  {value / base:6.3f}")
    if (BUILD / "html").is_dir():
        total = sum(f.stat().st_size for f in (BUILD / "html").rglob("*") if f.is_file())
        print(f"\nbuilt HTML of both editions: {total / MB:.1f} MB")


if __name__ == "__main__":
    main()
