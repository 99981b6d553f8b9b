"""Reconciliation: classification by code, parts that must add up, the
regression guard, and every glued number traced to a notebook."""
import re

import pandas as pd
import pytest
from data_helpers import rewrite

from reprobook import glue, strings
from reprobook import project as projects
from reprobook.reconcile import registry as reconcile
from reprobook.reconcile.judge import CLASSES, EXACT, INCONSISTENT, NOT_REPRODUCIBLE, ROUNDED, TRUNCATED, explain, judge
from reprobook.render.inline import Wording

PROJECT = projects.here()


def words(text, lang="id"):
    """A text as an edition reads it."""
    return Wording(strings.of(PROJECT), lang).plain(text)


# Small fixtures: each classification, worked out by hand.
@pytest.mark.parametrize("printed,shown,value,expected", [
    ("775", 775, 775, EXACT),
    ("58,9", 58.9, 63 / 107 * 100, ROUNDED),        # 58,8785 -> 58,9
    ("86,91", 86.91, 93 / 107 * 100, TRUNCATED),     # 86,9159 would round to 86,92
    ("10,29", 10.29, 11 / 107 * 100, INCONSISTENT),  # 10,2804: neither
    ("43.50%", 43.5, 43.5, EXACT),
    ("-", None, 0, EXACT), ("-", None, None, EXACT), ("-", None, 12, INCONSISTENT),
])
def test_judge_classifies(printed, shown, value, expected):
    mark = "." if printed.endswith("%") and "." in printed else ","
    assert judge(printed, shown, value, mark).cls == expected


def test_truncation_reason_gives_the_rounded_value():
    assert "1,85" in words(explain(judge("1,84", 1.84, 131 / 7098 * 100).reasons))


def test_parts_that_do_not_sum_make_the_total_inconsistent():
    # Three printed parts (10 + 20 + 31 = 61) under a printed total of 60 whose
    # own recomputation agrees: the total is still inconsistent.
    rows = [{"id": f"x{i}", "location": "Tabel X", "fact": f"education.{lvl}", "shown": v, "printed": str(v),
             "decimal_mark": ",", "cls": EXACT, "reasons": ()}
            for i, (lvl, v) in enumerate([("S2", 10), ("S1", 20), ("D3", 31), ("SLTA", 0)])]
    rows.append({"id": "t", "location": "Tabel X", "fact": "education_total", "shown": 60, "printed": "60",
                 "decimal_mark": ",", "cls": EXACT, "reasons": ()})
    frame = pd.DataFrame(rows)
    reconcile._check_parts(frame, reconcile.quantities(PROJECT).PARTS)
    total = frame.set_index("id").loc["t"]
    assert total["cls"] == INCONSISTENT and "berjumlah 61" in words(explain(total["reasons"]))


@pytest.fixture(scope="module")
def results():
    return reconcile.reconcile(PROJECT)


def test_every_entry_is_classified(results):
    assert set(results["cls"]) <= set(CLASSES)
    assert len(results) == len(pd.read_csv(PROJECT.data / "printed" / "registry.csv"))


def test_known_findings(results):
    by_id = results.set_index("id")
    assert by_id.loc["L2000:rate.2018", "cls"] == TRUNCATED      # Tabel 5.1: 1,23 for 1,2396
    assert by_id.loc["L166:rate.2019", "cls"] == TRUNCATED       # the abstract repeats it
    assert by_id.loc["L1447:grade_pct.II", "cls"] == INCONSISTENT
    assert by_id.loc["L2031:first_delivery_month", "cls"] == INCONSISTENT  # text: February; table: March
    assert by_id.loc["L1629:unavailable", "cls"] == NOT_REPRODUCIBLE
    assert by_id.loc["L1433:staff_total", "cls"] == EXACT


def test_facts_stated_differently_are_found(results):
    facts = set(reconcile.stated_differently(PROJECT, results)["fact"])
    assert {"agreement_number", "education_total ~ staff_total"} <= facts


def test_registry_matches_the_accepted_recomputations(results):
    assert reconcile.regressions(PROJECT, results) == []


def test_regression_guard_names_entry_old_and_new(copied):
    rewrite(copied.data / "raw/uptake_monthly.csv", "2018,3,Maret,7098,131,", "2018,3,Maret,7098,132,")
    problems = reconcile.regressions(copied, reconcile.reconcile(copied))
    assert any(p.startswith("L1990:deliveries.2018.3: recomputed value changed from 131 to 132") for p in problems)
    assert all("(data/printed/registry.csv, column 'recomputed')" in p for p in problems)
    assert any(p.startswith("L1990:pct.2018.3: recomputed value changed from 1.845590 to 1.859679") for p in problems)


def test_every_glued_number_in_the_book_comes_from_a_notebook():
    role = re.compile(r"\{nb\}`(/notebooks/[\w]+\.ipynb)::([\w.-]+)`")
    directive = re.compile(r"```\{nb(?:table|figure)\} (/notebooks/[\w]+\.ipynb)::([\w.-]+)")
    keys = {f"/notebooks/{nb.name}": set(glue.read(nb)) for nb in PROJECT.notebooks.glob("*.ipynb")}
    original = re.compile(r"^:original: (.*)$", re.M)
    missing, used = [], 0
    for md in PROJECT.book.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        notes = [tuple(r.strip().split("::")) for line in original.findall(text) for r in line.split(",")]
        for nb, key in role.findall(text) + directive.findall(text) + notes:
            used += 1
            if key not in keys.get(nb, set()):
                missing.append(f"{md.relative_to(PROJECT.root)}: {nb}::{key}")
    assert used > 100 and missing == []
