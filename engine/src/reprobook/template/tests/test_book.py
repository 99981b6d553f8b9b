"""The book's own checks: valid data, recomputations that match what the thesis
prints, and a built book that shows them."""
import subprocess

import pytest

from reprobook import glue
from reprobook.data import check, datapackage
from reprobook.project import current
from reprobook.reconcile import registry


def test_every_data_file_is_valid():
    assert check.validate_all() == ["measurements", "registry"]


def test_every_printed_number_is_recomputed_and_accepted():
    results = registry.reconcile()
    assert list(results["cls"]) == ["exact"] * 4
    assert registry.regressions(results) == []


def test_the_glued_total_is_the_sum_of_the_data():
    total = int(datapackage.load("measurements")["count"].sum())
    notebook = current().notebooks / "analysis.ipynb"
    assert glue.get(notebook, "total", current().default_lang, "text") == f"{total:,}"


@pytest.mark.book
def test_the_built_chapter_and_pdf_show_the_total():
    lang = current().default_lang  # each edition's pages are in a folder named for its language
    html = (current().build / "html" / lang / "book" / "chapters" / "results.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert "87" in html and 'id="tbl-counts"' in html and 'id="fig-counts"' in html
    (pdf,) = (current().build / "pdf").glob("*.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "87" in text and "Counts per year" in text
