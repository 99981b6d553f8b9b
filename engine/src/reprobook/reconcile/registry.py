"""Every entry of the registry of printed values against its recomputation.

Each entry names a *fact* such as ``pct.2018.3``. The content package's
``quantities`` module maps the fact's first part to a function of the data
(``QUANTITIES``); the other parts are its arguments. It also names facts no
data can check (``NOT_IN_DATA``), totals and the printed parts that should add
up to them (``PARTS``), and facts that should be equal although named
differently (``RELATED``). The engine classifies (reprobook.reconcile.judge),
checks totals, lists facts printed differently in different places, and keeps
the regression guard: the registry's ``recomputed`` column holds the last
accepted recomputation, and any change must be accepted (``reprobook registry``).
"""
from __future__ import annotations

import csv
import importlib
import io
import math

import pandas as pd

from .. import atomic
from ..data import datapackage, diagrams, printed
from ..errors import ConfigError, DataError
from ..numbers import decimals_of
from .judge import INCONSISTENT, NOT_REPRODUCIBLE, Verdict, judge


class NotReproducible(Exception):
    """The data to recompute this fact are not in the source."""


def quantities(project):
    """The content package's ``quantities`` module (reprobook.yaml: content_package)."""
    if not project.content_package:
        raise ConfigError("reprobook.yaml", "registry facts are recomputed by the content package",
                          "no content_package is named")
    return importlib.import_module(f"{project.content_package}.quantities")


class Data:
    """The data a reconciliation reads, each resource and diagram loaded once;
    ``memo`` keeps a quantity's derived frame across entries."""

    def __init__(self, project):
        self.project = project
        self._cache: dict = {}

    def memo(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def resource(self, name: str) -> pd.DataFrame:
        return self.memo(("resource", name), lambda: datapackage.load(self.project, name))

    def diagram(self, name: str):
        return self.memo(("diagram", name), lambda: diagrams.load(self.project, name))


def recompute(fact: str, data: Data, q):
    name, *args = fact.split(".")
    if name in q.NOT_IN_DATA:
        raise NotReproducible(name)
    if name not in q.QUANTITIES:
        raise DataError("registry", "every fact names a computation of the content package",
                        f"fact '{fact}': no computation named '{name}' in {q.__name__}.QUANTITIES")
    return q.QUANTITIES[name](data, *args)


def snapshot(value) -> str:
    """Canonical text of a recomputed value, for the regression guard."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):.6f}"


def reconcile(project, locations: list[str] | None = None) -> pd.DataFrame:
    """One row per registry entry (or per entry of the given locations): printed,
    recomputed, class and reasons (codes; judge.explain words them)."""
    q = quantities(project)
    data = Data(project)
    reg = printed.registry(project).reset_index()
    if locations is not None:
        unknown = set(locations) - set(reg["location"])
        if unknown:
            raise DataError("registry", "a location asked for has entries", f"no registry entries at {sorted(unknown)}")
        reg = reg[reg["location"].isin(locations)]
    rows = []
    for entry in reg.itertuples(index=False):
        try:
            value = recompute(entry.fact, data, q)
        except NotReproducible:
            note = entry.note if isinstance(entry.note, str) else ""
            rows.append(_row(entry, None, Verdict(NOT_REPRODUCIBLE, (("not_reproducible", (note,)),))))
            continue
        rows.append(_row(entry, value, judge(entry.printed, entry.value, value, entry.decimal_mark)))
    out = pd.DataFrame(rows)
    _check_parts(out, q.PARTS)
    return out


def _row(entry, value, verdict: Verdict) -> dict:
    return {"id": entry.id, "location": entry.location, "chapter": entry.chapter, "page": entry.page,
            "seed_line": entry.seed_line, "printed": entry.printed, "fact": entry.fact, "shown": entry.value,
            "decimal_mark": entry.decimal_mark, "recomputed": value, "snapshot": snapshot(value),
            "accepted": entry.recomputed, "cls": verdict.cls, "reasons": verdict.reasons}


def _check_parts(out: pd.DataFrame, parts_of: dict) -> None:
    """A total whose printed parts do not add up to it is inconsistent, whatever its recomputation."""
    for i, row in out.iterrows():
        name, *args = row["fact"].split(".")
        if name not in parts_of or row["shown"] is None or isinstance(row["shown"], str):
            continue
        here = out[out["location"] == row["location"]].drop_duplicates("fact").set_index("fact")["shown"]
        for parts in parts_of[name](*args):
            if not all(p in here.index for p in parts):
                continue
            total = sum(0 if v is None else v for v in here.loc[parts])
            if abs(total - row["shown"]) > 1e-6:
                members = out.loc[out["fact"].isin(parts)]
                digits = max(decimals_of(str(p), m) for p, m in zip(members["printed"], members["decimal_mark"]))
                out.at[i, "cls"] = INCONSISTENT
                out.at[i, "reasons"] = tuple(out.at[i, "reasons"]) + (("parts_sum", (total, digits)),)


def at(results: pd.DataFrame, location: str) -> pd.DataFrame:
    """The entries of one table or passage, indexed by fact (first occurrence)."""
    return results[results["location"] == location].drop_duplicates("fact").set_index("fact")


def stated_differently(project, results: pd.DataFrame) -> pd.DataFrame:
    """Facts that the original prints with different values in different places."""
    q = quantities(project)
    rows = []
    for fact, group in results.groupby("fact", sort=False):
        values = {str(v) if isinstance(v, str) else round(float(v), 6) for v in group["shown"] if v is not None}
        if fact not in q.NOT_COMPARED and len(values) > 1:
            rows.append({"fact": fact, "places": list(zip(group["location"], group["page"], group["seed_line"],
                                                          group["printed"]))})
    for a, b in q.RELATED:
        ga, gb = results[results["fact"] == a], results[results["fact"] == b]
        va, vb = set(ga["shown"]), set(gb["shown"])
        if va and vb and va != vb:
            both = pd.concat([ga, gb])
            rows.append({"fact": f"{a} ~ {b}",
                         "places": list(zip(both["location"], both["page"], both["seed_line"], both["printed"]))})
    return pd.DataFrame(rows, columns=["fact", "places"])


def regressions(project, results: pd.DataFrame) -> list[str]:
    """Entries whose recomputation no longer matches the accepted value in the registry."""
    path = project.relative(project.data / datapackage.resource(project, printed.RESOURCE)["path"])
    out = []
    for row in results.itertuples(index=False):
        accepted = "" if row.accepted is None or (isinstance(row.accepted, float) and math.isnan(row.accepted)) \
            else str(row.accepted)
        if accepted != row.snapshot:
            out.append(f"{row.id}: recomputed value changed from {accepted or '(none)'} to {row.snapshot or '(none)'} "
                       f"({path}, column 'recomputed'); check it, then run `make registry`")
    return out


def update(project) -> int:
    """Write the current recomputations into the registry's `recomputed` column."""
    results = reconcile(project).set_index("id")
    path = project.data / datapackage.resource(project, printed.RESOURCE)["path"]
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("recomputed")
    changed = 0
    for r in rows[1:]:
        new = results.loc[r[0], "snapshot"]
        changed += r[col] != new
        r[col] = new
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    atomic.write_text(path, buffer.getvalue())
    return changed
