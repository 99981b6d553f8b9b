"""Checks of the pages' prose before Sphinx reads them, so that a broken
reference stops the build with the file, the line and the rule:

- every summarising paragraph names where in the original it comes from
  (``{src}``), or is marked as the edition's own analysis (``{edition}``);
- every ``{src}`` names a section of the original's table of contents, and its
  pages lie inside it (reprobook.original, as the role itself);
- every ``{cite:...}`` key is in the reference list;
- no author–year citation is typed by hand, and no number either, except the
  names the project allows (reprobook.yaml: prose.allowed_numbers);
- with the original's text on the machine, no run of eight words is copied
  from it (names the project lists in prose.names may be).

``reprobook check-prose [FILE...]`` runs them alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import original, strings
from .errors import ConfigError, ReprobookError, Where

ROLE = re.compile(r"\{([a-z:]+)\}`([^`]*)`")
FENCE = re.compile(r"^(```+|:::+)")
HEADING = re.compile(r"^#{1,6}\s")
LIST_ITEM = re.compile(r"^([-*+]|[0-9]+[.)])\s")  # each item of a list is a paragraph of its own
LABEL = re.compile(r"^\(.*\)=\s*$")


def bare_citation() -> re.Pattern:
    """An author–year citation typed by hand: a capitalised name, perhaps more names
    joined by the words of any language the engine knows, then a year."""
    joins = "|".join(re.escape(" " + w) for w in strings.everywhere("references", "and"))
    others = "|".join(re.escape(w) for w in strings.everywhere("references", "et_al"))
    return re.compile(rf"\b[A-Z][a-zA-Z'’-]+(?:(?:,|{joins}| &)? (?:[A-Z][a-zA-Z'’.-]*|van|de|der|{others}))*"
                      r",? \(?(?:19|20)[0-9]{2}[a-z]?(?::\s?[0-9]+(?:[-–][0-9]+)?)?\)?")
SOURCE_ROLES = {"src", "edition"}
COPY_RUN = 8


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return str(self.error())

    def error(self) -> ConfigError:
        return ConfigError(Where(self.file, line=self.line), self.rule, self.detail)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The prose paragraphs of a MyST page with their first line: not headings,
    labels, directives, or comments."""
    out, block, start, fence = [], [], 0, None
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence) and stripped.rstrip(fence[0]) == "":
                fence = None
            continue
        m = FENCE.match(stripped)
        if m:
            if block:
                out.append((start, " ".join(block)))
                block = []
            fence = m.group(1)
            continue
        if not stripped or HEADING.match(stripped) or LABEL.match(stripped) or stripped.startswith("%"):
            if block:
                out.append((start, " ".join(block)))
                block = []
            continue
        if block and LIST_ITEM.match(stripped):
            out.append((start, " ".join(block)))
            block = []
        if not block:
            start = n
        block.append(stripped)
    if block:
        out.append((start, " ".join(block)))
    return out


def _prose_only(text: str) -> str:
    return re.sub(r"`[^`]*`", " ", ROLE.sub(" ", text))


def check_file(project, catalog, path: Path, lang: str, must_cite: bool, allowed: list[re.Pattern],
               bib: set[str] | None) -> list[Problem]:
    rel = project.relative(path)
    problems = []
    bare = bare_citation()
    for line, para in paragraphs(path.read_text(encoding="utf-8")):
        roles = ROLE.findall(para)
        for name, text in roles:
            if name == "src":
                try:
                    original.reference(project, catalog, text, lang)
                except ReprobookError as exc:
                    problems.append(Problem(rel, line, exc.rule, f"{{src}}`{text}`: {exc.detail}"))
            elif name.startswith("cite") and bib is not None:
                for key in filter(None, (k.strip() for k in text.split(","))):
                    if key not in bib:
                        problems.append(Problem(rel, line, "every citation is in the reference list",
                                                f"citation key '{key}' is not in {project.original.references}"
                                                " or the edition's own bibliographies"))
        if must_cite and not SOURCE_ROLES & {name for name, _ in roles}:
            problems.append(Problem(rel, line, "a summarising paragraph names its source",
                                    "no {src} (where in the source) and no {edition} (the edition's own analysis): "
                                    + para[:70] + "…"))
        plain = LIST_ITEM.sub(" ", _prose_only(para), count=1)  # "1." of a numbered list is not a number
        for pattern in allowed:  # names the project allows (a law, a date the source names)
            plain = pattern.sub(" ", plain)
        for m in bare.finditer(plain):
            problems.append(Problem(rel, line, "citations are {cite} roles, not typed",
                                    f"'{m.group(0)}' looks like an author–year citation typed by hand"))
        plain = bare.sub(" ", plain)
        for m in re.finditer(r"\S*[0-9]\S*", plain):
            problems.append(Problem(rel, line, "every number in prose comes from a computation",
                                    f"'{m.group(0)}' is typed, not glued"))
    return problems


def pages(project) -> list[tuple[Path, str, bool]]:
    """Every MyST page of every edition: (path, its language, whether its paragraphs must name their source)."""
    settings = project.prose
    out = []
    for lang in project.languages:
        folder = project.edition(lang)
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            if any(part.startswith((".", "_")) for part in path.relative_to(folder).parts):
                continue
            rel = path.relative_to(project.root).as_posix()
            out.append((path, lang, any(rel.startswith(c) for c in settings.get("chapters", []))))
    return out


def check(project, paths: list[Path] | None = None) -> list[Problem]:
    from .data import bibliography

    catalog = strings.of(project)
    allowed = [re.compile(p) for p in project.prose.get("allowed_numbers", [])]
    bib = bibliography.keys(project) if project.references else None
    for extra in project.prose.get("bibliographies", []):
        bib = (bib or set()) | bibliography.keys(project, project.root / extra)
    chosen = {p.resolve() for p in paths} if paths else None
    problems = []
    for path, lang, must_cite in pages(project):
        if chosen is None or path.resolve() in chosen:
            problems += check_file(project, catalog, path, lang, must_cite, allowed, bib)
    return problems


def raise_problems(problems: list[Problem]) -> None:
    """Stop on the problems found: the first names its place and rule, the others follow."""
    if problems:
        first, rest = problems[0], problems[1:20]
        more = f"\n(and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise ConfigError(Where(first.file, line=first.line), first.rule,
                          first.detail + "".join(f"\n{p}" for p in rest) + more)


def _words(text: str, names: list[str]) -> list[str]:
    text = " ".join(re.findall(r"[a-z]+", text.lower()))
    for name in names:
        text = text.replace(name, " | ")
    return text.split()


def prose_blocks(text: str) -> list[str]:
    """Every run of prose in a page, captions and glossary definitions inside
    directives included: blocks end at blank lines, headings and directive
    lines; options (``:name: ...``) and literal code are left out."""
    blocks, block, literal = [], [], False
    for line in ROLE.sub(" ", text).splitlines():
        stripped = line.strip()
        fence = FENCE.match(stripped)
        if fence:
            literal = stripped.startswith("```") and not stripped.startswith("```{") and not literal
            if block:
                blocks.append(" ".join(block))
                block = []
            continue
        if literal:
            continue
        if not stripped or HEADING.match(stripped) or LABEL.match(stripped) or re.match(r"^:[\w-]+:", stripped):
            if block:
                blocks.append(" ".join(block))
                block = []
            continue
        block.append(stripped)
    if block:
        blocks.append(" ".join(block))
    return blocks


def copied_runs(project, source_text: Path, paths: list[Path] | None = None) -> list[str]:
    """Runs of eight words that a page shares with the original's text (names excepted),
    within one block of prose."""
    names = [" ".join(re.findall(r"[a-z]+", n.lower())) for n in project.prose.get("names", [])]
    seed = _words(source_text.read_text(encoding="utf-8"), names)
    grams = {tuple(seed[i:i + COPY_RUN]) for i in range(len(seed) - COPY_RUN)}
    copied = []
    for path in paths or [p for p, _, _ in pages(project)]:
        for block in prose_blocks(path.read_text(encoding="utf-8")):
            words = _words(block, names)
            for i in range(len(words) - COPY_RUN + 1):
                if tuple(words[i:i + COPY_RUN]) in grams:
                    copied.append(f"{project.relative(path)}: {' '.join(words[i:i + COPY_RUN])}")
    return copied
