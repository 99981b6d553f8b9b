"""The version being read, and how to cite it:

- ``{this-version}``: which version this is (release or not), its commit and
  date, with links to its PDF, its data package archive and its CITATION.cff;
- ``{cite-this} edition`` and ``{cite-this} original``: APA and BibTeX entries for
  the edition (this version) and for the original it is an edition of, which
  the pipeline makes from the project's CITATION.cff (reprobook.pipeline.cff);
- ``{data-archive}``: a link to this version's data package archive;
- ``{build-environment}``: what made this version: Python and the packages the
  project uses directly (as the lock pins them), Debian's TeX packages, npm's.

They read the pipeline's context (stamp.json, cite.json: reprobook.context), so
a page that shows them is read again when the version moves. Links to files
beside the HTML are for the HTML only.
"""
from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .. import context, strings
from .domain import book_of

CFF = "CITATION.cff"


def _read(env, name: str) -> dict:
    path = book_of(env).context / name
    env.note_dependency(str(path))
    return context.read(path)


def _up(env) -> str:
    """From the page to the folder of its edition (where the PDF sits)."""
    return "../" * env.docname.count("/")


def _link(text: str, uri: str) -> nodes.reference:
    return nodes.reference("", text, refuri=uri, internal=False)


def _html_only(*children) -> addnodes.only:
    node = addnodes.only(expr="html")
    node.extend(children)
    return node


class ThisVersion(SphinxDirective):
    has_content = False

    def run(self):
        book = book_of(self.env)
        st = _read(self.env, context.STAMP)
        words = book.catalog.texts("citation", book.lang)
        kind = book.catalog.text("site", "is_release" if st["release"] else "is_development", book.lang)
        para = nodes.paragraph()
        para += nodes.Text(strings.fill(words["this_version"], version=st["version"], kind=kind,
                                        commit=st["commit"], date=st["date"]))
        box = nodes.admonition(classes=["reprobook-this-version", "tip"])
        box += nodes.title("", words["cite_this"])
        box += para
        up = _up(self.env)
        links = nodes.paragraph()
        links += _link(st["pdf_label"], up + st["pdf"])
        links += nodes.Text(" · ")
        links += _link(strings.fill(words["data_link"], name=st["data_archive"]), up + "../" + st["data_archive"])
        links += nodes.Text(" · ")
        links += _link(words["cff_link"], up + "../" + CFF)
        box += _html_only(links)
        return [box]


def _table(heading: str, cols: tuple[str, str], rows: list[tuple[str, str]]) -> list[nodes.Node]:
    table = nodes.table(classes=["reprobook-environment"])
    group = nodes.tgroup(cols=2)
    table += group
    for width in (60, 40):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    body = nodes.tbody()
    for cells, part in (([cols], head), (rows, body)):
        for row in cells:
            tr = nodes.row()
            for text in row:
                entry = nodes.entry()
                entry += nodes.paragraph("", text)
                tr += entry
            part += tr
    group += head
    group += body
    return [nodes.rubric("", heading), table]


class BuildEnvironment(SphinxDirective):
    has_content = False

    def run(self):
        book = book_of(self.env)
        made = _read(self.env, context.ENVIRONMENT)
        words = book.catalog.texts("environment", book.lang)
        cols = (words["col_package"], words["col_version"])
        out: list[nodes.Node] = []
        lock = made.get("lock")
        intro = (strings.fill(words["python"], version=made["python"], lock=lock["file"], sha=lock["sha256"][:12])
                 if lock else words["unlocked"])
        out.append(nodes.paragraph("", intro))
        if made.get("differs_from_lock"):
            differs = made["differs_from_lock"]
            listed = ", ".join(f"{n} ({a or '–'} → {b or '–'})" for n, (a, b) in differs.items())
            out.append(nodes.paragraph("", strings.fill(words["differs"], n=str(len(differs)), packages=listed)))
        packages = made.get("packages", {})
        out += _table(words["python_heading"], cols, [(n, packages[n]) for n in made.get("direct", [])])
        if made.get("debian"):
            out += _table(words["debian_heading"], cols, sorted(made["debian"].items()))
        if made.get("npm"):
            out += _table(words["npm_heading"], cols, sorted(made["npm"].items()))
        out.append(nodes.paragraph("", strings.fill(words["all_packages"], n=str(len(packages)))))
        return out


class CiteThis(SphinxDirective):
    required_arguments = 1

    def run(self):
        which = self.arguments[0]
        if which not in ("edition", "original"):
            raise self.error(f"cite-this: '{which}' is not 'edition' or 'original'")
        entry = _read(self.env, context.CITE).get(which)
        if entry is None:
            raise self.error(f"cite-this {which}: {CFF} has no preferred-citation")
        book = book_of(self.env)
        words = book.catalog.texts("citation", book.lang)
        apa = entry["apa"]
        para = nodes.paragraph()
        para += nodes.Text(f"{apa['authors']}. ({apa['year']}). ")
        para += nodes.emphasis("", apa["title"])
        para += nodes.Text(f" {apa['after']}".rstrip() + ".")
        if apa["url"]:
            para += nodes.Text(" ")
            para += _link(apa["url"], apa["url"])
        box = nodes.container(classes=["reprobook-cite"])
        box += nodes.rubric("", words["heading_apa"])
        box += para
        box += nodes.rubric("", words["heading_bibtex"])
        block = nodes.literal_block(entry["bibtex"], entry["bibtex"])
        block["language"] = "text"
        box += block
        return [box]


def data_archive_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    shown = _read(env, context.STAMP)["data_archive"]
    html = _html_only(_link(shown, _up(env) + "../" + shown))
    other = addnodes.only(expr="not html")
    other += nodes.literal(rawtext, shown)
    return [html, other], []


def setup(app):
    app.add_directive("this-version", ThisVersion)
    app.add_directive("cite-this", CiteThis)
    app.add_role("data-archive", data_archive_role)
    app.add_directive("build-environment", BuildEnvironment)
