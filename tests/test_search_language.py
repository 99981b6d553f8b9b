"""Search in Indonesian (reprobook.sphinxext.search): the index is stemmed with
snowballstemmer's Indonesian stemmer, the reader's query with the vendored
JavaScript one; the two must agree on every word, or a query would miss pages."""
import json
import re
import shutil
import subprocess

import pytest
import snowballstemmer

from reprobook import project as projects
from reprobook.sphinxext import search

NODE = shutil.which("node")
PROJECT = projects.here()
NPM_COPY = PROJECT.root / "node_modules" / "@nlpjs" / "lang-id" / "src" / "indonesian-stemmer.js"


def _words() -> list[str]:
    """Every word of the book's Indonesian pages and notebooks (the words the index holds)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (PROJECT.edition("id") / "chapters").glob("*.md"))
    text += " ".join(p.read_text(encoding="utf-8") for p in PROJECT.notebooks.glob("*.ipynb"))
    return sorted(set(re.findall(r"[a-z]{2,}", text.lower())))


def test_the_stemmer_relates_inflected_indonesian_words_to_their_root():
    stem = search.SearchIndonesian({}).stem
    assert stem("berkolaborasi") == stem("kolaborasi") == "kolaborasi"
    assert stem("dikirim") == stem("kirim") == "kirim"
    assert stem("pelayanan") == stem("layanan")
    # Snowball's Indonesian stemmer does not relate every pair: pegawai/kepegawaian stay apart
    assert stem("pegawai") != stem("kepegawaian")


def test_the_vendored_stemmer_is_the_npm_package_file_unchanged():
    if not NPM_COPY.exists():
        pytest.skip("node_modules/@nlpjs/lang-id is not installed (make browser installs it)")
    assert search.STEMMER_JS.read_bytes() == NPM_COPY.read_bytes()


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_javascript_stemmer_agrees_with_the_index_stemmer_on_every_word(tmp_path):
    words = _words()
    assert len(words) > 2000
    script = tmp_path / "stem.js"
    script.write_text(search.stemmer_js() + "\nconst s = new Stemmer();\nconst words = JSON.parse(require('fs')"
                      ".readFileSync(0, 'utf8'));\nprocess.stdout.write(JSON.stringify(words.map(w => s.stemWord(w))));",
                      encoding="utf-8")
    done = subprocess.run([NODE, str(script)], input=json.dumps(words), capture_output=True, text=True, check=True)
    stemmer = snowballstemmer.stemmer("indonesian")
    differ = [(w, a, b) for w, a, b in zip(words, stemmer.stemWords(words), json.loads(done.stdout)) if a != b]
    assert differ == []


def test_stop_words_are_function_words_only():
    words = search.stopwords()
    assert {"yang", "dan", "di", "ke", "dari", "untuk"} <= words
    assert not words & {"kolaborasi", "paspor", "pelayanan", "kerja", "pos"}
