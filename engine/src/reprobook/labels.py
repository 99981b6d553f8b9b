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

from pathlib import Path

import yaml

from .errors import InputError, Where, fail
from .execution import record

ENGINE = Path(__file__).resolve().parent / "labels"


class Labels(dict):
    """The strings of one file in one language; a missing key names the file."""

    source = ""
    lang = ""

    def __missing__(self, key):
        raise fail(Where(self.source, key=key), "every label used is defined",
                   f"no label '{key}' in language '{self.lang}'", InputError)


def _read(path: Path, shown: str) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(Where(shown), "a label file exists", "file not found", InputError) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Where(shown, line=mark.line + 1 if mark else None)
        raise fail(where, "YAML syntax", f"not valid YAML ({getattr(exc, 'problem', exc)})", InputError) from None
    if not isinstance(raw, dict):
        raise fail(Where(shown), "a label file is a mapping of keys to languages", "not a mapping", InputError)
    return raw


def _pick(raw: dict, lang: str, shown: str) -> Labels:
    out = Labels()
    out.source, out.lang = shown, lang
    for key, texts in raw.items():
        if not isinstance(texts, dict) or lang not in texts:
            raise fail(Where(shown, key=str(key)), "each label has a text in every language",
                       f"no '{lang}' text", InputError)
        out[key] = texts[lang]
    return out


def load(name: str, lang: str | None = None) -> Labels:
    """The project's strings in `labels/<name>.yaml`, in `lang` (default: the first language)."""
    from .project import current

    project = current()
    path = project.labels / f"{name}.yaml"
    record.read(path)
    return _pick(_read(path, project.relative(path)), lang or project.default_lang, project.relative(path))


def engine(name: str, lang: str) -> Labels:
    """The engine's own interface strings (reprobook/labels/<name>.yaml)."""
    path = ENGINE / f"{name}.yaml"
    record.read(path)
    return _pick(_read(path, f"reprobook/labels/{name}.yaml"), lang, f"reprobook/labels/{name}.yaml")


def by_lang(name: str) -> dict[str, Labels]:
    """The project's strings in `labels/<name>.yaml`, for every language of the project."""
    from .project import current

    return {lang: load(name, lang) for lang in current().languages}
