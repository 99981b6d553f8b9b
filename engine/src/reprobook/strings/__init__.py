"""Reader-facing strings, keyed by language, never written in code.

A project keeps its strings in ``strings/<file>.yaml`` (one file per topic);
the engine keeps the strings it needs itself (version lists, the build stamp,
reconciliation classes, caption provenance) in the YAML files beside this
module. A project file of the same name overrides the engine's text key by
key, so a book may reword anything and add a language the engine does not
know. Each key maps language codes to a text, or to a list or mapping of texts:

    caption_fees:
      id: "Biaya paspor"
      en: "Passport fees"

A text is one line. It may hold fields (``{year}``: a name, filled in when the
text is shown) and the cross-reference roles ref, doc, numref and term
(``{numref}`tbl-fees```); nothing else in it is markup. The rules are checked
as the file is read (``check_text``), and the renderer builds its pieces as
text nodes, so a string can never become MyST, HTML or LaTeX source.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

from .. import digest, plaintext
from ..errors import DataError, Where

ENGINE = Path(__file__).resolve().parent
ROLES = plaintext.ROLES
# The pieces of a text: a role with its target, a field, or plain text.
PIECE = re.compile(r"\{(?P<role>[A-Za-z:-]+)\}`(?P<target>[^`]*)`|\{(?P<field>[^{}]*)\}")
FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_text(text, where: Where) -> None:
    """One text's rules: a string, one line, no control or private-use characters,
    fields that are names, and only the allowed roles."""
    if not isinstance(text, str):
        raise DataError(where, "a string is text (or a list or mapping of texts)", f"found a {type(text).__name__}")
    bad = plaintext.line_problem(text)
    if bad is not None:
        raise DataError(where, plaintext.LINE_RULE, f"it holds {bad}")
    for m in PIECE.finditer(text):
        if m.group("role") is not None and m.group("role") not in ROLES:
            raise DataError(where, f"strings use only the roles {', '.join(ROLES)}", f"it uses {{{m.group('role')}}}")
        if m.group("field") is not None and not FIELD.fullmatch(m.group("field")):
            raise DataError(where, "a field is a name, such as {year}", f"field {{{m.group('field')}}} is not a name")
    if "{" in PIECE.sub("", text) or "}" in PIECE.sub("", text):
        raise DataError(where, "braces mark fields and roles only", "it holds an unpaired brace")
    bad = plaintext.label_problem(text)
    if bad is not None:
        raise DataError(where, plaintext.LABEL_RULE, bad)


def pieces(text: str):
    """A text's pieces, in order: ("text", s), ("field", name) or ("role", role, target)."""
    at = 0
    for m in PIECE.finditer(text):
        if m.start() > at:
            yield ("text", text[at:m.start()])
        if m.group("role") is not None:
            yield ("role", m.group("role"), m.group("target"))
        else:
            yield ("field", m.group("field"))
        at = m.end()
    if at < len(text):
        yield ("text", text[at:])


def fill(text: str, where: str = "", **fields) -> str:
    """A text with its fields filled in (each value as text) and each role as its
    target's words: for pages that are plain text (a stamp, a file's name)."""
    out = []
    for piece in pieces(text):
        if piece[0] == "text":
            out.append(piece[1])
        elif piece[0] == "role":
            out.append(re.sub(r"\s*<[^>]*>$", "", piece[2]))
        elif piece[1] in fields:
            out.append(str(fields[piece[1]]))
        else:
            raise DataError(where or text, "every field of a string is given", f"no value for {{{piece[1]}}}")
    return "".join(out)


def _check_value(value, where: Where) -> None:
    items = value if isinstance(value, list) else value.values() if isinstance(value, dict) else [value]
    for item in items:
        check_text(item, where)


# Parsed files by (path, mtime, size): a build reads the same few files hundreds of times.
_PARSED: dict[tuple[str, int, int], dict] = {}


def _parse(path: Path, shown: str) -> dict:
    from .. import yamlfile

    info = path.stat()
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _PARSED:
        raw = yamlfile.load(path, shown)
        if not isinstance(raw, dict):
            raise DataError(shown, "a strings file is a mapping of keys to languages", "not a mapping")
        for k, texts in raw.items():
            if not isinstance(texts, dict):
                raise DataError(Where(shown, key=str(k)), "each string maps languages to texts", "not a mapping")
            for lang, value in texts.items():
                _check_value(value, Where(shown, key=f"{k}.{lang}"))
        _PARSED[key] = raw
    return _PARSED[key]


class Catalog:
    """The strings of one project: its own files over the engine's. `record` is told
    the name of every file read (a notebook's kernel records them as inputs)."""

    def __init__(self, folder: Path | None, languages: tuple[str, ...], shown_folder: str = "strings",
                 record: Callable[[str], None] | None = None):
        self.folder, self.languages, self.shown_folder, self.record = folder, languages, shown_folder, record
        self._found: dict[str, tuple[tuple, list[tuple[dict, str]]]] = {}  # by name: (status, files)

    def _files(self, name: str) -> list[tuple[dict, str]]:
        """The parsed project file, then the engine's, of that name (those that exist).
        Looked up again only when either file's status changed: a build asks
        thousands of times, and resolving the project file's path each time cost a
        quarter of a second of every preview cycle."""
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise DataError(f"{self.shown_folder}/{name}.yaml", "a strings file is named in lower case", "bad name")
        own = self.folder / f"{name}.yaml" if self.folder else None
        engine = ENGINE / f"{name}.yaml"
        status = (digest.status(own) if own is not None else None, digest.status(engine))
        if self.record:
            if status[0] is not None:
                self.record(f"{self.shown_folder}/{name}.yaml")
            if status[1] is not None:
                self.record(f"pkg:reprobook/strings/{name}.yaml")
        known = self._found.get(name)
        if known is None or known[0] != status:
            known = self._found[name] = (status, self._find(name, own if status[0] else None,
                                                            engine if status[1] else None))
        return known[1]

    def _find(self, name: str, own: Path | None, engine: Path | None) -> list[tuple[dict, str]]:
        found = []
        if own is not None:
            shown = f"{self.shown_folder}/{name}.yaml"
            if not own.resolve().is_relative_to(self.folder.resolve()):
                raise DataError(shown, "a project file lies inside the project",
                                f"it is a link to {own.resolve()}, outside {self.shown_folder}/")
            found.append((_parse(own, shown), shown))
        if engine is not None:
            found.append((_parse(engine, f"reprobook/strings/{name}.yaml"), f"reprobook/strings/{name}.yaml"))
        if not found:
            raise DataError(f"{self.shown_folder}/{name}.yaml", "a strings file exists", "file not found")
        return found

    def has(self, name: str, key: str) -> bool:
        return any(key in raw for raw, _ in self._files(name))

    def value(self, name: str, key: str, lang: str):
        """The text, list or mapping of `key` in `lang` (a copy: the parsed file is shared)."""
        files = self._files(name)
        for raw, shown in files:
            if key in raw:
                if lang not in raw[key]:
                    raise DataError(Where(shown, key=key), "each string has a text in every language",
                                    f"no '{lang}' text")
                return copy.deepcopy(raw[key][lang])
        raise DataError(Where(files[0][1], key=key), "every string used is defined", f"no string '{key}'")

    def text(self, name: str, key: str, lang: str, *path) -> str:
        """A text: `key`, or an item of the list or mapping it names (`path`)."""
        value = self.value(name, key, lang)
        for step in path:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                raise DataError(Where(f"{self.shown_folder}/{name}.yaml", key=key), "every string used is defined",
                                f"no item {step!r} in '{lang}'") from None
        if not isinstance(value, str):
            raise DataError(Where(f"{self.shown_folder}/{name}.yaml", key=key), "a string read as text is text",
                            f"'{lang}' is a {type(value).__name__}")
        return value

    def texts(self, name: str, lang: str) -> dict[str, str]:
        """Every text-valued key of a strings file in `lang` (the engine's, then the project's)."""
        out: dict[str, str] = {}
        for raw, _ in reversed(self._files(name)):
            out.update({k: t[lang] for k, t in raw.items() if isinstance(t, dict) and isinstance(t.get(lang), str)})
        return out

    def names(self) -> list[str]:
        """The project's strings files."""
        return sorted(p.stem for p in self.folder.glob("*.yaml")) if self.folder and self.folder.is_dir() else []

    def validate_all(self) -> list[str]:
        """Every strings file of the project, read in every language (`check-data`);
        their names. Engine files are checked by the engine's tests."""
        for name in self.names():
            for raw, shown in self._files(name):
                if not shown.startswith(self.shown_folder):
                    continue
                for key, texts in raw.items():
                    for lang in self.languages:
                        if lang not in texts:
                            raise DataError(Where(shown, key=str(key)), "each string has a text in every language",
                                            f"no '{lang}' text")
        return self.names()


def engine_catalog(languages: tuple[str, ...] = ()) -> Catalog:
    """The engine's strings alone (for code that has no project, such as tests of the engine)."""
    return Catalog(None, languages)


def everywhere(name: str, key: str) -> list[str]:
    """One engine string in every language the engine knows (to read text in any
    of them, e.g. the joining words of author lists)."""
    raw = _parse(ENGINE / f"{name}.yaml", f"reprobook/strings/{name}.yaml")
    return sorted({t for t in raw[key].values() if isinstance(t, str)})


def of(project, record: Callable[[str], None] | None = None) -> Catalog:
    """The catalog of a project."""
    return Catalog(project.strings, project.languages, project.folders["strings"], record)
