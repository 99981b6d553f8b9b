"""Conventions of this dissertation's service diagrams (data/diagrams/README.md):

- ``attrs.org`` on a node: the party responsible for it (``pemohon`` is the applicant);
  a change of ``org`` between consecutive nodes of a path is a hand-off;
- ``attrs.visit: true``: the applicant arrives at the immigration office;
- ``attrs.step``, ``attrs.actor``, ``attrs.action`` on the numbered steps of the
  delivery procedure (fig-5-4.yaml), with ``attrs.actor_<lang>`` and
  ``attrs.action_<lang>`` for each further language of the book.
"""
from __future__ import annotations

import pandas as pd

from reprobook.data.diagrams import Diagram

APPLICANT = "pemohon"
# The diagram of the delivery procedure and its time limits (Gambar 5.4).
DELIVERY = "fig-5-4"


def visits(d: Diagram, path: list[str]) -> int:
    return sum(1 for n in path if d.node(n).get("attrs", {}).get("visit"))


def handoffs(d: Diagram, path: list[str]) -> list[tuple[str, str]]:
    """Each change of the responsible party between consecutive nodes."""
    org = [d.node(n).get("attrs", {}).get("org") for n in path]
    return [(a, b) for a, b in zip(org, org[1:]) if a and b and a != b]


def between_organisations(changes: list[tuple[str, str]]) -> int:
    return sum(1 for a, b in changes if APPLICANT not in (a, b))


def steps_frame(d: Diagram) -> pd.DataFrame:
    """The numbered steps of a procedure as a table: step, actor, action (and
    ``actor_<lang>``, ``action_<lang>`` for each further language, so that
    ``Notebook.localized`` reads them), the limit in days after the previous
    step (None where the text sets none), seed line."""
    limit = {t["to"]: t["max_days"] for t in d.timing}
    steps = [n for n in d.nodes if "step" in n.get("attrs", {})]
    texts = {}
    for key in ("actor", "action"):
        texts[key] = [n["attrs"][key] for n in steps]
        for lang in d.languages[1:]:
            if all(n["attrs"].get(f"{key}_{lang}") for n in steps):  # else localized() names the missing column
                texts[f"{key}_{lang}"] = [n["attrs"][f"{key}_{lang}"] for n in steps]
    frame = pd.DataFrame({
        "step": [n["attrs"]["step"] for n in steps],
        **texts,
        "max_days_after_previous": pd.array([limit.get(n["id"]) for n in steps], dtype="Int64"),
        "seed_line": [n["seed_line"] for n in steps],
    })
    frame.attrs["path"] = d.path
    return frame
