"""How to cite a version: the project's CITATION.cff (Citation File Format) is
the one record of the edition's title and authors and of the source it is an
edition of (its preferred-citation). From it come the CITATION.cff published
with each version (with that version, its commit and date filled in) and the
BibTeX and APA entries of the "how to cite" page (reprobook.sphinxext.cite).

Values the page shows that change with every commit (version, commit, date)
are slots (reprobook.site.slots), filled once the book is built.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .. import atomic, labels, yamlfile
from ..errors import InputError
from ..project import current
from . import slots

CFF = "CITATION.cff"
REQUIRED = ("cff-version", "message", "title", "authors")
# Braces and backslashes would change the BibTeX entry's structure; control characters end lines.
UNSAFE = re.compile(r"[{}\\\x00-\x1f\x7f]")


def _fail(key: str, rule: str, detail: str) -> InputError:
    return InputError(f"{CFF}, key '{key}': {detail} [rule: {rule}]")


def _strings(value, key: str) -> None:
    if isinstance(value, str):
        bad = UNSAFE.search(value)
        if bad:
            raise _fail(key, "citation texts are plain text", f"holds {bad.group()!r}")
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings(v, f"{key}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _strings(v, f"{key}[{i}]")


def read(root: Path | None = None) -> dict:
    """The project's CITATION.cff, checked: the keys a citation needs, and plain text."""
    path = (root or current().root) / CFF
    if not path.is_file():
        raise InputError(f"{CFF}: file not found [rule: a book says how to cite it]")
    cff = yamlfile.load(path, CFF)
    if not isinstance(cff, dict):
        raise InputError(f"{CFF}: not a mapping [rule: CITATION.cff is a mapping]")
    for key in REQUIRED:
        if not cff.get(key):
            raise _fail(key, "CITATION.cff has cff-version, message, title and authors", "missing")
    for i, a in enumerate(cff["authors"]):
        if not isinstance(a, dict) or not (a.get("name") or a.get("family-names")):
            raise _fail(f"authors[{i}]", "an author has family-names or a name", "neither is given")
    _strings(cff, "")
    return cff


def for_version(st: dict) -> dict:
    """The CITATION.cff of one version: its version, commit and date filled in."""
    cff = dict(read())
    cff.update({"version": st["version"], "commit": st["commit"], "date-released": st["date"]})
    return cff


def write_cff(dest: Path, st: dict) -> None:
    atomic.write_text(dest, yaml.safe_dump(for_version(st), allow_unicode=True, sort_keys=False, width=100))


def _name(author: dict, bibtex: bool) -> str:
    if author.get("name"):
        return "{" + author["name"] + "}" if bibtex else author["name"]
    family, given = author["family-names"], author.get("given-names", "")
    if bibtex:
        return f"{family}, {given}" if given else family
    initials = " ".join(f"{g[0]}." for g in given.split())
    return f"{family}, {initials}" if initials else family


def _apa_authors(authors: list[dict]) -> str:
    names = [_name(a, False) for a in authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def edition(lang: str) -> dict:
    """The edition's entries for the version being read, with slots for what the build fills in."""
    cff, L = read(), labels.engine("citation", lang)
    version, commit, date, year = (slots.slot(k) for k in ("version", "commit", "date", "year"))
    bib = [f"@software{{{_key(current().name)},",
           f"  author    = {{{' and '.join(_name(a, True) for a in cff['authors'])}}},",
           f"  title     = {{{{{cff['title']}}}}},",
           f"  version   = {{{version}}},",
           f"  date      = {{{date}}},",
           f"  note      = {{{L['bibtex_note'].format(commit=commit)}}},"]
    if cff.get("url"):
        bib.append(f"  url       = {{{cff['url']}}},")
    bib.append("}")
    apa = {"authors": _apa_authors(cff["authors"]), "year": year, "title": cff["title"],
           "after": L["apa_edition"].format(version=version, commit=commit), "url": cff.get("url", "")}
    return {"bibtex": "\n".join(bib), "apa": apa}


def source(lang: str) -> dict | None:
    """The source's entries (CITATION.cff's preferred-citation), or None when there is none."""
    cff, L = read(), labels.engine("citation", lang)
    ref = cff.get("preferred-citation")
    if not ref:
        return None
    kind = ref.get("type", "generic")
    thesis = kind == "thesis"
    institution = (ref.get("institution") or {}).get("name", "")
    bib = [f"@{'phdthesis' if thesis else 'misc'}{{{_key(_name(ref['authors'][0], False))}{ref.get('year', '')},",
           f"  author    = {{{' and '.join(_name(a, True) for a in ref['authors'])}}},",
           f"  title     = {{{{{ref['title']}}}}},"]
    if thesis and institution:
        bib.append(f"  school    = {{{institution}}},")
    if ref.get("year"):
        bib.append(f"  year      = {{{ref['year']}}},")
    bib.append("}")
    what = L["apa_thesis"].format(institution=institution) if thesis else ""
    apa = {"authors": _apa_authors(ref["authors"]), "year": str(ref.get("year", "")), "title": ref["title"],
           "after": what, "url": ref.get("url", "")}
    return {"bibtex": "\n".join(bib), "apa": apa}
