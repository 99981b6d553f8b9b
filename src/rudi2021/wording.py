"""How this dissertation's own words for its places read in each edition.

The register of printed figures (data/printed/registry.csv) names each place as
the Indonesian edition writes it: "Tabel 4.1", "Bagian 5.2, teks", "Abstrak".
``location`` words such a place in an edition's language from the label
``words`` of labels/locations.yaml (keys: the words of the data); a word
without a label stops the notebook rather than mixing languages on a page.
"""
from __future__ import annotations

from reprobook import labels
from reprobook.errors import InputError, Where, fail


def location(value: str, lang: str) -> str:
    words = labels.load("locations", lang).mapping("words")

    def word(w: str) -> str:
        if w not in words:
            raise fail(Where("labels/locations.yaml", key="words"), "every word of a location has a label",
                       f"no '{lang}' wording of '{w}' (in the location '{value}')", InputError)
        return words[w]

    head, _, qualifier = value.partition(", ")
    name, _, number = head.partition(" ")
    out = word(name) + (f" {number}" if number else "")
    return out + (f", {word(qualifier)}" if qualifier else "")
