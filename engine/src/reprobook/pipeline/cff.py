"""How to cite a version: the project's CITATION.cff (Citation File Format) is
the one record of the edition's title and authors and of the original it is an
edition of (its preferred-citation). From it come the CITATION.cff published
with each version (with that version, its commit and date filled in) and the
BibTeX and APA entries of the "how to cite" page, which the pipeline hands to
Sphinx (reprobook.context, cite.json; reprobook.sphinxext.this_version).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .. import atomic, strings, yamlfile
from ..errors import ConfigError, Where

CFF = "CITATION.cff"
REQUIRED = ("cff-version", "message", "title", "authors")
# Braces and backslashes would change the BibTeX entry's structure; control characters end lines.
UNSAFE = re.compile(r"[{}\\\x00-\x1f\x7f]")


def _fail(key: str, rule: str, detail: str) -> ConfigError:
    return ConfigError(Where(CFF, key=key), rule, detail)


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


def read(root: Path) -> dict:
    """The project's CITATION.cff, checked: the keys a citation needs, and plain text."""
    path = root / CFF
    if not path.is_file():
        raise ConfigError(CFF, "a book says how to cite it", "file not found")
    cff = yamlfile.load(path, CFF)
    if not isinstance(cff, dict):
        raise ConfigError(CFF, "CITATION.cff is a mapping", "not a mapping")
    for key in REQUIRED:
        if not cff.get(key):
            raise _fail(key, "CITATION.cff has cff-version, message, title and authors", "missing")
    for i, a in enumerate(cff["authors"]):
        if not isinstance(a, dict) or not (a.get("name") or a.get("family-names")):
            raise _fail(f"authors[{i}]", "an author has family-names or a name", "neither is given")
    _strings(cff, "")
    return cff


def for_version(root: Path, st) -> dict:
    """The CITATION.cff of one version: its version, commit and date filled in."""
    cff = dict(read(root))
    cff.update({"version": st.version, "commit": st.commit, "date-released": st.date})
    return cff


def write_cff(root: Path, dest: Path, st) -> None:
    atomic.write_text(dest, yaml.safe_dump(for_version(root, st), allow_unicode=True, sort_keys=False, width=100))


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


def edition(project, catalog, lang: str, st) -> dict:
    """The edition's entries for the version being read."""
    cff = read(project.root)
    version, commit, date, year = st.version, st.commit, st.date, st.date[:4]

    def word(key, **fields):
        return strings.fill(catalog.text("citation", key, lang), **fields)

    bib = [f"@software{{{_key(project.name)},",
           f"  author    = {{{' and '.join(_name(a, True) for a in cff['authors'])}}},",
           f"  title     = {{{{{cff['title']}}}}},",
           f"  version   = {{{version}}},",
           f"  date      = {{{date}}},",
           f"  note      = {{{word('bibtex_note', commit=commit)}}},"]
    if cff.get("url"):
        bib.append(f"  url       = {{{cff['url']}}},")
    bib.append("}")
    apa = {"authors": _apa_authors(cff["authors"]), "year": year, "title": cff["title"],
           "after": word("apa_edition", version=version, commit=commit), "url": cff.get("url", "")}
    return {"bibtex": "\n".join(bib), "apa": apa}


def original(project, catalog, lang: str) -> dict | None:
    """The original's entries (CITATION.cff's preferred-citation), or None when there is none."""
    cff = read(project.root)
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
    what = strings.fill(catalog.text("citation", "apa_thesis", lang), institution=institution) if thesis else ""
    apa = {"authors": _apa_authors(ref["authors"]), "year": str(ref.get("year", "")), "title": ref["title"],
           "after": what, "url": ref.get("url", "")}
    return {"bibtex": "\n".join(bib), "apa": apa}
