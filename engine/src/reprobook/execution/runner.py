"""Run notebooks: each in a fresh kernel, watched and recorded.

Before the notebook's cells, the kernel is told to note every project file it
opens (a hidden cell, run when the kernel starts); after them, it reports what
the engine recorded (record.report: a cell added for the run and taken out
again). A notebook that opened a project file without the engine is refused,
since that input would never make it stale. The notebook file is rewritten only
when its outputs changed, so Sphinx re-reads only the pages whose values moved.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import nbformat
import zmq
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .. import atomic, limits
from ..errors import NotebookError
from . import kernels, ledger

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colours in tracebacks: plain text in messages
REPORT = "import json as _j\nfrom reprobook.execution import record as _r\nprint(_j.dumps(_r.report()))"


def _watch(project) -> str:
    from ..project import CONFIG

    folders = [str(project.data), str(project.strings), str(project.notebooks), str(project.book)]
    return ("from reprobook.execution import record as _r\n"
            f"_r.watch_opens({str(project.root)!r}, {folders!r}, {project.content_package!r}, "
            f"{str(project.root / CONFIG)!r})")


def _client(project, nb, path: Path, timeout: int) -> NotebookClient:
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})

    async def watch(notebook):
        cell = nbformat.v4.new_code_cell(_watch(project))
        notebook.cells.append(cell)
        try:
            await client.async_execute_cell(cell, len(notebook.cells) - 1, store_history=False)
        finally:
            notebook.cells.pop()

    client.on_notebook_start = watch
    return client


def _never_started(exc: Exception) -> bool:
    """A kernel that never started, so no cell ran and it may start once more: a port
    taken between choosing and binding it, as the client sees it (ZMQError), or a
    kernel that died before its first reply (seen once in CI, never in 180 starts from
    two processes at once; the kernel's own message is lost, so the cause, most likely
    the same port race seen from the kernel's side, is inferred)."""
    return isinstance(exc, zmq.error.ZMQError) or "died before replying to kernel_info" in str(exc)


def execute(project, path: Path, timeout: int = 300) -> dict:
    """Run one notebook; store it only if its outputs changed. Returns its ledger entry."""
    nb = nbformat.read(path, as_version=4)
    where = project.relative(path)
    report_cell = nbformat.v4.new_code_cell(REPORT)
    started = time.time_ns()  # an input saved after this may not be what the run read
    for attempt in (1, 2):
        nb.cells.append(report_cell)
        client = _client(project, nb, path, timeout)
        try:
            client.execute()
            break
        except (zmq.error.ZMQError, RuntimeError) as exc:
            if attempt == 2 or not _never_started(exc):
                raise
        except CellExecutionError as exc:
            cell = next((i for i, c in enumerate(nb.cells, 1) if c.cell_type == "code" and any(
                o.get("output_type") == "error" for o in c.get("outputs", []))), None)
            at = f", cell {cell}" if cell else ""
            trace = ANSI.sub("", str(exc)).strip().splitlines()[-12:]
            raise NotebookError(f"{where}{at}", "every cell runs", ANSI.sub("", f"{exc.ename}: {exc.evalue}") + "\n"
                                + "\n".join("    " + line for line in trace)) from None
        finally:
            nb.cells.remove(report_cell)
    text = "".join(o.get("text", "") for o in report_cell.outputs if o.get("name") == "stdout")
    report = json.loads(text.strip().splitlines()[-1])
    if report["opened"]:
        raise NotebookError(where, "notebooks read project files through reprobook",
                            f"read {', '.join(report['opened'])} without the engine, so editing it would not "
                            "re-run the notebook")
    for cell in nb.cells:  # volatile per-run metadata must not reach the stored notebook
        cell.metadata.pop("execution", None)
    text = nbformat.writes(nb) + "\n"
    limits.notebook(len(text.encode("utf-8")), where, NotebookError)  # before it is stored: the old one stays
    if path.read_text(encoding="utf-8") != text:
        atomic.write_text(path, text)
    return ledger.entry(project, nb, report, started_ns=started)


def run_stale(project, force: bool = False, log=print) -> list[Path]:
    """Execute the stale notebooks (every one when `force`); returns them."""
    stale = ledger.stale(project, force)
    run(project, stale, log)
    return stale


def run(project, stale: list[Path], log=print) -> None:
    """Execute these notebooks, one more at once than there are cores, each on a
    warm kernel of its own (reprobook.execution.kernels). Ledger entries are saved
    for the notebooks that succeeded, even when another one failed."""
    from concurrent.futures import ThreadPoolExecutor

    kernels.use()
    for path in stale:
        log(f"executing {project.relative(path)}")
    entries: dict[str, dict] = {}
    failure = None
    # Threads suffice: the work is in the kernels, which are processes of their own.
    # Largest first (the slowest ones), so they do not start last and leave a core idle.
    order = sorted(stale, key=lambda p: -p.stat().st_size)
    # One more than the cores: a kernel spends part of its start waiting (the handshake
    # with its client), and the spare run fills that time (all 15 notebooks of the book
    # this engine was written for, on 2 cores: 10.4 s with 2 at once, 8.5 s with 3).
    with ThreadPoolExecutor(max_workers=max(1, min(len(stale), (os.cpu_count() or 1) + 1))) as pool:
        futures = {p: pool.submit(execute, project, p) for p in order}
        for p, fut in futures.items():
            try:
                entries[p.name] = fut.result()
            except Exception as exc:  # noqa: BLE001 - reported after the others are saved
                failure = failure or exc
    if entries:
        ledger.save(project, entries)
    if failure:
        raise failure
