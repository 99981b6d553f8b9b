"""Diagrams as data: their structure against the seed text, the numbers
computed from them against values worked out by hand, the errors for broken
diagram files, and the drawings (deterministic, no overlapping labels)."""
import re
from fractions import Fraction

import pytest
import yaml

from reprobook import graphs as dm
from reprobook import project as projects
from reprobook import strings
from reprobook.data import check, datapackage, diagrams
from reprobook.errors import DataError
from reprobook.plotting import vector
from reprobook.render import drawing as diagram_draw
from rudi2021 import procedures

PROJECT = projects.here()


def load(name):
    return diagrams.load(PROJECT, name)


FIGURES = ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "3.1", "4.1", "4.2", "5.1", "5.2", "5.4", "5.5", "5.6"]


@pytest.fixture(scope="module")
def seed(source_text) -> list[str]:
    return source_text.read_text(encoding="utf-8").splitlines()


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", text.lower().replace("*", ""))


def _in_seed(seed: list[str], label: str, line: int) -> bool:
    """Every word of the label, in order, on the seed line (or the next two: a few
    names are broken over lines). Labels are cut from the seed, never reworded."""
    words = iter(_words(" ".join(seed[line - 1: line + 2])))
    return all(any(w == x for x in words) for w in _words(label))


def test_every_diagram_of_the_dissertation_is_data_and_the_photograph_is_not():
    figures = sorted(load(n).figure for n in diagrams.names(PROJECT))
    assert figures == sorted(FIGURES)
    assert "5.3" not in figures  # a photograph: nothing to recompute


@pytest.mark.parametrize("name", diagrams.names(PROJECT))
def test_labels_are_copied_from_their_seed_lines(seed, name):
    d = load(name)
    items = [("node", n["id"], n["label"], n["seed_line"]) for n in d.nodes]
    items += [("group", g["id"], g["label"], g["seed_line"]) for g in d.groups]
    items += [("edge", f"{e['from']}->{e['to']}", e["label"], e["seed_line"]) for e in d.edges
              if e.get("label") and e.get("seed_line")]
    missing = [(kind, key, label, line) for kind, key, label, line in items if not _in_seed(seed, label, line)]
    assert missing == []


def test_caption_titles_are_those_of_the_seed(seed):
    for name in diagrams.names(PROJECT):
        d = load(name)
        title = " ".join(_words(d.title))
        assert any(title in " ".join(_words(line)) for line in seed), d.figure


def test_success_factors_match_the_list_in_the_text(seed):
    d = load("fig-2-2")
    assert [g["label"].split(" (")[0].split("(")[0] for g in d.groups] == [
        "Lingkungan", "Keanggotaan", "Proses/Struktur", "Komunikasi", "Tujuan", "Sumber Daya"]
    assert [len(d.in_group(g["id"])) for g in d.groups] == [3, 4, 5, 2, 3, 2]
    assert len(d.of_kind("factor")) == 19  # "19 faktor ... enam kelompok", seed line 765
    assert "19 faktor" in seed[765 - 1] and "enam kelompok" in seed[765 - 1]


def test_management_models_follow_the_numbered_list(seed):
    d = load("fig-2-5")
    assert [n["seed_line"] for n in d.nodes] == [900, 904, 909, 913, 915, 916]
    for n, number in zip(d.nodes, range(1, 7)):
        assert seed[n["seed_line"] - 1].startswith(f"{number}. ")


def test_delivery_procedure_has_the_seven_numbered_steps_in_order(seed):
    d = load("fig-5-4")
    steps = [n for n in d.nodes if "step" in n.get("attrs", {})]
    assert [n["attrs"]["step"] for n in steps] == list(range(1, 8))
    for n in steps:
        assert n["label"].startswith(f"{n['attrs']['step']}. ")
        assert seed[n["seed_line"] - 1].startswith(f"{n['attrs']['step']}. ")
    # the flow visits the steps in their printed order
    (path,) = dm.flow_paths(d)
    assert [p for p in path if p.startswith("s")] == [f"s{i}" for i in range(1, 8)]


def test_passport_workflow_has_steps_a_to_j_and_two_ways_to_apply():
    d = load("fig-4-2")
    assert [n["label"][0] for n in d.of_kind("step")] == list("abcdefghij")
    assert len(dm.flow_paths(d)) == 2  # in person (c) or through the website (d)
    assert {p[2] for p in dm.flow_paths(d)} == {"c", "d"}


def test_organisation_chart_levels_and_spans_worked_by_hand():
    d = load("fig-4-1")
    assert dm.levels(d) == {0: 1, 1: 5, 2: 11}
    spans = dm.spans(d)
    assert sorted(spans.values(), reverse=True) == [5, 3, 2, 2, 2, 2]
    assert Fraction(sum(spans.values()), len(spans)) == Fraction(16, 6)
    echelons = datapackage.load(PROJECT, "staff_by_echelon").set_index("echelon")["staff"]
    assert list(echelons) == list(dm.levels(d).values())  # 1, 5 and 11 (section 4.7)


def test_recommended_model_lists_four_elements_in_order():
    d = load("fig-5-6")
    listed = d.in_group("mempengaruhi")
    assert [n["seed_line"] for n in listed] == [2293, 2297, 2298, 2299]
    assert [n["label"].split(". ")[0] for n in listed] == ["1", "2", "3", "4"]


def test_programmes_in_the_diagram_are_those_of_the_table():
    d = load("fig-5-2")
    assert [n["label"] for n in d.in_group("program_baru")] == datapackage.load(PROJECT, "innovation_programmes")["name"].tolist()


@pytest.mark.parametrize("name", [n for n in diagrams.names(PROJECT) if load(n).stated])
def test_counts_stated_in_the_text_equal_the_counts_in_the_data(name):
    for row in dm.stated_vs_counted(load(name)):
        assert row["stated"] == row["counted"], row


def test_delivery_path_worked_by_hand():
    d = load("fig-5-4")
    (path,) = dm.flow_paths(d)
    bound = dm.time_bound(d, path)
    # 3 days to step 5, the same day to step 6, one more day to step 7
    assert (bound.start, bound.end, bound.max_days, bound.units) == ("s4", "s7", 4, ("hari",))
    assert bound.unbounded_before == ("s1", "s2", "s3")
    assert procedures.visits(d, path) == 1
    changes = procedures.handoffs(d, path)
    assert changes == [("pemohon", "pos"), ("pos", "imigrasi"), ("imigrasi", "pos"), ("pos", "pemohon")]
    assert procedures.between_organisations(changes) == 2


def test_paths_without_delivery_worked_by_hand():
    integrated = load("fig-5-1")
    (path,) = dm.flow_paths(integrated)
    bound = dm.time_bound(integrated, path)
    # the application on one day (0), the passport three working days after payment
    assert (bound.start, bound.end, bound.max_days, bound.units) == ("permohonan", "pengambilan_paspor", 3, ("hari kerja",))
    assert procedures.visits(integrated, path) == 2
    workflow = load("fig-4-2")
    for path in dm.flow_paths(workflow):
        assert dm.time_bound(workflow, path) is None  # section 4.11 gives no time limit
        assert procedures.visits(workflow, path) == 2
        assert procedures.between_organisations(procedures.handoffs(workflow, path)) == 2  # to the bank or post office and back


def _diagram(timing, nodes="abcd"):
    raw = {"figure": "9.9", "title": "t", "title_en": "t", "page": 1, "seed_lines": [1, 2], "based_on": "text",
           "layout": "layered", "nodes": [{"id": n, "label": n, "label_en": n, "kind": "step", "seed_line": 1} for n in nodes],
           "edges": [{"from": a, "to": b} for a, b in zip(nodes, nodes[1:])], "timing": timing}
    return diagrams.validate(raw, "test.yaml", ("step",), ("id", "en"))


def test_time_limits_chain_and_the_tighter_one_wins():
    d = _diagram([{"from": "a", "to": "c", "max_days": 5, "unit": "hari", "seed_line": 1},
                  {"from": "a", "to": "b", "max_days": 1, "unit": "hari", "seed_line": 1},
                  {"from": "b", "to": "d", "max_days": 2, "unit": "hari", "seed_line": 1}])
    bound = dm.time_bound(d, list("abcd"))
    assert (bound.max_days, bound.end) == (3, "d")  # a→b 1, b→d 2; a→c 5 does not bind d


def test_time_limits_in_different_units_are_not_added():
    d = _diagram([{"from": "a", "to": "b", "max_days": 1, "unit": "hari", "seed_line": 1},
                  {"from": "b", "to": "c", "max_days": 2, "unit": "hari kerja", "seed_line": 1}])
    with pytest.raises(ValueError, match="different units"):
        dm.time_bound(d, list("abcd"))


def test_model_difference_worked_by_hand():
    diff = dm.difference(load("fig-5-5"), load("fig-5-6"))
    assert set(diff.added) == {"misi_bersama", "yuridis_formal"}
    assert set(diff.dropped) == {"faktor_sumber_daya", "keterbukaan_komunikasi", "alasan_strategis", "tawar_menawar",
                                 "public_public"}
    assert len(diff.kept) == 8 and {"imigrasi", "pos", "komitmen", "kepercayaan"} <= set(diff.kept)
    assert (len(diff.edges_kept), len(diff.edges_dropped), len(diff.edges_added)) == (4, 9, 5)


# --- broken diagram data stops with the file and the element named ---------------------------------

def _break(data_copy, name, edit):
    path = data_copy / "diagrams" / f"{name}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("edit,message", [
    (lambda r: r["edges"].append({"from": "s7", "to": "s9"}),
     r"data/diagrams/fig-5-4\.yaml, edge 9 \(s7 -> s9\): 'to' names node 's9', which does not exist "
     r"\[rule: edges join existing nodes\]"),
    (lambda r: r["nodes"][1].update(kind="robot"),
     r"fig-5-4\.yaml, node 2 \('s2'\): unknown kind 'robot' \[rule: kind is one of actor, unit, step, concept, factor\]"),
    (lambda r: r["nodes"][2].update(id="s1"),
     r"fig-5-4\.yaml, node 3 \('s1'\): node id 's1' is used twice \[rule: node ids are unique\]"),
    (lambda r: r["nodes"][0].pop("label"),
     r"fig-5-4\.yaml, node 1 \('s1'\): 'label' is missing \[rule: required\]"),
    (lambda r: r["nodes"][0].update(group="kurir"),
     r"fig-5-4\.yaml, node 1 \('s1'\): group 'kurir' is not in 'groups'"),
    (lambda r: r["timing"][0].update(max_days=-3),
     r"fig-5-4\.yaml, timing 1: max_days '-3' is not a whole number from 0 to 10000"),
    (lambda r: r.update(layout="spiral"), r"fig-5-4\.yaml: unknown layout 'spiral'"),
    (lambda r: r.update(figure="5.9"), r"fig-5-4\.yaml: figure '5\.9' belongs in fig-5-9\.yaml"),
    (lambda r: r["nodes"][0].pop("label_en"),
     r"fig-5-4\.yaml, node 1 \('s1'\): 'label_en' is missing \(the en edition's label\) "
     r"\[rule: every edition has its own text of 'label'\]"),
    (lambda r: r.pop("title_en"), r"fig-5-4\.yaml: 'title_en' is missing .*every edition has its own text of 'title'"),
    (lambda r: r["nodes"][0].update(label_xx="?"), r"fig-5-4\.yaml, node 1 \('s1'\): unknown key 'label_xx'"),
])
def test_broken_diagram_names_file_element_and_rule(data_copy, edit, message):
    _break(data_copy, "fig-5-4", edit)
    with pytest.raises(DataError, match=message):
        diagrams.load(projects.load(data_copy.parent), "fig-5-4")


def test_broken_diagram_stops_the_data_check(data_copy):
    _break(data_copy, "fig-2-1", lambda r: r["edges"].append({"from": "menilai", "to": "hilang"}))
    with pytest.raises(DataError, match="fig-2-1.yaml, edge 5"):
        check.validate_all(projects.load(data_copy.parent))


def test_invalid_yaml_names_the_line(data_copy):
    path = data_copy / "diagrams" / "fig-3-1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnodes: [unclosed\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"fig-3-1\.yaml, line \d+: .* \[rule: YAML syntax\]"):
        diagrams.load(projects.load(data_copy.parent), "fig-3-1")


# --- drawings ----------------------------------------------------------------------------------

LEGEND = strings.of(PROJECT).texts("legend", "id")
KINDS = PROJECT.diagram_kinds


def test_same_data_gives_the_same_picture():
    d = load("fig-5-5")
    assert vector(diagram_draw.draw(d, LEGEND, KINDS, "id")) == vector(diagram_draw.draw(d, LEGEND, KINDS, "id"))


def _overlap(a, b, margin=0.01):
    return a[0] < b[2] - margin and b[0] < a[2] - margin and a[1] < b[3] - margin and b[1] < a[3] - margin


@pytest.mark.parametrize("name", diagrams.names(PROJECT))
def test_node_labels_do_not_overlap(name):
    fig = diagram_draw.draw(load(name), LEGEND, KINDS, "id")
    ax = fig.axes[0]
    fig.canvas.draw()
    boxed = [t for t in ax.texts if t.get_bbox_patch() is not None and t.get_zorder() == 3]
    boxes = [diagram_draw._box(ax, t) for t in boxed]
    clashes = [(boxed[i].get_text(), boxed[j].get_text()) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
               if _overlap(boxes[i], boxes[j])]
    assert clashes == []
    width, height = fig.get_size_inches()
    assert all(b[0] >= -0.05 and b[2] <= width + 0.05 for b in boxes)  # nothing runs off the page's width


def test_every_kind_has_its_own_shape_and_colour():
    styles = diagram_draw.styles(KINDS)
    shapes = {re.sub(r"pad=[\d.]+,?", "", style) + ls for style, _, _, ls in styles.values()}
    colours = {edge for _, _, edge, _ in styles.values()}
    assert len(shapes) == len(colours) == len(KINDS) == len(styles) == 5
