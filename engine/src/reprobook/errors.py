"""Bad input, and every other refusal, reported one way: one exception type
that carries where the problem is, the rule that was broken, and what was
found, printed as

    data/raw/fees.csv, row 3 (line 4), column 'fee': value -5 is below 0 [rule: minimum 0]

The command line catches ReprobookError and nothing else; the kinds below are
there so that a caller can tell a data error from a refused release, never to
change how the message reads.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A place in a file: a CSV row and column, a line of a text file, or a YAML key."""

    file: str
    row: int | None = None  # 1-based data row of a CSV; its line is row + 1 (the header)
    column: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row} (line {self.row + 1})")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.key is not None:
            parts.append(f"key '{self.key}'")
        return ", ".join(parts)


class ReprobookError(Exception):
    """What the engine refuses: where (a Where, or a place already worded), the
    rule, and the detail of what was found."""

    def __init__(self, where, rule: str, detail: str):
        self.where, self.rule, self.detail = where, rule, detail
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.where)
        return f"{where + ': ' if where else ''}{self.detail} [rule: {self.rule}]"

    def __reduce__(self):  # survives pickling between processes (parallel Sphinx, kernels)
        return (type(self), (self.where, self.rule, self.detail))


class DataError(ReprobookError):
    """Bad data: a table, a diagram, the registry of printed values, a label."""


class ConfigError(ReprobookError):
    """A project setting, a chapter, a page: input that is not data."""


class NotebookError(ReprobookError):
    """A notebook failed or broke the rules of what it may read."""


class BuildError(ReprobookError):
    """A build step failed (Sphinx, LaTeX)."""


class PublishError(ReprobookError):
    """The versioned site refused a publication."""


class ReleaseRefused(ReprobookError):
    """A release that may not be made."""


def fail(where, rule: str, detail: str, kind: type[ReprobookError] = DataError) -> ReprobookError:
    """The error to raise."""
    return kind(where, rule, detail)
