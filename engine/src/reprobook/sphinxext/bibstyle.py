"""Citations and the reference list in the edition's language, through
sphinxcontrib-bibtex: ``{cite:t}`key``` reads "Agranoff dan McGuire (2003)" in
Indonesian and "Agranoff and McGuire (2003)" in English; ``{cite:p}`` puts the
whole in parentheses. The reference list is formatted author–year, each entry
with the source's spelling, and the edition's note (the ``note`` field in the
language being built) marked as the editors' words, not the source's.

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
from pathlib import Path

from .. import project as _project
from .. import strings


def _words(catalog: strings.Catalog, lang: str) -> dict:
    keys = ("and", "et_al", "in", "eds", "pages", "thesis", "retrieved", "no_year", "editor_note")
    return {k: catalog.text("references", k, lang) for k in keys}


def reference_style(L: dict):
    from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    def round_brackets():
        return BracketStyle(left="(", right=")", sep="; ")

    def persons():
        return PersonStyle(sep2=f" {L['and']} ", last_sep=f", {L['and']} ", other=f" {L['et_al']}")

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
    from pybtex.style.template import field, first_of, join, names, optional, sentence, tag, words

    from ..data.bibliography import note_field

    authors = names("author", sep=", ", sep2=f" {L['and']} ", last_sep=f", {L['and']} ")
    editors = names("editor", sep=", ", sep2=f" {L['and']} ", last_sep=f", {L['and']} ")
    year = first_of[join["(", field("year"), ")"], f"({L['no_year']})"]
    pages = field("pages", apply_func=lambda t: Text(Symbol("ndash")).join(t.split("-")))
    place = first_of[optional[join(sep=": ")[field("address"), field("publisher")]], optional[field("publisher")]]
    note = optional[join(sep=" ")[tag("em")[L["editor_note"]], field(note_field(lang, languages))]]

    class Style(BaseStyle):
        default_name_style = "lastfirst"
        default_sorting_style = "author_year_title"
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
                people = entry.persons.get("author") or entry.persons.get("editor") or []
                names = [" ".join(p.prelast_names + p.last_names).strip("{}") for p in people]
                who = names[0] if len(names) == 1 else f"{names[0]} {L['and']} {names[1]}" if len(names) == 2 \
                    else f"{names[0]} {L['et_al']}" if names else entry.key
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


def _choose(app, config):
    """Register both styles for the edition's language and select them."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    project = _project.load(Path(config.reprobook_root))
    lang = config.reprobook_lang or project.default_lang
    L = _words(strings.of(project), lang)
    name = f"reprobook-{lang}"
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", name,
                                                reference_style(L), force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", name, formatting_style(L, lang, project.languages),
                                  force=True)
    pybtex.plugin.register_plugin("pybtex.style.labels", name, label_style(L), force=True)
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


def setup(app):
    from docutils import nodes

    place, mark, back = _places()
    app.add_node(place)
    app.add_post_transform(mark)
    app.add_post_transform(back)
    app.connect("config-inited", _choose, priority=400)
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
