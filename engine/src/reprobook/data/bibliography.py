"""The original's reference list as BibTeX (reprobook.yaml: original.references),
read strictly: a syntax error, a repeated key or an entry that breaks the
transcription rules stops the build with the file, the line or key, and the
rule. Entries keep the source's spelling; where an entry is incomplete or
malformed in the source, a note says so, in every language of the book:
``note`` in the first language, ``note<lang>`` (``noteen``) in the others.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..errors import DataError, Where
from ..execution import record

YEAR = re.compile(r"^[12][0-9]{3}[a-z]?$")


def note_field(lang: str, languages: tuple[str, ...]) -> str:
    """The field of an entry's note in `lang`: ``note`` in the first language, ``note<lang>`` in others."""
    return "note" if lang == languages[0] else f"note{lang}"


@lru_cache(maxsize=4)
def _parse(path: str, mtime: float, rel: str):
    import pybtex.errors
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexSyntaxError

    pybtex.errors.set_strict_mode(True)
    try:
        return parse_file(path, bib_format="bibtex")
    except PybtexSyntaxError as exc:
        raise DataError(f"{rel}, line {exc.lineno}", "BibTeX syntax", f"{exc.error_type}: {exc}") from None
    except Exception as exc:  # pybtex's BibliographyDataError: a repeated key, a bad name
        raise DataError(rel, "each entry once, with well-formed fields", str(exc)) from None


def entries(project, path: Path | None = None):
    """The entries, checked: every entry says where it stands in the original
    (seedline), and an entry with no year or a malformed one carries a note
    in every language."""
    path = path or project.references
    rel = project.relative(path) if path else "reprobook.yaml"
    if path is None or not path.is_file():
        raise DataError(rel, "original.references names the reference list", "file not found")
    record.file(rel)
    db = _parse(str(path), path.stat().st_mtime_ns, rel)
    for key, entry in db.entries.items():
        fields = {k.lower(): v for k, v in entry.fields.items()}
        if "seedline" not in fields or not str(fields["seedline"]).isdigit():
            raise DataError(Where(rel, key=key), "every entry names its line in the original", "no seedline")
        if "title" not in fields and "url" not in fields:
            raise DataError(Where(rel, key=key), "every entry names its work", "neither a title nor an address")
        malformed = "year" in fields and not YEAR.match(fields["year"])
        if (malformed or ("year" not in fields and "author" in entry.persons)) and \
                any(note_field(lang, project.languages) not in fields for lang in project.languages):
            what = f"year '{fields['year']}' is malformed" if malformed else "there is no year"
            raise DataError(Where(rel, key=key), "an incomplete or malformed entry carries a note",
                            f"{what}, and no note in every language says so")
    return db.entries


def keys(project, path: Path | None = None) -> set[str]:
    return set(entries(project, path))
