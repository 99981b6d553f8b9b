"""Numbers computed from diagrams as graphs: the paths through a flow and the
time its stated limits allow, the levels and spans of a hierarchy, counts
checked against the ones the text states, and the difference between two
models. ``timing`` holds the limits a text gives ("B at most N days after A").
What a project's own node attributes mean is the content package's business.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .data.diagrams import Diagram, validate


def flow_paths(d: Diagram) -> list[list[str]]:
    """Every path from a start of the flow to an end of it, in file order."""
    g = d.flow()
    order = {n["id"]: i for i, n in enumerate(d.nodes)}
    linked = [n for n in g if g.degree(n)]  # a node on no directed edge is not on any path
    starts = sorted((n for n in linked if g.in_degree(n) == 0), key=order.get)
    ends = sorted((n for n in linked if g.out_degree(n) == 0), key=order.get)
    found = []
    for s in starts:
        for t in ends:
            found += sorted(nx.all_simple_paths(g, s, t), key=lambda p: [order[n] for n in p])
    return found


@dataclass(frozen=True)
class Bound:
    """The longest time the stated limits allow along a stretch of a path."""
    start: str  # first node of the stretch the limits cover
    end: str  # last node the limits reach
    max_days: int
    units: tuple[str, ...]  # the units of the limits that add to max_days
    unbounded_before: tuple[str, ...]  # nodes before `start`: no limit is stated for them


def time_bound(d: Diagram, path: list[str]) -> Bound | None:
    """Chain the time limits along `path` (times only move forward).

    A limit "v at most n days after u" bounds every node between u and v. The
    bound of each node is the smallest over the limits that cover it; the
    chain starts at the first node a limit starts from.
    """
    at = {n: i for i, n in enumerate(path)}
    limits = [t for t in d.timing if t["from"] in at and t["to"] in at and at[t["from"]] < at[t["to"]]]
    if not limits:
        return None
    first = min(at[t["from"]] for t in limits)
    bound: dict[int, tuple[int, frozenset]] = {first: (0, frozenset())}
    for k in range(first + 1, len(path)):
        options = [(bound[at[t["from"]]][0] + t["max_days"],
                    bound[at[t["from"]]][1] | ({t["unit"]} if t["max_days"] else set()))
                   for t in limits if at[t["from"]] < k <= at[t["to"]] and at[t["from"]] in bound]
        if not options:
            break
        bound[k] = min(options, key=lambda o: o[0])
    last = max(bound)
    days, units = bound[last]
    if len(units) > 1:
        raise ValueError(f"{d.path}: limits in different units add up along {path}: {sorted(units)}")
    return Bound(path[first], path[last], days, tuple(sorted(units)), tuple(path[:first]))




def levels(d: Diagram) -> dict[int, int]:
    """Units per level of an organisation chart (level = rank)."""
    counts: dict[int, int] = {}
    for n in d.nodes:
        counts[n["rank"]] = counts.get(n["rank"], 0) + 1
    return dict(sorted(counts.items()))


def spans(d: Diagram) -> dict[str, int]:
    """Span of control: the units directly under each unit that has any."""
    g = d.flow()
    return {n["id"]: g.out_degree(n["id"]) for n in d.nodes if g.out_degree(n["id"])}


def count(d: Diagram, what: str) -> int:
    """`what` as in the data's `stated` entries: groups, nodes, edges, kind:<k>, group:<id>."""
    if what == "groups":
        return len(d.groups)
    if what == "nodes":
        return len(d.nodes)
    if what == "edges":
        return len(d.edges)
    key, _, value = what.partition(":")
    if key == "kind":
        return len(d.of_kind(value))
    if key == "group":
        return len(d.in_group(value))
    raise ValueError(f"unknown count '{what}'")


def stated_vs_counted(d: Diagram) -> list[dict]:
    return [{"figure": d.figure, "count": s["count"], "stated": s["value"], "printed": s["printed"],
             "seed_line": s["seed_line"], "counted": count(d, s["count"])} for s in d.stated]


@dataclass(frozen=True)
class Difference:
    kept: tuple[str, ...]
    dropped: tuple[str, ...]
    added: tuple[str, ...]
    edges_kept: tuple[tuple[str, str], ...]
    edges_dropped: tuple[tuple[str, str], ...]
    edges_added: tuple[tuple[str, str], ...]


def difference(old: Diagram, new: Diagram) -> Difference:
    """Which elements (by id) and links the new model keeps, drops and adds."""
    a, b = [n["id"] for n in old.nodes], [n["id"] for n in new.nodes]
    ea, eb = [(e["from"], e["to"]) for e in old.edges], [(e["from"], e["to"]) for e in new.edges]
    return Difference(
        kept=tuple(i for i in b if i in a), dropped=tuple(i for i in a if i not in b),
        added=tuple(i for i in b if i not in a),
        edges_kept=tuple(e for e in eb if e in ea), edges_dropped=tuple(e for e in ea if e not in eb),
        edges_added=tuple(e for e in eb if e not in ea))


def difference_diagram(old: Diagram, new: Diagram, lanes: dict[str, dict[str, str]]) -> Diagram:
    """The two models as one diagram: a lane each for dropped, kept and added
    elements, and every link of either model marked by where it comes from.
    `lanes` names the lanes (keys dropped, kept, added) in every language of the
    project. Validated like any diagram, so the comparison cannot draw a dangling link."""
    first, *others = new.languages
    diff = difference(old, new)

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
    return validate(raw, f"{old.path} + {new.path}", tuple(sorted({n["kind"] for n in nodes})), new.languages)
