"""The one way in: ``reprobook <command>``, run inside a project (a folder with
reprobook.yaml, or below one; ``--project DIR`` names another, ``--build-dir DIR``
builds elsewhere). The Makefile
calls these and nothing else. The command line makes the Project once and
passes it to everything it calls; it catches ReprobookError and nothing else.

    reprobook build html|pdf|all     validate, run stale notebooks, build (all: publish into _build/site)
                     [--lang L]      html or pdf of one edition only
    reprobook notebooks [--force]    run the notebooks whose recorded inputs changed
                        [--stale]    print the stale notebooks, one per line, and run nothing
    reprobook preview [--lang L]     serve one edition at http://127.0.0.1:8000/, rebuilt on every edit
    reprobook check-data             validate every data file and strings file
    reprobook check-prose [FILE...]  check the pages' prose: sources named, nothing typed or copied
    reprobook registry               accept the current recomputations into the registry
    reprobook release X.Y.Z          test, tag and publish a release
    reprobook deploy [--remote R]    publish _build/site onto the gh-pages branch of a git remote
                     [--branch B] [--base-url URL] [--folder DIR]
    reprobook test [--fast]          every test (or the unit tests alone), from the project root
    reprobook clean                  remove build work; the published site is kept
    reprobook settings               the settings of reprobook.yaml, as the engine README's table
    reprobook lock [--upgrade]       resolve the lock again (--upgrade: to the newest versions allowed)
    reprobook new DIR                start a new book from the template
    reprobook venv DIR               an environment that shares this Python's packages
    reprobook system tex|browser     install (or name) the system packages a step needs
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from .errors import ReprobookError


def _check_data(project, args) -> int:
    from . import strings
    from .data import check

    print(f"{len(check.validate_all(project))} resources valid")
    print(f"{len(strings.of(project).validate_all())} strings files valid")
    return 0


def _check_prose(project, args) -> int:
    from . import prose
    from .errors import ConfigError

    chosen = [Path(f).resolve() for f in args.files] or None
    problems = [str(p) for p in prose.check(project, chosen)]
    original = project.original_text()
    if original is not None:
        rule = f"every sentence is the edition's own: no run of {prose.COPY_RUN} words copied"
        problems += [str(ConfigError(run.split(": ", 1)[0], rule, run.split(": ", 1)[1]))
                     for run in prose.copied_runs(project, original, chosen)]
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def _preview(project, args) -> int:
    from . import preview

    return preview.main(project, args.lang, args.port)


def _notebooks(project, args) -> int:
    from .execution import ledger, runner

    if args.stale:
        for path in ledger.stale(project):
            print(project.relative(path))
        return 0
    ran = runner.run_stale(project, force=args.force)
    print(f"{len(ran)} notebook(s) executed, {len(ledger.notebooks(project)) - len(ran)} up to date")
    return 0


def _registry(project, args) -> int:
    from .reconcile import judge, registry

    print(f"{registry.update(project)} registry entries updated")
    results = registry.reconcile(project)
    print(results["cls"].value_counts().reindex(judge.CLASSES, fill_value=0).to_string())
    problems = registry.regressions(project, results)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


def _build(project, args) -> int:
    from .pipeline import build

    return build.main(project, args.target, args.lang, as_release=args.as_release, publish_site=not args.no_publish)


def _deploy(project, args) -> int:
    from .pipeline import deploy

    if args.folder:
        deploy.to_folder(project, Path(args.folder), args.base_url)
    else:
        deploy.push(project, args.remote, args.branch, args.base_url)
    return 0


def _release(project, args) -> int:
    from .pipeline import release

    return release.main(project, args.version)


def _test(project, args) -> int:
    from . import testing

    return testing.run(project, fast=args.fast, extra=args.pytest_args)


def _clean(project, args) -> int:
    from .pipeline import build

    for path in build.clean(project):
        print(f"removed {path}")
    return 0


def _settings(project, args) -> int:
    from . import project as _project

    print(_project.settings_table())
    return 0


def _lock(project, args) -> int:
    from . import lockfile

    changed = lockfile.resolve(project, upgrade=args.upgrade)
    for dist, (old, new) in changed.items():
        print(f"{dist}: {old or '(new)'} -> {new or '(removed)'}")
    print(f"{project.relative(project.lock)}: {len(changed)} package(s) changed"
          + ("; `make lock` now installs it and runs every test" if changed else ""))
    return 0


def _new(args) -> int:
    from . import scaffold

    target = scaffold.create(Path(args.dir))
    print(f"new book in {target}: cd there, then `make book` and `make test` (see its README.md)")
    return 0


def _venv(args) -> int:
    from . import scaffold

    print(f"environment in {scaffold.shared_venv(Path(args.dir))}, sharing the packages of {sys.executable}")
    return 0


def _system(project, args) -> int:
    script = Path(__file__).resolve().parent / "system.sh"
    status = subprocess.run(["bash", str(script), args.what]).returncode
    if status == 0 and args.what == "browser" and (project.root / "package.json").is_file():
        # axe-core and the stemmer, exactly as package-lock.json records them
        lock = (project.root / "package-lock.json").is_file()
        status = subprocess.run(["npm", "ci" if lock else "install", "--no-audit", "--no-fund", "--silent"],
                                cwd=project.root).returncode
    return status


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reprobook", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--project", default=None, help="the project's folder (default: found from the working directory)")
    p.add_argument("--build-dir", default=None, help="build into this folder instead of the project's (a second build "
                   "to compare with, a release's own)")
    sub = p.add_subparsers(dest="command", required=True, metavar="command")
    b = sub.add_parser("build", help="validate data, run stale notebooks, build HTML and/or PDF")
    b.add_argument("target", choices=["html", "pdf", "all"], help="all: HTML and PDF, then publish into _build/site")
    b.add_argument("--lang", action="append", help="html or pdf of this edition only (repeatable)")
    b.add_argument("--as-release", default=None, metavar="X.Y.Z",
                   help="build this commit as that recorded release, publishing nothing (how a clone rebuilds "
                        "the releases its repository records)")
    b.add_argument("--no-publish", action="store_true",
                   help="all: HTML and PDF installed, the site left alone (a second build to compare with, "
                        "which need not rebuild the recorded releases)")
    b.set_defaults(run=_build)
    n = sub.add_parser("notebooks", help="run the notebooks whose recorded inputs changed")
    n.add_argument("--force", action="store_true", help="run every notebook")
    n.add_argument("--stale", action="store_true", help="print the stale notebooks, one path per line, and run nothing")
    n.set_defaults(run=_notebooks)
    live = sub.add_parser("preview", help="serve one edition, rebuilt on every edit (nothing is published)")
    live.add_argument("--lang", default=None, help="the edition to show (default: the first language)")
    live.add_argument("--port", type=int, default=8000)
    live.set_defaults(run=_preview)
    sub.add_parser("check-data", help="validate every data and strings file").set_defaults(run=_check_data)
    c = sub.add_parser("check-prose", help="check the pages: sources named, citations and numbers not typed")
    c.add_argument("files", nargs="*", help="pages to check (default: every page of every edition)")
    c.set_defaults(run=_check_prose)
    sub.add_parser("registry", help="accept the current recomputations into the registry").set_defaults(run=_registry)
    t = sub.add_parser("test", help="run the tests from the project root (all, or --fast: unit tests alone)")
    t.add_argument("--fast", action="store_true", help="unit tests alone: no built book, browser or notebooks")
    t.add_argument("pytest_args", nargs=argparse.REMAINDER, help="more pytest arguments, after --")
    t.set_defaults(run=_test)
    sub.add_parser("clean", help="remove build work; the published site is kept").set_defaults(run=_clean)
    sub.add_parser("settings", help="the settings of reprobook.yaml, as a Markdown table").set_defaults(run=_settings)
    lk = sub.add_parser("lock", help="resolve the locked environment again (make lock: then install it and test)")
    lk.add_argument("--upgrade", action="store_true", help="every package to its newest version the ranges allow")
    lk.set_defaults(run=_lock)
    r = sub.add_parser("release", help="test the current commit, then tag and publish it as a release")
    r.add_argument("version", help="X.Y.Z")
    r.set_defaults(run=_release)
    d = sub.add_parser("deploy", help="publish _build/site onto the gh-pages branch of a git remote (or into a folder)")
    d.add_argument("--remote", default="origin", help="a remote of the project's repository, a git URL or a path "
                   "(default: origin)")
    d.add_argument("--branch", default="gh-pages", help="the branch the host serves (default: gh-pages)")
    d.add_argument("--base-url", default=None, help="the address the host serves the site from: the site's root "
                   "files are written for it (default: as built, from site.base_url)")
    d.add_argument("--folder", default=None, help="write the tree to deploy into this folder instead of pushing it "
                   "(a host that takes a folder, as GitHub Pages' upload-pages-artifact)")
    d.set_defaults(run=_deploy)
    w = sub.add_parser("new", help="start a new book from the template")
    w.add_argument("dir")
    w.set_defaults(run=_new, standalone=True)
    v = sub.add_parser("venv", help="a virtual environment sharing this Python's packages (a new book's Makefile uses it)")
    v.add_argument("dir")
    v.set_defaults(run=_venv, standalone=True)
    s = sub.add_parser("system", help="install the Debian packages a step needs (as root), or name them")
    s.add_argument("what", choices=["tex", "browser"])
    s.set_defaults(run=_system)
    return p


def main(argv: list[str] | None = None) -> int:
    from . import project as _project

    args = parser().parse_args(argv)
    try:
        if getattr(args, "standalone", False):
            return args.run(args)
        project = _project.load(Path(args.project)) if args.project else _project.here()
        if args.build_dir:
            project = project.with_build(Path(args.build_dir).resolve())
        return args.run(project, args)
    except ReprobookError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk or a read-only folder outside a build: said in one line
        from .errors import fail

        where = exc.filename if exc.filename else args.command
        print(f"ERROR: {fail(where, 'the command can read and write its files', exc.strerror or str(exc))}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
