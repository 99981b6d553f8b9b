"""How this dissertation's own words for its places read in each edition.

The register of printed figures (data/printed/registry.csv) names each place as
the Indonesian edition writes it: "Tabel 4.1", "Bagian 5.2, teks", "Abstrak".
``location`` makes such a place a text that each edition words from the string
``words`` of strings/locations.yaml (keys: the words of the data); a word
without a string stops the build, naming it, rather than mixing languages on a page.
"""
from __future__ import annotations

from reprobook.values import Strings, cat

WORDS = Strings("locations")["words"]


def location(value: str):
    head, _, qualifier = value.partition(", ")
    name, _, number = head.partition(" ")
    parts = [WORDS.item(name)] + ([f" {number}"] if number else [])
    if qualifier:
        parts += [", ", WORDS.item(qualifier)]
    return cat(*parts)
