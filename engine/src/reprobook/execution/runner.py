"""Run notebooks: each in a fresh kernel, watched and recorded.

Before the notebook's cells, the kernel is told to note every project file it
opens; after them, it reports what the engine recorded (record.report). A
notebook that opened a project file without the engine is refused, since that
input would never make it stale. The notebook file is rewritten only when its
outputs changed, so Sphinx re-reads only the pages whose values really moved.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import zmq
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbclient.util import ensure_async, run_sync

from .. import atomic
from ..errors import InputError
from ..project import current
from . import cache, kernels

WATCH = "from reprobook.execution import record as _reprobook_record\n_reprobook_record.watch_opens()"
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colours in tracebacks: plain text in messages
REPORT = "import json as _j\nprint(_j.dumps(_reprobook_record.report()))"


class NotebookError(InputError):
    """A notebook failed: the message names the notebook, the cell and the error."""


class _Client(NotebookClient):
    """nbclient's run of every cell, with one hidden cell before and one after
    (not stored, not counted)."""

    report: dict | None = None

    async def _hidden(self, source: str) -> list:
        """Run `source` as a cell appended for the moment, then taken out again."""
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells.append(cell)
        try:
            await self.async_execute_cell(cell, len(self.nb.cells) - 1, store_history=False)
        finally:
            self.nb.cells.pop()
        return cell.outputs

    async def async_execute(self, reset_kc: bool = False, **kwargs):
        self.reset_execution_trackers()
        async with self.async_setup_kernel(**kwargs):
            msg_id = await ensure_async(self.kc.kernel_info())
            info = await self.async_wait_for_reply(msg_id)
            if info is not None:
                self.nb.metadata["language_info"] = info["content"]["language_info"]
            await self._hidden(WATCH)
            for index, cell in enumerate(self.nb.cells):
                await self.async_execute_cell(cell, index, execution_count=self.code_cells_executed + 1)
            outputs = await self._hidden(REPORT)
            text = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
            self.report = json.loads(text.strip().splitlines()[-1])
            self.set_widgets_metadata()
        return self.nb

    execute = run_sync(async_execute)  # nbclient binds execute to its own coroutine


def _where(path: Path) -> str:
    return current().relative(path)


def execute(path: Path, timeout: int = 300) -> dict:
    """Run one notebook; store it only if its outputs changed. Returns its record entry."""
    nb = nbformat.read(path, as_version=4)
    for attempt in (1, 2):
        client = _Client(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                         resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
            break
        except zmq.error.ZMQError:  # a kernel port taken between choosing and binding it: start once more
            if attempt == 2:
                raise
        except CellExecutionError as exc:
            cell = next((i for i, c in enumerate(nb.cells, 1) if c.cell_type == "code" and any(
                o.get("output_type") == "error" for o in c.get("outputs", []))), None)
            at = f", cell {cell}" if cell else ""
            what = ANSI.sub("", f"{exc.ename}: {exc.evalue}")
            trace = ANSI.sub("", str(exc)).strip().splitlines()[-12:]
            raise NotebookError(f"{_where(path)}{at}: {what} [rule: every cell runs]\n"
                                + "\n".join("    " + line for line in trace)) from None
    report = client.report
    if report["opened"]:
        raise NotebookError(
            f"{_where(path)}: read {', '.join(report['opened'])} without the engine, so editing it would not "
            "re-run the notebook [rule: notebooks read project files through reprobook]")
    for cell in nb.cells:  # volatile per-run metadata must not reach the stored notebook
        cell.metadata.pop("execution", None)
    text = nbformat.writes(nb) + "\n"
    if path.read_text(encoding="utf-8") != text:
        atomic.write_text(path, text)
    return cache.entry(nb, report)


def run_stale(force: bool = False, log=print) -> list[Path]:
    """Execute the stale notebooks, as many at once as there are cores, each on a
    warm kernel of its own (reprobook.execution.kernels). Records are saved for
    the notebooks that succeeded, even when another one failed."""
    from concurrent.futures import ThreadPoolExecutor

    kernels.use()
    stale = cache.stale(force)
    for path in stale:
        log(f"executing {_where(path)}")
    entries: dict[str, dict] = {}
    failure = None
    # Threads suffice: the work is in the kernels, which are processes of their own.
    # Largest first (a notebook's size follows the figures it draws, its slowest part), so
    # the long ones do not start last and leave a core idle at the end.
    order = sorted(stale, key=lambda p: -p.stat().st_size)
    with ThreadPoolExecutor(max_workers=max(1, min(len(stale), os.cpu_count() or 1))) as pool:
        futures = {p: pool.submit(execute, p) for p in order}
        for p, fut in futures.items():
            try:
                entries[p.name] = fut.result()
            except Exception as exc:  # noqa: BLE001 - reported after the others are saved
                failure = failure or exc
    if entries:
        cache.save(entries)
    if failure:
        raise failure
    return stale
