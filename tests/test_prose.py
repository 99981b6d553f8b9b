"""The book's prose: own words, and no number typed by hand."""
import re

from reprobook.project import current

ROOT = current().root
CHAPTERS = sorted(current().book.rglob("*.md"))


def _prose(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)          # directives (tables, figures, raw)
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", " ", text)              # roles: glued numbers, references
    text = re.sub(r"`[^`]*`", " ", text)                          # inline code (file names)
    text = re.sub(r"^\(.*\)=$", " ", text, flags=re.M)            # labels
    return text


ALLOWED = [
    r"hlm\.\s*[ivx\d]+(\s*[–-]\s*\d+)?(\s*naskah asli)?",  # page references to the original
    r"\b(Tabel|Gambar|bab|Bab|bagian)\s+[IVX\d]+(\.\d+)*((,|\s+dan|\s*–)\s*\d+(\.\d+)*)*",  # the original's parts
    r"\b[A-Z][\w.&-]*( [\w.&-]+)*,? \(?\d{4}[a-z]?(:\s?\d+([-–]\d+)?)?\)?",  # author (year) citations
    r"\(\d{4}(:\s?\d+([-–]\d+)?)?\)",                         # (2007), (2003:45)
    r"Nomor 25 Tahun 2009", r"Nomor 65 Tahun 2016",            # names of laws
    r"Maret 2020",                                             # the date the staff table describes
]


def test_no_number_typed_in_prose():
    offenders = []
    for path in CHAPTERS:
        prose = _prose(path.read_text(encoding="utf-8"))
        for pattern in ALLOWED:
            prose = re.sub(pattern, " ", prose)
        for line in prose.splitlines():
            if re.search(r"\d", line):
                offenders.append(f"{path.relative_to(ROOT)}: {line.strip()[:120]}")
    assert offenders == []


# Names and labels may be copied (the rules allow it); sentences may not.
NAMES = [
    "kolaborasi dalam program inovasi delivery passport service di kantor imigrasi kelas i kota makassar",
    "kantor imigrasi kelas i kota makassar", "kantor imigrasi kelas i makassar",
    "pt pos indonesia cabang makassar",
    "program doktor administrasi publik fakultas ilmu sosial dan ilmu politik universitas hasanuddin makassar",
    "lingkungan keanggotaan proses struktur komunikasi tujuan dan sumber daya",  # Mattessich & Monsey's groups
]


def _words(text):
    text = " ".join(re.findall(r"[a-z]+", text.lower()))
    for name in NAMES:
        text = text.replace(name, " | ")
    return text.split()


def test_no_sentence_is_copied_from_the_dissertation(source_text):
    seed = _words(source_text.read_text(encoding="utf-8"))
    n = 8
    grams = {tuple(seed[i:i + n]) for i in range(len(seed) - n)}
    copied = []
    for path in CHAPTERS:
        words = _words(_prose(path.read_text(encoding="utf-8")))
        for i in range(len(words) - n):
            if tuple(words[i:i + n]) in grams:
                copied.append(f"{path.name}: {' '.join(words[i:i + n])}")
    assert copied == []
