"""The book's prose: every claim names its place in the original, no number or
citation is typed by hand, and no sentence is copied from the dissertation."""
import re

from reprobook import prose


def test_every_page_passes_the_prose_checks(project):
    """Sources named ({src} or {edition}) in every paragraph of the chapters; no typed
    number, typed author–year or unknown key anywhere in the book."""
    assert [str(p) for p in prose.check(project)] == []


def test_the_checks_see_every_chapter_paragraph(project):
    """The rule is not vacuous: the chapters have many paragraphs, and all name a source."""
    counted = 0
    for path, _, must_cite in prose.pages(project):
        if must_cite:
            paras = prose.paragraphs(path.read_text(encoding="utf-8"))
            counted += len(paras)
            assert all(re.search(r"\{(src|edition)\}`", p) for _, p in paras), path
    assert counted > 200


def test_no_sentence_is_copied_from_the_dissertation(project, source_text):
    assert prose.copied_runs(project, source_text) == []


def test_a_copied_run_would_be_found(project, source_text, tmp_path):
    """The copy check finds an eight-word run taken from the source text, in a
    paragraph and in a figure's caption alike."""
    line = next(x for x in source_text.read_text(encoding="utf-8").splitlines()[1600:] if len(x.split()) > 30)
    words = " ".join(re.findall(r"[A-Za-z]+", line)[:12])
    page = tmp_path / "page.md"
    page.write_text(f"Kalimat sendiri.\n\n{words}\n", encoding="utf-8")
    assert len(prose.copied_runs(project, source_text, [page])) == 5  # 12 words hold five runs of eight
    page.write_text(f"```{{nbfigure}} /notebooks/x.ipynb::f\n:name: f\n\n{words}\n```\n", encoding="utf-8")
    assert prose.copied_runs(project, source_text, [page])
