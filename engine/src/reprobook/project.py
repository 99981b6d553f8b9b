"""A project: its root folder, found once, and its configuration file
``reprobook.yaml``, read into one dataclass. Every path the engine uses is
derived here, so the same code serves this book and a freshly generated one.

The root is the folder named by REPROBOOK_PROJECT, else the nearest folder at
or above the working directory that holds ``reprobook.yaml`` (notebooks run in
``notebooks/``, Sphinx and the tests at the root).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError

CONFIG = "reprobook.yaml"
KEYS = {"name", "pdf_name", "languages", "content_package", "source", "paths", "diagrams", "prose"}
SOURCE_KEYS = {"text", "contents", "references", "citations"}
PATH_KEYS = {"book": "book", "data": "data", "notebooks": "notebooks", "labels": "labels", "build": "_build"}


@dataclass(frozen=True)
class SourceText:
    """Where the original text may be found; the project never contains it."""
    env: str
    default: str | None
    what: str


@dataclass(frozen=True)
class Source:
    """The source the book is an edition of: its text (never in the project), and
    the data that describe it: its table of contents, reference list and citations."""
    text: SourceText | None = None
    contents: str | None = None  # data resource: section, level, title, page, body_line
    references: str | None = None  # BibTeX file, relative to the root
    citations: str | None = None  # data resource: seed_line, cited_as, year


@dataclass(frozen=True)
class Project:
    root: Path
    name: str
    pdf_name: str
    languages: tuple[str, ...]
    content_package: str | None
    source: Source
    folders: dict[str, str]
    diagram_kinds: dict[str, dict] = field(default_factory=dict)
    prose: dict = field(default_factory=dict)  # chapters, allowed_numbers, names (reprobook.chapters)

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    def folder(self, key: str) -> Path:
        return self.root / self.folders[key]

    @property
    def data(self) -> Path:
        return self.folder("data")

    @property
    def descriptor(self) -> Path:
        return self.data / "datapackage.yaml"

    @property
    def notebooks(self) -> Path:
        return self.folder("notebooks")

    @property
    def labels(self) -> Path:
        return self.folder("labels")

    @property
    def book(self) -> Path:
        return self.folder("book")

    def toc(self, lang: str) -> Path:
        """An edition's table of contents: book/_toc.yml for the first language,
        book/<lang>/_toc.yml for each other (reprobook.editions)."""
        return self.book / "_toc.yml" if lang == self.default_lang else self.book / lang / "_toc.yml"

    def pdf(self, version: str, lang: str) -> str:
        """The file name of one version's PDF in one language."""
        return self.pdf_name.format(version=version, lang=lang)

    def data_archive(self, version: str) -> str:
        """The file name of one version's data package archive."""
        return f"{self.name}-data-{version}.zip"

    @property
    def build(self) -> Path:
        # REPROBOOK_BUILD moves every build output elsewhere (the reproducibility test builds twice).
        return Path(os.environ.get("REPROBOOK_BUILD") or self.folder("build"))

    def relative(self, path: Path) -> str:
        """A path as messages and records name it: relative to the root when inside it."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @property
    def references(self) -> Path | None:
        return self.root / self.source.references if self.source.references else None

    def source_text(self) -> Path | None:
        """The original text, or None when it is not on this machine."""
        text = self.source.text
        if text is None:
            return None
        given = os.environ.get(text.env) or text.default
        if not given:
            return None
        path = Path(given)
        path = path if path.is_absolute() else self.root / path
        return path if path.is_file() else None

    def source_text_missing(self) -> str:
        """Why tests that compare with the original are skipped, and how to run them."""
        text = self.source.text
        if text is None:
            return f"{CONFIG} names no source text (source.text)"
        default = f" (default: {text.default}, relative to {self.root})" if text.default else ""
        return (f"{text.what} is not on this machine: set {text.env} to its path{default} "
                "to run the checks against the original")


def find_root(start: Path | None = None) -> Path:
    return _root(os.environ.get("REPROBOOK_PROJECT"), str(start or Path.cwd()))


@lru_cache(maxsize=32)
def _root(given: str | None, start: str) -> Path:
    # cached: current() is called thousands of times in a build, and resolving paths is not free
    if given:
        root = Path(given).resolve()
        if not (root / CONFIG).is_file():
            raise InputError(f"{root}: no {CONFIG} here [rule: REPROBOOK_PROJECT names a project folder]")
        return root
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise InputError(f"{here}: no {CONFIG} in this folder or above it [rule: commands run inside a project]")


def load(root: Path) -> Project:
    from . import yamlfile

    raw = yamlfile.load(root / CONFIG, CONFIG)
    if not isinstance(raw, dict):
        raise InputError(f"{CONFIG}: expected a mapping [rule: the configuration is a mapping]")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise InputError(f"{CONFIG}, key '{unknown[0]}': unknown setting (known: {', '.join(sorted(KEYS))}) "
                         "[rule: known keys only]")
    for key in ("name", "pdf_name", "languages"):
        if not raw.get(key):
            raise InputError(f"{CONFIG}, key '{key}': missing [rule: required]")
    if "{version}" not in raw["pdf_name"]:
        raise InputError(f"{CONFIG}, key 'pdf_name': has no {{version}} [rule: each version has its own PDF]")
    langs = raw["languages"]
    if not (isinstance(langs, list) and langs and all(isinstance(x, str) and x.isalpha() for x in langs)):
        raise InputError(f"{CONFIG}, key 'languages': expected a list of language codes [rule: languages]")
    if len(langs) > 1 and "{lang}" not in raw["pdf_name"]:
        raise InputError(f"{CONFIG}, key 'pdf_name': has no {{lang}} [rule: each language has its own PDF]")
    folders = dict(PATH_KEYS, **(raw.get("paths") or {}))
    src = raw.get("source") or {}
    unknown = sorted(set(src) - SOURCE_KEYS)
    if unknown:
        raise InputError(f"{CONFIG}, key 'source.{unknown[0]}': unknown setting (known: {', '.join(sorted(SOURCE_KEYS))}) "
                         "[rule: known keys only]")
    text = src.get("text")
    source = Source(text=SourceText(text["env"], text.get("default"), text.get("what", "the source text")) if text else None,
                    contents=src.get("contents"), references=src.get("references"), citations=src.get("citations"))
    return Project(root=root, name=raw["name"], pdf_name=raw["pdf_name"], languages=tuple(langs),
                   content_package=raw.get("content_package"), source=source, folders=folders,
                   diagram_kinds=dict((raw.get("diagrams") or {}).get("kinds") or {}), prose=dict(raw.get("prose") or {}))


@lru_cache(maxsize=8)
def _cached(root: Path) -> Project:
    return load(root)


def current() -> Project:
    """The project this process works on (found once per root)."""
    return _cached(find_root())
