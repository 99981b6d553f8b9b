"""Texts (reprobook.values) in an edition's language: as plain words, or as
docutils nodes for a page. Every piece that comes from data or a string is a
text node, so nothing a data file or a string holds becomes MyST, HTML or
LaTeX source; the only markup is what this module builds itself: the
emphasis a notebook asked for, and cross-references for the four roles a
string may use (built as Sphinx's own roles build them).
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from .. import strings
from .. import values as v
from ..errors import DataError, Where
from ..numbers import fmt

STYLE_NODES = {"strong": nodes.strong, "emphasis": nodes.emphasis, "literal": nodes.literal}
# Sphinx's std roles: (lower-cased target, inner node class)
XREF = {"ref": (True, nodes.inline), "numref": (True, nodes.literal), "doc": (False, nodes.inline),
        "term": (False, nodes.inline)}
TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)


class Wording:
    """Texts worded in one language, from one catalog of strings."""

    def __init__(self, catalog: strings.Catalog, lang: str):
        self.catalog, self.lang = catalog, lang

    def template(self, ref: v.Ref) -> str:
        return self.catalog.text(ref.file, ref.key, self.lang, *ref.path)

    def _field(self, ref: v.Ref, name: str):
        if name not in ref.fields:
            raise DataError(Where(f"{self.catalog.shown_folder}/{ref.file}.yaml", key=ref.key),
                            "every field of a string is given", f"no value for {{{name}}}")
        return ref.fields[name]

    def lang_text(self, value: v.Lang) -> str:
        if self.lang not in value.texts:
            raise DataError("", "a text from the data has a version in every language",
                            f"no '{self.lang}' text in {value.texts!r}")
        return value.texts[self.lang]

    def plain(self, value) -> str:
        """The words a reader reads, without markup (a role reads as its title or target)."""
        if isinstance(value, str):
            return value
        if isinstance(value, v.Num):
            return fmt(value.value, value.digits, self.lang, self.catalog)
        if isinstance(value, v.Lang):
            return self.lang_text(value)
        if isinstance(value, v.Cat):
            return "".join(self.plain(p) for p in value.parts)
        if isinstance(value, v.Styled):
            return self.plain(value.body)
        if isinstance(value, v.Ref):
            out = []
            for piece in strings.pieces(self.template(value)):
                if piece[0] == "text":
                    out.append(piece[1])
                elif piece[0] == "field":
                    out.append(self.plain(self._field(value, piece[1])))
                else:
                    m = TITLED.match(piece[2])
                    out.append(m.group(1) if m else piece[2])
            return "".join(out)
        raise TypeError(f"not a text: {value!r}")

    def string(self, file: str, key: str, docname: str, **fields) -> list[nodes.Node]:
        """A string's nodes, its fields given as texts or as ready nodes (a link)."""
        out: list[nodes.Node] = []
        for piece in strings.pieces(self.catalog.text(file, key, self.lang)):
            if piece[0] == "text":
                out.append(nodes.Text(piece[1]))
            elif piece[0] == "role":
                out.append(xref(piece[1], piece[2], docname))
            else:
                value = self._field(v.Ref(file, key, (), fields), piece[1])
                out.extend(value if isinstance(value, list) else self.nodes(value, docname))
        return out

    def nodes(self, value, docname: str) -> list[nodes.Node]:
        """The nodes of a text on page `docname`."""
        if isinstance(value, (str, v.Num, v.Lang)):
            text = self.plain(value)
            return [nodes.Text(text)] if text else []
        if isinstance(value, v.Cat):
            return [n for p in value.parts for n in self.nodes(p, docname)]
        if isinstance(value, v.Styled):
            holder = STYLE_NODES[value.style]()
            holder.extend(self.nodes(value.body, docname))
            return [holder]
        if isinstance(value, v.Ref):
            out: list[nodes.Node] = []
            for piece in strings.pieces(self.template(value)):
                if piece[0] == "text":
                    out.append(nodes.Text(piece[1]))
                elif piece[0] == "field":
                    out.extend(self.nodes(self._field(value, piece[1]), docname))
                else:
                    out.append(xref(piece[1], piece[2], docname))
            return out
        raise TypeError(f"not a text: {value!r}")


def xref(role: str, text: str, docname: str) -> addnodes.pending_xref:
    """A cross-reference as Sphinx's std role `role` (ref, numref, doc, term) makes it."""
    lower, inner = XREF[role]
    m = TITLED.match(text)
    title, target = (m.group(1), m.group(2)) if m else (text, text)
    node = addnodes.pending_xref(text, refdoc=docname, refdomain="std", reftype=role, refexplicit=bool(m),
                                 refwarn=True, reftarget=target.lower() if lower else target)
    node += inner(text, title, classes=["xref", "std", f"std-{role}"])
    return node
