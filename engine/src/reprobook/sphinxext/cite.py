"""The version being read, and how to cite it:

- ``{this-version}``: which version this is (release or not), its commit and
  date, with links to its PDF, its data package archive and its CITATION.cff;
- ``{cite-this} edition`` and ``{cite-this} source``: APA and BibTeX entries for
  the edition (this version) and for the source it is an edition of, made from
  the project's CITATION.cff (reprobook.site.citation);
- ``{data-archive}``: a link to this version's data package archive.

What changes with each commit is a slot (reprobook.site.slots), filled in the
built HTML and in the LaTeX before typesetting; in the PDF, links to files
beside the HTML are left out.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .. import labels
from ..site import citation, slots


def _lang(env) -> str:
    from . import lang_of

    return lang_of(env)


def _html(env) -> bool:
    return env.app.builder.format == "html"


def _up(env) -> str:
    """From the page to the folder of its edition (where the PDF sits)."""
    return "../" * env.docname.count("/")


def _link(text: str, uri: str) -> nodes.reference:
    return nodes.reference("", text, refuri=uri, internal=False)


class ThisVersion(SphinxDirective):
    has_content = False

    def run(self):
        lang = _lang(self.env)
        L = labels.engine("citation", lang)
        para = nodes.paragraph()
        para += nodes.Text(L["this_version"].format(version=slots.slot("version"), kind=slots.slot("release_kind"),
                                                    commit=slots.slot("commit"), date=slots.slot("date")))
        box = nodes.admonition(classes=["reprobook-this-version", "tip"])
        box += nodes.title("", L["cite_this"])
        box += para
        if _html(self.env):
            up = _up(self.env)
            links = nodes.paragraph()
            links += _link(slots.slot("pdf_label"), up + slots.slot("pdf"))
            links += nodes.Text(" · ")
            links += _link(L["data_link"].format(name=slots.slot("data_archive")), up + "../" + slots.slot("data_archive"))
            links += nodes.Text(" · ")
            links += _link(L["cff_link"], up + "../" + citation.CFF)
            box += links
        return [box]


class CiteThis(SphinxDirective):
    required_arguments = 1

    def run(self):
        lang = _lang(self.env)
        which = self.arguments[0]
        if which not in ("edition", "source"):
            raise self.error(f"cite-this: '{which}' is not 'edition' or 'source'")
        self.env.note_dependency(str(self.env.app.srcdir) + "/" + citation.CFF)
        try:
            entry = citation.edition(lang) if which == "edition" else citation.source(lang)
        except Exception as exc:  # InputError from CITATION.cff: name it on the page's line
            raise self.error(str(exc)) from None
        if entry is None:
            raise self.error(f"cite-this source: {citation.CFF} has no preferred-citation")
        L = labels.engine("citation", lang)
        apa = entry["apa"]
        para = nodes.paragraph()
        para += nodes.Text(f"{apa['authors']}. ({apa['year']}). ")
        para += nodes.emphasis("", apa["title"])
        para += nodes.Text(f" {apa['after']}".rstrip() + ".")
        if apa["url"]:
            para += nodes.Text(" ")
            para += _link(apa["url"], apa["url"])
        box = nodes.container(classes=["reprobook-cite"])
        box += nodes.rubric("", L["heading_apa"])
        box += para
        box += nodes.rubric("", L["heading_bibtex"])
        block = nodes.literal_block(entry["bibtex"], entry["bibtex"])
        block["language"] = "text"  # no highlighting: it would split the slots into tokens
        box += block
        return [box]


def data_archive_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    shown = slots.slot("data_archive")
    if not _html(env):
        return [nodes.literal(rawtext, shown)], []
    return [_link(shown, _up(env) + "../" + shown)], []


def setup(app):
    app.add_directive("this-version", ThisVersion)
    app.add_directive("cite-this", CiteThis)
    app.add_role("data-archive", data_archive_role)
