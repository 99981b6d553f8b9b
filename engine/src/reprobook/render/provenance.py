"""The provenance line of a caption, in an edition's language: the original's
page (or its table or figure), the data files (download links, the files
copied beside the page), and the notebook that made the value (a link to its
page). The words are strings (provenance.yaml: the engine's, which a project
may reword). The line is wrapped in a ``provenance`` node, which the HTML
shows as a span and the PDF's lists of tables and figures leave out
(reprobook.sphinxext.captions).
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

from .. import original
from .. import values as v
from .inline import Wording


class provenance(nodes.inline):  # noqa: N801 - docutils names node classes in lower case
    """The provenance part of a caption."""


def download(path: str, srcdir: Path, root: Path, docname: str) -> addnodes.download_reference:
    """A link that downloads a project file (copied beside the HTML), showing its path."""
    target = "/" + posixpath.relpath((root / path).as_posix(), Path(srcdir).as_posix())
    node = addnodes.download_reference(path, refdoc=docname, refdomain="", reftype="download", refexplicit=True,
                                       refwarn=False, reftarget=target)
    node += nodes.literal(path, path, classes=["xref", "download"])
    return node


def notebook_link(notebook: str, docname: str) -> list[nodes.Node]:
    """A link to the notebook's page, named by its title."""
    from .inline import xref

    return [xref("doc", f"/notebooks/{notebook}", docname)]


def line(prov: v.Provenance | None, notebook: str, w: Wording, docname: str, srcdir: Path,
         root: Path) -> provenance:
    """The provenance node of one caption."""
    out: list[nodes.Node] = []

    def add(parts: list[nodes.Node]) -> None:
        if out:
            out.append(nodes.Text(" "))
        out.extend(parts)

    prov = prov or v.Provenance()
    for s in prov.sources:
        pages = original.pages_text(w.catalog, s.page, w.lang) if s.page else None
        if s.table is not None:
            add(w.string("provenance", "source_table", docname, orig=s.table, pages=pages or ""))
        elif pages is None:
            add(w.string("provenance", "source_passage_unpaged", docname, passage=s.passage))
        else:
            add(w.string("provenance", "source_passage", docname, passage=s.passage, pages=pages))
    if prov.drawn:
        d = prov.drawn
        add(w.string("provenance", "source_figure", docname, orig=d["figure"],
                     pages=original.pages_text(w.catalog, d["page"], w.lang), first=str(d["seed_lines"][0]),
                     last=str(d["seed_lines"][1])))
        if d.get("cited"):
            add(w.string("provenance", "drawn_from_cited", docname, cited=d["cited"]))
        else:
            add(w.string("provenance", "drawn_from_text", docname))
        if d.get("not_shown"):
            add([nodes.Text(d["not_shown"])])
    if prov.lead is not None:
        add(w.nodes(prov.lead, docname))
    if prov.files:
        links: list[nodes.Node] = []
        for i, path in enumerate(prov.files):
            if i:
                links.append(nodes.Text(", "))
            links.append(download(path, srcdir, root, docname))
        add(w.string("provenance", "data_files", docname, files=links))
    add(w.string("provenance", "notebook", docname, link=notebook_link(notebook, docname)))
    node = provenance("", "", classes=["provenance"])
    node.extend(out)
    return node


def of_diagram(d, lang: str) -> dict:
    """What a redrawn diagram's provenance says, from its data, in `lang`."""
    local = d.in_language(lang)
    return {"figure": d.figure, "page": d.page, "seed_lines": list(d.seed_lines), "path": d.path,
            "cited": d.cited if d.based_on == "cited-source" else None, "not_shown": local.not_shown}
