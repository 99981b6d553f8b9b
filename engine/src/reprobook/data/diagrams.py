"""The one way to read a diagram: load data/diagrams/<name>.yaml, validated.

A diagram is data (see data/diagrams/README.md): nodes with a kind, edges,
groups, and the seed lines they come from. Any breach raises a DataError
naming the file and the element, so a broken diagram stops the build before
anything is drawn. A notebook glues a diagram as data (``to_mapping``); the
book draws it when it is built (reprobook.render.drawing).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import networkx as nx

from .. import plaintext, utf8, yamlfile
from ..errors import DataError, fail
from ..execution import record
from . import folios

DIR = "diagrams"
LAYOUTS = ("layered", "cycle", "columns")
BASED_ON = ("text", "cited-source")
_ID = re.compile(r"^[a-z0-9_]+$")

TOP_KEYS = {"figure": True, "title": True, "page": True, "seed_lines": True, "based_on": True,
            "layout": True, "cited": False, "direction": False, "groups": False, "nodes": True,
            "edges": False, "timing": False, "stated": False, "not_shown": False}
NODE_KEYS = {"id": True, "label": True, "kind": True, "seed_line": True, "group": False, "rank": False,
             "attrs": False}
EDGE_KEYS = {"from": True, "to": True, "label": False, "directed": False, "inferred": False, "seed_line": False,
             "attrs": False}
GROUP_KEYS = {"id": True, "label": True, "seed_line": True}
TIMING_KEYS = {"from": True, "to": True, "max_days": True, "unit": True, "seed_line": True}
STATED_KEYS = {"count": True, "value": True, "printed": True, "seed_line": True}
_COUNT = re.compile(r"^(groups|nodes|edges|kind:(\w+)|group:(\w+))$")


@dataclass(frozen=True)
class Diagram:
    name: str
    path: str  # data/diagrams/<name>.yaml, for messages and captions
    figure: str
    title: str
    page: str
    seed_lines: tuple[int, int]
    based_on: str
    layout: str
    direction: str
    nodes: tuple[dict, ...]
    edges: tuple[dict, ...] = ()
    groups: tuple[dict, ...] = ()
    timing: tuple[dict, ...] = ()
    stated: tuple[dict, ...] = ()
    cited: str | None = None
    not_shown: str | None = None
    order: dict = field(default_factory=dict)  # node id -> position in the file
    texts: dict = field(default_factory=dict)  # further language -> its title and not_shown
    languages: tuple = ()  # the editions: the first is the original's, whose labels are copied

    def node(self, node_id: str) -> dict:
        return self.nodes[self.order[node_id]]

    def flow(self) -> nx.DiGraph:
        """Every node, and the directed edges only: undirected ones are associations,
        not steps of a flow. Layout and computations both read this graph."""
        g = nx.DiGraph()
        g.add_nodes_from(n["id"] for n in self.nodes)
        g.add_edges_from((e["from"], e["to"]) for e in self.edges if e.get("directed", True))
        return g

    def of_kind(self, kind: str) -> list[dict]:
        return [n for n in self.nodes if n["kind"] == kind]

    def in_group(self, group_id: str) -> list[dict]:
        return [n for n in self.nodes if n.get("group") == group_id]

    def in_language(self, lang: str) -> Diagram:
        """The diagram with its texts in `lang`: the original's labels (copied from
        it) in the first language, else each element's ``label_<lang>``."""
        if not self.languages or lang == self.languages[0]:
            return self

        def loc(item: dict) -> dict:
            out = dict(item)
            if "label" in item:
                out["label"] = item[f"label_{lang}"]
            return out

        return dataclasses.replace(self, nodes=tuple(loc(n) for n in self.nodes),
                                   edges=tuple(loc(e) for e in self.edges), groups=tuple(loc(g) for g in self.groups),
                                   title=self.texts[lang]["title"], not_shown=self.texts[lang]["not_shown"])


def to_mapping(d: Diagram) -> dict:
    """A diagram as JSON-ready data (what a notebook glues)."""
    out = dataclasses.asdict(d)
    out.pop("order")
    return out


def from_mapping(m: dict) -> Diagram:
    """The diagram to_mapping() wrote."""
    fields = dict(m)
    fields["seed_lines"] = tuple(fields["seed_lines"])
    fields["languages"] = tuple(fields.get("languages", ()))
    for key in ("nodes", "edges", "groups", "timing", "stated"):
        fields[key] = tuple(fields.get(key, ()))
    fields["order"] = {n["id"]: i for i, n in enumerate(fields["nodes"])}
    return Diagram(**fields)


def _fail(where: str, rule: str, detail: str) -> DataError:
    return fail(where, rule, detail, DataError)


# Whole numbers in a diagram count steps, days, ranks or lines of the original: far
# below these bounds. A rank of 10^30 would ask for a drawing 10^30 rows tall.
BOUNDS = {"rank": 200, "max_days": 10_000, "value": 100_000, "seed_line": 10_000_000}


def _is_int(value, key: str = "seed_line") -> bool:
    """A whole number written as one (YAML's true and false are not), within its key's bound."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= BOUNDS[key]


TEXT_KEYS = ("label", "title", "not_shown", "cited", "unit", "printed")
# Reader-facing texts that each further edition words itself, as `<key>_<lang>` beside
# the source's own (which stays, with its seed line, as the record of what was copied).
EDITION_KEYS = ("label", "title", "not_shown")


def _edition_keys(spec: dict, others: tuple[str, ...]) -> dict:
    """The spec with `<key>_<lang>` for every translatable key and further language,
    required exactly when the key itself is present."""
    return spec | {f"{k}_{lang}": False for k in EDITION_KEYS if k in spec for lang in others}


def _texts(item: dict, where: str) -> None:
    """Labels and titles are one line of text (reprobook.plaintext): a number or a list
    is refused, and so are control, invisible and line-breaking characters."""
    for key in [k for k in item if k in TEXT_KEYS or k.rpartition("_")[0] in EDITION_KEYS]:
        if item[key] is not None:
            value = item[key]
            if not isinstance(value, str):
                raise _fail(where, f"{key} is text", f"'{key}' is a {type(value).__name__}, not text")
            bad = plaintext.line_problem(value)
            if bad is not None:
                raise _fail(where, plaintext.LINE_RULE, f"'{key}' holds {bad}")


def _keys(item, spec: dict, where: str, others: tuple[str, ...]) -> None:
    if not isinstance(item, dict):
        raise _fail(where, "each element is a mapping", f"expected a mapping, found {type(item).__name__}")
    spec = _edition_keys(spec, others)
    unknown = sorted(set(item) - set(spec))
    if unknown:
        raise _fail(where, "known keys only", f"unknown key '{unknown[0]}' (allowed: {', '.join(spec)})")
    for key, required in spec.items():
        if required and item.get(key) in (None, ""):
            raise _fail(where, "required", f"'{key}' is missing")
    for key in EDITION_KEYS:
        for lang in others:
            if item.get(key) not in (None, "") and item.get(f"{key}_{lang}") in (None, ""):
                raise _fail(where, f"every edition has its own text of '{key}'",
                            f"'{key}_{lang}' is missing (the {lang} edition's {key})")
    _texts(item, where)


def _seed_line(value, where: str) -> None:
    if not _is_int(value) or value < 1:
        raise _fail(where, "seed_line is a line number of the original (1 to 10,000,000)",
                    f"seed_line '{value}' is not a line number")


def _node_where(rel: str, i: int, item) -> str:
    name = item.get("id") if isinstance(item, dict) else None
    return f"{rel}, node {i + 1}" + (f" ('{name}')" if name else "")


def validate(raw: dict, rel: str, kinds: tuple[str, ...], languages: tuple[str, ...]) -> Diagram:
    """Check a parsed YAML mapping; return the Diagram or raise DataError. `kinds`:
    the node kinds the project configures; `languages`: the editions."""
    others = tuple(languages[1:])
    _keys(raw, TOP_KEYS, rel, others)
    lines = raw["seed_lines"]
    if not (isinstance(lines, list) and len(lines) == 2 and all(_is_int(x) for x in lines)
            and 0 < lines[0] <= lines[1]):
        raise _fail(rel, "seed_lines is [first, last]", f"seed_lines {lines!r} is not [first, last]")
    if folios.problem(raw["page"]):
        raise _fail(rel, folios.RULE, folios.problem(raw["page"]))
    if raw["layout"] not in LAYOUTS:
        raise _fail(rel, f"layout is one of {', '.join(LAYOUTS)}", f"unknown layout '{raw['layout']}'")
    if raw["based_on"] not in BASED_ON:
        raise _fail(rel, f"based_on is one of {', '.join(BASED_ON)}", f"unknown based_on '{raw['based_on']}'")
    if raw["based_on"] == "cited-source" and not raw.get("cited"):
        raise _fail(rel, "a rebuilt figure names its source", "based_on is cited-source but 'cited' is missing")
    direction = raw.get("direction", "TB")
    if direction not in ("TB", "LR"):
        raise _fail(rel, "direction is TB or LR", f"unknown direction '{direction}'")

    groups = raw.get("groups") or []
    group_ids: set[str] = set()
    for i, g in enumerate(groups):
        where = f"{rel}, group {i + 1}" + (f" ('{g.get('id')}')" if isinstance(g, dict) and g.get("id") else "")
        _keys(g, GROUP_KEYS, where, others)
        if not _ID.match(str(g["id"])) or g["id"] in group_ids:
            raise _fail(where, "group ids are unique, a-z0-9_", f"bad or repeated group id '{g['id']}'")
        _seed_line(g["seed_line"], where)
        group_ids.add(g["id"])

    nodes = raw["nodes"]
    if not isinstance(nodes, list) or not nodes:
        raise _fail(rel, "a diagram has nodes", "'nodes' is empty or not a list")
    order: dict[str, int] = {}
    for i, n in enumerate(nodes):
        where = _node_where(rel, i, n)
        _keys(n, NODE_KEYS, where, others)
        if not _ID.match(str(n["id"])):
            raise _fail(where, "node ids are a-z0-9_", f"bad node id '{n['id']}'")
        if n["id"] in order:
            raise _fail(where, "node ids are unique", f"node id '{n['id']}' is used twice")
        if n["kind"] not in kinds:
            raise _fail(where, f"kind is one of {', '.join(kinds)}", f"unknown kind '{n['kind']}'")
        _seed_line(n["seed_line"], where)
        if "group" in n and n["group"] not in group_ids:
            raise _fail(where, "a node's group is declared", f"group '{n['group']}' is not in 'groups'")
        if "rank" in n and (not _is_int(n["rank"], "rank") or n["rank"] < 0):
            raise _fail(where, f"rank is a whole number from 0 to {BOUNDS['rank']}",
                        f"rank '{n['rank']}' is not a whole number from 0 to {BOUNDS['rank']}")
        if "attrs" in n and not isinstance(n["attrs"], dict):
            raise _fail(where, "attrs is a mapping", "attrs is not a mapping")
        order[n["id"]] = i
    for g in groups:
        if not any(n.get("group") == g["id"] for n in nodes):
            raise _fail(f"{rel}, group '{g['id']}'", "every group has a node", "no node belongs to it")

    edges = raw.get("edges") or []
    seen: set[tuple[str, str]] = set()
    for i, e in enumerate(edges):
        label = f"{e.get('from')} -> {e.get('to')}" if isinstance(e, dict) else ""
        where = f"{rel}, edge {i + 1} ({label})"
        _keys(e, EDGE_KEYS, where, others)
        for end in ("from", "to"):
            if e[end] not in order:
                raise _fail(where, "edges join existing nodes", f"'{end}' names node '{e[end]}', which does not exist")
        if e["from"] == e["to"]:
            raise _fail(where, "no edge joins a node to itself", "both ends are the same node")
        if (e["from"], e["to"]) in seen:
            raise _fail(where, "each edge once", "this edge is listed twice")
        seen.add((e["from"], e["to"]))
        if "seed_line" in e:
            _seed_line(e["seed_line"], where)
        for flag in ("directed", "inferred"):
            if flag in e and not isinstance(e[flag], bool):
                raise _fail(where, f"{flag} is true or false", f"{flag} '{e[flag]}' is not true or false")

    timing = raw.get("timing") or []
    for i, t in enumerate(timing):
        where = f"{rel}, timing {i + 1}"
        _keys(t, TIMING_KEYS, where, others)
        for end in ("from", "to"):
            if t[end] not in order:
                raise _fail(where, "time limits join existing nodes", f"'{end}' names node '{t[end]}', which does not exist")
        if not _is_int(t["max_days"], "max_days") or t["max_days"] < 0:
            raise _fail(where, f"max_days is a whole number from 0 to {BOUNDS['max_days']}",
                        f"max_days '{t['max_days']}' is not a whole number from 0 to {BOUNDS['max_days']}")
        _seed_line(t["seed_line"], where)

    stated = raw.get("stated") or []
    for i, c in enumerate(stated):
        where = f"{rel}, stated {i + 1}"
        _keys(c, STATED_KEYS, where, others)
        m = _COUNT.match(str(c["count"]))
        if not m:
            raise _fail(where, "count is groups, nodes, edges, kind:<kind> or group:<id>", f"unknown count '{c['count']}'")
        if m.group(2) and m.group(2) not in kinds:
            raise _fail(where, f"kind is one of {', '.join(kinds)}", f"unknown kind '{m.group(2)}'")
        if m.group(3) and m.group(3) not in group_ids:
            raise _fail(where, "a counted group is declared", f"group '{m.group(3)}' is not in 'groups'")
        if not _is_int(c["value"], "value") or c["value"] < 0:
            raise _fail(where, f"value is a whole number from 0 to {BOUNDS['value']}",
                        f"value '{c['value']}' is not a whole number from 0 to {BOUNDS['value']}")
        _seed_line(c["seed_line"], where)

    if timing:
        g = nx.DiGraph()
        g.add_edges_from((e["from"], e["to"]) for e in edges if e.get("directed", True))
        try:
            cycle = nx.find_cycle(g)
        except nx.NetworkXNoCycle:
            cycle = None
        if cycle:
            path = " -> ".join([a for a, _ in cycle] + [cycle[0][0]])
            raise _fail(rel, "a procedure with time limits has no cycle", f"the edges form a cycle: {path}")

    return Diagram(
        name=Path(rel).stem, path=rel, figure=str(raw["figure"]), title=raw["title"], page=str(raw["page"]),
        seed_lines=(lines[0], lines[1]), based_on=raw["based_on"], layout=raw["layout"], direction=direction,
        nodes=tuple(nodes), edges=tuple(edges), groups=tuple(groups), timing=tuple(timing), stated=tuple(stated),
        cited=raw.get("cited"), not_shown=raw.get("not_shown"), order=order,
        texts={lang: {k: raw.get(f"{k}_{lang}") for k in ("title", "not_shown")} for lang in others},
        languages=tuple(languages),
    )


def path_of(project, name: str) -> Path:
    return project.data / DIR / f"{name}.yaml"


def load(project, name: str) -> Diagram:
    """Diagram `name` (e.g. "fig-5-4"), validated."""
    path = path_of(project, name)
    rel = project.relative(path)
    record.file(rel)
    if not path.exists():
        raise DataError(rel, f"a diagram is a file in {project.relative(project.data / DIR)}/", "file not found")
    diagram = _validated(project.read_bytes(path, DataError), rel, tuple(project.diagram_kinds),
                         tuple(project.languages))
    expected = "fig-" + diagram.figure.replace(".", "-")
    if path.stem != expected:
        raise DataError(rel, "file named after its figure", f"figure '{diagram.figure}' belongs in {expected}.yaml")
    return diagram


@lru_cache(maxsize=256)
def _validated(data: bytes, rel: str, kinds: tuple[str, ...], languages: tuple[str, ...]) -> Diagram:
    """A diagram file's bytes, parsed and validated once per process (a data edit
    checks every diagram again; parsing their YAML was most of it). A diagram is
    immutable, so one is shared; a refusal is not kept and is raised again."""
    raw = yamlfile.parse(utf8.decode(data, rel, DataError), rel)
    if not isinstance(raw, dict):
        raise DataError(rel, "a diagram is a mapping", "expected a mapping at the top")
    return validate(raw, rel, kinds, languages)


def names(project) -> list[str]:
    return sorted(p.stem for p in (project.data / DIR).glob("*.yaml"))


def validate_all(project) -> list[str]:
    for name in names(project):
        load(project, name)
    return names(project)
