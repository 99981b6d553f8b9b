"""Build the book: validate data, then HTML and/or PDF, published atomically.

    python scripts/build.py html|pdf|all

Work happens under _build/work. The outputs _build/html/ and _build/pdf/ are
replaced only when every step has succeeded, so a failed build leaves the last
good one in place; `all` then publishes both into the versioned site tree
_build/site/ (scripts/publish.py), again only when everything succeeded.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "src"))
sys.path.insert(0, str(HERE))
from rudibook import datapackage, execute, paths  # noqa: E402
import publish  # noqa: E402
from stamp import stamp  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

WORK = paths.BUILD / "work"
STAMP_SLOT = "@@BUILD_STAMP@@"
PDF_NAME = "rudi-2021-delivery-passport-{version}.pdf"


class BuildError(RuntimeError):
    pass


def merged_config(st: dict, builder: str) -> Path:
    """book/_config.yml plus the version stamp, written under _build/work.

    HTML carries the stamp in the footer only (a theme option, which makes
    Sphinx rewrite pages but not re-read them); version, release and date,
    which force a full re-read, are set for the PDF's title page alone.
    """
    with open(paths.BOOK / "_config.yml", encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    if builder == "latex":
        sphinx["version"] = st["version"]
        sphinx["release"] = st["version"]
        sphinx["today"] = st["date"]
    # The HTML footer holds a placeholder that publishing fills in (stamp_html):
    # a stamp in the Sphinx configuration would make every data edit rewrite every page.
    # The comment is where publishing adds the link to the other versions (scripts/publish.py).
    sphinx.setdefault("html_theme_options", {})["extra_footer"] = (
        f"<p class=\"build-stamp\">{STAMP_SLOT}{publish.VERSIONS_SLOT}</p>")
    latex = sphinx.setdefault("latex_elements", {})
    latex["preamble"] = latex.get("preamble", "") + (
        "\\newcommand{\\buildstamp}{Versi " + st["version"].replace("_", "\\_") + " \\\\ commit "
        + st["commit"][:10] + " \\\\ dibangun " + st["date"] + " \\\\ sidik data " + st["data"] + "}")
    latex["maketitle"] = ("\\sphinxmaketitle\\begin{center}\\small\\buildstamp\\end{center}"
                          "\\clearpage")
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / f"_config.{builder}.yml"
    out.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return out


def run(cmd: list[str], cwd: Path = paths.ROOT, env: dict | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=cwd, env=env)
    if result.returncode != 0:
        raise BuildError(f"command failed ({result.returncode}): {' '.join(cmd)}")


def env_for(st: dict) -> dict:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = st["epoch"]
    env["FORCE_SOURCE_DATE"] = "1"  # pdfTeX: \today and PDF dates from SOURCE_DATE_EPOCH
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    return env


def sphinx(builder: str, st: dict, env: dict) -> Path:
    config = merged_config(st, builder)
    jb = Path(sys.executable).with_name("jupyter-book")
    run([str(jb), "build", str(paths.ROOT), "--config", str(config), "--toc", str(paths.BOOK / "_toc.yml"),
         "--path-output", str(WORK / builder), "--builder", builder, "-W", "-n", "--keep-going"], env=env)
    # One work folder (and Sphinx environment) per builder: the PDF's title-page
    # stamp must not force the HTML to be re-read, nor the reverse.
    return WORK / builder / "_build" / builder


def stamp_html(folder: Path, st: dict) -> None:
    text = (f"Versi {st['version']} · commit {st['commit'][:10]} · dibangun {st['date']} · "
            f"data {st['data']}")
    for page in folder.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        new = ASSET_CHECKSUM.sub(r"\1\2", html.replace(STAMP_SLOT, text))
        if new != html:
            page.write_text(new, encoding="utf-8")
    _normalise_search_index(folder / "searchindex.js")


# Sphinx adds "?v=<checksum>" to an asset only if the asset already exists when a page
# is written, which depends on what the previous build left: drop them all, so a clean
# build and an incremental one give the same pages.
ASSET_CHECKSUM = re.compile(r'((?:href|src)="[^"?]+)\?v=[0-9a-f]+(")')


def _normalise_search_index(path: Path) -> None:
    """An incremental build keeps words that no page contains any more, with empty lists;
    drop them, so the index depends only on the pages."""
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, flags=re.S)
    if not match:
        raise BuildError(f"{path}: not the search index format this build knows")
    index = json.loads(match.group(1))
    for key in ("terms", "titleterms"):
        index[key] = {term: docs for term, docs in index.get(key, {}).items() if docs != []}
    path.write_text("Search.setIndex(" + json.dumps(index, ensure_ascii=False, sort_keys=True,
                                                    separators=(",", ":")) + ")", encoding="utf-8")


def replace_dir(new: Path, target: Path, prepare=None) -> None:
    """Swap a finished output into place; the old one is removed only afterwards.
    `prepare` may finish the staged copy (never Sphinx's own output) first."""
    staging = target.with_name(f".{target.name}.staging")
    old = target.with_name(f".{target.name}.old")
    for p in (staging, old):
        shutil.rmtree(p, ignore_errors=True)
    shutil.copytree(new, staging)
    if prepare:
        prepare(staging)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_html(st: dict, env: dict) -> None:
    publish.inject_failure("html")
    out = sphinx("html", st, env)
    replace_dir(out, paths.BUILD / "html", prepare=lambda folder: stamp_html(folder, st))
    print(f"HTML: {paths.BUILD / 'html' / 'index.html'}")


def build_pdf(st: dict, env: dict) -> None:
    publish.inject_failure("pdf")
    # The one check for TeX Live (it installs it too, when run as root with apt-get).
    tex = subprocess.run(["bash", str(HERE / "ensure_system.sh"), "tex"], capture_output=True, text=True)
    if tex.returncode != 0:
        raise BuildError(tex.stderr.strip())
    latex_dir = sphinx("latex", st, env)
    run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "book.tex"],
        cwd=latex_dir, env=env)
    staged = WORK / "pdf-staged"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    shutil.copy2(latex_dir / "book.pdf", staged / PDF_NAME.format(version=st["version"]))
    replace_dir(staged, paths.BUILD / "pdf")
    print(f"PDF: {paths.BUILD / 'pdf' / PDF_NAME.format(version=st['version'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", choices=["html", "pdf", "all"],
                        help="all: HTML and PDF, then publish them into _build/site/")
    args = parser.parse_args(argv)
    try:
        names = datapackage.validate_all(paths.DATA)
        print(f"data: {len(names)} resources valid")
        ran = execute.run_stale()
        print(f"notebooks: {len(ran)} executed, {len(execute.notebooks()) - len(ran)} up to date")
        st = stamp()
        env = env_for(st)
        if args.target in ("html", "all"):
            build_html(st, env)
        if args.target in ("pdf", "all"):
            build_pdf(st, env)
        if args.target == "all":
            pdf = paths.BUILD / "pdf" / PDF_NAME.format(version=st["version"])
            outcome = publish.publish(paths.BUILD / "html", pdf, st)
            print(f"site: {publish.folder_for(st['version'])} {outcome} in {publish.SITE}")
    except (datapackage.DataError, BuildError, CellExecutionError, publish.PublishError) as exc:
        print(f"\nBUILD FAILED: {exc}\nNothing was published (_build/site is unchanged), and the step that "
              "failed left its previous output in _build/html or _build/pdf in place.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
