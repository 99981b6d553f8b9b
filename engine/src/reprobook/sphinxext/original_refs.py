"""``{src}`` and ``{edition}``: where in the original a paragraph's claims
stand, and which paragraphs are the edition's own analysis.

``{src}`5.1.1``` reads "(§5.1.1, hlm. 144–158)" in an Indonesian edition, with
the pages from the original's own table of contents (reprobook.original, which
the prose checks use too); ``{edition}`…``` shows its text, in the page's
language, in brackets, so a reader can tell a recomputation from a summary.
A page that cites the original is read again when its table of contents changes.
"""
from __future__ import annotations

from docutils import nodes

from .. import original
from ..data import contents
from ..errors import ReprobookError
from .domain import book_of


def src_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    book = book_of(env)
    try:
        env.note_dependency(str(contents.path(book.project)))
        shown = original.reference(book.project, book.catalog, text, book.lang)
    except ReprobookError as exc:
        msg = inliner.reporter.error(f"src: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.inline(rawtext, shown, classes=["source-ref"])], []


def edition_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.inline(rawtext, f"[{text.strip()}]", classes=["edition-mark"])], []


def setup(app):
    app.add_role("src", src_role)
    app.add_role("edition", edition_role)
