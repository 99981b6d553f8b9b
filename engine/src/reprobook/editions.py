"""The editions of a book, one per language of reprobook.yaml, and how their
pages correspond.

Each edition has its own table of contents (reprobook.project.Project.toc);
pages correspond by position: the n-th page of one edition's TOC is the n-th
of every other's, so the TOCs have the same shape (`mismatches` says where
not; the tests require none). Notebooks are shared: the same notebook stands
at the same position in every edition.

The built HTML of an edition sits in a folder named for its language, beside
the others (_build/html/<lang>/, and <version>/<lang>/ in the published site),
so a page reaches its counterpart by a relative link that works on a server and
opened from disk alike.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .project import current


@lru_cache(maxsize=16)
def _pages(toc: Path, stamp: float) -> tuple[str, ...]:
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(str(toc))

    def walk(doc):
        yield doc.docname
        for subtree in doc.subtrees:
            for item in subtree.items:
                if str(item) in site_map:
                    yield from walk(site_map[str(item)])

    return tuple(walk(site_map.root))


def pages(lang: str) -> tuple[str, ...]:
    """The docnames of an edition, in the order of its TOC."""
    toc = current().toc(lang)
    if not toc.is_file():
        raise InputError(f"{current().relative(toc)}: file not found [rule: every language of reprobook.yaml "
                         "has a table of contents]")
    return _pages(toc, toc.stat().st_mtime)


def sources(lang: str) -> list[Path]:
    """The MyST files of an edition's pages, in the order of its TOC (notebooks left out)."""
    root = current().root
    return [root / f"{doc}.md" for doc in pages(lang) if (root / f"{doc}.md").is_file()]


def counterpart(docname: str, lang: str, other: str) -> str | None:
    """The page of edition `other` at the position `docname` holds in edition `lang`."""
    if other == lang:
        return docname
    mine, theirs = pages(lang), pages(other)
    if docname not in mine:
        return None
    i = mine.index(docname)
    return theirs[i] if i < len(theirs) else None


def href(from_doc: str, to_lang: str, to_doc: str) -> str:
    """A relative link from page `from_doc` to page `to_doc` of edition `to_lang`."""
    return "../" * from_doc.count("/") + f"../{to_lang}/{to_doc}.html"


def mismatches() -> list[str]:
    """Where the editions' TOCs do not correspond, as messages (empty when they do)."""
    project = current()
    first = project.default_lang
    problems = []
    for lang in project.languages[1:]:
        mine, theirs = pages(first), pages(lang)
        toc = project.relative(project.toc(lang))
        if len(mine) != len(theirs):
            problems.append(f"{toc}: {len(theirs)} pages, {project.relative(project.toc(first))} has {len(mine)} "
                            "[rule: every page exists in every language]")
        for a, b in zip(mine, theirs):
            notebook_a = not a.startswith(project.folders["book"] + "/")
            if notebook_a != (not b.startswith(project.folders["book"] + "/")) or (notebook_a and a != b):
                problems.append(f"{toc}: '{b}' stands where the {first} edition has '{a}' "
                                "[rule: the editions' pages correspond by position]")
    return problems
