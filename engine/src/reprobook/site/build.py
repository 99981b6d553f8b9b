"""Build the book: validate the data, run stale notebooks, then HTML and/or
PDF; `all` also publishes both into the versioned site (reprobook.site.publish).

    reprobook build html|pdf|all

Sphinx works in _build/work/<builder>, its own folder per builder, so the PDF's
title-page stamp never forces the HTML to be re-read. The outputs _build/html
and _build/pdf are installed only when every step of the build has succeeded
(and, for `all`, after the site accepted them), in one atomic switch each
(reprobook.atomic): a failed build leaves the last good output in place.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .. import atomic, chapters, faults, labels, lock
from ..data import check
from ..errors import InputError
from ..execution import runner
from ..project import current
from . import publish
from .stamp import stamp

STAMP_SLOT = "@@BUILD_STAMP@@"
SYSTEM = Path(__file__).resolve().parents[1] / "system.sh"
# Jupyter Book's command, run by this Python (a shared environment has no jupyter-book script of its own).
JUPYTER_BOOK = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())"]


class BuildError(RuntimeError):
    pass


def work() -> Path:
    return current().build / "work"


def pdf_name(version: str, lang: str | None = None) -> str:
    project = current()
    return project.pdf_name.format(version=version, lang=lang or project.default_lang)


def merged_config(st: dict, builder: str, lang: str) -> Path:
    """book/_config.yml plus the version stamp, written under _build/work.

    HTML carries the stamp in the footer only (a theme option, which makes
    Sphinx rewrite pages but not re-read them); version, release and date,
    which force a full re-read, are set for the PDF's title page alone.
    """
    project = current()
    with open(project.book / "_config.yml", encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["reprobook_lang"] = lang
    if builder == "latex":
        sphinx["version"] = st["version"]
        sphinx["release"] = st["version"]
        sphinx["today"] = st["date"]
    # The HTML footer holds a placeholder that publishing fills in (stamp_html):
    # a stamp in the Sphinx configuration would make every data edit rewrite every page.
    # The comment is where publishing adds the link to the other versions.
    sphinx.setdefault("html_theme_options", {})["extra_footer"] = (
        f"<p class=\"build-stamp\">{STAMP_SLOT}{publish.VERSIONS_SLOT}</p>")
    latex = sphinx.setdefault("latex_elements", {})
    L = labels.engine("site", lang)
    latex["preamble"] = latex.get("preamble", "") + (
        "\\newcommand{\\buildstamp}{" + L["stamp_pdf"].format(
            version=st["version"].replace("_", "\\_"), commit=st["commit"][:10], date=st["date"], data=st["data"])
        + "}")
    latex["maketitle"] = ("\\sphinxmaketitle\\begin{center}\\small\\buildstamp\\end{center}"
                          "\\clearpage")
    work().mkdir(parents=True, exist_ok=True)
    out = work() / f"_config.{builder}.yml"
    atomic.write_text(out, yaml.safe_dump(config, allow_unicode=True, sort_keys=True))
    return out


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=cwd or current().root, env=env)
    if result.returncode != 0:
        raise BuildError(f"command failed ({result.returncode}): {' '.join(cmd)}")


def env_for(st: dict) -> dict:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = st["epoch"]
    env["FORCE_SOURCE_DATE"] = "1"  # pdfTeX: \today and PDF dates from SOURCE_DATE_EPOCH
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    return env


INCOMPLETE = ".incomplete"  # in a work folder while a build uses it; left behind by a kill or a failure


def work_folder(builder: str, lang: str) -> Path:
    return work() / (builder if lang == current().default_lang else f"{builder}-{lang}")


def sphinx(builder: str, st: dict, env: dict, lang: str) -> Path:
    """Run Sphinx on the work folder of this builder and language. A work folder
    whose last build did not finish (killed, or failed) is wiped first: Sphinx's
    saved state would otherwise believe half-written pages current."""
    project = current()
    folder = work_folder(builder, lang)
    if (folder / INCOMPLETE).exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INCOMPLETE).touch()
    config = merged_config(st, builder, lang)
    run([*JUPYTER_BOOK, "build", str(project.root), "--config", str(config), "--toc", str(project.book / "_toc.yml"),
         "--path-output", str(folder), "--builder", builder, "-W", "-n", "--keep-going"], env=env)
    return folder / "_build" / builder


def finished(builder: str, lang: str) -> None:
    """The work folder's build completed: its state may be reused."""
    (work_folder(builder, lang) / INCOMPLETE).unlink(missing_ok=True)


def stamp_html(folder: Path, st: dict, lang: str) -> None:
    text = labels.engine("site", lang)["stamp_html"].format(
        version=st["version"], commit=st["commit"][:10], date=st["date"], data=st["data"])
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


def stage_html(st: dict, env: dict, lang: str) -> Path:
    publish.inject_failure("html")
    out = sphinx("html", st, env, lang)
    finished("html", lang)
    staged = atomic.staging(current().build / "html")
    shutil.copytree(out, staged, dirs_exist_ok=True)
    stamp_html(staged, st, lang)
    return staged


def ensure_tex() -> None:
    """The one check for TeX Live (it installs it too, when run as root with apt-get)."""
    tex = subprocess.run(["bash", str(SYSTEM), "tex"], capture_output=True, text=True)
    if tex.returncode != 0:
        raise BuildError(tex.stderr.strip())


def stage_pdf(st: dict, env: dict, lang: str) -> Path:
    publish.inject_failure("pdf")
    ensure_tex()
    latex_dir = sphinx("latex", st, env, lang)
    run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "book.tex"],
        cwd=latex_dir, env=env)
    finished("latex", lang)
    staged = atomic.staging(current().build / "pdf")
    shutil.copy2(latex_dir / "book.pdf", staged / pdf_name(st["version"], lang))
    return staged


def build(target: str, log=print, publish_site: bool = True) -> dict:
    """Build `target` (html, pdf or all) and install it; `all` also publishes
    into the site unless `publish_site` is false (a release publishes only
    after its tests). Returns the stamp."""
    project = current()
    lang = project.default_lang
    names = check.validate_all()
    log(f"data: {len(names)} resources valid")
    chapters.raise_problems(chapters.check())
    log("chapters: sources, citations and numbers checked")
    ran = runner.run_stale(log=log)
    log(f"notebooks: {len(ran)} executed, {len(runner.cache.notebooks()) - len(ran)} up to date")
    st = stamp()
    env = env_for(st)
    staged: dict[str, Path] = {}
    try:
        if target in ("html", "all"):
            staged["html"] = stage_html(st, env, lang)
        if target in ("pdf", "all"):
            staged["pdf"] = stage_pdf(st, env, lang)
        if target == "all" and publish_site:
            pdf = staged["pdf"] / pdf_name(st["version"], lang)
            outcome = publish.publish(staged["html"], pdf, st)
            log(f"site: {publish.folder_for(st['version'])} {outcome} in {publish.site()}")
        for name, folder in staged.items():
            atomic.install(folder, project.build / name)
            log(f"{name.upper()}: {project.relative(project.build / name)}")
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
    return st


def main(target: str) -> int:
    project = current()
    try:
        with lock.held(project.build):
            atomic.sweep(project.build)  # what a killed build left behind
            build(target)
    except (InputError, BuildError, publish.PublishError, faults.InjectedFailure) as exc:
        print(f"\nBUILD FAILED: {exc}\nNothing was published: _build/site, _build/html and _build/pdf "
              "are as the last good build left them.", file=sys.stderr)
        return 1
    return 0


def clean() -> list[str]:
    """Remove what a build made, except the published site (_build/site and the
    generation it shows); returns what was removed."""
    project = current()
    removed = []
    with lock.held(project.build):
        for name in ("work", "generated"):
            path = project.build / name
            if path.exists():
                shutil.rmtree(path)
                removed.append(project.relative(path))
        for name in ("html", "pdf"):
            link = project.build / name
            if link.is_symlink() or link.exists():
                atomic.ensure_link(link)
                link.unlink()
                removed.append(project.relative(link))
        atomic.sweep(project.build)
    return removed
