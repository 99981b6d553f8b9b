"""The 'what changed' page: values read from notebooks, compared with the ones
committed at the previous release's tag."""
import json
import os
import subprocess
import sys

from reprobook import glue
from reprobook.project import current
from reprobook.site import changes


def _record(name, kind, **fields):
    """A glued output as reprobook.glue writes it (Indonesian only)."""
    doc = {"kind": kind, "lang": {"id": fields}}
    return {"output_type": "display_data", "metadata": {"scrapbook": {"name": name}},
            "data": {glue.PREFIX + glue.MIME: doc, glue.PREFIX + "text/plain": "x"}}


TABLE = (":::{table} Judul\n:name: tbl-x\n\n| No | Bulan | Terbit | Persen |\n|--:|:--|--:|--:|\n"
         "| 1 | Januari | 1.200 | 1,23 |\n| 2 | Februari | 900 | — |\n:::\n")
ENTRIES = (":::{table} Entri\n:name: tbl-e\n\n| No | Tempat | Baris | Tercetak |\n|--:|:--|--:|--:|\n"
           "| 1 | Tabel 5.1 | 1990 | 1,84 |\n| 2 | Tabel 5.1 | 1991 | 1,56 |\n| 3 | Teks | 374 | 3 |\n:::\n")


def test_numbers_texts_and_table_cells_are_values_and_figures_are_not():
    nb = {"cells": [{"outputs": [_record("n", "number", text="1.234"), _record("year", "text", text="2018"),
                                 _record("tbl-x", "table", markdown=TABLE),
                                 _record("fig", "figure", svg="<svg/>", alt="a")]}]}
    values = changes.glued_values(nb)
    assert values["n"] == "1.234" and values["year"] == "2018"
    # rows are named by their label, not by the running number
    assert values["tbl-x[Januari | Terbit]"] == "1.200" and values["tbl-x[Februari | Terbit]"] == "900"
    assert "tbl-x[Februari | Persen]" not in values  # a dash is not a number
    assert not any(k.startswith("fig") for k in values)


def test_rows_keep_their_names_when_a_row_is_added_before_them():
    before = changes.table_cells("tbl-e", ENTRIES)
    assert before["tbl-e[Tabel 5.1 / 1991 | Tercetak]"] == "1,56"  # the label alone repeats: one more column
    added = ENTRIES.replace("| 1 | Tabel 5.1 | 1990", "| 1 | Tabel 4.4 | 1482 | 300.000 |\n| 2 | Tabel 5.1 | 1990")
    added = added.replace("| 2 | Tabel 5.1 | 1991", "| 3 | Tabel 5.1 | 1991").replace("| 3 | Teks", "| 4 | Teks")
    after = changes.table_cells("tbl-e", added)
    assert set(after) - set(before) == {"tbl-e[Tabel 4.4 / 1482 | Tercetak]"}
    assert all(after[k] == v for k, v in before.items())


def test_compare_lists_changed_new_and_dropped_values_with_their_pages():
    old = {"a::x": "1", "a::y": "2", "a::gone": "3", "a::tbl[r | c]": "4"}
    new = {"a::x": "1", "a::y": "20", "a::new": "5", "a::tbl[r | c]": "40"}
    where = {"a::y": ["book/chapters/results"], "a::tbl": ["book/chapters/setting"]}
    rows = changes.compare(old, new, where)
    assert [(r.key, r.old, r.new, r.pages) for r in rows] == [
        ("a::gone", "3", None, ()),
        ("a::new", None, "5", ()),
        ("a::tbl[r | c]", "4", "40", ("book/chapters/setting",)),
        ("a::y", "2", "20", ("book/chapters/results",)),
    ]


def test_appearances_find_roles_tables_and_figures_in_each_edition():
    where = changes.appearances()
    assert where["procedures::tbl-paths"] == ["book/chapters/results"]
    assert where["procedures::dp-visits"] == ["book/chapters/results"]
    assert "book/chapters/setting" in where["procedures::org-units"]
    english = changes.appearances("en")  # each edition links to its own pages
    assert english["procedures::tbl-paths"] == ["book/en/chapters/results"]
    assert all(page.startswith("book/en/") for pages in english.values() for page in pages)


def test_a_release_tag_is_compared_with_the_working_tree(tmp_path):
    """In a clone: tag v1.0.0, change a glued value in a notebook, commit; the
    list then holds exactly that value, old and new."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(current().root), str(clone)], check=True)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", "tag", "-a", "v1.0.0", "-m", "r"], cwd=clone, check=True, env=env)
    path = clone / "notebooks" / "procedures.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get("scrapbook", {}).get("name") == "dp-visits":
                doc = out["data"][glue.PREFIX + glue.MIME]
                old = doc["lang"]["id"]["text"]
                doc["lang"]["id"] = {"text": "7", "markdown": "7"}
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "edit"], cwd=clone, check=True, env=env)
    script = ("import json; from reprobook.site import changes, version; v = version.version(); "
              "p = version.previous_release(v); rows = changes.compare(changes.values_at(p), "
              "changes.current_values(), changes.appearances()); "
              "print(json.dumps([v, p, [[r.key, r.old, r.new, list(r.pages)] for r in rows]]))")
    out = subprocess.run([sys.executable, "-c", script], cwd=clone, capture_output=True, text=True,
                         env=dict(env, PYTHONPATH=os.pathsep.join([str(clone / "engine" / "src"), str(clone / "src")])),
                         check=True)
    version, previous, rows = json.loads(out.stdout)
    assert version.startswith("1.0.0.dev1+g") and previous == "1.0.0"
    assert rows == [["procedures::dp-visits", old, "7", ["book/chapters/results"]]]


def test_a_changed_value_is_named_as_a_reader_sees_it():
    """Not as a key: a table cell by its table (a numbered link), row and column;
    a number in the prose by its page and the words before it."""
    from reprobook.site.changes import reader_name

    cell = reader_name("uptake::tbl-uptake-2018[Maret | Pengantaran]", {})
    assert cell == "{numref}`tbl-uptake-2018`, Maret, Pengantaran"
    where = {"uptake::rate": ("book/chapters/results", "tingkat pemanfaatan tahun 2018 adalah")}
    assert reader_name("uptake::rate", where) == "{doc}`/book/chapters/results`: «… tingkat pemanfaatan tahun 2018 adalah»"
    assert "::" not in reader_name("uptake::tbl-uptake-2018[Maret | Pengantaran]", {})


def test_prose_changes_are_shown_word_by_word_per_edition(tmp_path):
    """A word changed in a page since the release shows as the words around it, the
    changed ones marked, on that edition's list only."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(current().root), str(clone)], check=True)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", "tag", "-a", "v1.0.0", "-m", "r"], cwd=clone, check=True, env=env)
    page = clone / "book" / "chapters" / "conclusions.md"
    text = page.read_text(encoding="utf-8")
    word = next(w for w in text.split() if w.isalpha() and len(w) > 6)
    page.write_text(text.replace(word, word + "nya", 1), encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "edit"], cwd=clone, check=True, env=env)
    script = ("import json; from reprobook.site import changes; "
              "print(json.dumps([changes.prose_changes('1.0.0', lang) for lang in ('id', 'en')]))")
    out = subprocess.run([sys.executable, "-c", script], cwd=clone, capture_output=True, text=True, check=True,
                         env=dict(env, PYTHONPATH=os.pathsep.join([str(clone / "engine" / "src"), str(clone / "src")])))
    indonesian, english = json.loads(out.stdout)
    assert english == []
    assert len(indonesian) == 1
    doc, before, after = indonesian[0]
    assert doc == "book/chapters/conclusions" and f"**{word}**" in before and f"**{word}nya**" in after


def test_changed_prose_is_compared_as_the_words_a_reader_sees():
    md = ("(ch-x)=\n# Judul\n\nKata {term}`kolaborasi <glos-k>` dan {src}`6.2.1` serta "
          "{nb}`/notebooks/a.ipynb::k` **tebal**.\n:::{table} x\n:name: t\n")
    assert changes.plain(md).split() == ["Judul", "Kata", "kolaborasi", "dan", "(§6.2.1)", "serta", "…", "tebal."]
