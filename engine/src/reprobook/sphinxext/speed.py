"""Work Sphinx and pybtex repeat for every reference, done once per build. The
output is unchanged; only the cost is (measured by scripts/benchmark.py).

- A ``{numref}`` makes Sphinx unpickle the whole document that holds its
  target, once per reference: about a hundred numrefs cost 8 s on every
  rebuild of this book. The target documents are read once per build and
  kept, read-only, until the next build reads sources again.
- sphinxcontrib-bibtex asks pybtex for its style plugins on every citation,
  and pybtex scans every installed package's entry points each time (3 s).
  Entry points do not change while a process runs, so each lookup is kept.
"""
from __future__ import annotations

import functools

import pybtex.plugin
from sphinx.domains.std import StandardDomain


class StandardDomainReadingTargetsOnce(StandardDomain):
    """Sphinx's standard domain, with numref targets' doctrees read once per build."""

    def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        cache = _targets(env)

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


_CACHES: dict[int, dict] = {}


def _targets(env) -> dict:
    return _CACHES.setdefault(id(env), {})


def _forget_targets(app, env, *args):
    _CACHES.pop(id(env), None)


def _memoise_entry_points() -> None:
    load = pybtex.plugin._load_entry_point
    if not hasattr(load, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(load)


def setup(app):
    app.add_domain(StandardDomainReadingTargetsOnce, override=True)
    # sources are read again: the targets of the last build may have changed
    app.connect("env-before-read-docs", _forget_targets)
    _memoise_entry_points()
