"""``{versionchanges}``: the values that differ from the previous release, named
as a reader meets them and linked to the pages that show them (the pipeline
compares glued records; the page renders the result). ``{notebook-index}``:
each notebook with the tables and figures it makes, as numbered links."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

from tinybook import notebook_json, warnings_of

from reprobook import context, strings
from reprobook import values as v
from reprobook.pipeline import changes
from reprobook.render.inline import Wording


def table(rows):
    return v.Table(columns=(v.Column("Year", "l"), v.Column("Count", "r")), rows=rows, caption="Counts", key=(0,))


OLD = {"count": v.Num(3), "year": "2018", "same": v.Num(1), "tbl": table(((2018, v.Num(10)), (2019, v.Num(20)))),
       "unshown": v.Num(5)}
NEW = {"count": v.Num(4), "year": "2018", "same": v.Num(1), "tbl": table(((2018, v.Num(10)), (2019, v.Num(21)))),
       "unshown": v.Num(6)}
PAGE = """\
# Results

Entries counted: {nb}`/notebooks/demo.ipynb::count`. Unchanged: {nb}`/notebooks/demo.ipynb::same`.

```{nbtable} /notebooks/demo.ipynb::tbl
:name: tbl-counts
```
"""


def changes_json(tiny, lang: str) -> dict:
    w = Wording(strings.of(tiny.project), lang)
    old = changes.values_of({"demo": notebook_json(OLD)}, w)
    new = changes.values_of({"demo": notebook_json(NEW)}, w)
    return {"this": "1.1.0", "previous": "1.0.0", "note": [{"para": [["text", "Fixed "], ["strong", "one count"]]}],
            "values": changes.compare(old, new), "prose": []}


def test_the_compared_records_name_each_changed_value_and_cell():
    w = Wording(strings.engine_catalog(("en",)), "en")
    found = changes.compare(changes.values_of({"demo": notebook_json(OLD)}, w),
                            changes.values_of({"demo": notebook_json(NEW)}, w))
    assert found == [{"key": "demo::count", "old": "3", "new": "4"},
                     {"key": "demo::tbl[2019 | Count]", "old": "20", "new": "21"},
                     {"key": "demo::unshown", "old": "5", "new": "6"}]


def test_the_changes_page_lists_changed_values_with_the_pages_that_show_them(tiny):
    tiny.glue(NEW)
    tiny.page("results", PAGE)
    tiny.page("changes", "# Changes\n\n```{versionchanges}\n```\n")
    context.write(tiny.context("en") / context.CHANGES, changes_json(tiny, "en"))
    app = tiny.build("en")
    assert warnings_of(app) == ""
    html = tiny.html(app, "changes")
    body = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main"):html.index("</main>")]))
    assert "Fixed one count" in body  # the release note, as text
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip()
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html[html.index("<main"):], re.S)]
    assert any(r.startswith("Results : «… Entries counted:» 3 4 Results") for r in rows), rows
    assert any(r.startswith("Table 1 , 2019, Count 20 21 Results") for r in rows), rows
    assert "Compared with release 1.0.0, 3 values differ." in body
    assert "1 more changed values appear on no page of the book" in body  # demo::unshown
    assert len([r for r in rows if " 1 1 " in f" {r} "]) == 0  # an unchanged value is not listed


def test_a_first_version_says_so(tiny):
    tiny.page("changes", "# Changes\n\n```{versionchanges}\n```\n")
    context.write(tiny.context("id") / context.CHANGES, {"this": "1.0.0", "previous": None, "note": None,
                                                         "values": [], "prose": []})
    html = tiny.html(tiny.build("id"), "changes")
    first = strings.fill(strings.of(tiny.project).text("changes", "changes_first", "id"), version="1.0.0")
    assert first in html


def test_the_notebook_index_links_what_each_notebook_makes(tiny):
    tiny.glue(NEW)
    tiny.page("results", PAGE)
    tiny.page("notebooks-index", "# Notebooks\n\n```{notebook-index}\n```\n")
    app = tiny.build("en")
    assert warnings_of(app) == ""
    html = tiny.html(app, "notebooks-index")
    row = re.search(r'<td><p><a class="reference internal" href="notebooks/demo.html">.*?</tr>', html, re.S)
    assert row and 'href="results.html#tbl-counts"' in row.group(0) and "Table 1" in row.group(0)


def test_an_overview_follows_an_edit_of_another_page_without_being_read_again(tiny):
    """The overview pages are filled in as they are written, so an incremental build
    writes them again after any page was read, and reads only the edited page."""
    tiny.glue(NEW)
    tiny.page("results", "# Results\n\nNothing pasted yet.\n")
    tiny.page("notebooks-index", "# Notebooks\n\n```{notebook-index}\n```\n")
    app = tiny.build("en")
    assert "tbl-counts" not in tiny.html(app, "notebooks-index")
    doctrees = Path(app.doctreedir)
    saved = {p.name: p.stat().st_mtime_ns for p in doctrees.glob("*.doctree")}
    tiny.page("results", PAGE)
    page = tiny.src("en") / "results.md"
    later = time.time() + 5  # Sphinx compares modification times with the last build's
    os.utime(page, (later, later))
    app = tiny.build("en", fresh=False)
    read = sorted(p.name for p in doctrees.glob("*.doctree") if p.stat().st_mtime_ns != saved.get(p.name))
    # the edited page (and the start page, whose table of contents tiny.page rewrote); not the overview
    assert "results.doctree" in read and "notebooks-index.doctree" not in read
    html = tiny.html(app, "notebooks-index")
    assert 'href="results.html#tbl-counts"' in html and "Table 1" in html
