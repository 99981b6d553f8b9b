"""Citations and the reference list in the edition's language, through
sphinxcontrib-bibtex: ``{cite:t}`key``` reads "Agranoff dan McGuire (2003)" in
Indonesian and "Agranoff and McGuire (2003)" in English; ``{cite:p}`` puts the
whole in parentheses. BibTeX's "and others" (an author list the source leaves
incomplete) reads "et al." in the edition's language ("Halvorsen dkk. (2005)"),
never "and others". The reference list is formatted author–year, each entry
with the source's spelling, in the order the source prints it (each entry's
``seedline``), and the edition's note (the ``note`` field in the language being
built) marked as the editors' words, not the source's.

The styles are registered under ``reprobook-<lang>`` and chosen from the
edition's language when the configuration is read.

In the PDF each reference list stays where its page puts it: Sphinx's LaTeX
builder gathers every citation of the book into one bibliography at its end,
which would empty the reference list's sections and mix the original's list
with the edition's. A post-transform before Sphinx's marks where each run of
entries stood, and one after it puts each run back there.
"""
from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from .. import project as _project
from .. import strings


def _words(catalog: strings.Catalog, lang: str) -> dict:
    keys = ("and", "et_al", "in", "eds", "pages", "thesis", "retrieved", "no_year", "editor_note")
    return {k: catalog.text("references", k, lang) for k in keys}


def _listed(persons) -> tuple[list, bool]:
    """The persons of a name list without BibTeX's "others" (pybtex reads "and others"
    as a person of that name), and whether it was there."""
    listed = [p for p in persons if str(p) != "others"]
    return listed, len(listed) < len(persons)


def _names_node(join, format_name):
    """A `names` template node, like pybtex's and sphinxcontrib-bibtex's, that writes an
    "and others" list as its named persons followed by `et_al` ("Halvorsen dkk."), where
    those write "Halvorsen dan others"."""
    from pybtex.richtext import Text
    from pybtex.style.template import FieldIsMissing, node

    @node
    def names(children, data, role, et_al, **kwargs):
        assert not children
        if role not in data["entry"].persons:
            raise FieldIsMissing(role, data["entry"])
        listed, others = _listed(data["entry"].persons[role])
        formatted = [format_name(data["style"], person) for person in listed]
        if others and kwargs.get("other") is not None:  # the short form: the first author, et al.
            formatted = formatted[:1]
        text = join(**kwargs)[formatted].format_data(data)
        return Text(text, et_al) if others else text

    return names


def reference_style(L: dict):
    from pybtex.style.template import field, first_of, optional, tag
    from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.template import join

    names = _names_node(join, lambda style, p: style.person.style_plugin.format(p, style.person.abbreviate))

    @dataclasses.dataclass
    class People(PersonStyle):
        def names(self, role, full):
            return names(role=role, et_al=f" {L['et_al']}", sep=self.sep, sep2=self.sep2,
                         last_sep=self.last_sep, other=None if full else self.other)

        def author_or_editor_or_title(self, full):
            return first_of[optional[self.names("author", full)], optional[self.names("editor", full)],
                            tag("em")[field("title")]]

    def round_brackets():
        return BracketStyle(left="(", right=")", sep="; ")

    def persons():
        return People(sep2=f" {L['and']} ", last_sep=f", {L['and']} ", other=f" {L['et_al']}")

    @dataclasses.dataclass
    class Style(AuthorYearReferenceStyle):
        bracket_parenthetical: BracketStyle = dataclasses.field(default_factory=round_brackets)
        bracket_textual: BracketStyle = dataclasses.field(default_factory=round_brackets)
        bracket_year: BracketStyle = dataclasses.field(default_factory=round_brackets)
        person: PersonStyle = dataclasses.field(default_factory=persons)

    return Style


def formatting_style(L: dict, lang: str, languages: tuple[str, ...]):
    from pybtex.richtext import Symbol, Text
    from pybtex.style.formatting import BaseStyle, toplevel
    from pybtex.style.template import field, first_of, join, optional, sentence, tag, words

    from ..data.bibliography import note_field

    names = _names_node(join, lambda style, p: style.format_name(p, style.abbreviate_names))
    authors = names("author", et_al=f" {L['et_al']}", sep=", ", sep2=f" {L['and']} ", last_sep=f", {L['and']} ")
    editors = names("editor", et_al=f" {L['et_al']}", sep=", ", sep2=f" {L['and']} ", last_sep=f", {L['and']} ")
    year = first_of[join["(", field("year"), ")"], f"({L['no_year']})"]
    pages = field("pages", apply_func=lambda t: Text(Symbol("ndash")).join(t.split("-")))
    place = first_of[optional[join(sep=": ")[field("address"), field("publisher")]], optional[field("publisher")]]
    note = optional[join(sep=" ")[tag("em")[L["editor_note"]], field(note_field(lang, languages))]]

    class Style(BaseStyle):
        default_name_style = "lastfirst"
        default_sorting_style = "reprobook-source-order"
        default_label_style = f"reprobook-{lang}"

        def head(self):
            return join[first_of[optional[join(sep=" ")[authors, year]],
                                 optional[join(sep=" ")[editors, L["eds"], year]], year], "."]

        def get_book_template(self, e):
            return toplevel[self.head(), sentence[tag("em")[field("title")]], optional[sentence[place]], note]

        def get_article_template(self, e):
            volume = first_of[optional[join[field("volume"), optional["(", field("number"), ")"]]], ""]
            where = optional[sentence[tag("em")[field("journal")], optional[volume], optional[pages]]]
            return toplevel[self.head(), sentence[field("title")], where, note]

        def get_incollection_template(self, e):
            book = words[L["in"], optional[editors, L["eds"]], tag("em")[field("booktitle")]]
            return toplevel[self.head(), sentence[field("title")], sentence[book, optional[words[L["pages"], pages]]],
                            optional[sentence[place]], note]

        def get_phdthesis_template(self, e):
            return toplevel[self.head(), sentence[tag("em")[field("title")]],
                            sentence[L["thesis"], optional[field("school")]], note]

        def get_misc_template(self, e):
            return toplevel[optional[self.head()], optional[sentence[tag("em")[field("title")]]],
                            optional[sentence[field("howpublished")]], optional[sentence[field("url", raw=True)]],
                            optional[sentence[words[L["retrieved"], field("urldate")]]], note]

        get_mastersthesis_template = get_phdthesis_template
        get_inproceedings_template = get_incollection_template

    return Style


def label_style(L: dict):
    """Labels as a reader of an author–year book expects them: "Agranoff dan McGuire 2003",
    with a, b, ... where two entries would share one. (The list itself hides them: each
    entry begins with its authors and year.)"""
    from pybtex.style.labels import BaseLabelStyle

    class Labels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            made = []
            for entry in sorted_entries:
                people, others = _listed(entry.persons.get("author") or entry.persons.get("editor") or [])
                names = [" ".join(p.prelast_names + p.last_names).strip("{}") for p in people]
                if not names:
                    who = entry.key
                elif others or len(names) > 2:
                    who = f"{names[0]} {L['et_al']}"
                else:
                    who = f" {L['and']} ".join(names)
                made.append(f"{who} {entry.fields.get('year', L['no_year'])}")
            counts = {label: made.count(label) for label in made}
            seen: dict[str, int] = {}
            for label in made:
                if counts[label] > 1:
                    seen[label] = seen.get(label, 0) + 1
                    yield f"{label}{chr(96 + seen[label])}"
                else:
                    yield label

    return Labels


def sorting_style():
    """The reference list in the order the source prints it: by the line of the source
    where each entry begins (``seedline``, which every entry of the source's list has);
    entries without one keep their order, after those with one."""
    from pybtex.style.sorting import BaseSortingStyle

    class InSourceOrder(BaseSortingStyle):
        def sorting_key(self, entry):
            line = str(entry.fields.get("seedline", ""))
            return (0, int(line)) if line.isdigit() else (1, 0)

    return InSourceOrder


@functools.lru_cache(maxsize=8)
def _styles(lang: str, words: tuple, languages: tuple[str, ...]) -> tuple:
    """The reference, formatting and label styles of an edition: made once per process
    for the same words, so that every build of a preview (each application it starts
    too) formats its references with the same classes, and keeps what it formatted
    (sphinxext._compat, bibtex_entries_formatted_once)."""
    L = dict(words)
    return reference_style(L), formatting_style(L, lang, languages), label_style(L)


def _choose(app, config):
    """Register both styles for the edition's language and select them."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    project = _project.load(Path(config.reprobook_root))
    lang = config.reprobook_lang or project.default_lang
    references, formatting, labels = _styles(lang, tuple(_words(strings.of(project), lang).items()),
                                             tuple(project.languages))
    name = f"reprobook-{lang}"
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", name, references,
                                                force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", name, formatting, force=True)
    pybtex.plugin.register_plugin("pybtex.style.labels", name, labels, force=True)
    pybtex.plugin.register_plugin("pybtex.style.sorting", "reprobook-source-order", sorting_style(), force=True)
    config.bibtex_reference_style = name
    config.bibtex_default_style = name


def _visit_citation(self, node) -> None:
    """docutils wraps a run of reference entries in role="list", but gives each entry
    role="doc-biblioentry", which is no list item: a critical accessibility fault
    (axe-core aria-required-children). The entries carry their own role; the
    wrapper needs none."""
    from docutils import nodes

    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="doc-biblioentry"))


def _depart_citation(self, node) -> None:
    from docutils import nodes

    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def _places():
    from docutils import nodes
    from sphinx.builders.latex.nodes import thebibliography
    from sphinx.builders.latex.transforms import BibliographyTransform
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class bibliography_place(nodes.General, nodes.Element):  # noqa: N801
        """Where a run of reference entries stood, with the ids of its entries."""

    class MarkPlaces(SphinxPostTransform):
        default_priority = BibliographyTransform.default_priority - 10
        formats = ("latex",)

        def run(self, **kwargs) -> None:
            for parent in {id(c.parent): c.parent for c in self.document.findall(nodes.citation)}.values():
                run: list = []
                for child in [*parent.children, None]:
                    if isinstance(child, nodes.citation):
                        run.append(child)
                    elif run:
                        parent.insert(parent.index(run[0]), bibliography_place(entries=[c["ids"][0] for c in run]))
                        run = []

    class ReturnToPlaces(SphinxPostTransform):
        default_priority = BibliographyTransform.default_priority + 10
        formats = ("latex",)

        def run(self, **kwargs) -> None:
            gathered = next(iter(self.document.findall(thebibliography)), None)
            by_id = {c["ids"][0]: c for c in gathered.children} if gathered is not None else {}
            for place in list(self.document.findall(bibliography_place)):
                holder = thebibliography()
                for entry in place["entries"]:
                    citation = by_id.pop(entry)
                    citation.parent.remove(citation)
                    holder += citation
                place.replace_self(holder)
            if gathered is not None and not gathered.children:
                gathered.parent.remove(gathered)

    return bibliography_place, MarkPlaces, ReturnToPlaces


def _citing_pages_read_the_bibliographies(app, doctree) -> None:
    """A page that cites shows each cited entry (its tooltip, its words): it depends
    on the BibTeX files, so an edit to an entry re-reads it (sphinxcontrib-bibtex
    notes them for the reference list's page only)."""
    from sphinx import addnodes

    if any(n.get("refdomain") == "cite" for n in doctree.findall(addnodes.pending_xref)):
        for name in app.config.bibtex_bibfiles:
            app.env.note_dependency(str(Path(app.srcdir, name).resolve()))


def setup(app):
    from docutils import nodes

    place, mark, back = _places()
    app.connect("doctree-read", _citing_pages_read_the_bibliographies)
    app.add_node(place)
    app.add_post_transform(mark)
    app.add_post_transform(back)
    app.connect("config-inited", _choose, priority=400)
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
