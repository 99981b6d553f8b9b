"""The book's own checks: valid data, recomputations that match what the thesis
prints, and a built book that shows them."""
import subprocess

import pytest

from reprobook import context, glue, strings
from reprobook.data import check, datapackage
from reprobook.reconcile import judge, registry
from reprobook.render.inline import Wording


def test_every_data_file_is_valid(project):
    assert check.validate_all(project) == ["measurements", "toc", "registry", "diagrams/fig-1-1"]


def test_every_printed_number_is_recomputed_and_accepted(project):
    """Each number the thesis prints is compared with its recomputation, and every
    recomputation is the one accepted into the registry (`make registry`)."""
    results = registry.reconcile(project)
    assert len(results) == 4 and set(results["cls"]) <= set(judge.CLASSES)
    assert registry.regressions(project, results) == []


def test_the_glued_total_is_the_sum_of_the_data(project):
    total = int(datapackage.load(project, "measurements")["count"].sum())
    doc = glue.get(project.notebooks / "analysis.ipynb", "total", ("number",))
    assert Wording(strings.of(project), project.default_lang).plain(glue.value(doc)) == f"{total:,}"


@pytest.mark.book
def test_the_built_chapter_and_pdf_show_the_total(project):
    lang = project.default_lang  # each edition's pages are in a folder named for its language
    html = (project.build / "html" / lang / "chapters" / "results.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    total = f'{int(datapackage.load(project, "measurements")["count"].sum()):,}'
    assert total in html and 'id="tbl-counts"' in html and 'id="fig-counts"' in html and 'id="fig-1-1"' in html
    version = context.read(context.folder(project.build, lang) / context.STAMP)["version"]
    pdf = project.build / "pdf" / project.pdf(version, lang)  # the whole book; each chapter's PDF lies beside it
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert total in text and "Counts per year" in text and "The counting procedure" in text
    chapter = project.build / "pdf" / project.pdf(version, lang, part="chapters-results")
    part = subprocess.run(["pdftotext", str(chapter), "-"], capture_output=True, text=True, check=True).stdout
    assert total in part and "Counts per year" in part and len(part) < len(text) / 2
