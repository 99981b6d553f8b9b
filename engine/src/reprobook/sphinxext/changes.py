"""``{versionchanges}``: the values that differ from the previous release
(reprobook.site.changes), as a table with links to the pages that show them.
The list depends on git too (this version, the previous release, the commit
its tag names), so its page is re-read when they move."""
from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import labels
from ..project import current


class VersionChanges(SphinxDirective):
    has_content = False

    def run(self):
        from ..site import changes
        from . import lang_of

        self.env.reprobook_changes_docs = getattr(self.env, "reprobook_changes_docs", set()) | {self.env.docname}
        self.env.reprobook_changes_signature = signature()
        for nb in sorted(current().notebooks.glob("*.ipynb")):
            self.env.note_dependency(str(nb))  # a new value re-reads the page
        lang = lang_of(self.env)
        L = labels.engine("changes", lang)
        current_version, previous = self.env.reprobook_changes_signature[:2]
        if previous is None:
            text = L["changes_first"].format(version=current_version)
        else:
            rows = changes.compare(changes.values_at(previous, lang=lang), changes.current_values(lang=lang),
                                   changes.appearances())
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


def signature() -> tuple:
    """What the list depends on besides the notebooks: this version, the previous
    release, and the commit its tag names."""
    from ..site import version

    this = version.version()
    previous = version.previous_release(this)
    tagged = version.git("rev-list", "-n", "1", f"v{previous}") if previous else None
    return this, previous, tagged


def _merge(app, env, docnames, other):
    env.reprobook_changes_docs = getattr(env, "reprobook_changes_docs", set()) | getattr(other, "reprobook_changes_docs", set())
    if hasattr(other, "reprobook_changes_signature"):
        env.reprobook_changes_signature = other.reprobook_changes_signature


def _outdated(app, env, added, changed, removed):
    docs = getattr(env, "reprobook_changes_docs", set()) - set(removed)
    if docs and getattr(env, "reprobook_changes_signature", None) != signature():
        return sorted(docs)
    return []


def setup(app):
    app.add_directive("versionchanges", VersionChanges)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-merge-info", _merge)
