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
from ..render.tables import inline_code


class VersionChanges(SphinxDirective):
    has_content = False

    def run(self):
        from ..site import changes, release
        from . import lang_of

        self.env.reprobook_changes_docs = getattr(self.env, "reprobook_changes_docs", set()) | {self.env.docname}
        self.env.reprobook_changes_signature = signature()
        for path in sorted(current().notebooks.glob("*.ipynb")) + sorted(current().book.rglob("*.md")):
            self.env.note_dependency(str(path))  # a new value or a changed page re-reads this one
        changelog = current().root / release.CHANGELOG
        if changelog.is_file():
            self.env.note_dependency(str(changelog))
        lang = lang_of(self.env)
        L = labels.engine("changes", lang)
        this, previous = self.env.reprobook_changes_signature[:2]
        parts = []
        # CHANGELOG.md is written in the project's first language, its headings too.
        unreleased = labels.engine("changes", current().default_lang)["unreleased_heading"]
        note = release.changelog(this) if version_is_release(this) else release.changelog(unreleased)
        if note:
            parts += [f"**{L['changes_note']}**", "", note, ""]
        if previous is None:
            parts.append(L["changes_first"].format(version=this))
        else:
            rows = changes.compare(changes.values_at(previous, lang=lang), changes.current_values(lang=lang),
                                   changes.appearances(lang))
            parts.append(self.values(rows, previous, L, changes.contexts(lang)) if rows
                         else L["changes_none"].format(previous=previous))
            prose = changes.prose_changes(previous, lang)
            parts += ["", f"**{L['prose_title'].format(previous=previous)}**", ""]
            parts.append(self.prose(prose, previous, L) if prose else L["prose_none"])
        holder = nodes.container()
        self.state.nested_parse(StringList("\n".join(parts).splitlines(), source="versionchanges"),
                                self.content_offset, holder)
        return holder.children

    @staticmethod
    def values(rows, previous, L, where) -> str:
        from ..site.changes import reader_name

        def cell(text):
            return inline_code(text) if text is not None else L["changes_absent"]

        # values glued but shown on no page are counted, not listed: a reader never met them
        hidden = [r for r in rows if not r.pages]
        rows = [r for r in rows if r.pages]
        lines = [L["changes_count"].format(previous=previous, n=len(rows) + len(hidden)), "",
                 ":::{list-table}", ":header-rows: 1", ":widths: 52 16 16 16", "",
                 f"* - {L['changes_col_value']}", f"  - {L['changes_col_old'].format(previous=previous)}",
                 f"  - {L['changes_col_new']}", f"  - {L['changes_col_pages']}"]
        for r in rows:
            pages = ", ".join(f"{{doc}}`/{p}`" for p in r.pages) or L["changes_absent"]
            lines += [f"* - {reader_name(r.key, where)}", f"  - {cell(r.old)}", f"  - {cell(r.new)}", f"  - {pages}"]
        lines.append(":::")
        if hidden:
            lines += ["", L["changes_hidden"].format(n=len(hidden))]
        return "\n".join(lines)

    @staticmethod
    def prose(hunks, previous, L) -> str:
        lines = [":::{list-table}", ":header-rows: 1", ":widths: 20 40 40", "",
                 f"* - {L['prose_col_page']}", f"  - {L['changes_col_old'].format(previous=previous)}",
                 f"  - {L['changes_col_new']}"]
        for doc, before, after in hunks:
            lines += [f"* - {{doc}}`/{doc}`", f"  - {before}", f"  - {after}"]
        return "\n".join(lines + [":::"])


def version_is_release(v: str) -> bool:
    from ..site import version

    return version.is_release(v)


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
