"""The editions of a book, one per language of reprobook.yaml, and how their
pages correspond.

Each edition is a Sphinx source folder of its own, ``book/<lang>/``, with its
table of contents; pages correspond by position: the n-th page of one
edition's TOC is the n-th of every other's, so the TOCs have the same shape
(`mismatches` says where not; the build requires none). Notebooks are shared:
each edition's ``notebooks`` folder is a link to the project's, and the same
notebook stands at the same position in every edition.

The built HTML of an edition sits in a folder named for its language, beside
the others (``<version>/<lang>/`` in the published site), so a page reaches its
counterpart by a relative link that works on a server and opened from disk.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import ConfigError


def _site_map(toc: Path, shown: str):
    from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml

    try:
        return parse_toc_yaml(str(toc))
    except MalformedError as exc:
        raise ConfigError(shown, "a table of contents follows Jupyter Book's _toc.yml format", str(exc)) from None


def _walk(site_map, doc):
    yield doc.docname
    for subtree in doc.subtrees:
        for item in subtree.items:
            if str(item) in site_map:
                yield from _walk(site_map, site_map[str(item)])


@lru_cache(maxsize=16)
def _pages(toc: Path, stamp: int, shown: str) -> tuple[str, ...]:
    site_map = _site_map(toc, shown)
    return tuple(_walk(site_map, site_map.root))


@lru_cache(maxsize=16)
def _chapters(toc: Path, stamp: int, shown: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    site_map = _site_map(toc, shown)
    return tuple((str(item), tuple(_walk(site_map, site_map[str(item)])))
                 for subtree in site_map.root.subtrees for item in subtree.items if str(item) in site_map)


def pages(project, lang: str) -> tuple[str, ...]:
    """The docnames of an edition, in the order of its TOC."""
    toc = project.toc(lang)
    if not toc.is_file():
        raise ConfigError(project.relative(toc), "every language of reprobook.yaml has a table of contents",
                          "file not found")
    return _pages(toc, toc.stat().st_mtime_ns, project.relative(toc))


def chapters(project, lang: str) -> dict[str, tuple[str, ...]]:
    """The chapters of an edition (the pages its root lists: in the PDF each is a
    chapter, front matter and appendices alike), in order, each with its pages
    (itself first, then the pages under it)."""
    pages(project, lang)  # a missing TOC is named there
    toc = project.toc(lang)
    return dict(_chapters(toc, toc.stat().st_mtime_ns, project.relative(toc)))


def page_files(project, lang: str) -> list[Path]:
    """The MyST files of an edition's pages, in the order of its TOC (notebooks left out)."""
    folder = project.edition(lang)
    return [folder / f"{doc}.md" for doc in pages(project, lang) if (folder / f"{doc}.md").is_file()]


def counterpart(project, docname: str, lang: str, other: str) -> str | None:
    """The page of edition `other` at the position `docname` holds in edition `lang`."""
    if other == lang:
        return docname
    mine, theirs = pages(project, lang), pages(project, other)
    if docname not in mine:
        return None
    i = mine.index(docname)
    return theirs[i] if i < len(theirs) else None


def href(from_doc: str, to_lang: str, to_doc: str) -> str:
    """A relative link from page `from_doc` to page `to_doc` of edition `to_lang`."""
    return "../" * from_doc.count("/") + f"../{to_lang}/{to_doc}.html"


NOTEBOOKS = "notebooks"  # in each edition's folder: a link to the project's notebooks


def mismatches(project) -> list[ConfigError]:
    """Where the editions' TOCs do not correspond (empty when they do)."""
    first = project.default_lang
    problems = []
    for lang in project.languages[1:]:
        mine, theirs = pages(project, first), pages(project, lang)
        toc = project.relative(project.toc(lang))
        if len(mine) != len(theirs):
            problems.append(ConfigError(toc, "every page exists in every language",
                                        f"{len(theirs)} pages, {project.relative(project.toc(first))} has {len(mine)}"))
        for a, b in zip(mine, theirs):
            if (a.startswith(NOTEBOOKS + "/") or b.startswith(NOTEBOOKS + "/")) and a != b:
                problems.append(ConfigError(toc, "the editions' pages correspond by position, notebooks alike",
                                            f"'{b}' stands where the {first} edition has '{a}'"))
    return problems
