"""One edition in two languages: the pages of the editions that correspond (by
their position in the tables of contents, reprobook.editions) make the same
claims. What can be checked by code is where those claims come from: both
pages cite the same sections of the dissertation, and about as often.

A ``{src}`` role may join several references (``{src}`5.1;5.2:201```); each
reference names one section, before any ``:page``. The test compares the sets
of sections a page pair cites, and the numbers of ``{src}`` roles, which may
differ by at most 15 % of the larger.
"""
import re
from pathlib import Path

import pytest

from reprobook import editions
from reprobook import project as projects

PROJECT = projects.here()
LANGS = PROJECT.languages
FIRST = PROJECT.default_lang
TOLERANCE = 0.15
SRC = re.compile(r"\{src\}`([^`]*)`")


def sources(text: str) -> tuple[set[str], int]:
    """The sections a page cites and its number of {src} roles."""
    roles = SRC.findall(text)
    sections = {ref.split(":")[0].strip() for role in roles for ref in role.split(";") if ref.strip()}
    return sections, len(roles)


def pairs(lang: str) -> list[tuple[Path, Path]]:
    """The MyST pages of the first edition with their counterparts in `lang` (notebooks are shared)."""
    return list(zip(editions.page_files(PROJECT, FIRST), editions.page_files(PROJECT, lang)))


def differences(first: Path, other: Path) -> list[str]:
    mine, n_mine = sources(first.read_text(encoding="utf-8"))
    theirs, n_theirs = sources(other.read_text(encoding="utf-8"))
    rel = PROJECT.relative
    problems = []
    if mine != theirs:
        problems.append(f"{rel(first)} and {rel(other)} cite different sections: only the first "
                        f"{sorted(mine - theirs)}, only the second {sorted(theirs - mine)}")
    if max(n_mine, n_theirs) and abs(n_mine - n_theirs) > TOLERANCE * max(n_mine, n_theirs):
        problems.append(f"{rel(first)} has {n_mine} {{src}} references, {rel(other)} {n_theirs} "
                        f"(more than {TOLERANCE:.0%} apart)")
    return problems


@pytest.mark.parametrize("lang", LANGS[1:])
def test_corresponding_pages_cite_the_same_sections_about_as_often(lang):
    problems = [p for first, other in pairs(lang) for p in differences(first, other)]
    assert problems == []


@pytest.mark.parametrize("lang", LANGS[1:])
def test_the_pages_that_summarise_the_dissertation_are_compared(lang):
    """The comparison is not vacuous: every chapter page is paired and cites the source."""
    compared = [(a, b) for a, b in pairs(lang) if "/chapters/" in a.as_posix()]
    assert len(compared) >= 6
    assert all(sources(a.read_text(encoding="utf-8"))[1] > 10 for a, _ in compared)


def test_a_section_cited_in_one_edition_only_is_named(tmp_path):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("Satu {src}`5.1.1:150`. Dua {src}`5.2;lampiran`.\n", encoding="utf-8")
    b.write_text("One {src}`5.1.1:151`. Two {src}`5.2`.\n", encoding="utf-8")
    (problem,) = differences(a, b)
    assert "only the first ['lampiran'], only the second []" in problem


def test_counts_of_references_more_than_fifteen_per_cent_apart_are_named(tmp_path):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("x {src}`1.1`\n" * 20, encoding="utf-8")
    b.write_text("x {src}`1.1`\n" * 17, encoding="utf-8")
    assert differences(a, b) == []  # 3 of 20 is 15 %
    b.write_text("x {src}`1.1`\n" * 16, encoding="utf-8")
    (problem,) = differences(a, b)
    assert "has 20 {src} references" in problem and "16" in problem
