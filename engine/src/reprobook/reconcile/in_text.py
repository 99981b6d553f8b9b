"""The original's in-text citations against its own reference list, computed
from data: the citations as printed (reprobook.yaml: original.citations) and
the reference list as BibTeX (original.references).

Each citation is matched to the entry whose first author it names: by a word
of the citation's first author equal to that author's surname (after case,
accents and apostrophes are set aside, and with a surname printed in two parts
also read joined, either way round), else by a spelling close to it (the same
first letter, at most two letters apart). Among the entries a name matches,
the one with the citation's year wins, else the nearest year. A citation then is:

- ``exact``: the name and the year agree with the list;
- ``year_differs``: the work is listed under another year;
- ``name_differs``: the name is spelled differently in the list (the year agrees);
- ``both_differ``: neither agrees, though the work can still be identified;
- ``not_listed``: no entry of the list can be the work cited.

Where the list garbles a name so that no rule can find the work, the data may
name the entry by hand (the citation's ``key``); the statuses are then computed
as for any other.

From these follow the works listed but never cited, the works cited with
different years, and the names spelled differently.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from .. import strings
from ..data import bibliography, contents, datapackage
from ..errors import DataError, Where

EXACT, YEAR_DIFFERS, NAME_DIFFERS, BOTH_DIFFER, NOT_LISTED = (
    "exact", "year_differs", "name_differs", "both_differ", "not_listed")
STATUSES = [EXACT, YEAR_DIFFERS, NAME_DIFFERS, BOTH_DIFFER, NOT_LISTED]
PARTICLES = {"von", "van", "de", "der", "the"}


def fold(name: str) -> str:
    """A name as compared: lower case, no accents, no apostrophes or dots."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]", "", text.lower().replace("-", " "))


def _words_of(key: str) -> list[str]:
    return strings.everywhere("references", key)


def _stop() -> set[str]:
    """Words of an author list that are not names: the joining words and "et al." of
    every language, and name particles."""
    words = {w for text in _words_of("and") + _words_of("et_al") for w in fold(text).split()}
    return words | PARTICLES | {"al", "at", "atal"}  # "at al", "atal": misprints of "et al" in the source


def _authors() -> re.Pattern:
    joins = "|".join(re.escape(f" {w} ") for w in _words_of("and"))
    others = "|".join(re.escape(" " + w.rstrip(".")) + r"\.?" for w in _words_of("et_al"))
    return re.compile(rf",|;|&|{joins}|{others}| at al\.?| atal\b", re.I)


def tokens(printed: str) -> list[str]:
    """The words of the first author of a printed author string that can be a
    surname (initials and joining words set aside)."""
    first = _authors().split(printed, maxsplit=1)[0]
    stop = _stop()
    return [w for w in fold(first).split() if len(w) > 2 and w not in stop]


def _variants(surname: str) -> set[str]:
    parts = surname.split()
    return set(parts) | {"".join(parts), "".join(reversed(parts))}


def distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class Entry:
    key: str
    surnames: tuple[str, ...]  # folded, first author first
    year: str | None
    printed: str  # the first author's surname as the list prints it


def _entries(project) -> list[Entry]:
    out = []
    for key, e in bibliography.entries(project).items():
        people = e.persons.get("author") or e.persons.get("editor") or []
        surnames = tuple(" ".join(fold(" ".join(p.prelast_names + p.last_names)).split()) for p in people)
        printed = " ".join(people[0].prelast_names + people[0].last_names) if people else ""
        year = re.match(r"[0-9]{4}", e.fields.get("year", "")) if e.fields.get("year") else None
        if "pustaka" in e.fields.get("keywords", "pustaka"):
            out.append(Entry(key, surnames, year.group(0) if year else None, printed))
    return out


def _match(words: list[str], year: str | None, entries: list[Entry], others: set[str] = frozenset()):
    """The entry a citation names, and whether its name agrees (None: no entry).
    Among several, the entry with the citation's year wins, then the one sharing
    most co-authors with it, then the nearest year."""
    def best(candidates):
        if not candidates:
            return None

        def score(e):
            shared = sum(1 for s in e.surnames[1:] if _variants(s) & set(others))
            gap = abs(int(e.year) - int(year)) if e.year and year else 10_000
            return (e.year == year and year is not None, shared, -gap)
        return max(candidates, key=score)

    def close(word, name):
        return word[0] == name[0] and min(len(word), len(name)) >= 5 and distance(word, name) <= 2

    def same_co_authors(e):
        """A citation naming co-authors is not a work whose co-authors are all others."""
        theirs = set().union(*(_variants(s) for s in e.surnames[1:])) if len(e.surnames) > 1 else set()
        if not others or not theirs:
            return True
        return any(w in theirs or any(close(w, n) for n in theirs) for w in others)

    for level in ("same", "close"):
        found = []
        for e in entries:
            if not same_co_authors(e):
                continue
            names = _variants(e.surnames[0]) if e.surnames else set()
            if level == "same" and any(w in names for w in words):
                found.append(e)
            elif level == "close" and any(close(w, n) for w in words for n in names):
                found.append(e)
        entry = best(found)
        if entry is not None:
            return entry, level == "same"
    return None, False


def reconcile(project) -> pd.DataFrame:
    """One row per in-text citation: where it stands, what it prints, the entry it
    names, and its status."""
    original = project.original
    cited = datapackage.load(project, original.citations)
    entries = _entries(project)
    rows = []
    for c in cited.itertuples(index=False):
        year = None if pd.isna(c.year) else str(c.year)
        digits = re.match(r"[0-9]{4}", year) if year else None
        rest = _authors().split(c.cited_as)[1:]
        others = {w for w in fold(" ".join(rest)).split() if len(w) > 2 and w not in _stop()}
        others |= {j for j in (fold(chunk).replace(" ", "") for chunk in rest) if len(j) > 2}  # "Mc Guire" is McGuire
        given = getattr(c, "key", None)
        if isinstance(given, str) and given:  # identified by hand, where the list garbles the names
            entry = next((e for e in entries if e.key == given), None)
            if entry is None:
                raise DataError(Where(cited.attrs["path"], int(c.no), "key"), "a citation names a listed work",
                                f"'{given}' is not in the reference list")
            name_agrees = bool(set(tokens(c.cited_as)) & _variants(entry.surnames[0]))
        else:
            entry, name_agrees = _match(tokens(c.cited_as), digits.group(0) if digits else None, entries, others)
        section = contents.of_line(project, int(c.seed_line)) if original.contents else None
        if entry is None:
            status = NOT_LISTED
        else:
            year_agrees = digits is not None and entry.year == digits.group(0)
            status = {(True, True): EXACT, (True, False): YEAR_DIFFERS, (False, True): NAME_DIFFERS,
                      (False, False): BOTH_DIFFER}[(name_agrees, year_agrees)]
        rows.append({"no": int(c.no), "seed_line": int(c.seed_line), "section": section.id if section else None,
                     "cited_as": c.cited_as, "year": year, "key": entry.key if entry else None,
                     "listed_name": entry.printed if entry else None, "listed_year": entry.year if entry else None,
                     "status": status})
    return pd.DataFrame(rows)


def listed_never_cited(project, results: pd.DataFrame) -> list[str]:
    cited = set(results["key"].dropna())
    return [e.key for e in _entries(project) if e.key not in cited]


def cited_with_different_years(results: pd.DataFrame) -> pd.DataFrame:
    """Works cited with more than one year; each year with the lines that print it."""
    rows = []
    for key, group in results.dropna(subset=["key"]).groupby("key"):
        years = sorted(set(group["year"].dropna()))
        if len(years) > 1:
            rows.append({"key": key, "listed_year": group["listed_year"].iloc[0],
                         "years": {y: sorted(group.loc[group["year"] == y, "seed_line"]) for y in years}})
    return pd.DataFrame(rows, columns=["key", "listed_year", "years"])


def names_spelled_differently(results: pd.DataFrame) -> pd.DataFrame:
    """Each printed name that differs from the list's spelling, with its lines."""
    odd = results[results["status"].isin([NAME_DIFFERS, BOTH_DIFFER])]
    rows = [{"cited_as": name, "key": g["key"].iloc[0], "listed_name": g["listed_name"].iloc[0],
             "lines": sorted(g["seed_line"])} for name, g in odd.groupby("cited_as")]
    return pd.DataFrame(rows, columns=["cited_as", "key", "listed_name", "lines"])
