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

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .. import atomic, chapters, editions, faults, labels, lock
from ..data import check
from ..errors import InputError
from ..execution import runner
from ..project import current
from ..render import latex
from . import archive, catalog, citation, publish, slots, uptodate
from .stamp import stamp

SYSTEM = Path(__file__).resolve().parents[1] / "system.sh"
# Jupyter Book's command, run by this Python (a shared environment has no jupyter-book script of its own).
JUPYTER_BOOK = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())"]


class BuildError(RuntimeError):
    pass


def work() -> Path:
    return current().build / "work"


def merged_config(st: dict, builder: str, lang: str, name: str | None = None) -> Path:
    """book/_config.yml plus what depends on the edition and the version, written
    under _build/work: the language (Sphinx's, the search's, babel's), the
    title and the captions' words from the labels, and the version stamp.

    HTML pages get the version through placeholders that the build fills in
    afterwards (slots.py): version, release and date in the Sphinx
    configuration would make every commit re-read every page. The PDF's title
    page carries them directly.
    """
    project = current()
    with open(project.book / "_config.yml", encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    book = labels.load("site", lang)
    L = labels.engine("site", lang)
    config.update(title=book["book_title"], author=book["book_author"], copyright=book["book_copyright"])
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx.update(reprobook_lang=lang, language=lang, html_search_language=lang,
                  numfig_format=L.mapping("numfig_format"),
                  locale_dirs=[str(catalog.write(work() / "locale", lang))])
    if builder == "latex":
        sphinx.update(version=st["version"], release=st["version"], today=st["date"])
    theme = sphinx.setdefault("html_theme_options", {})
    theme["search_bar_text"] = L["search_bar_text"]
    theme["extra_footer"] = f"<p class=\"build-stamp\">{slots.slot('stamp')}{slots.slot('versions')}</p>"
    elements = sphinx.setdefault("latex_elements", {})
    elements["babel"] = "\\usepackage[" + L["babel"] + "]{babel}"
    elements["releasename"] = L["release_name"]
    # Sphinx names the contents after the book's first part caption; give it its own name.
    elements["tableofcontents"] = ("\\renewcommand{\\contentsname}{" + latex.text(L["contents_name"]) + "}"
                                   + elements.get("tableofcontents", "\\sphinxtableofcontents"))
    elements["fncychap"] = ""  # the chapter head below replaces it (fncychap spells numbers in English words)
    stamp_lines = [L["edition_name"], *(line.format(version=st["version"], commit=st["commit"][:10], date=st["date"],
                                                      data=st["data"]) for line in L.list("stamp_pdf"))]
    elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE + (
        "\\newcommand\\reprobookshorttitle{" + latex.text(book["site_title"]) + "}"
        "\\newcommand{\\buildstamp}{" + "\\\\".join(latex.text(line) for line in stamp_lines) + "}")
    elements["maketitle"] = ("\\sphinxmaketitle\\begin{center}\\small\\buildstamp\\end{center}"
                          "\\clearpage")
    work().mkdir(parents=True, exist_ok=True)
    out = work() / (name or f"_config.{builder}.{lang}.yml")
    atomic.write_text(out, yaml.safe_dump(config, allow_unicode=True, sort_keys=True))
    return out


# Chapter heads as a dissertation prints them ("BAB IV" over the title, the word from
# babel: BAB, CHAPTER; LAMPIRAN A in the appendices), captions numbered "Tabel 4.1"
# with a space, and captions whose provenance (reprobook.sphinxext.provenance) is
# left out of the lists of tables and figures.
LATEX_PREAMBLE = r"""
\makeatletter
\def\fnum@table{\tablename\nobreakspace\thetable}\def\fnum@figure{\figurename\nobreakspace\thefigure}
\newcommand\reprobookchapnum{\@Roman\c@chapter}
\g@addto@macro\appendix{\renewcommand\reprobookchapnum{\thechapter}}
\def\@makechapterhead#1{\vspace*{10\p@}{\centering\normalfont\sffamily
  \if@mainmatter{\large\bfseries\MakeUppercase{\@chapapp}\space\reprobookchapnum\par}\vskip 12\p@\fi
  {\LARGE\bfseries #1\par}}\vskip 30\p@}
\def\@makeschapterhead#1{\vspace*{10\p@}{\centering\normalfont\sffamily{\LARGE\bfseries #1\par}}\vskip 30\p@}
\newif\ifreprobookinlist
\DeclareRobustCommand\reprobookprov[1]{\ifreprobookinlist\else#1\fi}
% Reference lists stay where their page puts them, entries hanging, without the labels
% the author-year entries would only repeat (reprobook.sphinxext.citations).
\renewenvironment{sphinxthebibliography}[1]{\begin{list}{}{\setlength{\leftmargin}{1.5em}%
  \setlength{\itemindent}{-1.5em}\setlength{\labelwidth}{0pt}\setlength{\labelsep}{0pt}%
  \setlength{\itemsep}{0.35\baselineskip}\setlength{\parsep}{0pt}}\def\@biblabel##1{}\small}{\end{list}}
\let\reprobook@lot\listoftables \def\listoftables{\reprobookinlisttrue\reprobook@lot\reprobookinlistfalse}
\let\reprobook@lof\listoffigures \def\listoffigures{\reprobookinlisttrue\reprobook@lof\reprobookinlistfalse}
\renewcommand\chaptermark[1]{\markboth{\if@mainmatter\MakeUppercase{\@chapapp}\space\reprobookchapnum.\space\fi #1}{}}
\fancypagestyle{normal}{\fancyhf{}
  \fancyfoot[RO,LE]{{\py@HeaderFamily\thepage}}
  \fancyfoot[LO]{{\py@HeaderFamily\nouppercase{\rightmark}}}\fancyfoot[RE]{{\py@HeaderFamily\nouppercase{\leftmark}}}
  \fancyhead[RO,LE]{{\py@HeaderFamily\reprobookshorttitle\sphinxheadercomma\py@release}}
  \renewcommand{\headrulewidth}{0.4pt}\renewcommand{\footrulewidth}{0.4pt}}
\makeatother
"""


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=cwd or current().root, env=env)
    if result.returncode != 0:
        raise BuildError(f"command failed ({result.returncode}): {' '.join(cmd)}")


def run_together(jobs: dict[str, tuple[list[str], Path | None]], env: dict) -> None:
    """Run independent commands at once (one per edition: the machine's cores
    share them), each writing to its own log; print every log once all have
    ended, and fail naming the ones that failed."""
    if len(jobs) == 1:
        (cmd, cwd), = jobs.values()
        return run(cmd, cwd, env)
    logs = work() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    running = {}
    for name, (cmd, cwd) in jobs.items():
        print("+", f"[{name}]", " ".join(cmd), flush=True)
        log = open(logs / f"{name}.log", "w", encoding="utf-8")
        running[name] = (subprocess.Popen(cmd, cwd=cwd or current().root, env=env, stdout=log,
                                          stderr=subprocess.STDOUT), log)
    failed = []
    for name, (proc, log) in running.items():
        if proc.wait() != 0:
            failed.append(name)
        log.close()
    for name in running:
        text = (logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        print(f"--- {name} ---\n{text}" if name in failed else f"--- {name}: done ---\n{_tail(text)}", flush=True)
    if failed:
        raise BuildError(f"failed: {', '.join(failed)} (their output is above and in {current().relative(logs)})")


def _tail(text: str, lines: int = 3) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def env_for(st: dict) -> dict:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = st["epoch"]
    env["FORCE_SOURCE_DATE"] = "1"  # pdfTeX: \today and PDF dates from SOURCE_DATE_EPOCH
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    return env


INCOMPLETE = ".incomplete"  # in a work folder while a build uses it; left behind by a kill or a failure


def work_folder(builder: str, lang: str) -> Path:
    return work() / f"{builder}-{lang}"


def sphinx_job(builder: str, st: dict, lang: str) -> tuple[list[str], None]:
    """The Jupyter Book command for one builder and edition, in its own work folder.
    A work folder whose last build did not finish (killed, or failed) is wiped
    first: Sphinx's saved state would otherwise believe half-written pages current."""
    project = current()
    folder = work_folder(builder, lang)
    if (folder / INCOMPLETE).exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INCOMPLETE).touch()
    config = merged_config(st, builder, lang)
    return ([*JUPYTER_BOOK, "build", str(project.root), "--config", str(config), "--toc", str(project.toc(lang)),
             "--path-output", str(folder), "--builder", builder, "-W", "-n", "--keep-going"], None)


def finished(builder: str, lang: str, inputs: str | None) -> None:
    """The work folder's build of these inputs completed: its state may be reused."""
    (work_folder(builder, lang) / INCOMPLETE).unlink(missing_ok=True)
    uptodate.record(work_folder(builder, lang), inputs)


def sphinx_jobs(builder: str, st: dict, langs: tuple[str, ...]) -> tuple[dict, dict[str, str | None]]:
    """The Sphinx jobs that have work to do (an edition whose work folder holds a
    finished build of the same inputs has none), and each edition's input digest."""
    jobs, inputs = {}, {}
    common = uptodate.sources()
    for lang in langs:
        folder = work_folder(builder, lang)
        inputs[lang] = uptodate.inputs(common, builder, lang, st, merged_config(st, builder, lang))
        if (folder / INCOMPLETE).exists() or not uptodate.is_done(folder, inputs[lang], output(builder, lang)):
            jobs[f"{builder}-{lang}"] = sphinx_job(builder, st, lang)
        else:
            print(f"{builder}-{lang}: up to date (nothing it reads has changed)", flush=True)
    return jobs, inputs


def output(builder: str, lang: str) -> Path:
    return work_folder(builder, lang) / "_build" / builder


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


JB_REDIRECT = re.compile(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*')


def _edition_start(tree: Path, lang: str) -> None:
    """Jupyter Book's index.html at an edition's root is a bare redirect with no
    language; write it as a page that declares one and has a plain link too."""
    page = tree / "index.html"
    match = JB_REDIRECT.fullmatch(page.read_text(encoding="utf-8")) if page.exists() else None
    if not match:
        return
    target = html.escape(match.group(1))
    title = html.escape(labels.load("site", lang)["book_title"])
    page.write_text(f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
                    f'<meta http-equiv="Refresh" content="0; url={target}"><title>{title}</title></head>\n'
                    f'<body><p><a href="{target}">{title}</a></p></body>\n</html>\n', encoding="utf-8")


def build_html(st: dict, env: dict, langs: tuple[str, ...]) -> dict[str, Path]:
    """Every edition's HTML, built side by side; their Sphinx output folders."""
    publish.inject_failure("html")
    jobs, inputs = sphinx_jobs("html", st, langs)
    if jobs:
        run_together(jobs, env)
    for lang in langs:
        finished("html", lang, inputs[lang])
    return {lang: output("html", lang) for lang in langs}


def ensure_tex() -> None:
    """The one check for TeX Live (it installs it too, when run as root with apt-get)."""
    tex = subprocess.run(["bash", str(SYSTEM), "tex"], capture_output=True, text=True)
    if tex.returncode != 0:
        raise BuildError(tex.stderr.strip())


def stage_pdf(st: dict, env: dict, langs: tuple[str, ...]) -> Path:
    """Every edition's PDF, typeset side by side, staged in one folder."""
    publish.inject_failure("pdf")
    ensure_tex()
    jobs, inputs = sphinx_jobs("latex", st, langs)
    if jobs:
        run_together(jobs, env)
    for lang in langs:
        tex = output("latex", lang) / "book.tex"
        tex.write_text(slots.fill_tex(tex.read_text(encoding="utf-8"), st, lang), encoding="utf-8")
    latexmk = ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "book.tex"]
    run_together({f"pdf-{lang}": (latexmk, output("latex", lang)) for lang in langs}, env)
    staged = atomic.staging(current().build / "pdf")
    for lang in langs:
        finished("latex", lang, inputs[lang])
        shutil.copy2(output("latex", lang) / "book.pdf", staged / current().pdf(st["version"], lang))
    return staged


def stage_html(outputs: dict[str, Path], st: dict, pdfs: Path | None) -> Path:
    """One folder as a version of the site holds it: each edition's pages in
    <lang>/ with its PDF, the data package archive and the citation file beside
    them; every placeholder filled in (slots)."""
    project = current()
    staged = atomic.staging(project.build / "html")
    for lang, out in outputs.items():
        tree = staged / lang
        shutil.copytree(out, tree, dirs_exist_ok=True)
        _edition_start(tree, lang)
        pdf = pdfs / project.pdf(st["version"], lang) if pdfs else None
        if pdf:
            shutil.copy2(pdf, tree / pdf.name)
        for page in tree.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            new = ASSET_CHECKSUM.sub(r"\1\2", slots.fill(text, st, lang, pdf))
            if new != text:
                page.write_text(new, encoding="utf-8")
        _normalise_search_index(tree / "searchindex.js")
    archive.data_package(staged / project.data_archive(st["version"]), st)
    citation.write_cff(staged / citation.CFF, st)
    return staged


def build(target: str, log=print, publish_site: bool = True, langs: tuple[str, ...] | None = None) -> dict:
    """Build `target` (html, pdf or all) in every language (or in `langs`, for html
    or pdf) and install it; `all` also publishes into the site unless
    `publish_site` is false (a release publishes only after its tests). Returns the stamp."""
    project = current()
    if langs and target == "all":
        raise InputError("a build of some languages only is not published: build html or pdf with --lang "
                         "[rule: a version is published in every language]")
    unknown = [lang for lang in langs or () if lang not in project.languages]
    if unknown:
        raise InputError(f"'{unknown[0]}' is not a language of this book ({', '.join(project.languages)}) "
                         "[rule: --lang names an edition]")
    langs = tuple(langs) if langs else project.languages
    names = check.validate_all()
    log(f"data: {len(names)} resources valid")
    chapters.raise_problems(chapters.check())
    log("chapters: sources, citations and numbers checked")
    problems = editions.mismatches()
    if problems:
        raise InputError("\n".join(problems))
    ran = runner.run_stale(log=log)
    log(f"notebooks: {len(ran)} executed, {len(runner.cache.notebooks()) - len(ran)} up to date")
    st = stamp()
    env = env_for(st)
    staged: dict[str, Path] = {}
    try:
        outputs = build_html(st, env, langs) if target in ("html", "all") else None
        if target in ("pdf", "all"):
            staged["pdf"] = stage_pdf(st, env, langs)
        if outputs:
            staged["html"] = stage_html(outputs, st, staged.get("pdf"))
        if target == "all" and publish_site:
            outcome = publish.publish(staged["html"], st)
            log(f"site: {publish.folder_for(st['version'])} {outcome} in {publish.site()}")
        for name, folder in staged.items():
            atomic.install(folder, project.build / name)
            log(f"{name.upper()}: {project.relative(project.build / name)}")
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
    return st


def main(target: str, langs: list[str] | None = None) -> int:
    project = current()
    try:
        with lock.held(project.build):
            atomic.sweep(project.build)  # what a killed build left behind
            build(target, langs=tuple(langs) if langs else None)
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
