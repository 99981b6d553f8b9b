"""Sphinx extension: the ``{nb}`` role and the ``{nbtable}`` and ``{nbfigure}``
directives paste a number, table or figure that a notebook glued.

myst-nb resolves glue from another document after Sphinx has collected labels,
so a ``:name:`` on a glued table or figure is never registered and ``{numref}``
fails. These directives read the notebook's stored output while the chapter is
parsed, so tables and figures are numbered and cross-referenced like ones
written in the chapter. Figures are written as SVG (HTML) and PDF (LaTeX) under
_build/generated and included with Sphinx's ``name.*`` format choice.
The build executes stale notebooks before Sphinx runs (rudibook.execute), and
the chapter is re-read whenever the notebook file changes.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import labels, paths

PREFIX = "application/papermill.record/"


class GlueNotFound(LookupError):
    pass


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


@lru_cache(maxsize=32)
def _glue_outputs(notebook: str, mtime: float) -> dict:
    """key -> data of every glued output; read once per notebook version, not once per number."""
    with open(notebook, encoding="utf-8") as fh:
        nb = json.load(fh)
    return {out["metadata"]["scrapbook"]["name"]: out.get("data", {})
            for cell in nb["cells"] for out in cell.get("outputs", []) if "scrapbook" in out.get("metadata", {})}


def glued(notebook: Path, key: str, mime: str) -> str:
    """The stored glue output `key` of a notebook, in the given MIME type."""
    outputs = _glue_outputs(str(notebook), notebook.stat().st_mtime)
    if key not in outputs:
        raise GlueNotFound(f"{notebook.name}: no glued output named '{key}' (run the notebook: make notebooks)")
    if PREFIX + mime not in outputs[key]:
        raise GlueNotFound(f"{notebook.name}: glue key '{key}' has no {mime} output")
    return _text(outputs[key][PREFIX + mime])


def glued_markdown(notebook: Path, key: str) -> str:
    return glued(notebook, key, "text/markdown")


def _write_if_changed(path: Path, content: bytes) -> None:
    if not path.exists() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


RECONCILIATION = "/notebooks/reconciliation.ipynb"


def _split(ref: str):
    if "::" not in ref:
        raise ValueError(f"expected 'notebook.ipynb::key', got {ref!r}")
    return ref.split("::", 1)


class NotebookTable(SphinxDirective):
    """``{nbtable} notebook.ipynb::key``; ``:original: 5.1`` adds the
    reconciliation note of the original table, when it has one."""

    required_arguments = 1
    has_content = False
    option_spec = {"original": directives.unchanged}

    def run(self):
        try:
            rel, key = _split(self.arguments[0])
        except ValueError as exc:
            raise self.error(str(exc)) from None
        _, abspath = self.env.relfn2path(rel, self.env.docname)
        path = Path(abspath)
        if not path.exists():
            raise self.error(f"nbtable: notebook not found: {rel}")
        self.env.note_dependency(str(path))
        try:
            text = self.render(path, key)
        except GlueNotFound as exc:
            raise self.error(str(exc)) from None
        text += self.reconciliation_notes()
        holder = nodes.container()
        self.state.nested_parse(StringList(text.splitlines(), source=f"{rel}::{key}"), self.content_offset, holder)
        return holder.children

    def reconciliation_notes(self) -> str:
        notes = []
        for orig in filter(None, (o.strip() for o in self.options.get("original", "").split(","))):
            _, abspath = self.env.relfn2path(RECONCILIATION, self.env.docname)
            self.env.note_dependency(abspath)
            try:
                notes.append(glued(Path(abspath), f"note-{orig}", "text/markdown"))
            except GlueNotFound:
                continue  # every printed number of that table agrees with its recomputation
        if not notes:
            return ""
        return ("\n\n:::{admonition} " + labels.load("common")["reconciliation_title"] + "\n:class: note\n"
                + "\n\n".join(notes) + "\n:::\n")

    def render(self, path: Path, key: str) -> str:
        return glued_markdown(path, key)


class NotebookFigure(NotebookTable):
    """``{nbfigure} notebook.ipynb::key`` with ``:name:`` and the caption as content."""

    has_content = True
    option_spec = {"name": directives.unchanged_required, "width": directives.unchanged,
                   "original": directives.unchanged, "figclass": directives.unchanged}

    def render(self, path: Path, key: str) -> str:
        import base64

        if "name" not in self.options:
            raise self.error("nbfigure needs a :name: so that it can be cross-referenced")
        out = paths.BUILD / "generated" / "figures" / path.stem
        _write_if_changed(out / f"{key}.svg", glued(path, key, "image/svg+xml").encode("utf-8"))
        _write_if_changed(out / f"{key}.pdf", base64.b64decode(glued(path, key, "application/pdf")))
        alt = glued(path, key, "text/plain").strip().strip("'\"").replace("\n", " ")
        uri = "/" + (out / f"{key}.*").relative_to(Path(self.env.srcdir)).as_posix()
        lines = [f":::{{figure}} {uri}", f":name: {self.options['name']}",
                 f":width: {self.options.get('width', '100%')}", f":alt: {alt}"]
        if "figclass" in self.options:
            lines.append(f":figclass: {self.options['figclass']}")
        lines.append("")
        lines += list(self.content) + [glued(path, f"{key}-source", "text/markdown"), ":::"]
        return "\n".join(lines)


def nb_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{nb}`/notebooks/x.ipynb::key``: the glued value as plain text.

    myst-nb's cross-document ``{glue}`` pastes text/plain as monospace code and
    ``{glue:text}`` cannot parse a key that contains '::' without a format, so
    numbers in prose use this role instead; a missing key is a build error.
    """
    env = inliner.document.settings.env
    try:
        rel, key = _split(text)
        _, abspath = env.relfn2path(rel, env.docname)
        path = Path(abspath)
        env.note_dependency(str(path))
        value = glued(path, key, "text/plain")
    except (ValueError, GlueNotFound, FileNotFoundError) as exc:
        msg = inliner.reporter.error(f"nb: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.inline(rawtext, value, classes=["glued"])], []


def _drop_thebe(app, env, docnames):
    """Jupyter Book always loads sphinx-thebe, whose inline script names a CDN
    (and is emitted twice, a console error). The book runs no live code, so its
    scripts go: no page may refer to the network."""
    def wanted(item) -> bool:
        filename, attributes = (item[0], item[1]) if isinstance(item, tuple) else (str(item), getattr(item, "attributes", {}))
        body = (attributes or {}).get("body", "") or ""
        return "thebe" not in str(filename or "").lower() and "THEBE" not in body
    app.registry.js_files = [j for j in app.registry.js_files if wanted(j)]
    if hasattr(app.builder, "_js_files"):
        app.builder._js_files[:] = [j for j in app.builder._js_files if wanted(j)]


class VersionChanges(SphinxDirective):
    """``{versionchanges}``: the values that differ from the previous release
    (rudibook.changes), as a table with links to the pages that show them."""

    has_content = False

    def run(self):
        from . import changes

        self.env.rudibook_changes_docs = getattr(self.env, "rudibook_changes_docs", set()) | {self.env.docname}
        self.env.rudibook_changes_signature = _changes_signature()
        for nb in sorted((paths.ROOT / "notebooks").glob("*.ipynb")):
            self.env.note_dependency(str(nb))  # a new value re-reads the page
        L = labels.load("common")
        current, previous = self.env.rudibook_changes_signature[:2]
        if previous is None:
            text = L["changes_first"].format(version=current)
        else:
            rows = changes.compare(changes.values_at(previous), changes.current_values(), changes.appearances())
            text = self.table(rows, previous, L) if rows else L["changes_none"].format(previous=previous)
        holder = nodes.container()
        self.state.nested_parse(StringList(text.splitlines(), source="versionchanges"), self.content_offset, holder)
        return holder.children

    @staticmethod
    def table(rows, previous, L) -> str:
        def cell(text):
            return f"`{text}`" if text is not None else L["changes_absent"]

        lines = [L["changes_count"].format(previous=previous, n=len(rows)), "",
                 ":::{list-table}", ":header-rows: 1", ":widths: 40 18 18 24", "",
                 f"* - {L['changes_col_value']}", f"  - {L['changes_col_old'].format(previous=previous)}",
                 f"  - {L['changes_col_new']}", f"  - {L['changes_col_pages']}"]
        for r in rows:
            pages = ", ".join(f"{{doc}}`/{p}`" for p in r.pages) or L["changes_absent"]
            lines += [f"* - `{r.key}`", f"  - {cell(r.old)}", f"  - {cell(r.new)}", f"  - {pages}"]
        return "\n".join(lines + [":::"])


def _merge_changes_docs(app, env, docnames, other):
    env.rudibook_changes_docs = getattr(env, "rudibook_changes_docs", set()) | getattr(other, "rudibook_changes_docs", set())
    if hasattr(other, "rudibook_changes_signature"):
        env.rudibook_changes_signature = other.rudibook_changes_signature


def _changes_signature() -> tuple:
    """What the list depends on besides the notebooks: this version, the previous
    release, and the commit its tag names."""
    from . import versioning

    current = versioning.version()
    previous = versioning.previous_release(current)
    tagged = versioning.git("rev-list", "-n", "1", f"v{previous}") if previous else None
    return current, previous, tagged


def _changes_outdated(app, env, added, changed, removed):
    """The list also depends on git (the version and the tags): re-read its page when they move."""
    docs = getattr(env, "rudibook_changes_docs", set()) - set(removed)
    if docs and getattr(env, "rudibook_changes_signature", None) != _changes_signature():
        return sorted(docs)
    return []


def setup(app):
    app.connect("env-before-read-docs", _drop_thebe, priority=900)
    app.add_role("nb", nb_role)
    app.add_directive("nbtable", NotebookTable)
    app.add_directive("nbfigure", NotebookFigure)
    app.add_directive("versionchanges", VersionChanges)
    app.connect("env-get-outdated", _changes_outdated)
    app.connect("env-merge-info", _merge_changes_docs)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
