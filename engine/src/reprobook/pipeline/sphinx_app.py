"""The one way the engine runs Sphinx, for the build and the preview alike.

An edition's configuration is the project's ``book/_config.yml`` (Jupyter
Book's format, shared by every edition) with what depends on the edition and
the version: its language (Sphinx's, the search's, babel's), its title and
caption words from the strings, the message catalogues of the theme's
interface, the pipeline's context folder and the page furniture
(``reprobook_page``), and the LaTeX preamble. Jupyter Book's
``get_final_config`` turns it into Sphinx settings, as ``jupyter-book build``
would; the application is then made here, in this process.

The build runs each edition in a child process of its own (``python -m
reprobook.pipeline.sphinx_app REQUEST.json``), so that editions build side by
side and a crash is contained; the preview keeps one application warm in its
own process (``Warm``). Both go through ``make_app``.
"""
from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from .. import project as _project
from .. import strings
from . import catalog as catalogs
from . import latex

# Jupyter Book always loads sphinx-thebe, whose script names a CDN: the book runs no live code.
DROPPED_EXTENSIONS = ("sphinx_thebe",)


@dataclass(frozen=True)
class Request:
    """One Sphinx run: which project and edition, which builder, where."""
    root: str
    build: str
    lang: str
    builder: str  # html or latex
    srcdir: str
    outdir: str
    doctreedir: str
    context: str
    page: dict  # reprobook_page: what every page's furniture shows
    stamp: dict  # for LaTeX's title page and running heads


def config(project, catalog: strings.Catalog, req: Request) -> dict:
    """The Jupyter Book configuration of one edition (book/_config.yml, completed)."""
    with open(project.book / "_config.yml", encoding="utf-8") as fh:
        conf = yaml.safe_load(fh) or {}
    lang = req.lang
    site = catalog.texts("site", lang)
    conf.update(title=site["book_title"], author=site["book_author"], copyright=site["book_copyright"])
    conf["bibtex_bibfiles"] = [str((project.book / b).resolve()) for b in conf.get("bibtex_bibfiles", [])]
    sphinx = conf.setdefault("sphinx", {}).setdefault("config", {})
    static = project.book / "_static"
    sphinx.update(
        reprobook_root=str(project.root), reprobook_lang=lang, reprobook_context=req.context,
        reprobook_page=req.page, language=lang, html_search_language=lang,
        numfig_format=catalog.value("site", "numfig_format", lang),
        locale_dirs=[str(catalogs.write(Path(req.build) / "work" / "locale", catalog, lang))],
        html_static_path=[str(static)] if static.is_dir() else [],
    )
    if (static / "favicon.svg").is_file():
        sphinx["html_favicon"] = str(static / "favicon.svg")
    theme = sphinx.setdefault("html_theme_options", {})
    theme["search_bar_text"] = site["search_bar_text"]
    if req.builder == "latex":
        from .stamp import Stamp

        st = Stamp(**{k: req.stamp[k] for k in ("version", "commit", "date", "epoch", "data")})
        sphinx.update(version=st.version, release=st.version, today=st.date)
        sphinx["latex_elements"] = latex.elements(project, catalog, lang, st, sphinx.get("latex_elements", {}))
    return conf


def make_app(req: Request, status=None, warning=None, strict: bool = True):
    """A Sphinx application for one edition (inside Sphinx's docutils namespace,
    which the caller holds open: see ``namespace``)."""
    from jupyter_book.config import get_final_config
    from sphinx.application import Sphinx

    project = _project.load(Path(req.root)).with_build(Path(req.build))
    catalog = strings.of(project)
    settings, meta = get_final_config(user_yaml=config(project, catalog, req),
                                      cli_config={"external_toc_path": str(project.toc(req.lang)),
                                                  "latex_individualpages": False},
                                      sourcedir=Path(req.srcdir), use_external_toc=True)
    settings["extensions"] = [e for e in settings["extensions"] if e not in DROPPED_EXTENSIONS]
    settings["nitpicky"] = True  # a reference that resolves to nothing is an error (-n)
    # strict: any warning fails the build (-W --keep-going); the preview shows them instead
    app = Sphinx(srcdir=req.srcdir, confdir=None, outdir=req.outdir, doctreedir=req.doctreedir,
                 buildername=req.builder, confoverrides=settings, status=status, warning=warning,
                 freshenv=False, warningiserror=strict, keep_going=True)
    from jupyter_book.pdf import update_latex_documents

    app.config.latex_documents = update_latex_documents(app.config.latex_documents, meta["latex_doc_overrides"])
    if app.config["use_multitoc_numbering"] and "numbered: true" in yaml.dump(app.config.external_site_map.as_json()):
        app.setup_extension("sphinx_multitoc_numbering")  # as jupyter-book build does
    return app


@contextlib.contextmanager
def namespace():
    """Sphinx's docutils namespace: roles and directives live in docutils' global
    registry while an application is in use."""
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(None), docutils_namespace():
        yield


class Warm:
    """One edition's application, kept between builds (the preview)."""

    def __init__(self, req: Request):
        self.req = req
        self.app = None
        self._stack = contextlib.ExitStack()

    def start(self, req: Request | None = None, warning=None) -> None:
        self.close()
        self.req = req or self.req
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(namespace())
        self.app = make_app(self.req, status=None, warning=warning, strict=False)
        self._assets = {(holder, name): list(getattr(holder, name)) for holder, name in self._asset_lists()}

    def _asset_lists(self):
        builder = self.app.builder
        yield from ((self.app.registry, "js_files"), (self.app.registry, "css_files"))
        yield from ((builder, name) for name in ("_js_files", "_css_files") if hasattr(builder, name))

    def build(self) -> int:
        # a page's own scripts (the theme adds one per page, in html-page-context) stay in
        # Sphinx's registry and in the builder's list after the last page, and the next
        # build would put them on every page: each build starts from the lists of the first
        for holder, name in self._asset_lists():
            getattr(holder, name)[:] = self._assets[(holder, name)]
        self.app.build(False, [])
        return self.app.statuscode

    def close(self) -> None:
        self._stack.close()
        self.app = None


def run(req: Request) -> int:
    """Build one edition in this process; Sphinx's exit status."""
    from sphinx.util.console import nocolor

    nocolor()  # the log is a file: no terminal colours in it
    with namespace():
        app = make_app(req, status=sys.stdout, warning=sys.stderr)
        app.build(False, [])
        return app.statuscode


def write_request(req: Request, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(req), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    req = Request(**json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    try:
        return run(req)
    except Exception as exc:  # noqa: BLE001 - the parent reads this process's output and exit status
        from ..errors import ReprobookError

        if not isinstance(exc, ReprobookError):  # not a refusal of bad input: an error to see whole
            import traceback

            traceback.print_exc()
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
