"""The provenance line of a caption (where the table or figure comes from:
the source's page, the data files, the notebook) stays under the table or
figure, but the PDF's lists of tables and figures show the short title alone,
as in a printed dissertation.

reprobook.render.provenance starts every provenance line with an invisible
mark (U+2063, which data may not contain); here the caption is split at it,
and the rest is wrapped in a ``provenance`` node: a span in HTML, and in LaTeX
the robust command ``\\reprobookprov``, which the lists leave out.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..render.provenance import MARK


class provenance(nodes.inline):  # noqa: N801 - docutils names node classes in lower case
    pass


class SplitCaptions(SphinxTransform):
    default_priority = 800

    def apply(self, **kwargs):
        for caption in self.document.findall(lambda n: isinstance(n, (nodes.caption, nodes.title))):
            _split(caption)


def _split(caption) -> None:
    for i, child in enumerate(list(caption.children)):
        text = child.astext() if isinstance(child, nodes.Text) else None
        if text is None or MARK not in text:
            continue
        before, after = text.split(MARK, 1)
        tail = [nodes.Text(after)] + list(caption.children[i + 1:])
        for node in caption.children[i:]:
            caption.remove(node)
        if before:
            caption += nodes.Text(before)
        wrapper = provenance("", "", classes=["provenance"])
        for node in tail:
            wrapper += node
        caption += wrapper
        return


def visit_html(self, node):
    self.body.append(self.starttag(node, "span", ""))


def depart_html(self, node):
    self.body.append("</span>")


def visit_latex(self, node):
    self.body.append(r"\reprobookprov{")


def depart_latex(self, node):
    self.body.append("}")


def visit_plain(self, node):
    pass


def depart_plain(self, node):
    pass


def setup(app):
    app.add_node(provenance, html=(visit_html, depart_html), latex=(visit_latex, depart_latex),
                 text=(visit_plain, depart_plain), man=(visit_plain, depart_plain),
                 texinfo=(visit_plain, depart_plain))
    app.add_transform(SplitCaptions)
