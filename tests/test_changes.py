"""What a version changed since the previous release: values compared as the
records notebooks glued (never parsed back out of pages), the passages of the
pages, and the release note read as text."""
import json
import os
import subprocess
import sys

import pytest

from reprobook import digest, glue, strings
from reprobook import project as projects
from reprobook import values as v
from reprobook.errors import ConfigError
from reprobook.pipeline import changes, records
from reprobook.render.inline import Wording

PROJECT = projects.here()
WORDS = Wording(strings.of(PROJECT), "id")


def _output(name, value):
    """A glued output as reprobook.glue writes it."""
    doc = glue.document(value)
    return {"output_type": "display_data", "metadata": {"scrapbook": {"name": name}},
            "data": {glue.PREFIX + glue.MIME: json.dumps(doc), glue.PREFIX + "text/plain": "x"}}


def _table(rows, key=(1,)):
    return v.Table([v.Column("No", "r"), v.Column("Bulan"), v.Column("Terbit", "r"), v.Column("Persen", "r")],
                   rows, caption="Judul", key=key)


MONTHS = [[1, "Januari", v.Num(1200), v.Num(1.23, 2)], [2, "Februari", v.Num(900), "—"]]


def test_numbers_texts_and_table_cells_are_values_and_figures_are_not():
    nb = {"cells": [{"outputs": [_output("n", v.Num(1234)), _output("year", "2018"), _output("tbl-x", _table(MONTHS)),
                                 _output("fig", v.Figure({"*": {"svgz": "", "pdf": ""}}, "a"))]}]}
    values = changes.values_of({"a": nb}, WORDS)
    assert values["a::n"] == "1.234" and values["a::year"] == "2018"
    # rows are named by their key column (the label), not by the running number
    assert values["a::tbl-x[Januari | Terbit]"] == "1.200" and values["a::tbl-x[Februari | Terbit]"] == "900"
    assert values["a::tbl-x[Januari | Persen]"] == "1,23"
    assert "a::tbl-x[Februari | Persen]" not in values  # a dash is not a number
    assert not any("fig" in k for k in values)


def test_rows_keep_their_names_when_a_row_is_added_before_them():
    before = changes.values_of({"a": {"cells": [{"outputs": [_output("t", _table(MONTHS))]}]}}, WORDS)
    added = [[1, "Desember", v.Num(50), v.Num(0.5, 2)]] + [[n + 1, *rest] for n, *rest in MONTHS]
    after = changes.values_of({"a": {"cells": [{"outputs": [_output("t", _table(added))]}]}}, WORDS)
    assert set(after) - set(before) == {"a::t[Desember | Terbit]", "a::t[Desember | Persen]"}
    assert all(after[k] == x for k, x in before.items())


def test_compare_lists_changed_new_and_dropped_values():
    old = {"a::x": "1", "a::y": "2", "a::gone": "3", "a::tbl[r | c]": "4"}
    new = {"a::x": "1", "a::y": "20", "a::new": "5", "a::tbl[r | c]": "40"}
    assert changes.compare(old, new) == [
        {"key": "a::gone", "old": "3", "new": None}, {"key": "a::new", "old": None, "new": "5"},
        {"key": "a::tbl[r | c]", "old": "4", "new": "40"}, {"key": "a::y", "old": "2", "new": "20"}]


def _clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(PROJECT.root), str(clone)], check=True)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    if (clone / records.FOLDER).exists():  # the repository may carry releases: this clone starts without
        subprocess.run(["git", "rm", "-r", "-q", records.FOLDER], cwd=clone, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", "no releases"], cwd=clone, check=True, env=env)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    manifest = "0" * 64 + "  index.html\n"  # release 1.0.0 is this commit, recorded in the next, as `release` does
    records.write(clone, records.Record("1.0.0", head, "2026-01-01", 0, "0" * 12, digest.of_bytes(manifest.encode())),
                  manifest)
    subprocess.run(["git", "add", records.FOLDER], cwd=clone, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "Record release 1.0.0"], cwd=clone, check=True, env=env)
    return clone, env


SCRIPT = ("import json, sys; from reprobook import project, strings; from reprobook.pipeline import changes, version; "
          "p = project.here(); v = version.version(p.root); prev = version.previous_release(p.root, v); "
          "c = version.commit_of(p.root, prev); "
          "print(json.dumps([v, prev, [changes.of(p, strings.of(p), lang, v, prev, c, 'Belum dirilis') "
          "for lang in ('id', 'en')]]))")


def _changes(clone, env):
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=clone, capture_output=True, text=True, check=True,
                         env=dict(env, PYTHONPATH=os.pathsep.join([str(clone / "engine" / "src"), str(clone / "src")])))
    return json.loads(out.stdout)


def test_a_recorded_release_is_compared_with_the_working_tree(tmp_path):
    """In a clone: record release 1.0.0, change a glued value in a notebook, commit; the
    list then holds exactly that value, old and new, in each edition's words."""
    clone, env = _clone(tmp_path)
    path = clone / "notebooks" / "procedures.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get("scrapbook", {}).get("name") == "dp-visits":
                out["data"][glue.PREFIX + glue.MIME] = json.dumps(glue.document(v.Num(1234)))
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "edit"], cwd=clone, check=True, env=env)
    version, previous, (indonesian, english) = _changes(clone, env)
    old = WORDS.plain(glue.value(glue.get(PROJECT.notebooks / "procedures.ipynb", "dp-visits")))
    assert version.startswith("1.0.0.dev2+g") and previous == "1.0.0"  # the record's commit, then the edit
    assert indonesian["values"] == [{"key": "procedures::dp-visits", "old": old, "new": "1.234"}]
    assert english["values"] == [{"key": "procedures::dp-visits", "old": old, "new": "1,234"}]
    assert indonesian["prose"] == english["prose"] == []


def test_prose_changes_are_shown_word_by_word_per_edition(tmp_path):
    """A word changed in a page since the release shows as the words around it, the
    changed ones strong, on that edition's list only."""
    clone, env = _clone(tmp_path)
    page = clone / "book" / "id" / "chapters" / "conclusions.md"
    text = page.read_text(encoding="utf-8")
    word = next(w for w in text.split() if w.isalpha() and len(w) > 6)
    page.write_text(text.replace(word, word + "nya", 1), encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "edit"], cwd=clone, check=True, env=env)
    _, _, (indonesian, english) = _changes(clone, env)
    assert english["prose"] == [] and indonesian["values"] == []
    (change,) = indonesian["prose"]
    assert change["doc"] == "chapters/conclusions"
    assert ["strong", word] in change["before"] and ["strong", word + "nya"] in change["after"]


def test_changed_prose_is_compared_as_the_words_a_reader_sees():
    md = ("(ch-x)=\n# Judul\n\nKata {term}`kolaborasi <glos-k>` dan {src}`6.2.1` serta "
          "{nb}`/notebooks/a.ipynb::k` **tebal**.\n:::{table} x\n:name: t\n")
    assert changes.plain(md).split() == ["Judul", "Kata", "kolaborasi", "dan", "(§6.2.1)", "serta", "…", "tebal."]


def _note(tmp_path, body):
    (tmp_path / changes.CHANGELOG).write_text("# Perubahan\n\nPengantar.\n\n## 1.1.0\n\n" + body + "\n## 1.0.0\n\nAwal.\n",
                                              encoding="utf-8")
    return changes.note(tmp_path, "1.1.0")


def test_a_release_note_is_read_as_paragraphs_and_lists_of_text(tmp_path):
    blocks = _note(tmp_path, "Satu **dua** *tiga* `empat`\nlima.\n\n- butir satu\n  lanjut\n- butir 3 < 4?\n")
    assert blocks == [
        {"para": [["text", "Satu "], ["strong", "dua"], ["text", " "], ["emphasis", "tiga"], ["text", " "],
                  ["literal", "empat"], ["text", " lima."]]},
        {"list": [[["text", "butir satu lanjut"]], [["text", "butir 3 < 4?"]]]}]
    assert changes.note(tmp_path, "1.0.0") == [{"para": [["text", "Awal."]]}]
    assert changes.note(tmp_path, "2.0.0") is None


@pytest.mark.parametrize("line,what", [
    ("<script>alert(1)</script>", "HTML"), ("{download}`../../../../etc/passwd`", "the role {download}"),
    ("```{raw} latex", "a fenced block"), ("~~~{literalinclude} /etc/passwd", "a fenced block"),
    (":::{include} /etc/hostname", "a fenced block"), ("[klik](javascript:alert(1))", "a link"),
    ("[x]: /etc/passwd", "a link definition"), ("> kutipan", "a quotation"), ("1. satu", "a numbered list"),
    ("| a | b |\n|---|---|", "a table"), ("&lt;script&gt;", "an entity"), ("Judul\n=====", "a heading"),
    ("![x](/etc/hostname)", "an image"), ("### Judul", "a heading"), ("$\\input{/etc/hostname}$", "mathematics"),
    ("baris\u2028berikut", "U+2028")])
def test_a_release_note_with_markup_is_refused_with_its_line(tmp_path, line, what):
    with pytest.raises(ConfigError) as info:
        _note(tmp_path, f"Baik.\n\n{line}\n")
    assert str(info.value).startswith("CHANGELOG.md, line 9: ")
    assert what in str(info.value) and "[rule: a release note is paragraphs and lists of plain text" in str(info.value)


def test_a_version_heading_inside_a_fenced_block_of_another_section_is_not_a_heading(tmp_path):
    (tmp_path / changes.CHANGELOG).write_text("# P\n\n## 1.0.0\n\nAwal.\n\n```\n## 2.0.0\n```\n", encoding="utf-8")
    assert changes.note(tmp_path, "2.0.0") is None


@pytest.mark.parametrize("block", ["```\n~~~\n## 2.0.0\n```", "~~~~\n```\n## 2.0.0\n~~~~", "    ## 2.0.0",
                                   "````md\n```\n## 2.0.0\n```\n````"])
def test_a_version_heading_inside_any_code_block_is_not_a_heading(tmp_path, block):
    """A fence closes only with its own character and length, and an indented line is
    code: the line-by-line toggle mistook the first two for headings."""
    (tmp_path / changes.CHANGELOG).write_text(f"# P\n\n## 1.0.0\n\nAwal.\n\n{block}\n", encoding="utf-8")
    assert changes.note(tmp_path, "2.0.0") is None
    with pytest.raises(ConfigError, match="CHANGELOG.md, line 7: it holds "):
        changes.note(tmp_path, "1.0.0")  # the block is in 1.0.0's note, where code is refused
