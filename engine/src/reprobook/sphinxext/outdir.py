"""An incremental build publishes exactly what a clean build of the same sources
would. Sphinx never deletes from its output folder: an image, a download or a
page that no document uses any more stays there, and would be published in
every later version (a file once pulled in by a ``{download}`` would outlive
its revert). After each HTML build, whatever the environment no longer knows
is removed.

The search index too: Sphinx keeps the index entries (glossary terms, index
directives) of the pages it writes, but an incremental build that writes a
page and not the glossary drops the glossary's entries from searchindex.js.
Before the index is written, the entries of every page that has none are read
from its stored doctree, as a clean build would have fed them."""
from __future__ import annotations

from pathlib import Path

from sphinx import addnodes
from sphinx.util.index_entries import split_index_msg

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


def _index_entries(doctree) -> list[tuple[str, str, str]]:
    """A page's index entries, as sphinx.search.IndexBuilder.feed collects them."""
    found: set[tuple[str, str, str]] = set()
    for node in doctree.findall(addnodes.index):
        for entry_type, value, target_id, main, _category in node["entries"]:
            try:
                result = split_index_msg(entry_type, value)
            except ValueError:
                continue
            target_id = target_id or ""
            if entry_type in {"see", "seealso"}:
                found.add((result[0], target_id, main))
            found |= {(x, target_id, main) for x in result}
    return sorted(found)


def _complete_search_index(app):
    # html-collect-pages runs during the builder's finish, before the index is dumped
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        for docname in sorted(app.env.found_docs - set(indexer._index_entries)):
            indexer._index_entries[docname] = _index_entries(app.env.get_doctree(docname))
    return []


def setup(app):
    app.connect("html-collect-pages", _complete_search_index)
    app.connect("build-finished", _prune)
