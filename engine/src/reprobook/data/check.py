"""Validate every data file of a project: the tables of the data package, then
the diagrams; the first breach stops with file, place and rule."""
from __future__ import annotations

from . import datapackage, diagrams


def validate_all(project) -> list[str]:
    """Names of every valid resource and diagram; raises DataError on the first error."""
    return datapackage.validate_all(project) + [f"{diagrams.DIR}/{n}" for n in diagrams.validate_all(project)]
