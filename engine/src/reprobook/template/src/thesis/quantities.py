"""Each fact of data/printed/registry.csv, recomputed from the raw data.

A fact such as ``count.2020`` names a computation (``count``) and its
arguments (``2020``); each function takes the engine's reconciliation Data.
"""

QUANTITIES = {
    "count": lambda d, year: int(d.resource("measurements").set_index("year").loc[int(year), "count"]),
    "total": lambda d: int(d.resource("measurements")["count"].sum()),
}
NOT_IN_DATA: set[str] = set()  # facts no data can check
NOT_COMPARED: set[str] = set()  # entries that share a fact name without being one fact
PARTS = {"total": lambda: [[f"count.{y}" for y in (2019, 2020, 2021)]]}  # printed parts of a printed total
RELATED: list[tuple[str, str]] = []  # facts that should be equal although named differently
