"""Reader-facing strings, keyed by language, never written in code.

A project keeps its strings in ``labels/<name>.yaml`` (one file per notebook,
plus shared files); the engine keeps its own interface strings (the version
list, the build stamp, reconciliation classes) in ``reprobook/labels/``. Each
key maps language codes to text:

    caption_fees:
      id: "Biaya paspor"
      en: "Passport fees"

Adding a language is adding text beside each string, never editing code.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

from .errors import InputError, Where, fail
from .execution import record

ENGINE = Path(__file__).resolve().parent / "labels"


# Roles a label may use: cross-references only. Anything that reads files or emits
# raw output ({download}, {include}, {raw}, {math}...) is refused.
ROLES = {"ref", "doc", "numref", "term"}
_ROLE = re.compile(r"\{([A-Za-z:-]+)\}`")
_HTML = re.compile(r"<\s*[A-Za-z!/?]")


class Labels(dict):
    """The strings of one file in one language; a missing key names the file.
    ``labels["key"]`` is a text; a list or a mapping is read with ``list()`` or ``mapping()``."""

    source = ""
    lang = ""

    def __missing__(self, key):
        raise fail(Where(self.source, key=key), "every label used is defined",
                   f"no label '{key}' in language '{self.lang}'", InputError)

    def __getitem__(self, key):
        value = super().__getitem__(key)
        if not isinstance(value, str):
            raise fail(Where(self.source, key=key), "a label read as text is text",
                       f"'{self.lang}' is a {type(value).__name__}, not a text", InputError)
        return value

    def _structured(self, key, kind):
        value = super().__getitem__(key) if key in self else self.__missing__(key)
        if not isinstance(value, kind):
            raise fail(Where(self.source, key=key), f"this label is a {kind.__name__}",
                       f"'{self.lang}' is a {type(value).__name__}", InputError)
        return value

    def list(self, key) -> list:
        return self._structured(key, list)

    def mapping(self, key) -> dict:
        return self._structured(key, dict)


def _check_text(text, where: Where) -> None:
    if not isinstance(text, str):
        raise fail(where, "a label is text (or a list or mapping of texts)",
                   f"found a {type(text).__name__}", InputError)
    bad = next((c for c in text if ord(c) < 32 or ord(c) == 0x7F or 0xE000 <= ord(c) <= 0xF8FF), None)
    if bad is not None:
        raise fail(where, "a label is one line without control characters",
                   f"it holds U+{ord(bad):04X}", InputError)
    if _HTML.search(text) or "```" in text or ":::" in text:
        raise fail(where, "labels hold no HTML and no directives", "it holds markup that would reach the page raw",
                   InputError)
    role = next((r for r in _ROLE.findall(text) if r not in ROLES), None)
    if role:
        raise fail(where, f"labels use only the roles {', '.join(sorted(ROLES))}", f"it uses {{{role}}}", InputError)


def _check_value(value, where: Where) -> None:
    if isinstance(value, list):
        for item in value:
            _check_text(item, where)
    elif isinstance(value, dict):
        for item in value.values():
            _check_text(item, where)
    else:
        _check_text(value, where)


# Parsed label files by (path, mtime, size): a build or a preview cycle reads the same
# few files hundreds of times (every {src} role, every page's edition bar), and
# parsing YAML each time cost seconds. An edited file has a new mtime or size.
_PARSED: dict[tuple[str, int, int], dict] = {}


def _read(path: Path, shown: str) -> dict:
    from . import yamlfile

    if not path.is_file():
        raise fail(Where(shown), "a label file exists", "file not found", InputError)
    info = path.stat()
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _PARSED:
        raw = yamlfile.load(path, shown)
        if not isinstance(raw, dict):
            raise fail(Where(shown), "a label file is a mapping of keys to languages", "not a mapping", InputError)
        _PARSED[key] = raw
    return _PARSED[key]


def _pick(raw: dict, lang: str, shown: str) -> Labels:
    out = Labels()
    out.source, out.lang = shown, lang
    for key, texts in raw.items():
        if not isinstance(texts, dict) or lang not in texts:
            raise fail(Where(shown, key=str(key)), "each label has a text in every language",
                       f"no '{lang}' text", InputError)
        _check_value(texts[lang], Where(shown, key=f"{key}.{lang}"))
        value = texts[lang]
        # lists and mappings are copied: the parsed file is shared between readers
        dict.__setitem__(out, key, copy.deepcopy(value) if isinstance(value, (list, dict)) else value)
    return out


def load(name: str, lang: str | None = None) -> Labels:
    """The project's strings in `labels/<name>.yaml`, in `lang` (default: the first language)."""
    from .project import current

    project = current()
    path = project.labels / f"{name}.yaml"
    record.read(path)
    return _pick(_read(path, project.relative(path)), lang or project.default_lang, project.relative(path))


def engine_everywhere(name: str, key: str) -> list[str]:
    """One engine string in every language the engine knows (for reading text in
    any of them, e.g. the joining words of author lists)."""
    path = ENGINE / f"{name}.yaml"
    texts = _read(path, f"reprobook/labels/{name}.yaml")[key]
    return sorted({t for t in texts.values() if isinstance(t, str)})


def engine(name: str, lang: str) -> Labels:
    """The engine's own interface strings (reprobook/labels/<name>.yaml)."""
    path = ENGINE / f"{name}.yaml"
    record.read(path)
    return _pick(_read(path, f"reprobook/labels/{name}.yaml"), lang, f"reprobook/labels/{name}.yaml")


def by_lang(name: str) -> dict[str, Labels]:
    """The project's strings in `labels/<name>.yaml`, for every language of the project."""
    from .project import current

    return {lang: load(name, lang) for lang in current().languages}


def validate_all() -> list[str]:
    """Every label file of the project read in every language (so that bad text is
    named by `check-data`, before a notebook trips on it); their names."""
    from .project import current

    names = sorted(p.stem for p in current().labels.glob("*.yaml"))
    for name in names:
        by_lang(name)
    return names
