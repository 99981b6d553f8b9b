"""What a version changed since the previous release, computed before Sphinx
starts and handed to it (context changes.json; the page: reprobook.sphinxext.overview):

- every glued number or text, and every table cell that holds a number, whose
  words in the edition's language differ between the two versions; the values
  are read as records from the committed notebooks (the previous release's from
  its commit), never parsed back out of rendered pages;
- every passage of an edition's pages whose words changed;
- the release note of this version from CHANGELOG.md, as text.

A release note is contributor text shown to every reader, so it is read as a
small language and nothing else: paragraphs and lists of plain text, with
``**strong**``, ``*emphasis*`` and ```code```. Anything that would be markup
elsewhere (a directive, a role, HTML, a link, an image, a heading) is refused
with the file, the line and the rule.
"""
from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from .. import editions, glue
from ..errors import ConfigError, Where
from ..render import table
from ..render.inline import Wording
from . import version as versions

CHANGELOG = "CHANGELOG.md"
NOTE_RULE = "a release note is paragraphs and lists of plain text, with **strong**, *emphasis* and `code`"
HEADING = re.compile(r"^##\s+\[?(.+?)\]?\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
FORBIDDEN = [(re.compile(r"^\s*(```|~~~|:::)"), "a fenced block or directive"),
             (re.compile(r"\{[A-Za-z:-]+\}`"), "a role"),
             (re.compile(r"<\s*[A-Za-z!/?]"), "HTML"),
             (re.compile(r"!?\[[^\]]*\]\s*[\[(]"), "a link or image"),
             (re.compile(r"^\s*#"), "a heading"),
             (re.compile(r"^\s*(\(|\[)[\w-]+\)=|^\s*%"), "a target or comment"),
             (re.compile(r"\$\$?|\\\(|\\\["), "mathematics")]
INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|`([^`]+)`")
BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


# --- the release note -------------------------------------------------------------------------


def sections(root: Path) -> dict[str, tuple[int, list[str]]]:
    """CHANGELOG.md's sections: heading -> (line of its first body line, body lines);
    a heading inside a fenced block is not a heading."""
    path = root / CHANGELOG
    if not path.is_file():
        return {}
    out: dict[str, tuple[int, list[str]]] = {}
    current, fenced = None, False
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if FENCE.match(line):
            fenced = not fenced
        m = HEADING.match(line) if not fenced else None
        if m:
            current = m.group(1)
            out.setdefault(current, (n + 1, []))
        elif line.startswith("# ") and not fenced:
            current = None
        elif current is not None:
            out[current][1].append(line)
    return out


def _inline(text: str) -> list[list[str]]:
    pieces, at = [], 0
    for m in INLINE.finditer(text):
        if m.start() > at:
            pieces.append(["text", text[at:m.start()]])
        style = "strong" if m.group(1) else "emphasis" if m.group(2) else "literal"
        pieces.append([style, m.group(1) or m.group(2) or m.group(3)])
        at = m.end()
    if at < len(text):
        pieces.append(["text", text[at:]])
    return pieces


def note(root: Path, heading: str) -> list[dict] | None:
    """The note under ``## <heading>`` as blocks ({"para": pieces} or {"list": [pieces]}),
    None when there is no such section or it is empty."""
    found = sections(root).get(heading)
    if found is None:
        return None
    first, lines = found
    blocks: list[dict] = []
    open_kind = None  # the block the next line may continue: "para" or "list"
    for n, line in enumerate(lines, first):
        where = Where(CHANGELOG, line=n)
        bad = next((c for c in line if c in BREAKS or (ord(c) < 32 and c != "\t")), None)
        if bad is not None:
            raise ConfigError(where, NOTE_RULE, f"the line holds U+{ord(bad):04X}")
        for pattern, what in FORBIDDEN:
            if pattern.search(line):
                raise ConfigError(where, NOTE_RULE, f"it holds {what}: {line.strip()[:60]}")
        stripped = line.strip()
        item = re.match(r"^[-*+]\s+(.*)$", stripped)
        if not stripped:
            open_kind = None
        elif item:
            if open_kind != "list":
                blocks.append({"list": []})
            blocks[-1]["list"].append(item.group(1))
            open_kind = "list"
        elif open_kind == "list" and line[:1] in (" ", "\t"):
            blocks[-1]["list"][-1] += " " + stripped
        elif open_kind == "para":
            blocks[-1]["para"] += " " + stripped
        else:
            blocks.append({"para": stripped})
            open_kind = "para"
    out = []
    for block in blocks:
        if "para" in block:
            out.append({"para": _inline(block["para"])})
        else:
            out.append({"list": [_inline(i) for i in block["list"]]})
    return out or None


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
    folder = project.folders["notebooks"].rstrip("/")
    listing = versions.git(project.root, "ls-tree", "--name-only", commit, folder + "/") or ""
    out = {}
    for name in sorted(n for n in listing.split() if n.endswith(".ipynb")):
        text = versions.git(project.root, "show", f"{commit}:{name}")
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

