"""A notebook serves every edition: its markdown cells tagged ``lang-<code>``
are shown only in that language's edition (untagged cells in all of them).

The notebook runs once and glues every language (reprobook.glue); only its
prose differs, so the cells of the other languages are dropped from the
notebook's text as Sphinx reads it, before myst-nb parses it.
"""
from __future__ import annotations

import json

TAG = "lang-"


def cells_for(notebook: dict, lang: str) -> dict:
    """The notebook with the markdown cells of other languages left out."""
    def shown(cell) -> bool:
        tags = [t[len(TAG):] for t in cell.get("metadata", {}).get("tags", []) if t.startswith(TAG)]
        return not tags or lang in tags

    return notebook | {"cells": [c for c in notebook["cells"] if shown(c)]}


def _source_read(app, docname: str, source: list[str]) -> None:
    from .domain import book_of

    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    notebook = json.loads(source[0])
    source[0] = json.dumps(cells_for(notebook, book_of(app.env).lang), ensure_ascii=False)


def setup(app):
    app.connect("source-read", _source_read)
