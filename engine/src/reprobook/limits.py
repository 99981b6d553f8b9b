"""How much one page and one committed notebook may hold. A reader's browser and
a PDF cope with a few hundred rows; a 200,000-row table made a 37 MB page and a
28 MB notebook, built for minutes in gigabytes, and nobody reads it. Beyond
these limits the engine refuses, saying what to do instead: show a summary and
offer the whole table as a download (each version's data archive holds every
CSV, and every caption links the file its table came from).

The limits are ten times and more what this kind of book needs (its largest
table has about a hundred rows, its largest notebook under 200 KB).
"""
from __future__ import annotations

from .errors import ConfigError, ReprobookError

TABLE_ROWS = 1_000  # rows of one table shown on a page
NOTEBOOK_BYTES = 5_000_000  # a notebook file as committed, outputs included
PAGE_BYTES = 5_000_000  # one HTML page as published

ADVICE = ("show a summary (totals, a sample, the rows a reader needs) and offer the whole table as a download: "
          "the version's data archive holds every CSV, and the caption links the file")


def table(rows: int, where, error: type[ReprobookError] = ConfigError) -> None:
    if rows > TABLE_ROWS:
        raise error(where, f"a table shown in the book has at most {TABLE_ROWS:,} rows",
                    f"the table has {rows:,} rows: {ADVICE}")


def notebook(size: int, where, error: type[ReprobookError] = ConfigError) -> None:
    if size > NOTEBOOK_BYTES:
        raise error(where, f"a committed notebook is at most {NOTEBOOK_BYTES // 1_000_000} MB",
                    f"it is {size / 1e6:.1f} MB: glue smaller values ({ADVICE})")


def page(size: int, where, error: type[ReprobookError] = ConfigError) -> None:
    if size > PAGE_BYTES:
        raise error(where, f"a page of the book is at most {PAGE_BYTES // 1_000_000} MB",
                    f"it is {size / 1e6:.1f} MB: {ADVICE}")
