"""An incremental build publishes exactly what a clean build of the same sources
would. Sphinx never deletes from its output folder: an image, a download or a
page that no document uses any more stays there, and would be published in
every later version (a file once pulled in by a ``{download}`` would outlive
its revert). After each HTML build, whatever the environment no longer knows
is removed."""
from __future__ import annotations

from pathlib import Path

KEEP_PAGES = {"genindex.html", "search.html", "index.html", "404.html"}


def _prune(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    env = app.env
    images = {name for _, name in env.images.values()}
    downloads = {dest for _, dest in env.dlfiles.values()}
    for path in sorted((out / "_images").rglob("*")) if (out / "_images").is_dir() else []:
        if path.is_file() and path.relative_to(out / "_images").as_posix() not in images:
            path.unlink()
    for path in sorted((out / "_downloads").rglob("*"), reverse=True) if (out / "_downloads").is_dir() else []:
        rel = path.relative_to(out / "_downloads").as_posix()
        if path.is_file() and rel not in downloads:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    pages = {app.builder.get_outfilename(doc) for doc in env.all_docs}
    for path in out.rglob("*.html"):
        if "_static" in path.parts or path.name in KEEP_PAGES and path.parent == out:
            continue
        if str(path) not in pages:
            path.unlink()


def setup(app):
    app.connect("build-finished", _prune)
