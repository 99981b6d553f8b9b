"""The preview's watcher tells a contributor's edit from the preview's own writes:
a notebook the cycle executed and rewrote is no edit, and an edit saved while a
cycle ends (the contributor answering the error it has just shown) starts the
next cycle. The cycle is replaced here by one that only records its calls and
acts as a cycle would, so the order of events is exact, not left to timing."""
from __future__ import annotations

import threading
from pathlib import Path

from reprobook import preview as previews


def _watch(tiny, during_first_cycle) -> list[set[Path]]:
    """Run the watcher; edit the notebook once it is armed; `during_first_cycle(view, path)`
    runs inside the first cycle. Returns the changes each cycle was called with."""
    view = previews.Preview(tiny.project, port=0, log=lambda m: None)
    path = tiny.project.notebooks / "demo.ipynb"
    calls: list[set[Path]] = []
    stop, second = threading.Event(), threading.Event()

    def cycle(restart=False, changed=None):
        calls.append(set(changed))
        view.executed = {}
        if len(calls) == 1:
            during_first_cycle(view, path)
        else:
            second.set()

    view.cycle = cycle
    thread = threading.Thread(target=view.watch, kwargs={
        "stop": stop, "ready": lambda: path.write_text(path.read_text() + " ", encoding="utf-8")})
    thread.start()
    second.wait(timeout=3)  # a second cycle comes within a watcher's step, or never
    stop.set()
    thread.join(timeout=10)
    return calls


def test_an_edit_saved_as_a_cycle_ends_starts_the_next_cycle(tiny):
    def contributor_edits(view, path):  # after the page was told, before the cycle returned
        path.write_text(path.read_text() + "\n", encoding="utf-8")

    calls = _watch(tiny, contributor_edits)
    notebook = tiny.project.notebooks / "demo.ipynb"
    assert calls == [{notebook}, {notebook}]


def test_a_notebook_the_cycle_executed_and_rewrote_is_no_edit(tiny):
    def cycle_runs_it(view, path):  # the runner stores the notebook's new outputs
        path.write_text(path.read_text() + "\n", encoding="utf-8")
        view.executed = {path: previews._digest(path)}

    calls = _watch(tiny, cycle_runs_it)
    assert calls == [{tiny.project.notebooks / "demo.ipynb"}]
