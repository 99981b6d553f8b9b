"""Build the book: check the inputs, run stale notebooks, compute what Sphinx
needs (reprobook.context), then the PDF and the HTML of every edition; `all`
also publishes both into the versioned site (reprobook.pipeline.publish).

    reprobook build html|pdf|all [--lang L]

Each edition's Sphinx works in _build/work/<builder>-<lang>, a child process of
its own (reprobook.pipeline.sphinx_app), the editions side by side. The PDF is
made first, with each chapter cut out as a PDF of its own (pipeline.parts), so
each HTML page can link its chapter's PDF and name the sizes. An edition whose inputs are
unchanged since its last finished build is not rebuilt (uptodate). The outputs
_build/html and _build/pdf are installed only when every step has succeeded
(and, for `all`, after the site accepted them), in one atomic switch each
(reprobook.atomic): a failed build leaves the last good output in place.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from .. import atomic, context, digest, editions, limits, lock, prose, strings
from ..data import check
from ..errors import BuildError, ConfigError, ReprobookError
from ..execution import runner
from . import (
    archive,
    cff,
    changes,
    environment,
    figures,
    glued,
    latex,
    parts,
    publish,
    rebuild,
    records,
    sphinx_app,
    stamp,
    uptodate,
)
from . import version as versions

SYSTEM = Path(__file__).resolve().parents[1] / "system.sh"
INCOMPLETE = ".incomplete"  # in a work folder while a build uses it; left behind by a kill or a failure
METADATA = "reprobook-metadata.tex"  # beside book.tex: what pdflatex reads first (pipeline.latex)


def work(project) -> Path:
    return project.build / "work"


def work_folder(project, builder: str, lang: str) -> Path:
    return work(project) / f"{builder}-{lang}"


def output(project, builder: str, lang: str) -> Path:
    return work_folder(project, builder, lang) / "out"


# --- before Sphinx ----------------------------------------------------------------------------


def check_inputs(project, catalog: strings.Catalog, log=print, pages: list[Path] | None = None) -> None:
    """The data, the strings, the prose and the editions' shape; the first problem stops."""
    if pages is None:
        log(f"data: {len(check.validate_all(project))} resources valid")
        catalog.validate_all()
    prose.raise_problems(prose.check(project, pages))
    problems = editions.mismatches(project)
    if problems:
        raise problems[0]
    for notebook in runner.ledger.notebooks(project):  # as committed: a page pastes from them
        limits.notebook(notebook.stat().st_size, project.relative(notebook))
    for lang in project.languages:
        link = project.edition(lang) / editions.NOTEBOOKS
        if not link.is_dir() or link.resolve() != project.notebooks.resolve():
            raise ConfigError(project.relative(link), "each edition's notebooks folder is the project's notebooks",
                              f"{project.relative(link)} does not lead to {project.relative(project.notebooks)}")


def stamp_data(project, catalog: strings.Catalog, st: stamp.Stamp, lang: str) -> dict:
    """stamp.json of an edition: the version and what the page links to."""
    return st.as_dict() | {"pdf": project.pdf(st.version, lang), "pdf_label": "PDF · " + st.version,
                           "data_archive": project.data_archive(st.version)}


def canonical_pages(project, st: stamp.Stamp, lang: str) -> bool | list[str]:
    """Which pages carry a canonical link to their place in the newest release: every
    page of a release; of a development build, those the newest recorded release
    has (none before the first release, when latest/ does not exist). They are read
    from that release's manifest in the repository, not from the site: the site
    receives the recorded releases after this build's pages are made, and a page
    must depend on its commit, not on what the site held when it was built."""
    if st.release:
        return True
    recorded = records.read(project.root)
    if not recorded:
        return False
    edition = f"{lang}/"
    return sorted(path.removeprefix(edition) for path in records.manifest(project.root, recorded[-1].version)
                  if path.startswith(edition) and path.endswith(".html"))


def page_values(project, st: stamp.Stamp, lang: str, pdfs: Path | None) -> dict:
    """reprobook_page of an edition's HTML: what every page's furniture shows (the
    PDFs' sizes and the chapters' PDFs when `pdfs`, the staged PDFs, are given)."""
    pdf = pdfs / project.pdf(st.version, lang) if pdfs else None
    return {"version": st.version, "commit": st.commit, "date": st.date, "data": st.data, "release": st.release,
            "canonical": canonical_pages(project, st, lang),
            "pdf": {"name": project.pdf(st.version, lang), "size": pdf.stat().st_size if pdf else None},
            "parts": parts.listing(project, lang, st.version, pdfs) if pdfs else {}}


def write_context(project, catalog: strings.Catalog, st: stamp.Stamp, langs: tuple[str, ...], log=print) -> None:
    """Everything Sphinx reads that is not a source file, for each edition (reprobook.context)."""
    figures.prepare(project, catalog, langs, log)
    glued.mark(project, langs)
    previous = versions.previous_release(project.root, st.version)
    previous_commit = versions.commit_of(project.root, previous) if previous else None
    unreleased = catalog.text("changes", "unreleased_heading", project.default_lang)
    made_with = environment.record(project)
    for lang in langs:
        folder = context.folder(project.build, lang)
        context.write(folder / context.ENVIRONMENT, made_with)
        context.write(folder / context.STAMP, stamp_data(project, catalog, st, lang))
        context.write(folder / context.CITE, {"edition": cff.edition(project, catalog, lang, st),
                                              "original": cff.original(project, catalog, lang)})
        context.write(folder / context.CHANGES, changes.of(project, catalog, lang, st.version, previous,
                                                            previous_commit, unreleased))


# --- Sphinx -----------------------------------------------------------------------------------


def request(project, builder: str, lang: str, st: stamp.Stamp, page: dict) -> sphinx_app.Request:
    folder = work_folder(project, builder, lang)
    return sphinx_app.Request(root=str(project.root), build=str(project.build), lang=lang, builder=builder,
                              srcdir=str(project.edition(lang)), outdir=str(folder / "out"),
                              doctreedir=str(folder / "doctrees"), context=str(context.folder(project.build, lang)),
                              page=page, stamp=st.as_dict())


def env_for(st: stamp.Stamp) -> dict:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(st.epoch)
    env["FORCE_SOURCE_DATE"] = "1"  # pdfTeX: \today and PDF dates from SOURCE_DATE_EPOCH
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    return env


def run_together(project, jobs: dict[str, tuple[list[str], Path | None]], env: dict, log=print) -> None:
    """Run independent commands at once (the machine's cores share them), each
    writing to its own log; fail naming the ones that failed, with their logs' ends."""
    logs = work(project) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    running = {}
    for name, (cmd, cwd) in jobs.items():
        log(f"+ [{name}] {' '.join(cmd)}")
        out = open(logs / f"{name}.log", "w", encoding="utf-8")
        running[name] = (subprocess.Popen(cmd, cwd=cwd or project.root, env=env, stdout=out,
                                          stderr=subprocess.STDOUT), out)
    failed = []
    for name, (proc, out) in running.items():
        if proc.wait() != 0:
            failed.append(name)
        out.close()
    for name in running:
        text = (logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        tail = "\n".join(text.rstrip().splitlines()[-(40 if name in failed else 2):])
        log(f"--- {name}{' FAILED' if name in failed else ''} ---\n{tail}")
    if failed:
        raise BuildError(project.relative(logs), "every edition builds without a warning",
                         f"failed: {', '.join(failed)} (their logs' ends are above)")


def sphinx(project, builder: str, st: stamp.Stamp, langs: tuple[str, ...], pages: dict[str, dict], env: dict,
           log=print) -> dict[str, Path]:
    """Run the Sphinx jobs that have work to do (an edition whose work folder holds a
    finished build of the same inputs has none); each edition's output folder."""
    jobs, inputs = {}, {}
    common = uptodate.sources(project)
    for lang in langs:
        req = request(project, builder, lang, st, pages.get(lang, {}))
        folder = work_folder(project, builder, lang)
        inputs[lang] = uptodate.inputs(common, builder, lang, asdict(req), context.folder(project.build, lang))
        if (folder / INCOMPLETE).exists():
            shutil.rmtree(folder)  # Sphinx's saved state would believe half-written pages current
        if uptodate.is_done(folder, inputs[lang], output(project, builder, lang)):
            log(f"{builder}-{lang}: up to date (nothing it reads has changed)")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        (folder / INCOMPLETE).touch()
        file = sphinx_app.write_request(req, folder / "request.json")
        jobs[f"{builder}-{lang}"] = ([sys.executable, "-m", "reprobook.pipeline.sphinx_app", str(file)], None)
    if jobs:
        run_together(project, jobs, env, log)
    for lang in langs:
        (work_folder(project, builder, lang) / INCOMPLETE).unlink(missing_ok=True)
        uptodate.record(work_folder(project, builder, lang), inputs[lang])
    return {lang: output(project, builder, lang) for lang in langs}


def ensure_tex() -> None:
    """The one check for TeX Live (it installs it too, when run as root with apt-get)."""
    tex = subprocess.run(["bash", str(SYSTEM), "tex"], capture_output=True, text=True)
    if tex.returncode != 0:
        raise BuildError("TeX Live", "the PDF needs TeX Live", tex.stderr.strip())


def stage_pdf(project, catalog: strings.Catalog, st: stamp.Stamp, langs: tuple[str, ...], env: dict,
              log=print) -> Path:
    """Every edition's PDF, typeset side by side, and each of its chapters as a PDF
    of its own (pipeline.parts), staged in one folder."""
    publish.inject_failure("pdf")
    ensure_tex()
    outs = sphinx(project, "latex", st, langs, {}, env, log)
    pending = {}
    for lang in langs:
        # PDF/A, /Lang and the PDF version must come before \documentclass, which Sphinx's
        # template writes first: pdflatex reads this file ahead of book.tex (latexmk -usepretex)
        before = outs[lang] / METADATA
        text = latex.document_metadata(catalog, lang) + "\n"
        if not before.is_file() or before.read_text(encoding="utf-8") != text:
            atomic.write_text(before, text)
        pdf = outs[lang] / "book.pdf"
        if not pdf.is_file() or pdf.stat().st_mtime < max(p.stat().st_mtime for p in (outs[lang] / "book.tex", before)):
            pending[f"pdf-{lang}"] = (["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
                                       "-file-line-error", "-jobname=book", f"-usepretex=\\input{{{METADATA}}}",
                                       "book.tex"], outs[lang])
    if pending:
        run_together(project, pending, env, log)
    staged = atomic.staging(project.build / "pdf")
    for lang in langs:
        whole = staged / project.pdf(st.version, lang)
        shutil.copy2(outs[lang] / "book.pdf", whole)
        aux = outs[lang] / "book.aux"
        read = uptodate.done(work_folder(project, "latex", lang))
        key = None if read is None else digest.of_bytes(f"{read}\n{digest.of_file(whole)}\n{digest.of_file(aux)}".encode())
        made = parts.split_once(project, lang, st.version, whole, aux, staged, work_folder(project, "latex", lang) / "parts",
                                key)
        log(f"pdf-{lang}: {len(made)} chapters as PDFs of their own")
    return staged


SEARCH_INDEX = re.compile(r"Search\.setIndex\((.*)\)\s*", flags=re.S)


def normalise_search_index(path: Path) -> None:
    """An incremental build keeps words that no page contains any more, with empty
    lists; drop them, so the index depends only on the pages."""
    if not path.exists():
        return
    match = SEARCH_INDEX.fullmatch(path.read_text(encoding="utf-8"))
    if not match:
        raise BuildError(str(path), "the search index is Sphinx's format", "not the format this build knows")
    index = json.loads(match.group(1))
    for key in ("terms", "titleterms"):
        index[key] = {term: docs for term, docs in index.get(key, {}).items() if docs != []}
    path.write_text("Search.setIndex(" + json.dumps(index, ensure_ascii=False, sort_keys=True,
                                                    separators=(",", ":")) + ")", encoding="utf-8")


def stage_html(project, outputs: dict[str, Path], st: stamp.Stamp, pdfs: Path | None) -> Path:
    """One folder as a version of the site holds it: each edition's pages in <lang>/
    with its PDF, the data package archive and the citation file beside them."""
    staged = atomic.staging(project.build / "html")
    shipped = []
    for lang, out in outputs.items():
        tree = staged / lang
        # .buildinfo is Sphinx's bookkeeping for incremental builds (a hash of settings that
        # hold this machine's paths): nothing for a reader, and it would tie a version to a folder
        shutil.copytree(out, tree, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".buildinfo"))
        for pdf in parts.pdfs(project, lang, st.version, pdfs).values() if pdfs else ():  # the book's, its chapters'
            shutil.copy2(pdf, tree / pdf.name)
            shipped.append(pdf)
        normalise_search_index(tree / "searchindex.js")
        for page in tree.rglob("*.html"):
            limits.page(page.stat().st_size, f"{lang}/{page.relative_to(tree).as_posix()}", BuildError)
    archive.data_package(project, staged / project.data_archive(st.version), st, shipped)
    cff.write_cff(project.root, staged / cff.CFF, st)
    # what made this version; publishing adds what it holds (pipeline.publish)
    made_with = context.read(context.folder(project.build, next(iter(outputs))) / context.ENVIRONMENT)
    atomic.write_text(staged / "build.json", json.dumps({"version": st.version, "environment": made_with}, indent=1,
                                                        ensure_ascii=False) + "\n")
    return staged


def build(project, target: str, log=print, publish_site: bool = True, langs: tuple[str, ...] | None = None,
          version: str | None = None):
    """Build `target` (html, pdf or all) in every language (or in `langs`, for html
    or pdf) and install it; `all` also publishes into the site unless
    `publish_site` is false (a release publishes after its tests, and names its
    `version` before it is tagged). Returns the stamp."""
    if langs and target == "all":
        raise ConfigError("--lang", "a version is published in every language",
                          "a build of some languages only is not published: build html or pdf with --lang")
    unknown = [lang for lang in langs or () if lang not in project.languages]
    if unknown:
        raise ConfigError("--lang", "--lang names an edition",
                          f"'{unknown[0]}' is not a language of this book ({', '.join(project.languages)})")
    langs = tuple(langs) if langs else project.languages
    catalog = strings.of(project)
    check_inputs(project, catalog, log)
    log("pages: sources, citations and numbers checked")
    records.read(project.root)  # the pages link to the newest release: a broken record stops the build before any work
    if target == "all" and publish_site:
        rebuild.check_held(project)  # so does a published release that is not its record
    ran = runner.run_stale(project, log=log)
    log(f"notebooks: {len(ran)} executed, {len(runner.ledger.notebooks(project)) - len(ran)} up to date")
    st = stamp.of(project, version)
    env = env_for(st)
    write_context(project, catalog, st, langs, log)
    staged: dict[str, Path] = {}
    try:
        if target in ("pdf", "all"):
            staged["pdf"] = stage_pdf(project, catalog, st, langs, env, log)
        if target in ("html", "all"):
            publish.inject_failure("html")
            pdfs = staged.get("pdf")
            pages = {lang: page_values(project, st, lang, pdfs) for lang in langs}
            outputs = sphinx(project, "html", st, langs, pages, env, log)
            staged["html"] = stage_html(project, outputs, st, pdfs)
        if target == "all" and publish_site:
            rebuild.ensure(project, catalog, log)  # every recorded release missing, before this build joins them
            outcome = publish.publish(project, catalog, staged["html"], st)
            log(f"site: {publish.folder_for(st.version)} {outcome} in {project.relative(publish.site(project))}")
        for name, folder in staged.items():
            atomic.install(folder, project.build / name)
            log(f"{name.upper()}: {project.relative(project.build / name)}")
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
    return st


def main(project, target: str, langs: list[str] | None = None, as_release: str | None = None,
         publish_site: bool = True) -> int:
    """`as_release`: build this commit as that recorded release and publish nothing
    (how pipeline.rebuild rebuilds a release from its own commit); `publish_site`
    false: `all` installs the HTML and PDF and leaves the site (and the recorded
    releases it would rebuild) alone."""
    try:
        with lock.held(project.build):
            atomic.sweep(project.build)  # what a killed build left behind
            if as_release is not None:
                _check_as_release(project, target, as_release)
            try:
                build(project, target, langs=tuple(langs) if langs else None, version=as_release,
                      publish_site=publish_site and as_release is None)
            except OSError:
                atomic.sweep(project.build)  # this build's staging folders: nothing of it is kept
                raise
    except OSError as exc:
        exc = system_error(project, exc)
        print(f"\nBUILD FAILED: {exc}\nNothing was published: _build/site, _build/html and _build/pdf "
              "are as the last good build left them.", file=sys.stderr)
        return 1
    except ReprobookError as exc:
        print(f"\nBUILD FAILED: {exc}\nNothing was published: _build/site, _build/html and _build/pdf "
              "are as the last good build left them.", file=sys.stderr)
        return 1
    return 0


def system_error(project, exc: OSError) -> BuildError:
    """What the operating system refused (a full disk, a read-only folder), as an
    error that names the file and what to do, instead of a traceback."""
    where = project.relative(Path(exc.filename)) if exc.filename else project.relative(project.build)
    advice = {errno.ENOSPC: "free some space on the disk", errno.EDQUOT: "free some space within the quota",
              errno.EROFS: "build on a writable disk (--build-dir)", errno.EACCES: "make the folder writable",
              errno.EPERM: "make the folder writable"}.get(exc.errno, "fix what the system reports")
    return BuildError(where, "the build can write its work, its outputs and the site",
                      f"{exc.strerror or exc}: {advice}, then build again")


def _check_as_release(project, target: str, release: str) -> None:
    if target != "all" or not versions.is_release(release):
        raise ConfigError("--as-release", "a release is rebuilt whole, as X.Y.Z", f"'{release}' with target {target}")
    if versions.git(project.root, "status", "--porcelain", "--untracked-files=no"):
        raise ConfigError("--as-release", "a release is rebuilt from its commit", "the checkout has uncommitted edits")


def clean(project) -> list[str]:
    """Remove what a build made, except the published site (_build/site and the
    generation it shows); returns what was removed."""
    removed = []
    with lock.held(project.build):
        for name in ("work", "context", "preview", rebuild.FOLDER):
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
        subprocess.run(["git", "worktree", "prune"], cwd=project.root, capture_output=True)  # the rebuilds' checkouts
    return removed

