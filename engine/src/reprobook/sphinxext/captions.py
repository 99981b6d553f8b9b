"""The provenance line of a caption (reprobook.render.provenance) stays under its
table or figure, while the PDF's lists of tables and figures show the short
title alone, as a printed dissertation does: in HTML it is a span, in LaTeX the
robust command ``\\reprobookprov``, which the lists leave out (the preamble:
reprobook.pipeline.latex)."""
from __future__ import annotations

from ..render.provenance import provenance


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
