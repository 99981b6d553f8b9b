"""A project: its root folder and its settings, ``reprobook.yaml``, read into
one frozen dataclass. The command line (and Sphinx's setup, and a notebook's
``Notebook.here()``) makes the Project once; every function below them takes
it as a parameter. Every path the engine uses is derived here, so the same
code serves this book, a freshly generated one, and a book whose folders are
elsewhere (``paths:``).

The settings are validated against the published JSON Schema beside this
module (schema/reprobook.schema.json); ``settings_table()`` writes the engine
README's table from it.
"""
from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import ConfigError, Where

CONFIG = "reprobook.yaml"
SCHEMA = Path(__file__).resolve().parent / "schema" / "reprobook.schema.json"


@dataclass(frozen=True)
class OriginalText:
    """Where the original's text may be found; the project never contains it."""
    env: str
    default: str | None
    what: str


@dataclass(frozen=True)
class Original:
    """The original the book is an edition of: where its text is (never in the
    project), and the data that describe it."""
    text: OriginalText | None = None
    contents: str | None = None  # data resource: section, level, title, page, body_line
    references: str | None = None  # BibTeX file, relative to the root
    citations: str | None = None  # data resource: seed_line, cited_as, year
    chapter_style: str = "arabic"


@dataclass(frozen=True)
class Project:
    root: Path
    name: str
    pdf_name: str
    languages: tuple[str, ...]
    content_package: str | None
    original: Original
    folders: dict[str, str]
    chapter_head: str = "plain"
    diagram_kinds: dict = field(default_factory=dict)
    prose: dict = field(default_factory=dict)
    base_url: str = "/"
    environment: dict = field(default_factory=dict)
    release_branch: str = "main"
    build_dir: Path | None = None  # set by with_build(): a build elsewhere (a release, a second reproducibility build)

    def __hash__(self):  # the settings are read from the root's file: the root (and build) name the project
        return hash((self.root, self.build_dir))

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
    def strings(self) -> Path:
        return self.folder("strings")

    @property
    def book(self) -> Path:
        return self.folder("book")

    @property
    def build(self) -> Path:
        return self.build_dir or self.folder("build")

    def with_build(self, folder: Path) -> Project:
        """The same project, building into `folder`."""
        return dataclasses.replace(self, build_dir=Path(folder))

    def edition(self, lang: str) -> Path:
        """An edition's Sphinx source folder: book/<lang>/."""
        return self.book / lang

    def toc(self, lang: str) -> Path:
        return self.edition(lang) / "_toc.yml"

    def pdf(self, version: str, lang: str, part: str | None = None) -> str:
        """The file name of one version's PDF in one language (`part`: a chapter's PDF)."""
        name = self.pdf_name.format(version=version, lang=lang)
        return name if part is None else name.removesuffix(".pdf") + f"-{part}.pdf"

    def data_archive(self, version: str) -> str:
        return f"{self.name}-data-{version}.zip"

    def relative(self, path: Path) -> str:
        """A path as messages and records name it: relative to the root when inside it."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def read_bytes(self, path: Path, error=ConfigError) -> bytes:
        """A project file's bytes; a file that is, or lies under, a link leading out of
        the project is refused: a commit would store the link and not the content, so
        the book would show what no clone has (or any file the machine can read)."""
        shown = self.relative(path)
        named, real = Path(os.path.abspath(path)), Path(path).resolve()
        # a folder the settings place elsewhere is the project's choice; a link inside the project is not
        if named.is_relative_to(self.root) and not real.is_relative_to(self.root.resolve()):
            raise error(shown, "a project file lies inside the project", f"it is a link to {real}, outside the project")
        return Path(path).read_bytes()

    @property
    def references(self) -> Path | None:
        return self.root / self.original.references if self.original.references else None

    def original_text(self) -> Path | None:
        """The original's text, or None when it is not on this machine."""
        text = self.original.text
        if text is None:
            return None
        given = os.environ.get(text.env) or text.default
        if not given:
            return None
        path = Path(given)
        path = path if path.is_absolute() else self.root / path
        return path if path.is_file() else None

    def original_text_missing(self) -> str:
        """Why tests that compare with the original are skipped, and how to run them."""
        text = self.original.text
        if text is None:
            return f"{CONFIG} names no original text (original.text)"
        default = f" (default: {text.default}, relative to {self.root})" if text.default else ""
        return (f"{text.what} is not on this machine: set {text.env} to its path{default} "
                "to run the checks against the original")

    @property
    def lock(self) -> Path:
        """The lock file (environment.lock): every package the book runs, pinned, with hashes."""
        return self.root / self.environment.get("lock", "requirements.lock")

    def setting(self, key: str):
        """What a notebook may read of the settings, by the name the ledger records
        (reprobook.execution.ledger): the languages, and the names of the diagram kinds
        (their styles are the drawing's business, when the book is built)."""
        return {"languages": list(self.languages), "diagram_kinds": sorted(self.diagram_kinds)}.get(key)


def find(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the working directory) that
    holds reprobook.yaml."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise ConfigError(here, "commands run inside a project (or name it with --project)",
                      f"no {CONFIG} in this folder or above it")


@cache
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _validate(raw) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(raw), key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        e = errors[0]
        key = ".".join(str(p) for p in e.absolute_path) or None
        rule = {"additionalProperties": "known settings only (schema/reprobook.schema.json)",
                "required": "required settings"}.get(e.validator, f"{e.validator} {e.validator_value!r}"
                                                     if e.validator in ("pattern", "enum", "type") else e.validator)
        raise ConfigError(Where(CONFIG, key=key), rule, e.message)


def load(root: Path) -> Project:
    """The project at `root`, its settings validated."""
    from . import yamlfile

    root = Path(root).resolve()
    if not (root / CONFIG).is_file():
        raise ConfigError(root, "a project folder holds reprobook.yaml", f"no {CONFIG} here")
    raw = yamlfile.load(root / CONFIG, CONFIG)
    _validate(raw)
    if "{version}" not in raw["pdf_name"]:
        raise ConfigError(Where(CONFIG, key="pdf_name"), "each version has its own PDF", "has no {version}")
    if len(raw["languages"]) > 1 and "{lang}" not in raw["pdf_name"]:
        raise ConfigError(Where(CONFIG, key="pdf_name"), "each language has its own PDF", "has no {lang}")
    defaults = schema()["properties"]["paths"]["properties"]
    folders = {k: v["default"] for k, v in defaults.items()} | (raw.get("paths") or {})
    orig = raw.get("original") or {}
    text = orig.get("text")
    original = Original(text=OriginalText(text["env"], text.get("default"), text.get("what", "the original's text"))
                        if text else None, contents=orig.get("contents"), references=orig.get("references"),
                        citations=orig.get("citations"), chapter_style=orig.get("chapter_style", "arabic"))
    return Project(root=root, name=raw["name"], pdf_name=raw["pdf_name"], languages=tuple(raw["languages"]),
                   content_package=raw.get("content_package"), original=original, folders=folders,
                   chapter_head=(raw.get("pdf") or {}).get("chapter_head", "plain"),
                   diagram_kinds=dict((raw.get("diagrams") or {}).get("kinds") or {}),
                   prose=dict(raw.get("prose") or {}), base_url=(raw.get("site") or {}).get("base_url", "/"),
                   environment=dict(raw.get("environment") or {}),
                   release_branch=(raw.get("release") or {}).get("branch", "main"))


def here(start: Path | None = None) -> Project:
    """The project found from `start` (default: the working directory)."""
    return load(find(start))


def settings_table() -> str:
    """The engine README's table of settings, written from the schema."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]

    def walk(props: dict, prefix: str) -> None:
        for key, spec in props.items():
            name = f"{prefix}{key}"
            default = f"`{spec['default']}`" if "default" in spec else ""
            if "enum" in spec:
                default += (" " if default else "") + "(" + " or ".join(f"`{v}`" for v in spec["enum"]) + ")"
            rows.append(f"| `{name}` | {default} | {spec.get('description', '')} |")
            if spec.get("type") == "object" and "properties" in spec:
                walk(spec["properties"], name + ".")

    walk(schema()["properties"], "")
    return "\n".join(rows)
