"""The empirical and the recommended model (Gambar 5.5 and 5.6) drawn as one
diagram, in every language of the book.

``reprobook.graphs.difference_diagram`` names its lanes and title in one
language only, and a diagram of a book with several languages needs
``label_<lang>`` and ``title_<lang>`` (reprobook.data.diagrams refuses it
otherwise). This builds the same diagram from ``graphs.difference`` with the
lanes named in every language; it can go once the engine's function takes the
lanes of every language.
"""
from __future__ import annotations

from reprobook import graphs
from reprobook.data.diagrams import Diagram, validate
from reprobook.project import current


def difference_diagram(old: Diagram, new: Diagram, lanes: dict[str, dict[str, str]]) -> Diagram:
    """`lanes` maps each language to the names of the lanes (keys dropped, kept, added)."""
    first, *others = current().languages
    diff = graphs.difference(old, new)

    def node(d, i, lane):
        n = dict(d.node(i))
        n["group"] = lane
        n.pop("rank", None)
        return n

    nodes = ([node(old, i, "dropped") for i in diff.dropped] + [node(new, i, "kept") for i in diff.kept]
             + [node(new, i, "added") for i in diff.added])
    edges = []
    for status, pairs, src in (("dropped", diff.edges_dropped, old), ("kept", diff.edges_kept, new),
                               ("added", diff.edges_added, new)):
        for f, t in pairs:
            e = next(x for x in src.edges if (x["from"], x["to"]) == (f, t))
            edges.append({"from": f, "to": t, "directed": e.get("directed", True), "attrs": {"diff": status}})
    title = f"{old.figure} → {new.figure}"
    raw = {"figure": f"{old.figure}-{new.figure}", "title": title, **{f"title_{lang}": title for lang in others},
           "page": new.page,
           "seed_lines": [min(old.seed_lines[0], new.seed_lines[0]), max(old.seed_lines[1], new.seed_lines[1])],
           "based_on": "text", "layout": "columns",
           "groups": [{"id": k, "label": lanes[first][k], **{f"label_{lang}": lanes[lang][k] for lang in others},
                       "seed_line": new.seed_lines[0]} for k in ("dropped", "kept", "added")],
           "nodes": nodes, "edges": edges}
    return validate(raw, f"{old.path} + {new.path}")
