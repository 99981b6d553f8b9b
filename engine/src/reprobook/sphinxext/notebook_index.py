"""``{notebook-index}``: every notebook of the edition with the tables and
figures it makes for the book, as numbered links. Made from the edition's
pages (which glued table or figure each page pastes, and under which name), so
the list cannot fall behind the book the way a typed one would.
"""
from __future__ import annotations

import re

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import editions, labels
from ..project import current

# ```{nbtable} /notebooks/x.ipynb::key``` (named key), ```{nbfigure} ...::key``` then its :name:
PASTED = re.compile(r"```\{nb(table|figure)\}\s+/notebooks/(\w+)\.ipynb::([\w-]+)\s*\n((?::[\w-]+:.*\n)*)")
NAME = re.compile(r"^:name:\s*(\S+)", re.M)


def pasted(lang: str) -> dict[str, list[str]]:
    """Notebook -> the labels of the tables and figures the edition pastes from it, in page order."""
    out: dict[str, list[str]] = {}
    for md in editions.sources(lang):
        for kind, notebook, key, options in PASTED.findall(md.read_text(encoding="utf-8")):
            name = NAME.search(options)
            label = name.group(1) if kind == "figure" and name else key
            if label not in out.setdefault(notebook, []):
                out[notebook].append(label)
    return out


class NotebookIndex(SphinxDirective):
    has_content = False

    def run(self):
        from . import lang_of

        lang = lang_of(self.env)
        L = labels.engine("site", lang)
        for md in editions.sources(lang):
            self.env.note_dependency(str(md))
        made = pasted(lang)
        folder = current().folders["notebooks"] + "/"
        lines = [":::{list-table}", ":header-rows: 1", ":widths: 30 70", "",
                 f"* - {L['index_notebook']}", f"  - {L['index_made']}"]
        for doc in editions.pages(lang):
            if not doc.startswith(folder):
                continue
            items = ", ".join(f"{{numref}}`{label}`" for label in made.get(doc[len(folder):], [])) or "–"
            lines += [f"* - {{doc}}`/{doc}`", f"  - {items}"]
        lines.append(":::")
        holder = nodes.container()
        self.state.nested_parse(StringList(lines, source="notebook-index"), self.content_offset, holder)
        return holder.children


def setup(app):
    app.add_directive("notebook-index", NotebookIndex)
