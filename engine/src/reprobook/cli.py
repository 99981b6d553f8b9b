"""The one way in: ``reprobook <command>``, run inside a project (a folder with
reprobook.yaml, or below one). The Makefile calls these and nothing else.

    reprobook build html|pdf|all     validate, run stale notebooks, build (all: publish into _build/site)
                     [--lang L]      html or pdf of one edition only
    reprobook notebooks [--force]    run the notebooks whose recorded inputs changed
    reprobook preview [--lang L]     serve one edition at http://127.0.0.1:8000/, rebuilt on every edit
    reprobook check-data             validate every data file
    reprobook check-prose [FILE...]  check the chapters' prose: sources named, nothing typed or copied
    reprobook registry               accept the current recomputations into the registry
    reprobook release X.Y.Z          tag, build, test and publish a release
    reprobook test [--fast]          every test (or the unit tests alone), from the project root
    reprobook clean                  remove build work; the published site is kept
    reprobook new DIR                start a new book from the template
    reprobook venv DIR               an environment that shares this Python's packages
    reprobook system tex|browser     install (or name) the system packages a step needs
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from .errors import InputError


def _check_data(args) -> int:
    from . import labels
    from .data import check

    print(f"{len(check.validate_all())} resources valid")
    print(f"{len(labels.validate_all())} label files valid")
    return 0


def _check_prose(args) -> int:
    from . import chapters

    problems = chapters.check([Path(f) for f in args.files] or None)
    for p in problems:
        print(p)
    source = current_source_text()
    if source is not None:
        for run in chapters.copied_runs(source, [Path(f).resolve() for f in args.files] or None):
            print(f"{run} [rule: every sentence is the edition's own: no run of {chapters.COPY_RUN} words copied]")
            problems.append(run)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def current_source_text():
    from .project import current

    return current().source_text()


def _preview(args) -> int:
    from . import preview

    return preview.main(args.lang, args.port)


def _notebooks(args) -> int:
    from .execution import cache, runner

    ran = runner.run_stale(force=args.force)
    print(f"{len(ran)} notebook(s) executed, {len(cache.notebooks()) - len(ran)} up to date")
    return 0


def _registry(args) -> int:
    from .reconcile import judge, registry

    print(f"{registry.update()} registry entries updated")
    results = registry.reconcile()
    print(results["cls"].value_counts().reindex(judge.CLASSES, fill_value=0).to_string())
    problems = registry.regressions(results)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


def _build(args) -> int:
    from .site import build

    return build.main(args.target, args.lang)


def _release(args) -> int:
    from .site import release

    return release.main(args.version)


def _new(args) -> int:
    from . import scaffold

    target = scaffold.create(Path(args.dir))
    print(f"new book in {target}: cd there, then `make book` and `make test` (see its README.md)")
    return 0


def _venv(args) -> int:
    from . import scaffold

    print(f"environment in {scaffold.shared_venv(Path(args.dir))}, sharing the packages of {sys.executable}")
    return 0


def _system(args) -> int:
    script = Path(__file__).resolve().parent / "system.sh"
    status = subprocess.run(["bash", str(script), args.what]).returncode
    if status == 0 and args.what == "browser":
        from .project import current

        root = current().root
        if (root / "package.json").is_file():  # axe-core, run inside Chromium by the browser checks
            status = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=root).returncode
    return status


def _test(args) -> int:
    from . import testing

    return testing.run(fast=args.fast, extra=args.pytest_args)


def _clean(args) -> int:
    from .site import build

    for path in build.clean():
        print(f"removed {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reprobook", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="command")
    b = sub.add_parser("build", help="validate data, run stale notebooks, build HTML and/or PDF")
    b.add_argument("target", choices=["html", "pdf", "all"], help="all: HTML and PDF, then publish into _build/site")
    b.add_argument("--lang", action="append", help="html or pdf of this edition only (repeatable)")
    b.set_defaults(run=_build)
    n = sub.add_parser("notebooks", help="run the notebooks whose recorded inputs changed")
    n.add_argument("--force", action="store_true", help="run every notebook")
    n.set_defaults(run=_notebooks)
    live = sub.add_parser("preview", help="serve one edition, rebuilt on every edit (nothing is published)")
    live.add_argument("--lang", default=None, help="the edition to show (default: the first language)")
    live.add_argument("--port", type=int, default=8000)
    live.set_defaults(run=_preview)
    sub.add_parser("check-data", help="validate every data file").set_defaults(run=_check_data)
    c = sub.add_parser("check-prose", help="check the chapters: sources named, citations and numbers not typed")
    c.add_argument("files", nargs="*", help="pages to check (default: every page of the book)")
    c.set_defaults(run=_check_prose)
    sub.add_parser("registry", help="accept the current recomputations into the registry").set_defaults(run=_registry)
    t = sub.add_parser("test", help="run the tests from the project root (all, or --fast: unit tests alone)")
    t.add_argument("--fast", action="store_true", help="unit tests alone: no built book, browser or notebooks")
    t.add_argument("pytest_args", nargs=argparse.REMAINDER, help="more pytest arguments, after --")
    t.set_defaults(run=_test)
    sub.add_parser("clean", help="remove build work; the published site is kept").set_defaults(run=_clean)
    r = sub.add_parser("release", help="tag the current commit and publish it as a release")
    r.add_argument("version", help="X.Y.Z")
    r.set_defaults(run=_release)
    w = sub.add_parser("new", help="start a new book from the template")
    w.add_argument("dir")
    w.set_defaults(run=_new)
    v = sub.add_parser("venv", help="a virtual environment sharing this Python's packages (a new book's Makefile uses it)")
    v.add_argument("dir")
    v.set_defaults(run=_venv)
    s = sub.add_parser("system", help="install the Debian packages a step needs (as root), or name them")
    s.add_argument("what", choices=["tex", "browser"])
    s.set_defaults(run=_system)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
