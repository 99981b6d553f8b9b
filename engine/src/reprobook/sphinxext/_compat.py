"""Every patch the engine makes to another package, in one place, each guarded
by the versions it was tested with: outside them the patch is not applied
(the build is then correct and slower), and a warning says so.

- ``numref_targets_read_once`` (Sphinx 7.x): a ``{numref}`` makes Sphinx's
  standard domain unpickle the whole document that holds its target, once per
  reference; about a hundred numrefs cost seconds on every rebuild. The target
  documents are read once per build. Upstream: sphinx-doc/sphinx#12611 (numref
  build time grows with tables registered by extensions) and #12883 (cache
  unpickled doctrees), both open.
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

import functools
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


# --- numref targets ---------------------------------------------------------------------------

_TARGETS: dict[int, dict] = {}


def _numref_domain():
    from sphinx.domains.std import StandardDomain

    class StandardDomainReadingTargetsOnce(StandardDomain):
        """Sphinx's standard domain, with numref targets' doctrees read once per build."""

        def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
            cache = _TARGETS.setdefault(id(env), {})

            def read_once(docname):
                # only looked at (ids, node types and numbers): never changed, so sharing is safe
                if docname not in cache:
                    cache[docname] = type(env).get_doctree(env, docname)
                return cache[docname]

            env.get_doctree = read_once  # shadows the method for this call only
            try:
                return super()._resolve_numref_xref(env, fromdocname, builder, typ, target, node, contnode)
            finally:
                del env.get_doctree

    return StandardDomainReadingTargetsOnce


def _forget_targets(app, env, *args):
    _TARGETS.pop(id(env), None)  # sources are read again: the targets may have changed


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
    if _tested("sphinx", (7, 0), (7, 4), "numref_targets_read_once"):
        app.add_domain(_numref_domain(), override=True)
        app.connect("env-before-read-docs", _forget_targets)
    if _tested("pybtex", (0, 24), (0, 26), "pybtex_plugins_found_once"):
        _pybtex_plugins_found_once()
    if _tested("myst-nb", (1, 0), (1, 4), "mystnb_stylesheet_before_pages"):
        app.connect("env-updated", _mystnb_stylesheet_before_pages)
