"""Tables in the PDF (reprobook.pipeline.latex's preamble defines what is used here):

- a table of class ``wide`` (a glued table's ``classes``, reprobook.values.Table)
  needs the whole text block: it is set in the environment ``reprobookwide``, a
  small body with narrow column gaps and the caption at the text's size (in HTML
  the class makes it a little smaller, theme/static/reprobook.css);
- a table without a caption takes no number: longtable counts every table it
  sets, so an uncaptioned one would shift the numbers of the tables after it
  away from the HTML's; it is marked with ``\\reprobookuncaptioned``.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

WIDE = "wide"


class LatexTables(SphinxPostTransform):
    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            if any(isinstance(a, nodes.table) for a in _ancestors(table.parent)):
                continue  # a table in a table is a tabular, which numbers nothing
            before, after = [], []
            if not any(isinstance(child, nodes.title) for child in table.children):
                before.append("\\begingroup\\reprobookuncaptioned")
                after.insert(0, "\\endgroup")
            if WIDE in table["classes"]:
                before.append("\\begin{reprobookwide}")
                after.insert(0, "\\end{reprobookwide}")
            if before:
                parent = table.parent
                at = parent.index(table)
                parent.insert(at + 1, nodes.raw("", "\n".join(after) + "\n", format="latex"))
                parent.insert(at, nodes.raw("", "\n".join(before) + "\n", format="latex"))


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent


def setup(app):
    app.add_post_transform(LatexTables)
