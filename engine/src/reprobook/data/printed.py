"""What the original prints: the registry of printed values (data/printed/registry.csv),
one entry per place a number, date or name is printed, with the value a reader
takes from it. For comparison only: recomputations never read these as inputs."""
from __future__ import annotations

import pandas as pd

from ..numbers import printed_value
from . import datapackage

RESOURCE = "registry"


def registry(project, location: str | None = None) -> pd.DataFrame:
    """The registry with each entry's parsed `value`, indexed by id; with a
    location (e.g. "Tabel 5.1"), that location's entries indexed by fact."""
    frame = datapackage.load(project, RESOURCE)
    frame["value"] = [printed_value(p, d, r) for p, d, r in zip(frame["printed"], frame["decimal_mark"], frame["read_as"])]
    if location is None:
        return frame.set_index("id")
    return frame[frame["location"] == location].drop_duplicates("fact").set_index("fact")
