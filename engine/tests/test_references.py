"""The reference list, on a tiny book: an entry edited in the .bib file shows,
after an incremental build, as edited (formatted entries are kept between
builds of one process, the preview's, keyed by the bytes of the .bib files)."""
from __future__ import annotations

ENTRY = """@book{doe2020,
  author = {Doe, Jane},
  title = {%s},
  year = {2020},
  publisher = {Press},
  seedline = {12},
}
"""


def test_an_edited_entry_shows_after_an_incremental_build(tiny):
    bib = tiny.root / "book" / "references.bib"
    bib.write_text(ENTRY % "Counting in the first edition", encoding="utf-8")
    tiny.page("references", "# References\n\nAs {cite:t}`doe2020` counts.\n\n```{bibliography}\n```\n")
    app = tiny.build(bibtex_bibfiles=[str(bib)])
    assert "Counting in the first edition" in tiny.html(app, "references")
    bib.write_text(ENTRY % "Counting in the second edition", encoding="utf-8")
    app = tiny.build(fresh=False, bibtex_bibfiles=[str(bib)])
    page = tiny.html(app, "references")
    assert "Counting in the second edition" in page and "Counting in the first edition" not in page
