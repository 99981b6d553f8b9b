"""Bad input, reported one way: every message names the file, the place in it
(row and column, line, or key) and the rule that was broken, as

    data/raw/fees.csv, row 3 (line 4), column 'fee': value -5 is below 0 [rule: minimum 0]
"""
from __future__ import annotations

from dataclasses import dataclass


class InputError(ValueError):
    """Input the build refuses: a data file, a label, a chapter, a configuration."""


class DataError(InputError):
    """Bad data (tables, diagrams, the registry of printed values)."""


@dataclass(frozen=True)
class Where:
    file: str
    row: int | None = None  # 1-based data row of a CSV; its line is row + 1 (the header)
    column: str | None = None
    line: int | None = None  # a line of a text file, where there are no rows
    key: str | None = None  # a key of a YAML file

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


def message(where, rule: str, detail: str) -> str:
    return f"{where}: {detail} [rule: {rule}]"


def fail(where, rule: str, detail: str, kind: type[InputError] = DataError) -> InputError:
    """The error to raise: `where` is a Where or an already formatted place."""
    return kind(message(where, rule, detail))
