"""An incremental build shows what a clean one shows: each input a page reads
outside its own source makes that page be read again when it changes."""
from __future__ import annotations

import os
import time
from pathlib import Path

from tinybook import warnings_of

import reprobook
from reprobook import sphinxext

BIB = """@book{doe2001,
  author    = {Doe, Jane},
  title     = {The First Title},
  year      = {2001},
  publisher = {P},
  seedline  = {1}
}
"""


def _touch_later(path: Path) -> None:
    """Sphinx compares modification times: make the edit's time later than the last build's."""
    later = time.time() + 5
    os.utime(path, (later, later))


def test_an_edited_table_of_contents_reaches_every_src_on_the_next_incremental_build(tiny):
    tiny.page("results", "# R\n\nA claim {src}`1.2`.\n")
    assert '<span class="source-ref">(§1.2, pp. 7 ff.)</span>' in tiny.html(tiny.build("en"), "results")
    toc = tiny.root / "data" / "printed" / "toc.csv"
    toc.write_text(toc.read_text(encoding="utf-8").replace("1.2,2,Steps,7,4,30", "1.2,2,Steps,8,4,30"),
                   encoding="utf-8")
    _touch_later(toc)
    app = tiny.build("en", fresh=False)
    assert '<span class="source-ref">(§1.2, pp. 8 ff.)</span>' in tiny.html(app, "results")


def test_an_edited_bibliography_entry_reaches_the_pages_that_cite_it(tiny):
    bib = tiny.root / "book" / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    tiny.page("results", "# R\n\nAs {cite:t}`doe2001` says.\n")
    tiny.page("refs", "# References\n\n```{bibliography}\n```\n")
    first = tiny.build("en", bibtex_bibfiles=[str(bib)])
    assert warnings_of(first) == ""
    assert "The First Title" in tiny.html(first, "results")  # the citation's tooltip
    bib.write_text(BIB.replace("The First Title", "The Second Title"), encoding="utf-8")
    _touch_later(bib)
    html = tiny.html(tiny.build("en", fresh=False, bibtex_bibfiles=[str(bib)]), "results")
    assert "The Second Title" in html and "The First Title" not in html


def test_every_engine_file_that_decides_what_a_page_shows_invalidates_the_saved_environment():
    """Sphinx keeps its saved environment while an extension's env_version stays the
    same: it is a digest of the engine's strings (provenance.yaml, original.yaml and the others) and of the
    code that renders, so an edit to any of them makes every page be read again."""
    home = Path(reprobook.__file__).resolve().parent
    digested = set(sphinxext.rendering_files())
    must = [*(home / "strings").glob("*.yaml"), *(home / "render").glob("*.py"), *(home / "sphinxext").rglob("*.py"),
            home / "plaintext.py"]
    assert [p.relative_to(home).as_posix() for p in must if p not in digested] == []
    assert isinstance(sphinxext.env_version(), int)


def test_a_glossarys_index_entries_stay_in_the_search_index_after_an_edit_elsewhere(tiny):
    """Sphinx's search index keeps index entries only for the pages written in a build:
    the glossary is written again whenever a page was read, so an incremental build's
    search index is a clean one's."""
    tiny.page("glossary", "# Glossary\n\n```{glossary}\nquota\n   How many a year.\n```\n")
    tiny.page("results", "# Results\n\nThe first wording.\n")
    app = tiny.build("en")
    index = Path(app.outdir) / "searchindex.js"
    assert '"quota"' in index.read_text(encoding="utf-8")
    tiny.page("results", "# Results\n\nThe second wording.\n")
    _touch_later(tiny.src("en") / "results.md")
    incremental = tiny.build("en", fresh=False)
    after = index.read_text(encoding="utf-8")
    assert "second" in tiny.html(incremental, "results")
    tiny.build("en")  # from nothing
    assert after == index.read_text(encoding="utf-8")



def test_a_notebooks_new_run_reads_again_the_pages_whose_pasted_values_changed_and_no_other(tiny):
    """A page depends on the fingerprint of each value it pastes (reprobook.context),
    not on the notebook: a run that changed one value reads again the page showing
    it, not the page pasting another value of the same notebook; a page pasting a
    value the notebook no longer glues is read at every build, so that its error
    stays shown until it is fixed."""
    from reprobook import values as v

    tiny.glue({"count": v.Num(12), "total": v.Num(340)})
    tiny.page("counts", "# Counts\n\nThere are {nb}`/notebooks/demo.ipynb::count` entries.\n")
    tiny.page("totals", "# Totals\n\nThey add up to {nb}`/notebooks/demo.ipynb::total`.\n")
    first = tiny.build("en")
    assert warnings_of(first) == ""
    read_at = dict(first.env.all_docs)  # when each page was read

    def reread(app) -> list[str]:
        return sorted(d for d in ("counts", "totals") if app.env.all_docs[d] != read_at[d])

    time.sleep(0.01)
    tiny.glue({"count": v.Num(13), "total": v.Num(340)})  # the notebook ran again: one value changed
    second = tiny.build("en", fresh=False)
    assert reread(second) == ["counts"]
    assert ">13</span>" in tiny.html(second, "counts") and ">340</span>" in tiny.html(second, "totals")
    read_at = dict(second.env.all_docs)
    tiny.glue({"count": v.Num(13)})  # the total is glued no more: its page fails, and fails again
    third = tiny.build("en", fresh=False)
    assert reread(third) == ["totals"] and "no glued value named 'total'" in warnings_of(third)
    read_at = dict(third.env.all_docs)
    fourth = tiny.build("en", fresh=False)
    assert reread(fourth) == ["totals"] and "no glued value named 'total'" in warnings_of(fourth)
