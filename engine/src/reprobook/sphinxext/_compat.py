"""Every patch the engine makes to another package, in one place, each guarded
by the versions it was tested with: outside them the patch is not applied
(the build is then correct and slower), and a warning says so.

- ``doctrees_kept_for_looking`` (Sphinx 7.x): a ``{numref}`` makes Sphinx's
  standard domain unpickle the whole document that holds its target, once per
  reference, and numbering figures unpickles every document of the book on
  every build (about a hundred numrefs and 33 documents: seconds on every
  rebuild, most of a preview's). Code that only looks at a document (numref
  targets, section and figure numbering) reads it from a copy kept unpickled
  until the document is read again; Sphinx's own cache of a document's pickled
  bytes is dropped then too, since Sphinx 7.4 keeps the old bytes of a re-read
  document (a warm application, the preview, would number and resolve from the
  document as it was). Upstream: sphinx-doc/sphinx#12611 (numref build time
  grows with tables registered by extensions) and #12883 (cache unpickled
  doctrees), both open.
- ``numbering_from_one_each_build`` (sphinx-external-toc 1.x): its collector
  counts chapters in counters it never resets, so in a process that builds
  twice (the preview) the second build numbers the chapters on from where the
  first stopped (chapter 5 becomes 11, then 17) and every numbered chapter is
  rewritten on every edit. The counters start at zero on each numbering, as in
  a fresh process. Not found reported upstream.
- ``bibtex_entries_formatted_once`` (sphinxcontrib-bibtex 2.6–2.7): every build
  formats every entry of every reference list twice (the list and the
  tooltips), about a second for this book's 73 references, whatever changed.
  The formatted entries are kept, keyed by the bytes of the bibliography files,
  the styles (the classes the edition registered, kept alive with the entry)
  and the entries listed with their order; an edit of a .bib file or of the
  edition's citation words formats them again. A list whose formatting warned
  (a missing field) is never kept, so the warning shows on every build. Not
  reported upstream.
- ``pybtex_plugins_found_once`` (pybtex 0.24–0.26): pybtex looks up its style
  plugins among every installed package's entry points on each citation;
  entry points do not change while a process runs. Not reported to pybtex yet;
  pygments made the same change (pygments/pygments#2979).
- ``mystnb_stylesheet_before_pages`` (myst-nb 1.x): myst-nb copies its
  stylesheet into the output only when the build has finished, so a fresh
  build's pages link it without Sphinx's ``?v=`` checksum and every later
  build's pages with it: an incremental build would differ from a clean one.
  The same copy is made before the pages are written. Not a patch: it calls
  myst-nb's own function earlier.

Everything else the extension needs, it does through Sphinx's public API.
"""
from __future__ import annotations

import contextlib
import functools
import weakref
from importlib import metadata
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)


def _version(dist: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in metadata.version(dist).split(".")[:2] if p.isdigit())
    except metadata.PackageNotFoundError:
        return ()


def _tested(dist: str, low: tuple[int, int], high: tuple[int, int], what: str) -> bool:
    v = _version(dist)
    if low <= v <= high:
        return True
    logger.warning(f"reprobook: {what} is not applied: {dist} {'.'.join(map(str, v))} is outside the versions it was "
                   f"tested with ({'.'.join(map(str, low))}–{'.'.join(map(str, high))})",
                   type="reprobook", subtype="compat")
    return False


# --- doctrees kept for looking --------------------------------------------------------------

# env -> docname -> its doctree, unpickled once; weak, so an environment's copies go with it
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _kept(env, docname):
    """The doctree of `docname`, shared: for code that only looks at it, never changes it."""
    kept = _KEPT.setdefault(env, {})
    if docname not in kept:
        kept[docname] = type(env).get_doctree(env, docname)
    return kept[docname]


@contextlib.contextmanager
def _looking(env):
    """env.get_doctree answers from the kept doctrees while the caller only looks."""
    env.get_doctree = functools.partial(_kept, env)  # shadows the method for this call only
    try:
        yield
    finally:
        del env.get_doctree


def _forget(app, env, docname):
    """A document is read again (or removed): its kept and its pickled copies are old."""
    _KEPT.setdefault(env, {}).pop(docname, None)
    env._pickled_doctree_cache.pop(docname, None)


def _numref_domain():
    from sphinx.domains.std import StandardDomain

    class StandardDomainLookingAtKeptTargets(StandardDomain):
        """Sphinx's standard domain, reading numref targets' doctrees from the kept copies."""

        def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
            with _looking(env):  # only looked at: ids, node types and numbers
                return super()._resolve_numref_xref(env, fromdocname, builder, typ, target, node, contnode)

    return StandardDomainLookingAtKeptTargets


def _numbering_looks_at_kept(app):
    """Section and figure numbering (the toctree collectors' env-get-updated) only look
    at doctrees: they read the kept copies."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    listeners = app.events.listeners["env-get-updated"]
    for i, listener in enumerate(listeners):
        if isinstance(getattr(listener.handler, "__self__", None), TocTreeCollector):
            listeners[i] = listener._replace(handler=_looking_while(listener.handler))


def _looking_while(handler):
    def numbering(app, env):
        with _looking(env):
            return handler(app, env)

    return numbering


# --- numbering from one -----------------------------------------------------------------------


def _numbering_from_one_each_build() -> None:
    from sphinx_external_toc.collectors import TocTreeCollectorWithStyles as Collector

    assign = Collector.assign_section_numbers
    if getattr(assign, "reprobook", False):
        return

    def assign_section_numbers(self, env):
        for style in ("numerical", "romanupper", "romanlower", "alphaupper", "alphalower"):
            setattr(self, f"_TocTreeCollectorWithStyles__{style}_count", 0)  # its private counters
        return assign(self, env)

    assign_section_numbers.reprobook = True
    Collector.assign_section_numbers = assign_section_numbers


# --- bibtex entries ---------------------------------------------------------------------------


def _bibtex_entries_formatted_once() -> None:
    import pybtex.plugin
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from .. import digest

    formatted = BibtexDomain.get_formatted_entries
    if getattr(formatted, "reprobook", False):
        return
    kept: dict = {}

    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        bibliography = self.bibliographies[bibliography_key]
        styles = tuple(pybtex.plugin.find_plugin("pybtex.style.formatting", name)
                       for name in (bibliography.style, tooltips_style or bibliography.style))
        listed = tuple(key for key, _ in self.get_sorted_entries(bibliography_key, docnames))
        bibfiles = tuple((str(path), digest.of_file(path)) for path in bibliography.bibfiles)
        key = (bibfiles, styles, tooltips, bibliography.labelprefix, listed)
        if key not in kept:
            made = list(formatted(self, bibliography_key, docnames, tooltips, tooltips_style))
            if tooltips and any(tip is None for _, _, tip in made):
                return iter(made)  # it warned: format it again next time, so that it warns again
            if len(kept) >= 16:  # old bibliographies and styles: the preview's earlier edits
                kept.pop(next(iter(kept)))
            kept[key] = made
        return iter(kept[key])

    get_formatted_entries.reprobook = True
    BibtexDomain.get_formatted_entries = get_formatted_entries


# --- pybtex plugins ---------------------------------------------------------------------------


def _pybtex_plugins_found_once() -> None:
    import pybtex.plugin

    load = pybtex.plugin._load_entry_point
    if getattr(load, "reprobook", False):
        return
    cached = functools.lru_cache(maxsize=None)(load)

    def lookup(group, name, use_aliases=False):
        # a style registered while the process runs (each edition's) is never cached
        for g in [group, group + ".aliases"] if use_aliases else [group]:
            klass = pybtex.plugin._RUNTIME_PLUGINS.get(g, {}).get(name)
            if klass is not None:
                return klass
        return cached(group, name, use_aliases)

    lookup.reprobook = True
    pybtex.plugin._load_entry_point = lookup


# --- myst-nb's stylesheet ---------------------------------------------------------------------


def _mystnb_stylesheet_before_pages(app, env):
    from myst_nb.sphinx_ext import add_global_html_resources

    if app.builder.format == "html":
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


def setup(app):
    if _tested("sphinx", (7, 0), (7, 4), "doctrees_kept_for_looking"):
        app.add_domain(_numref_domain(), override=True)
        app.connect("env-purge-doc", _forget)
        app.connect("builder-inited", _numbering_looks_at_kept)
    if _tested("sphinx-external-toc", (1, 0), (1, 1), "numbering_from_one_each_build"):
        _numbering_from_one_each_build()
    if _tested("sphinxcontrib-bibtex", (2, 6), (2, 7), "bibtex_entries_formatted_once"):
        _bibtex_entries_formatted_once()
    if _tested("pybtex", (0, 24), (0, 26), "pybtex_plugins_found_once"):
        _pybtex_plugins_found_once()
    if _tested("myst-nb", (1, 0), (1, 4), "mystnb_stylesheet_before_pages"):
        app.connect("env-updated", _mystnb_stylesheet_before_pages)
