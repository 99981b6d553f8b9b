"""What a version changed since the previous release, computed before Sphinx
starts and handed to it (context changes.json; the page: reprobook.sphinxext.overview):

- every glued number or text, and every table cell that holds a number, whose
  words in the edition's language differ between the two versions; the values
  are read as records from the committed notebooks (the previous release's from
  its commit), never parsed back out of rendered pages;
- every passage of an edition's pages whose words changed;
- the release note of this version from CHANGELOG.md, as text.

A release note is contributor text shown to every reader, so it is read as a
small language and nothing else (reprobook.plaintext): paragraphs and bullet
lists of plain text, with ``**strong**``, ``*emphasis*`` and ```code```.
Anything else (a directive, a role, HTML, a link, an image, a heading, a
quotation, a table) is refused with the file, the line and the rule.
"""
from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from .. import editions, glue, plaintext, utf8
from ..errors import ConfigError, Where
from ..render import table
from ..render.inline import Wording
from . import version as versions

CHANGELOG = "CHANGELOG.md"
HEADING = re.compile(r"^\[?(.+?)\]?$")  # "1.0.0" or "[1.0.0]"


# --- the release note -------------------------------------------------------------------------


def sections(root: Path) -> dict[str, tuple[int, list[str]]]:
    """CHANGELOG.md's sections: heading -> (line of its first body line, body lines);
    a heading inside a fenced or indented block is not a heading."""
    path = root / CHANGELOG
    if not path.is_file():
        return {}
    text = utf8.decode(path.read_bytes(), CHANGELOG, ConfigError)
    lines = text.split("\n")
    out: dict[str, tuple[int, list[str]]] = {}
    for title, (first, end) in plaintext.sections(text).items():
        out.setdefault(HEADING.match(title).group(1), (first + 1, lines[first:end]))
    return out


def note(root: Path, heading: str) -> list[dict] | None:
    """The note under ``## <heading>`` as blocks ({"para": pieces} or {"list": [pieces]}),
    None when there is no such section or it is empty."""
    found = sections(root).get(heading)
    if found is None:
        return None
    first, lines = found

    def refuse(line, rule, detail):
        return ConfigError(Where(CHANGELOG, line=line), rule, detail)

    return plaintext.note_blocks(lines, first, refuse) or None


# --- values -----------------------------------------------------------------------------------


def values_of(notebooks: dict[str, dict], w: Wording) -> dict[str, str]:
    """Key -> words of every glued number or text, and of every table cell holding a number."""
    out = {}
    for stem, nb in sorted(notebooks.items()):
        for key, doc in glue.documents(nb).items():
            if doc.get("kind") in ("number", "text"):
                out[f"{stem}::{key}"] = w.plain(glue.value(doc))
            elif doc.get("kind") == "table":
                for cell, words in table.cells(glue.table(doc), w).items():
                    out[f"{stem}::{key}{cell}"] = words
    return out


def notebooks_now(project) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(project.notebooks.glob("*.ipynb"))}


def notebooks_at(project, commit: str) -> dict[str, dict]:
    return _notebooks_at(project.root, project.folders["notebooks"].rstrip("/"), commit)


@lru_cache(maxsize=4)
def _notebooks_at(root: Path, folder: str, commit: str) -> dict[str, dict]:
    """Read once per process (a commit does not change; the preview compares with the
    previous release at every data edit): shared, so never altered."""
    listing = versions.git(root, "ls-tree", "--name-only", commit, folder + "/") or ""
    out = {}
    for name in sorted(n for n in listing.split() if n.endswith(".ipynb")):
        text = versions.git(root, "show", f"{commit}:{name}")
        if text:
            out[Path(name).stem] = json.loads(text)
    return out


def compare(old: dict[str, str], new: dict[str, str]) -> list[dict]:
    return [{"key": k, "old": old.get(k), "new": new.get(k)} for k in sorted(set(old) | set(new))
            if old.get(k) != new.get(k)]


# --- prose ------------------------------------------------------------------------------------

_LABEL_OR_FENCE = re.compile(r"^\s*(\([\w-]+\)=|```|:::|:[\w-]+:).*$", flags=re.M)
_ROLE_TEXT = re.compile(r"\{([\w:-]+)\}`([^`]*)`")


def plain(md: str) -> str:
    """A page's MyST source as the words a reader sees: no labels, fences or
    directive options, no heading or emphasis marks; a role as its text (a glued
    value as "…", since the values list shows it; a source as "§5.1.1")."""
    def role(m: re.Match) -> str:
        name, body = m.group(1), m.group(2)
        if name == "nb":
            return "…"
        if name == "src":
            return f"(§{body})"
        return re.sub(r"\s*<[^>]*>$", "", body)

    text = _LABEL_OR_FENCE.sub("", md)
    text = _ROLE_TEXT.sub(role, text)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    return text.replace("**", "")


def prose_changes(project, commit: str, lang: str, context: int = 6) -> list[dict]:
    """Each changed passage of each page of an edition since `commit`, word by word,
    with a few words around it; changed words are strong."""
    out = []
    folder = project.edition(lang)
    for md in editions.page_files(project, lang):
        rel = project.relative(md)
        old = versions.git(project.root, "show", f"{commit}:{rel}")
        new = md.read_text(encoding="utf-8")
        if old is None or old.strip() == new.strip():
            continue
        a, b = plain(old).split(), plain(new).split()
        if a == b:
            continue
        doc = md.relative_to(folder).with_suffix("").as_posix()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue

            def show(words, lo, hi):
                left = " ".join(words[max(0, lo - context):lo])
                right = " ".join(words[hi:hi + context])
                return [["text", f"… {left} "], ["strong", " ".join(words[lo:hi])], ["text", f" {right} …"]]
            out.append({"doc": doc, "before": show(a, i1, i2), "after": show(b, j1, j2)})
    return out


def of(project, catalog, lang: str, this: str, previous: str | None, previous_commit: str | None,
       unreleased: str) -> dict:
    """The changes.json of one edition."""
    data = {"this": this, "previous": previous,
            "note": note(project.root, this if versions.is_release(this) else unreleased)}
    if previous is None or previous_commit is None:
        return data | {"values": [], "prose": []}
    w = Wording(catalog, lang)
    data["values"] = compare(values_of(notebooks_at(project, previous_commit), w), values_of(notebooks_now(project), w))
    data["prose"] = prose_changes(project, previous_commit, lang)
    return data

