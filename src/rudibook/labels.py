"""Reader-facing strings (captions, axis labels, column heads), one YAML file per
notebook under notebooks/labels/, keyed by language, so that an English
edition only adds a translation beside each Indonesian string."""
from __future__ import annotations

import yaml

from . import paths

DEFAULT_LANG = "id"


class Labels(dict):
    def __missing__(self, key):
        raise KeyError(f"label '{key}' is not defined in {self.source}")


def load(notebook: str, lang: str = DEFAULT_LANG) -> Labels:
    path = paths.LABELS / f"{notebook}.yaml"
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    out = Labels()
    out.source = f"notebooks/labels/{notebook}.yaml"
    for key, texts in raw.items():
        if lang not in texts:
            raise KeyError(f"label '{key}' has no '{lang}' text in {out.source}")
        out[key] = texts[lang]
    return out
