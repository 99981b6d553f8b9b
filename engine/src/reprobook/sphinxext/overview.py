"""Pages that list what the whole edition pastes, filled in once every page has
been read (a post-transform, before cross-references are resolved):

- ``{versionchanges}``: the values and passages that differ from the previous
  release, with the pages that show each value. The pipeline compares the
  glued records of this version with those of the previous release's commit and
  hands the result over (context changes.json); this page names them as a reader
  meets them, and shows the release note as text;
- ``{notebook-index}``: every notebook with the tables and figures it makes for
  the book, as numbered links.

Both are written again whenever any page is read (reprobook.sphinxext.domain).
"""
from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .. import context, editions, strings
from ..render.inline import xref
from .domain import book_of


class overview(nodes.General, nodes.Element):  # noqa: N801 - docutils names node classes in lower case
    """Where an overview goes, until every page has been read."""


class VersionChanges(SphinxDirective):
    has_content = False

    def run(self):
        path = book_of(self.env).context / context.CHANGES
        self.env.note_dependency(str(path))
        self.env.get_domain("reprobook").note_overview(self.env.docname)
        return [overview(what="changes", source=str(path))]


class NotebookIndex(SphinxDirective):
    has_content = False

    def run(self):
        self.env.get_domain("reprobook").note_overview(self.env.docname)
        return [overview(what="notebooks")]


STYLE = {"strong": nodes.strong, "emphasis": nodes.emphasis, "literal": nodes.literal}


def _inline(pieces) -> list[nodes.Node]:
    out = []
    for style, text in pieces:
        out.append(nodes.Text(text) if style == "text" else STYLE[style](text, text))
    return out


def _para(*children) -> nodes.paragraph:
    p = nodes.paragraph()
    p.extend(children)
    return p


def _list_table(widths: list[int], header: list, rows: list[list]) -> nodes.table:
    table = nodes.table(classes=["colwidths-given"])
    group = nodes.tgroup(cols=len(widths))
    table += group
    for w in widths:
        group += nodes.colspec(colwidth=w)

    def row(cells):
        r = nodes.row()
        for cell in cells:
            e = nodes.entry()
            e += _para(*(cell if isinstance(cell, list) else [nodes.Text(cell)]))
            r += e
        return r

    head = nodes.thead()
    head += row(header)
    group += head
    body = nodes.tbody()
    body.extend(row(r) for r in rows)
    group += body
    return table


class FillOverviews(SphinxPostTransform):
    default_priority = 5  # before cross-references are resolved (10)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(overview)):
            made = self.changes(node) if node["what"] == "changes" else self.notebooks()
            node.replace_self(made)

    # --- what changed ----------------------------------------------------------------------------

    def changes(self, node) -> list[nodes.Node]:
        book = book_of(self.env)
        words = book.catalog.texts("changes", book.lang)
        data = context.read(node["source"])
        docname = self.env.docname
        out: list[nodes.Node] = []
        if data.get("note"):
            out.append(_para(nodes.strong(words["changes_note"], words["changes_note"])))
            for block in data["note"]:
                if "para" in block:
                    out.append(_para(*_inline(block["para"])))
                else:
                    items = nodes.bullet_list()
                    for item in block["list"]:
                        li = nodes.list_item()
                        li += _para(*_inline(item))
                        items += li
                    out.append(items)
        previous = data.get("previous")
        if previous is None:
            out.append(_para(nodes.Text(strings.fill(words["changes_first"], version=data["this"]))))
            return out
        shown: dict[str, list[str]] = {}
        said: dict[str, tuple[str, str]] = {}
        labels: dict[str, str] = {}
        for doc, entries in sorted(self.env.get_domain("reprobook").pasted().items()):
            for notebook, key, kind, label, before in entries:
                ref = f"{notebook}::{key}"
                shown.setdefault(ref, [])
                if doc not in shown[ref]:
                    shown[ref].append(doc)
                if kind in ("number", "text") and ref not in said:
                    said[ref] = (doc, before)
                if kind == "table" and label:
                    labels[ref] = label
        rows, hidden = [], 0
        for change in data["values"]:
            ref, _, cell = change["key"].partition("[")
            pages = shown.get(ref, [])
            if not pages:
                hidden += 1
                continue
            if cell:
                row_name, _, column = cell.rstrip("]").partition(" | ")
                name = [xref("numref", labels.get(ref, ref.split("::")[1]), docname),
                        nodes.Text(f", {row_name}, {column}")]
            else:
                doc, before = said.get(ref, (pages[0], ""))
                name = [xref("doc", f"/{doc}", docname), nodes.Text(f": «… {before}»")]
            links: list[nodes.Node] = []
            for i, doc in enumerate(pages):
                if i:
                    links.append(nodes.Text(", "))
                links.append(xref("doc", f"/{doc}", docname))
            absent = words["changes_absent"]
            rows.append([name, [nodes.literal(change["old"], change["old"])] if change["old"] is not None else absent,
                         [nodes.literal(change["new"], change["new"])] if change["new"] is not None else absent, links])
        total = len(rows) + hidden
        if total == 0:
            out.append(_para(nodes.Text(strings.fill(words["changes_none"], previous=previous))))
        else:
            out.append(_para(nodes.Text(strings.fill(words["changes_count"], previous=previous, n=str(total)))))
            if rows:
                out.append(_list_table([52, 16, 16, 16], [
                    words["changes_col_value"], strings.fill(words["changes_col_old"], previous=previous),
                    words["changes_col_new"], words["changes_col_pages"]], rows))
            if hidden:
                out.append(_para(nodes.Text(strings.fill(words["changes_hidden"], n=str(hidden)))))
        out.append(_para(nodes.strong("", strings.fill(words["prose_title"], previous=previous))))
        if data["prose"]:
            out.append(_list_table([20, 40, 40], [
                words["prose_col_page"], strings.fill(words["changes_col_old"], previous=previous),
                words["changes_col_new"]],
                [[[xref("doc", f"/{p['doc']}", docname)], _inline(p["before"]), _inline(p["after"])]
                 for p in data["prose"]]))
        else:
            out.append(_para(nodes.Text(words["prose_none"])))
        return out

    # --- the notebooks and what each makes -------------------------------------------------------

    def notebooks(self) -> list[nodes.Node]:
        book = book_of(self.env)
        words = book.catalog.texts("site", book.lang)
        made: dict[str, list[str]] = {}
        order = editions.pages(book.project, book.lang)
        pasted = self.env.get_domain("reprobook").pasted()
        for doc in order:
            for notebook, _key, kind, label, _ in pasted.get(doc, []):
                if kind in ("table", "figure", "diagram") and label and label not in made.setdefault(notebook, []):
                    made[notebook].append(label)
        rows = []
        for doc in order:
            if not doc.startswith(editions.NOTEBOOKS + "/"):
                continue
            items: list[nodes.Node] = []
            for i, label in enumerate(made.get(doc.split("/", 1)[1], [])):
                if i:
                    items.append(nodes.Text(", "))
                items.append(xref("numref", label, self.env.docname))
            rows.append([[xref("doc", f"/{doc}", self.env.docname)], items or "–"])
        return [_list_table([30, 70], [words["index_notebook"], words["index_made"]], rows)]


def setup(app):
    app.add_node(overview)
    app.add_directive("versionchanges", VersionChanges)
    app.add_directive("notebook-index", NotebookIndex)
    app.add_post_transform(FillOverviews)
