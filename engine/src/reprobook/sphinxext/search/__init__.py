"""Search in Indonesian: Sphinx has no ``id`` search language (it falls back to
English, so "berkolaborasi" never finds "kolaborasi"). This registers one: the
Snowball ``indonesian`` stemmer for the index (the snowballstemmer package, as
Sphinx's other languages use) and the same algorithm in JavaScript for the
reader's query.

indonesian-stemmer.js is the Snowball-generated stemmer as the npm package
@nlpjs/lang-id 4.26.1 ships it (src/indonesian-stemmer.js, MIT licence:
LICENSE-nlpjs.md), byte for byte; the tests compare it with the installed
package and check that it stems every word of the index as snowballstemmer does.
"""
from __future__ import annotations

import functools
from pathlib import Path

import snowballstemmer
from sphinx.search import SearchLanguage

HERE = Path(__file__).parent
STEMMER_JS = HERE / "indonesian-stemmer.js"
EXPORT = "module.exports = IndonesianStemmer;"


def stemmer_js() -> str:
    """The vendored stemmer as a browser script: its CommonJS export line (which
    would fail outside Node) replaced by the name Sphinx's search tool calls."""
    code = STEMMER_JS.read_text(encoding="utf-8")
    if code.count(EXPORT) != 1:
        raise RuntimeError(f"{STEMMER_JS}: expected one '{EXPORT}' line; was the file replaced?")
    return code.replace(EXPORT, "var Stemmer = IndonesianStemmer;")


def stopwords() -> set[str]:
    lines = (HERE / "stopwords-id.txt").read_text(encoding="utf-8").splitlines()
    return {w.strip() for line in lines if not line.startswith("#") for w in line.split() if w.strip()}


class SearchIndonesian(SearchLanguage):
    lang = "id"
    language_name = "Indonesian"
    js_stemmer_code = stemmer_js()
    stopwords = stopwords()

    def init(self, options: dict) -> None:
        pass

    def stem(self, word: str) -> str:
        return _stem(word.lower())


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A word's stem, worked out once per process: the stemmer is pure Python, and the
    index stems every word of every page written (a preview's edit rewrites a few
    pages, whose words it has stemmed before)."""
    return _STEMMER.stemWord(word)


_STEMMER = snowballstemmer.stemmer("indonesian")


def setup(app):
    app.add_search_language(SearchIndonesian)
