"""Reconciliation: every number in the registry against its recomputation.

Each registry entry names a *fact* such as ``pct.2018.3`` (the percentage of
passports delivered in March 2018). QUANTITIES maps the fact's first part to a
function of the raw data; the other parts are its arguments. The result is
classified by code: exact, rounded, truncated, inconsistent, or not
reproducible. Totals are also checked against the sum of their printed parts,
and facts printed differently in different places are listed.

    python -m rudibook.reconcile            # print counts by class
    python -m rudibook.reconcile --update   # accept the current recomputations (regression guard)
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import diagrams, datapackage, paths, stats
from .compare import EXACT, INCONSISTENT, ROUNDED, TRUNCATED, classify
from .numbers import decimals_of, fmt_dec

NOT_REPRODUCIBLE = "not_reproducible"
CLASSES = [EXACT, ROUNDED, TRUNCATED, INCONSISTENT, NOT_REPRODUCIBLE]
LABEL_ID = {EXACT: "sama", ROUNDED: "dibulatkan", TRUNCATED: "dipotong", INCONSISTENT: "berbeda",
            NOT_REPRODUCIBLE: "tidak dapat dihitung ulang"}
POSITION = {"ST": "Struktural Teknis", "SNT": "Struktural Non Teknis", "TNS": "Teknis Non Struktural", "JFT": "JFT", "JFU": "JFU"}


class NotReproducible(Exception):
    """The data to recompute this fact is not in the dissertation."""


class Data:
    """The raw data, each resource loaded once per reconciliation."""

    def __init__(self, data_dir: Path = paths.DATA):
        self.data_dir = data_dir
        self._frames: dict[str, pd.DataFrame] = {}

    @property
    def used(self) -> set[str]:
        """Resources read, so the build knows what a reconciliation depends on."""
        return set(self._frames)

    def _load(self, name):
        if name not in self._frames:
            if name.startswith(f"{diagrams.DIR}/"):
                self._frames[name] = diagrams.load(name.split("/", 1)[1], self.data_dir)
            else:
                self._frames[name] = datapackage.load(name, self.data_dir)
        return self._frames[name]

    @cached_property
    def uptake(self):
        return self._load("uptake_monthly").set_index(["year", "month"])

    @cached_property
    def grade(self):
        return self._load("staff_by_grade").set_index(["grade", "subgrade"])["staff"]

    @cached_property
    def position(self):
        return self._load("staff_by_position_sex").set_index(["grade", "position_type", "sex"])["staff"]

    @cached_property
    def education(self):
        return self._load("staff_by_education").set_index("level")["staff"]

    @cached_property
    def tbi(self):
        return self._load("topbrand_index").set_index(["year", "brand"])["tbi_percent"]

    @cached_property
    def procedure(self):
        """Days allowed after the previous step, by step number, from the diagram of the procedure."""
        from .diagram_metrics import steps_frame

        return steps_frame(self._load(f"{diagrams.DIR}/{PROCEDURE}")).set_index("step")["max_days_after_previous"]

    def resource(self, name):
        return self._load(name)


# The one diagram the reconciliation reads: the delivery procedure and its time limits.
PROCEDURE = "fig-5-4"


def _opt(value):
    return None if pd.isna(value) else value


def _month_rows(d: Data, year: int):
    return d.uptake.loc[int(year)]


# Each function takes the Data and the fact's arguments (as strings) and
# returns the recomputed value: a number, None (nothing to show), or text.
QUANTITIES = {
    "tbi": lambda d, y, b: float(d.tbi.loc[(int(y), b)]),
    "pos_tbi_min": lambda d: float(d.tbi.xs("POS", level="brand").min()),
    "pos_tbi_max": lambda d: float(d.tbi.xs("POS", level="brand").max()),
    "study_year": lambda d, no: int(d.resource("earlier_studies").set_index("no").loc[int(no), "year"]),
    "staff": lambda d, g, s: int(d.grade.loc[(g, s)]),
    "position": lambda d, g, p, s: int(d.position.loc[(g, POSITION[p], s)]),
    "grade_total": lambda d, g: int(d.grade.xs(g, level="grade").sum()),
    "subgrade_total": lambda d, s: int(d.grade.xs(s, level="subgrade").sum()),
    "position_total": lambda d, p, s: int(d.position.xs((POSITION[p], s), level=("position_type", "sex")).sum()),
    "staff_total": lambda d: int(d.grade.sum()),
    "sex_total": lambda d, s: int(d.position.xs(s, level="sex").sum()),
    "sex_pct": lambda d, s: stats.percent(int(d.position.xs(s, level="sex").sum()), int(d.position.sum())),
    "grade_pct": lambda d, g: stats.percent(int(d.grade.xs(g, level="grade").sum()), int(d.grade.sum())),
    "grade_pct_total": lambda d: float(stats.shares(d.grade.groupby(level="grade").sum()).sum()),
    "education": lambda d, lvl: int(d.education.loc[lvl]),
    "education_total": lambda d: int(d.education.sum()),
    "echelon": lambda d, e: int(d.resource("staff_by_echelon").set_index("echelon").loc[e, "staff"]),
    "districts_count": lambda d: len(d.resource("districts")),
    "fee": lambda d, no: int(d.resource("passport_fees").set_index("no").loc[int(no), "fee_rp"]),
    "annual_issued": lambda d, y: int(d.resource("passports_issued_annual").set_index("year").loc[int(y), "passports_issued"]),
    "issued": lambda d, y, m: int(d.uptake.loc[(int(y), int(m)), "passports_issued"]),
    "deliveries": lambda d, y, m: _opt(d.uptake.loc[(int(y), int(m)), "deliveries"]),
    "pct": lambda d, y, m: (None if pd.isna(d.uptake.loc[(int(y), int(m)), "deliveries"]) else
                            stats.percent(int(d.uptake.loc[(int(y), int(m)), "deliveries"]),
                                          int(d.uptake.loc[(int(y), int(m)), "passports_issued"]))),
    "issued_total": lambda d, y: int(_month_rows(d, y)["passports_issued"].sum()),
    "deliveries_total": lambda d, y: int(_month_rows(d, y)["deliveries"].sum()),
    "rate": lambda d, y: stats.percent(int(_month_rows(d, y)["deliveries"].sum()), int(_month_rows(d, y)["passports_issued"].sum())),
    "first_delivery_month": lambda d: "{}-{:02d}".format(*d.uptake[d.uptake["deliveries"].notna()].index[0]),
    "limit_days": lambda d, step: _opt(d.procedure.loc[int(step)]),
}
# Facts with no computation: the agreement document is not in the dissertation,
# and "unavailable" entries are numbers no data in it can check.
NOT_IN_DATA = {"agreement_date", "agreement_number", "unavailable"}

# A total and the facts whose printed values should add up to it (same location).
PARTS = {
    "grade_total": lambda g: [[f"staff.{g}.{s}" for s in "ABCD"],
                              [f"position.{g}.{p}.{x}" for p in POSITION for x in ("LK", "PR")]],
    "subgrade_total": lambda s: [[f"staff.{g}.{s}" for g in ("IV", "III", "II", "I")]],
    "position_total": lambda p, x: [[f"position.{g}.{p}.{x}" for g in ("IV", "III", "II", "I")]],
    "staff_total": lambda: [[f"grade_total.{g}" for g in ("IV", "III", "II", "I")], [f"subgrade_total.{s}" for s in "ABCD"]],
    "grade_pct_total": lambda: [[f"grade_pct.{g}" for g in ("IV", "III", "II", "I")]],
    "education_total": lambda: [[f"education.{lvl}" for lvl in ("S2", "S1", "D3", "SLTA")]],
    "issued_total": lambda y: [[f"issued.{y}.{m}" for m in range(1, 13)]],
    "deliveries_total": lambda y: [[f"deliveries.{y}.{m}" for m in range(1, 13)]],
}
# Facts that should be equal although named differently: (fact, fact, what they are).
RELATED = [("education_total", "staff_total", "jumlah pegawai menurut pendidikan dan jumlah seluruh pegawai")]


def recompute(fact: str, data: Data):
    name, *args = fact.split(".")
    if name in NOT_IN_DATA:
        raise NotReproducible(name)
    if name not in QUANTITIES:
        raise KeyError(f"registry fact '{fact}': no computation named '{name}' in rudibook.reconcile.QUANTITIES")
    return QUANTITIES[name](data, *args)


def snapshot(value) -> str:
    """Canonical text of a recomputed value, for the regression guard."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):.6f}"


def _num(value, digits=4) -> str:
    if isinstance(value, str) or value is None:
        return "–" if value is None else value
    return fmt_dec(float(value), digits) if not float(value).is_integer() else fmt_dec(float(value), 0)


@dataclass
class Result:
    cls: str
    reason: str


def judge(printed: str, shown, value, decimal_mark: str = ",") -> Result:
    """Classify one entry: `shown` is what a reader takes from the printed text."""
    if shown is None:  # the original's dash
        if value is None or value == 0:
            return Result(EXACT, "")
        return Result(INCONSISTENT, f"tercetak tanda hubung; hitung ulang memberi {_num(value)}")
    if value is None:
        return Result(INCONSISTENT, f"tidak ada nilai yang dapat dihitung; tercetak {printed}")
    if isinstance(shown, str) or isinstance(value, str):
        same = str(shown).strip().lower() == str(value).strip().lower()
        return Result(EXACT, "") if same else Result(INCONSISTENT, f"tercetak {printed}; data memberi {value}")
    text = printed.strip().rstrip("%").strip()
    digits = (len(text.split(".", 1)[1]) if "." in text else 0) if decimal_mark == "." else decimals_of(text)
    cls = classify(_as_id(shown, digits), float(value))
    if cls == EXACT:
        return Result(EXACT, "")
    if cls == ROUNDED:
        return Result(ROUNDED, f"dibulatkan ke {digits} desimal")
    if cls == TRUNCATED:
        return Result(TRUNCATED, f"pembulatan memberi {fmt_dec(float(value), digits)}; yang tercetak membuang digit sisanya")
    return Result(INCONSISTENT, "tidak sama dengan hitung ulang, baik dibulatkan maupun dipotong")


def _as_id(value, digits: int) -> str:
    """A printed value re-expressed with a decimal comma, keeping its precision."""
    return fmt_dec(float(value), digits) if digits else str(int(value))


def reconcile(data_dir: Path = paths.DATA, locations: list[str] | None = None) -> pd.DataFrame:
    """One row per registry entry (or per entry of the given locations):
    printed, recomputed, class and reason."""
    data = Data(data_dir)
    reg = datapackage.published(data_dir=data_dir).reset_index()
    if locations is not None:
        unknown = set(locations) - set(reg["location"])
        if unknown:
            raise KeyError(f"no registry entries at {sorted(unknown)}")
        reg = reg[reg["location"].isin(locations)]
    rows = []
    for entry in reg.itertuples(index=False):
        try:
            value = recompute(entry.fact, data)
        except NotReproducible:
            rows.append(_row(entry, None, Result(NOT_REPRODUCIBLE, entry.note if isinstance(entry.note, str) else "")))
            continue
        rows.append(_row(entry, value, judge(entry.printed, entry.value, value, entry.decimal_mark)))
    out = pd.DataFrame(rows)
    _check_parts(out)
    out.attrs["resources"] = sorted(data.used)
    return out


def resources_for(locations: list[str] | None) -> list[str]:
    """The data resources a reconciliation of these locations reads (all, for None)."""
    if locations is None:
        return [r["name"] for r in datapackage.descriptor()["resources"]] + [f"{diagrams.DIR}/{PROCEDURE}"]
    return reconcile(locations=locations).attrs["resources"] + ["registry"]


def _row(entry, value, result: Result) -> dict:
    return {"id": entry.id, "location": entry.location, "chapter": entry.chapter, "page": entry.page,
            "seed_line": entry.seed_line, "printed": entry.printed, "fact": entry.fact, "shown": entry.value,
            "recomputed": value, "snapshot": snapshot(value), "accepted": entry.recomputed,
            "cls": result.cls, "reason": result.reason}


def _check_parts(out: pd.DataFrame) -> None:
    """A total whose printed parts do not add up to it is inconsistent, whatever its recomputation."""
    for i, row in out.iterrows():
        name, *args = row["fact"].split(".")
        if name not in PARTS or row["shown"] is None or isinstance(row["shown"], str):
            continue
        here = out[out["location"] == row["location"]].drop_duplicates("fact").set_index("fact")["shown"]
        for parts in PARTS[name](*args):
            if not all(p in here.index for p in parts):
                continue
            total = sum(0 if v is None else v for v in here.loc[parts])
            if abs(total - row["shown"]) > 1e-6:
                digits = max(decimals_of(str(p)) for p in out.loc[out["fact"].isin(parts), "printed"])
                out.at[i, "cls"] = INCONSISTENT
                out.at[i, "reason"] = (out.at[i, "reason"] + "; " if out.at[i, "reason"] else "") + \
                    f"bagian-bagiannya yang tercetak berjumlah {fmt_dec(total, digits)}"


def at(results: pd.DataFrame, location: str) -> pd.DataFrame:
    """The entries of one table or passage, indexed by fact (first occurrence)."""
    return results[results["location"] == location].drop_duplicates("fact").set_index("fact")


def stated_differently(results: pd.DataFrame) -> pd.DataFrame:
    """Facts that the dissertation prints with different values in different places."""
    rows = []
    for fact, group in results.groupby("fact", sort=False):
        values = {str(v) if isinstance(v, str) else round(float(v), 6) for v in group["shown"] if v is not None}
        if fact != "unavailable" and len(values) > 1:
            rows.append({"fact": fact, "places": list(zip(group["location"], group["page"], group["seed_line"], group["printed"]))})
    for a, b, what in RELATED:
        ga, gb = results[results["fact"] == a], results[results["fact"] == b]
        va, vb = set(ga["shown"]), set(gb["shown"])
        if va and vb and va != vb:
            both = pd.concat([ga, gb])
            rows.append({"fact": f"{a} ~ {b}", "what": what,
                         "places": list(zip(both["location"], both["page"], both["seed_line"], both["printed"]))})
    return pd.DataFrame(rows)


def regressions(results: pd.DataFrame) -> list[str]:
    """Entries whose recomputation no longer matches the accepted value in the registry."""
    out = []
    for row in results.itertuples(index=False):
        accepted = "" if row.accepted is None or (isinstance(row.accepted, float) and math.isnan(row.accepted)) else str(row.accepted)
        if accepted != row.snapshot:
            out.append(f"{row.id}: recomputed value changed from {accepted or '(none)'} to {row.snapshot or '(none)'} "
                       f"(data/published/registry.csv, column 'recomputed'); check it, then run `make registry`")
    return out


def update_registry(data_dir: Path = paths.DATA) -> int:
    """Write the current recomputations into the registry's `recomputed` column."""
    results = reconcile(data_dir).set_index("id")
    path = data_dir / "published" / "registry.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("recomputed")
    changed = 0
    for r in rows[1:]:
        new = results.loc[r[0], "snapshot"]
        changed += r[col] != new
        r[col] = new
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return changed


if __name__ == "__main__":
    import sys

    if "--update" in sys.argv[1:]:
        print(f"{update_registry()} registry entries updated")
    res = reconcile()
    print(res["cls"].value_counts().reindex(CLASSES, fill_value=0).to_string())
    problems = regressions(res)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
