"""Draw a Diagram: one visual language for every diagram of the book. Diagrams
are drawn when the book is built, from the data a notebook glued
(reprobook.pipeline.figures), so a change here redraws them and re-runs no
notebook.

Each kind of node has its own shape *and* colour (Okabe–Ito), so kinds stay
apart in grey print and for colour-blind readers. Positions come from the
data alone (ranks, groups and file order), never from a random layout, so the
same file always gives the same picture. Sizes are in inches on a figure as
wide as the PDF's text block; the HTML lets a wide diagram scroll sideways on
a phone instead of shrinking its labels (book.css, class ``diagram``).
"""
from __future__ import annotations

import math
import re
import textwrap

import networkx as nx
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..data.diagrams import Diagram
from ..plotting import PALETTE, WIDTH_IN, plt, use_style

FONT = 8.0  # points; the smallest text a printed A4 figure should carry
LINE_IN = FONT * 1.3 / 72
GAP_Y = 0.42  # inches between rows, room for an arrow and its label
PAD = 0.06  # inches between a label and its box


def _colour(name: str) -> str:
    return name if name.startswith("#") else PALETTE[name]


def styles(kinds: dict) -> dict[str, tuple[str, str, str, str]]:
    """kind -> (box style, fill, edge colour, edge line style), from reprobook.yaml's diagram kinds."""
    return {kind: (k["box"], _colour(k["fill"]), _colour(k["edge"]), k.get("line", "-"))
            for kind, k in kinds.items()}


EDGE_COLOUR = "#333333"
# edge style keys: an edge inferred by this edition, or its status in a model comparison
EDGE_STYLES = {
    "inferred": {"linestyle": "--", "color": EDGE_COLOUR, "lw": 1.0},
    "kept": {"linestyle": "-", "color": EDGE_COLOUR, "lw": 1.0},
    "dropped": {"linestyle": ":", "color": PALETTE["grey"], "lw": 1.2},
    "added": {"linestyle": "-", "color": PALETTE["vermillion"], "lw": 1.8},
}


def _edge_style(e: dict) -> str | None:
    return "inferred" if e.get("inferred") else e.get("attrs", {}).get("diff")
GROUP_FILL = "#F4F4F4"


def grid(d: Diagram) -> dict[str, tuple[float, float]]:
    """Abstract (column, row) of each node, from the data alone."""
    ids = [n["id"] for n in d.nodes]
    if d.layout == "cycle":
        k = len(ids)
        return {i: (math.cos(math.pi / 2 - 2 * math.pi * j / k), -math.sin(math.pi / 2 - 2 * math.pi * j / k))
                for j, i in enumerate(ids)}
    if d.layout == "columns":
        lanes = [g["id"] for g in d.groups] + [None]
        pos = {}
        for col, lane in enumerate(lanes):
            members = [n for n in d.nodes if n.get("group") == lane]
            for row, n in enumerate(members):
                pos[n["id"]] = (col, n.get("rank", row))
        return pos
    ranks = _ranks(d)
    tree = _tree(d)
    if tree is not None:
        slots = _tidy(tree, ids)
        return {i: (slots[i], ranks[i]) if d.direction == "TB" else (ranks[i], slots[i]) for i in ids}
    pos = {}
    layers = {r: [i for i in ids if ranks[i] == r] for r in sorted(set(ranks.values()))}
    widest = max(len(layer) for layer in layers.values())
    for r, layer in layers.items():
        # spread each row over the widest row's span, so short rows leave room for edge labels
        step = widest / len(layer)
        for j, i in enumerate(layer):
            offset = (j + 0.5) * step - widest / 2 - 0.5
            pos[i] = (offset, r) if d.direction == "TB" else (r, offset)
    return pos


def _tree(d: Diagram):
    """The diagram as a rooted tree (every node but one has one parent), else None."""
    g = d.flow()
    if len(d.nodes) < 3 or not nx.is_arborescence(g):
        return None
    return g


def _tidy(tree: nx.DiGraph, order: list[str]) -> dict[str, float]:
    """Leaves on consecutive slots in file order, each parent centred over its children."""
    rank = {i: k for k, i in enumerate(order)}
    slots: dict[str, float] = {}

    def visit(node):
        kids = sorted(tree.successors(node), key=rank.get)
        if not kids:
            slots[node] = float(len([s for s in slots if tree.out_degree(s) == 0]))
            return
        for k in kids:
            visit(k)
        slots[node] = (slots[kids[0]] + slots[kids[-1]]) / 2

    root = next(n for n in order if tree.in_degree(n) == 0)
    visit(root)
    return slots


def _ranks(d: Diagram) -> dict[str, int]:
    """Given ranks, else the longest path from a source (cycles: file order)."""
    if all("rank" in n for n in d.nodes):
        return {n["id"]: n["rank"] for n in d.nodes}
    g = d.flow()
    if not nx.is_directed_acyclic_graph(g):
        return {n["id"]: n.get("rank", i) for i, n in enumerate(d.nodes)}
    ranks = {}
    for node in nx.topological_sort(g):
        preds = [ranks[p] + 1 for p in g.predecessors(node)]
        ranks[node] = max(preds, default=0)
    for n in d.nodes:
        ranks[n["id"]] = n.get("rank", ranks[n["id"]])
    return ranks


def _wrap(text: str, width_in: float) -> str:
    chars = max(10, int(width_in * 72 / (FONT * 0.56)))
    # a slash may end a line too ("Proses/Struktur(Process/Structure)" has no space)
    spaced = re.sub(r"/(?=\S)", "/\x00 ", text)
    lines = textwrap.wrap(spaced, chars, break_on_hyphens=False, break_long_words=False)
    return "\n".join(line.replace("\x00 ", "").replace("\x00", "") for line in lines)


def place(d: Diagram, width_in: float = WIDTH_IN):
    """Positions in inches and the wrapped label of each node."""
    cells = grid(d)
    xs = sorted({c[0] for c in cells.values()})
    if d.layout == "cycle":
        ncols = 3
    elif d.layout == "layered" and d.direction == "TB":
        span = max(xs) - min(xs) + 1  # offsets and tree slots: the widest row sets the cell
        ncols = span
    else:
        ncols = len(xs)
    col_w = width_in / max(ncols, 1)
    labels = {n["id"]: _wrap(n["label"], col_w - 0.35) for n in d.nodes}
    lines = {i: t.count("\n") + 1 for i, t in labels.items()}
    if d.layout == "cycle":
        tallest = max(lines.values()) * LINE_IN
        rx, ry = width_in / 2 - col_w / 2, 0.8 + tallest
        pos = {i: (width_in / 2 + rx * c[0], ry + tallest + ry * c[1]) for i, c in cells.items()}
        return pos, labels, 2 * (ry + tallest)
    rows = sorted({c[1] for c in cells.values()})
    top = _header_height(d, width_in) + 0.12 if d.layout == "columns" else 0.15
    y_of, y = {}, top
    group_gap = 0.22 if d.groups and d.layout == "layered" else 0  # room for the group boxes' titles
    if d.layout == "layered" and d.direction == "LR":
        # rows are slots (half-slots centre a parent), so one row height for all
        unit = max(lines.values()) * LINE_IN + 0.22
        y_of = {r: top + (r - rows[0] + 0.5) * unit for r in rows}
        y = top + (rows[-1] - rows[0] + 1) * unit
    else:
        for r in rows:
            h = max(lines[i] for i, c in cells.items() if c[1] == r) * LINE_IN + GAP_Y + group_gap
            y_of[r] = y + h / 2
            y += h
    if d.layout == "columns" and not any("rank" in n for n in d.nodes):
        # no ranks, no edges to align: each lane stacks its own nodes, top down
        y_of, y = {}, top
        col_y = {}
        for i, c in cells.items():
            h = lines[i] * LINE_IN + GAP_Y * 0.6
            start = col_y.get(c[0], top)
            y_of[i] = start + h / 2
            col_y[c[0]] = start + h
        y = max(col_y.values())
        return ({i: ((c[0] - min(xs) + 0.5) * col_w, y_of[i]) for i, c in cells.items()}, labels, y + 0.05)
    x_min = min(xs)
    pos = {i: ((c[0] - x_min + 0.5) * col_w, y_of[c[1]]) for i, c in cells.items()}
    return pos, labels, y + 0.05


def _box(ax, text, patch: bool = True):
    """Bounding box of a label (with its box, if it has one) in data inches, measured
    without drawing the whole figure."""
    renderer = ax.figure.canvas.get_renderer()
    if patch:
        text.update_bbox_position_size(renderer)
        artist = text.get_bbox_patch()
    else:
        artist = text
    bb = artist.get_window_extent(renderer).transformed(ax.transData.inverted())
    return bb.x0, min(bb.y0, bb.y1), bb.x1, max(bb.y0, bb.y1)


def _clip(box, inside, outside):
    """Where the segment from `inside` (box centre) to `outside` leaves the box."""
    (x0, y0, x1, y1), (cx, cy), (ox, oy) = box, inside, outside
    dx, dy = ox - cx, oy - cy
    ts = []
    if dx:
        ts += [(x0 - cx) / dx, (x1 - cx) / dx]
    if dy:
        ts += [(y0 - cy) / dy, (y1 - cy) / dy]
    t = min((t for t in ts if t > 0), default=0)
    return cx + t * dx, cy + t * dy


def draw(d: Diagram, names: dict, kinds: dict, lang: str, width_in: float = WIDTH_IN):
    """A matplotlib figure of the diagram in `lang`, with a legend of what it uses.

    `names` gives the reader-facing name of each node kind and edge style (the
    configured `kinds` and the keys of EDGE_STYLES), from the legend's strings.
    """
    use_style()
    d = d.in_language(lang)
    pos, labels, height = place(d, width_in)
    style_of = styles(kinds)
    kinds = [k for k in style_of if any(n["kind"] == k for n in d.nodes)]
    legend_h = 0.45
    fig = plt.figure(figsize=(width_in, height + legend_h))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width_in)
    ax.set_ylim(height + legend_h, 0)  # y grows downwards, like reading
    ax.axis("off")

    if d.layout == "columns":
        _lanes(ax, d, pos, width_in, height)

    texts = {}
    for n in d.nodes:
        style, fill, edge, ls = style_of[n["kind"]]
        label = labels[n["id"]]
        x, y = pos[n["id"]]
        texts[n["id"]] = ax.text(x, y, label, ha="center", va="center", fontsize=FONT, zorder=3,
                                 bbox=dict(boxstyle=style, fc=fill, ec=edge, ls=ls, lw=1.0))
    boxes = {i: _box(ax, t) for i, t in texts.items()}

    if d.layout != "columns":
        for g in d.groups:
            _group(ax, g, [boxes[n["id"]] for n in d.in_group(g["id"])])

    cycle = d.layout == "cycle"
    for e in d.edges:
        a, b = pos[e["from"]], pos[e["to"]]
        start, end = _clip(boxes[e["from"]], a, b), _clip(boxes[e["to"]], b, a)
        # an edge that skips a row inside one column bends round the node in between
        skips = abs(a[0] - b[0]) < 0.01 and any(
            abs(p[0] - a[0]) < 0.01 and min(a[1], b[1]) < p[1] < max(a[1], b[1]) for p in pos.values())
        rad = -0.25 if cycle else (-0.6 if skips else 0)
        if skips:
            start = (boxes[e["from"]][2], a[1])
            end = (boxes[e["to"]][2], b[1])
        look = EDGE_STYLES.get(_edge_style(e), EDGE_STYLES["kept"])
        arrow = FancyArrowPatch(start, end, arrowstyle="-|>" if e.get("directed", True) else "-",
                                mutation_scale=10, zorder=2, **look,
                                connectionstyle=f"arc3,rad={rad}", shrinkA=2, shrinkB=2)
        ax.add_patch(arrow)
        if e.get("label"):
            # a little past the middle, so labels of edges fanning out of one node stay apart;
            # on a level edge, above the line, where the boxes beside it leave room
            level = abs(end[1] - start[1]) < 0.05
            t = 0.5 if level else 0.6
            mx, my = start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]) - (0.1 if level else 0)
            wrap_in = 1.8 if not level else max(0.6, abs(end[0] - start[0]))
            ax.text(mx, my, _wrap(e["label"], wrap_in), ha="center", va="center", fontsize=FONT - 1, zorder=4,
                    style="italic", bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))

    edge_styles = [k for k in EDGE_STYLES if any(_edge_style(e) == k for e in d.edges)]
    _legend(ax, style_of, kinds, edge_styles, names, height + 0.12)
    return fig


def _lane_width(d: Diagram, width_in: float) -> float:
    return width_in / (len(d.groups) + (1 if any("group" not in n for n in d.nodes) else 0))


def _lane_header(g: dict, col_w: float) -> str:
    return _wrap(g["label"], col_w - 0.45)  # bold type runs wider than the node labels


def _header_height(d: Diagram, width_in: float) -> float:
    col_w = _lane_width(d, width_in)
    lines = max(_lane_header(g, col_w).count("\n") + 1 for g in d.groups)
    return 0.1 + lines * LINE_IN


def _lanes(ax, d, pos, width_in, height):
    col_w = _lane_width(d, width_in)
    header = _header_height(d, width_in)
    for i, g in enumerate(d.groups):
        ax.add_patch(FancyBboxPatch((i * col_w + 0.04, 0.04), col_w - 0.08, height - 0.08,
                                    boxstyle="round,pad=0,rounding_size=0.05", fc=GROUP_FILL, ec="#BBBBBB",
                                    lw=0.6, zorder=0))
        ax.text((i + 0.5) * col_w, 0.06 + header / 2, _lane_header(g, col_w), ha="center", va="center",
                fontsize=FONT if col_w >= 1.3 else FONT - 1, weight="bold", zorder=1)  # narrow lanes: long words fit


def _group(ax, g, boxes):
    x0 = min(b[0] for b in boxes) - 0.1
    y0 = min(b[1] for b in boxes) - 0.24
    x1 = max(b[2] for b in boxes) + 0.1
    y1 = max(b[3] for b in boxes) + 0.05
    title = ax.text(x0 + 0.06, y0 + 0.1, g["label"], ha="left", va="center", fontsize=FONT - 0.5,
                    weight="bold", zorder=2.5,  # above the arrows that cross into the group
                    bbox=dict(boxstyle="square,pad=0.05", fc=GROUP_FILL, ec="none"))
    x1 = max(x1, _box(ax, title, patch=False)[2] + 0.06)  # the box is never narrower than its title
    ax.add_patch(FancyBboxPatch((x0, y0), x1 - x0, y1 - y0, boxstyle="round,pad=0,rounding_size=0.06",
                                fc=GROUP_FILL, ec="#999999", ls=":", lw=0.8, zorder=0))


def _legend(ax, style_of, kinds, edge_styles, names, y):
    x = 0.1
    for kind in kinds:
        style, fill, edge, ls = style_of[kind]
        t = ax.text(x + 0.08, y + 0.12, names[kind], ha="left", va="center", fontsize=FONT - 1, zorder=3,
                    bbox=dict(boxstyle=style.replace("pad=0.3", "pad=0.2"), fc=fill, ec=edge, ls=ls, lw=0.8))
        x = _box(ax, t)[2] + 0.18
    for key in edge_styles:
        ax.plot([x, x + 0.35], [y + 0.12, y + 0.12], **EDGE_STYLES[key])
        t = ax.text(x + 0.42, y + 0.12, names[key], ha="left", va="center", fontsize=FONT - 1)
        x = _box(ax, t, patch=False)[2] + 0.2


def alt_text(d: Diagram, names: dict, kinds: dict, lang: str, count) -> str:
    """A text equivalent built from the data: what the figure holds, kind by kind
    (group by group where it has groups), and how many links join them. `names`
    holds the legend's strings with their fields filled in by `fill`, `count`
    writes a number in `lang`."""
    from ..strings import fill

    d = d.in_language(lang)
    parts = [fill(names["alt_intro"], figure=d.figure) + ": " + fill(names["alt_nodes"], n=count(len(d.nodes)))
             + ", " + fill(names["alt_edges"], n=count(len(d.edges))) + "."]
    if d.groups:
        for g in d.groups:
            parts.append(f"{g['label']}: " + "; ".join(n["label"] for n in d.in_group(g["id"])) + ".")
        loose = [n["label"] for n in d.nodes if "group" not in n]
        if loose:
            parts.append("; ".join(loose) + ".")
    else:
        for kind in kinds:
            members = [n["label"] for n in d.of_kind(kind)]
            if members:
                parts.append(f"{names[kind]}: " + "; ".join(members) + ".")
    return " ".join(parts)
