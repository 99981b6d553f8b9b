"""The live preview (`reprobook preview`), on the session's small book made with
`reprobook new` (tests/new_book.py): a data edit reaches the served page; bad
data does not stop the server but is reported to the open page with its file,
row, column and rule, and the next good edit clears it; a rebuild numbers the
chapter as the build before did; the published site is left exactly as it was."""
import json
import queue
import re
import socket
import subprocess
import threading
import urllib.request

import pytest
from new_book import isolated_env, python

from reprobook import digest

pytestmark = [pytest.mark.builds, pytest.mark.notebooks, pytest.mark.xdist_group("new_book")]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def preview(new_book, published):
    book = new_book.ready().root
    port = _port()
    proc = subprocess.Popen([python(book), "-m", "reprobook", "preview", "--port", str(port)], cwd=book,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=isolated_env())
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line)
        if "(Ctrl+C to stop)" in line:
            break
    else:
        pytest.fail("the preview did not start:\n" + "".join(lines))
    threading.Thread(target=lambda: [lines.append(x) for x in proc.stdout], daemon=True).start()
    yield book, f"http://127.0.0.1:{port}", lines
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def published(new_book):
    """The book's published site before the preview started."""
    site = new_book.ready().root / "_build" / "site"
    return site, digest.of_tree(site.resolve())


def _events(base: str, log: list[str]) -> "queue.Queue[dict]":
    """The preview's event stream, read in the background; `log` is the preview's output."""
    out: queue.Queue = queue.Queue()
    out.log = log

    def read():
        with urllib.request.urlopen(f"{base}/_reprobook/events", timeout=120) as stream:
            for raw in stream:
                line = raw.decode("utf-8").strip()
                if line.startswith("data: "):
                    out.put(json.loads(line[len("data: "):]))

    threading.Thread(target=read, daemon=True).start()
    return out


def _next(events: "queue.Queue[dict]", timeout=600) -> dict:
    """The next state the preview announces. Generous: a slow machine is not a failure
    here (the benchmark measures speed); a preview that never answers is."""
    try:
        return events.get(timeout=timeout)
    except queue.Empty:
        pytest.fail(f"no event from the preview in {timeout} s; its output:\n" + "".join(events.log[-60:]))


def _page(base: str, path: str) -> str:
    with urllib.request.urlopen(f"{base}/{path}", timeout=30) as r:
        return r.read().decode("utf-8")


def _numbers(page: str) -> list[str]:
    """The chapter and section numbers a page shows: its headings' and its captions' (not
    numbers in its prose, such as a note's "Table 1" of the printed thesis)."""
    return re.findall(r'class="(?:section|caption)-number">([^<]*)<', page)


def test_a_data_edit_reaches_the_page_and_bad_data_is_shown_not_fatal(preview):
    book, base, log = preview
    events = _events(base, log)
    first = _next(events)
    assert first["error"] is None
    page = _page(base, "chapters/results.html")
    assert 'EventSource("/_reprobook/events")' in page and "87" in page
    numbers = _numbers(page)
    assert "Table 1.1 " in numbers and "Figure 1.2 " in numbers
    data = book / "data" / "raw" / "measurements.csv"
    original = data.read_text(encoding="utf-8")
    try:
        data.write_text(original.replace("2019,12", "2019,13"), encoding="utf-8")
        built = _next(events)
        assert built["error"] is None and built["generation"] == first["generation"] + 1
        page = _page(base, "chapters/results.html")
        assert "88" in page
        assert _numbers(page) == numbers  # a build numbers the chapter as the one before did
        assert page.count("DOCUMENTATION_OPTIONS.pagename") == 1  # no script left by the build before

        data.write_text(original.replace("2019,12", "2019,-1"), encoding="utf-8")
        broken = _next(events)
        assert broken["generation"] == built["generation"]  # nothing rebuilt from bad data
        assert "data/raw/measurements.csv, row 1 (line 2), column 'count'" in broken["error"]
        assert "[rule: minimum 0]" in broken["error"]
        assert "88" in _page(base, "chapters/results.html")  # the last good pages stay served
    finally:
        data.write_text(original, encoding="utf-8")
    fixed = _next(events)
    assert fixed["error"] is None and fixed["generation"] == built["generation"] + 1


def test_a_failing_cell_is_shown_with_its_notebook_cell_and_traceback(preview):
    book, base, log = preview
    events = _events(base, log)
    first = _next(events)
    path = book / "notebooks" / "analysis.ipynb"
    original = path.read_text(encoding="utf-8")
    nb = json.loads(original)
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["source"] = ["raise ValueError('deliberate')\n", *code["source"]]
    try:
        path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
        broken = _next(events)
        assert broken["generation"] == first["generation"]
        assert "notebooks/analysis.ipynb, cell" in broken["error"] and "ValueError: deliberate" in broken["error"]
        assert "[rule: every cell runs]" in broken["error"]
    finally:
        path.write_text(original, encoding="utf-8")
    fixed = _next(events)
    assert fixed["error"] is None and fixed["generation"] == first["generation"] + 1


def test_the_published_site_is_left_as_it_was(preview, published):
    site, before = published
    assert digest.of_tree(site.resolve()) == before
