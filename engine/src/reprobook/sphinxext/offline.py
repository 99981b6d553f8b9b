"""Nothing on a page may refer to the network. Jupyter Book always loads
sphinx-thebe, whose inline script names a CDN (and is emitted twice, a console
error); the book runs no live code, so its scripts are dropped."""
from __future__ import annotations


def _drop_thebe(app, env, docnames):
    def wanted(item) -> bool:
        filename, attributes = (item[0], item[1]) if isinstance(item, tuple) else (str(item), getattr(item, "attributes", {}))
        body = (attributes or {}).get("body", "") or ""
        return "thebe" not in str(filename or "").lower() and "THEBE" not in body
    app.registry.js_files = [j for j in app.registry.js_files if wanted(j)]
    if hasattr(app.builder, "_js_files"):
        app.builder._js_files[:] = [j for j in app.builder._js_files if wanted(j)]


def setup(app):
    app.connect("env-before-read-docs", _drop_thebe, priority=900)
