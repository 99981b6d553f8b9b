"""The facts of this dissertation's registry of printed values
(data/printed/registry.csv) and how each is recomputed from the raw data.

A fact such as ``pct.2018.3`` names a computation (``pct``) and its arguments
(``2018``, ``3``). Each function takes the engine's reconciliation Data and the
arguments, as text, and returns a number, None (nothing to show) or text.
"""
from __future__ import annotations

import pandas as pd

from reprobook import stats

from .procedures import DELIVERY, steps_frame

POSITION = {"ST": "Struktural Teknis", "SNT": "Struktural Non Teknis", "TNS": "Teknis Non Struktural",
            "JFT": "JFT", "JFU": "JFU"}
GRADES = ("IV", "III", "II", "I")


def _opt(value):
    return None if pd.isna(value) else value


def _uptake(d):
    return d.memo("uptake", lambda: d.resource("uptake_monthly").set_index(["year", "month"]))


def _grade(d):
    return d.memo("grade", lambda: d.resource("staff_by_grade").set_index(["grade", "subgrade"])["staff"])


def _position(d):
    return d.memo("position", lambda: d.resource("staff_by_position_sex").set_index(
        ["grade", "position_type", "sex"])["staff"])


def _education(d):
    return d.memo("education", lambda: d.resource("staff_by_education").set_index("level")["staff"])


def _tbi(d):
    return d.memo("tbi", lambda: d.resource("topbrand_index").set_index(["year", "brand"])["tbi_percent"])


def _limits(d):
    """Days allowed after the previous step, by step number (the delivery procedure's diagram)."""
    return d.memo("limits", lambda: steps_frame(d.diagram(DELIVERY)).set_index("step")["max_days_after_previous"])


def _month(d, y, m):
    return _uptake(d).loc[(int(y), int(m))]


def _year(d, y):
    return _uptake(d).loc[int(y)]


def _pct(d, y, m):
    row = _month(d, y, m)
    return None if pd.isna(row["deliveries"]) else stats.percent(int(row["deliveries"]), int(row["passports_issued"]))


QUANTITIES = {
    "tbi": lambda d, y, b: float(_tbi(d).loc[(int(y), b)]),
    "pos_tbi_min": lambda d: float(_tbi(d).xs("POS", level="brand").min()),
    "pos_tbi_max": lambda d: float(_tbi(d).xs("POS", level="brand").max()),
    "study_year": lambda d, no: int(d.resource("earlier_studies").set_index("no").loc[int(no), "year"]),
    "staff": lambda d, g, s: int(_grade(d).loc[(g, s)]),
    "position": lambda d, g, p, s: int(_position(d).loc[(g, POSITION[p], s)]),
    "grade_total": lambda d, g: int(_grade(d).xs(g, level="grade").sum()),
    "subgrade_total": lambda d, s: int(_grade(d).xs(s, level="subgrade").sum()),
    "position_total": lambda d, p, s: int(_position(d).xs((POSITION[p], s), level=("position_type", "sex")).sum()),
    "staff_total": lambda d: int(_grade(d).sum()),
    "sex_total": lambda d, s: int(_position(d).xs(s, level="sex").sum()),
    "sex_pct": lambda d, s: stats.percent(int(_position(d).xs(s, level="sex").sum()), int(_position(d).sum())),
    "grade_pct": lambda d, g: stats.percent(int(_grade(d).xs(g, level="grade").sum()), int(_grade(d).sum())),
    "grade_pct_total": lambda d: float(stats.shares(_grade(d).groupby(level="grade").sum()).sum()),
    "education": lambda d, lvl: int(_education(d).loc[lvl]),
    "education_total": lambda d: int(_education(d).sum()),
    "echelon": lambda d, e: int(d.resource("staff_by_echelon").set_index("echelon").loc[e, "staff"]),
    "districts_count": lambda d: len(d.resource("districts")),
    "programmes_count": lambda d: len(d.resource("innovation_programmes")),
    "fee": lambda d, no: int(d.resource("passport_fees").set_index("no").loc[int(no), "fee_rp"]),
    "annual_issued": lambda d, y: int(d.resource("passports_issued_annual").set_index("year").loc[int(y), "passports_issued"]),
    "issued": lambda d, y, m: int(_month(d, y, m)["passports_issued"]),
    "deliveries": lambda d, y, m: _opt(_month(d, y, m)["deliveries"]),
    "pct": _pct,
    "issued_total": lambda d, y: int(_year(d, y)["passports_issued"].sum()),
    "deliveries_total": lambda d, y: int(_year(d, y)["deliveries"].sum()),
    "rate": lambda d, y: stats.percent(int(_year(d, y)["deliveries"].sum()), int(_year(d, y)["passports_issued"].sum())),
    "first_delivery_month": lambda d: "{}-{:02d}".format(*_uptake(d)[_uptake(d)["deliveries"].notna()].index[0]),
    "limit_days": lambda d, step: _opt(_limits(d).loc[int(step)]),
}
# Facts with no computation: the agreement document is not in the dissertation,
# and "unavailable" entries are numbers no data in it can check.
NOT_IN_DATA = {"agreement_date", "agreement_number", "unavailable"}
# Entries that share a fact name without being one fact: never "stated differently".
NOT_COMPARED = {"unavailable"}

# A total and the facts whose printed values should add up to it (same location).
PARTS = {
    "grade_total": lambda g: [[f"staff.{g}.{s}" for s in "ABCD"],
                              [f"position.{g}.{p}.{x}" for p in POSITION for x in ("LK", "PR")]],
    "subgrade_total": lambda s: [[f"staff.{g}.{s}" for g in GRADES]],
    "position_total": lambda p, x: [[f"position.{g}.{p}.{x}" for g in GRADES]],
    "staff_total": lambda: [[f"grade_total.{g}" for g in GRADES], [f"subgrade_total.{s}" for s in "ABCD"]],
    "grade_pct_total": lambda: [[f"grade_pct.{g}" for g in GRADES]],
    "education_total": lambda: [[f"education.{lvl}" for lvl in ("S2", "S1", "D3", "SLTA")]],
    "issued_total": lambda y: [[f"issued.{y}.{m}" for m in range(1, 13)]],
    "deliveries_total": lambda y: [[f"deliveries.{y}.{m}" for m in range(1, 13)]],
}
# Facts that should be equal although named differently: the staff counted by
# education and all staff.
RELATED = [("education_total", "staff_total")]
