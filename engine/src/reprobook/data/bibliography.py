"""The source's reference list as BibTeX (reprobook.yaml: source.references),
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

from ..errors import InputError
from ..execution import record
from ..project import current

YEAR = re.compile(r"^[12][0-9]{3}[a-z]?$")


def note_field(lang: str) -> str:
    return "note" if lang == current().default_lang else f"note{lang}"


@lru_cache(maxsize=4)
def _parse(path: str, mtime: float):
    import pybtex.errors
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexSyntaxError

    rel = current().relative(Path(path))
    pybtex.errors.set_strict_mode(True)
    try:
        return parse_file(path, bib_format="bibtex")
    except PybtexSyntaxError as exc:
        raise InputError(f"{rel}, line {exc.lineno}: {exc.error_type}: {exc} [rule: BibTeX syntax]") from None
    except Exception as exc:  # pybtex's BibliographyDataError: a repeated key, a bad name
        raise InputError(f"{rel}: {exc} [rule: each entry once, with well-formed fields]") from None


def entries(path: Path | None = None):
    """The entries, checked: every entry says where it stands in the source
    (seedline), and an entry with no year or a malformed one carries a note
    in every language."""
    path = path or current().references
    if path is None or not path.is_file():
        raise InputError(f"{path}: file not found [rule: source.references names the reference list]")
    record.read(path)
    db = _parse(str(path), path.stat().st_mtime)
    rel = current().relative(path)
    for key, entry in db.entries.items():
        fields = {k.lower(): v for k, v in entry.fields.items()}
        if "seedline" not in fields or not str(fields["seedline"]).isdigit():
            raise InputError(f"{rel}, key '{key}': no seedline [rule: every entry names its line in the source]")
        if "title" not in fields and "url" not in fields:
            raise InputError(f"{rel}, key '{key}': neither a title nor an address [rule: every entry names its work]")
        malformed = "year" in fields and not YEAR.match(fields["year"])
        if (malformed or ("year" not in fields and "author" in entry.persons)) and \
                any(note_field(lang) not in fields for lang in current().languages):
            what = f"year '{fields['year']}' is malformed" if malformed else "there is no year"
            raise InputError(f"{rel}, key '{key}': {what}, and no note in every language says so "
                             "[rule: an incomplete or malformed entry carries a note]")
    return db.entries


def keys(path: Path | None = None) -> set[str]:
    return set(entries(path))
