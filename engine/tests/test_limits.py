"""Size bounds (reprobook.limits): a table too long for a page, a notebook too big
to commit and a page too big to read are refused with what to do instead."""
from __future__ import annotations

import pytest
from tinybook import warnings_of

from reprobook import glue, limits
from reprobook import values as v
from reprobook.errors import NotebookError, ReprobookError


def _table(rows: int) -> v.Table:
    return v.Table(columns=(v.Column("n", "r"),), rows=tuple((v.Num(i),) for i in range(rows)), caption="c")


def test_a_notebook_cannot_glue_a_table_longer_than_a_page_can_show():
    with pytest.raises(NotebookError) as info:
        glue.write("tbl-all", _table(limits.TABLE_ROWS + 1))
    said = str(info.value)
    assert said.startswith("glued value 'tbl-all': the table has 1,001 rows: show a summary")
    assert "offer the whole table as a download" in said and "[rule: a table shown in the book has at most 1,000 rows]" in said


def test_a_committed_notebook_holding_a_long_table_is_refused_where_it_is_pasted(tiny):
    tiny.glue({"big": _table(limits.TABLE_ROWS + 1), "fine": _table(limits.TABLE_ROWS)})
    tiny.page("results", "# R\n\n```{nbtable} /notebooks/demo.ipynb::big\n```\n\n```{nbtable} /notebooks/demo.ipynb::fine\n```\n")
    warnings = warnings_of(tiny.build("en"))
    assert "results.md:3" in warnings and "notebooks/demo.ipynb, key 'big': the table has 1,001 rows" in warnings
    assert "fine" not in warnings


@pytest.mark.parametrize("check,size,rule", [
    (limits.notebook, limits.NOTEBOOK_BYTES + 1, "a committed notebook is at most 5 MB"),
    (limits.page, limits.PAGE_BYTES + 1, "a page of the book is at most 5 MB"),
])
def test_a_notebook_or_a_page_too_big_is_refused_saying_what_to_do(check, size, rule):
    check(size - 1, "x")
    with pytest.raises(ReprobookError) as info:
        check(size, "notebooks/x.ipynb")
    assert str(info.value).startswith("notebooks/x.ipynb: it is 5.0 MB") and f"[rule: {rule}]" in str(info.value)
    assert "offer the whole table as a download" in str(info.value)
