"""A live preview for contributors: ``reprobook preview`` (``make preview``)
serves one edition at http://127.0.0.1:8000/ and, on every change under book/,
data/, notebooks/, labels/ and the project's packages:

1. validates the data and the prose;
2. runs only the notebooks whose recorded inputs changed, on warm kernels
   (reprobook.execution.kernels);
3. rebuilds only the pages Sphinx finds out of date, on a Sphinx application
   that stays in memory between edits (started once; restarted only when the
   configuration, a table of contents or the engine itself changes);
4. tells the open page to reload.

A failure (bad data, a failing cell, a Sphinx error) does not stop the server:
the open page shows it in an overlay, with the file, row, column and rule or
the cell and its traceback, and the next good edit clears it.

The pieces: watchfiles (the file watcher sphinx-autobuild uses) for changes,
the standard library's HTTP server, and Server-Sent Events for the reload.
sphinx-autobuild itself restarts sphinx-build for every change, a cold start
of several seconds on this book, and knows nothing of notebooks or data, so it
is not used. The preview works in _build/preview/ and never touches the
published site (_build/site) or the build's outputs.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import logging
import sys
import threading
import time
from pathlib import Path

from . import chapters, editions, labels, lock
from .data import check
from .errors import InputError
from .execution import kernels, runner
from .project import current
from .site import build, slots
from .site.stamp import stamp

EVENTS = "/_reprobook/events"
# Changes to these (relative to the root) need a new Sphinx application, not an incremental build.
RESTART = ("reprobook.yaml", "CITATION.cff", "labels/site.yaml")


class State:
    """What the open pages are told: a generation that grows with every good
    build, and the current error (None when the last cycle succeeded)."""

    def __init__(self):
        self.generation = 0
        self.error: str | None = None
        self.changed = threading.Condition()

    def publish(self, error: str | None, built: bool) -> None:
        """A cycle ended: with the pages rebuilt (`built`) or not, and with this message."""
        with self.changed:
            self.error = error
            if built:
                self.generation += 1
            self.changed.notify_all()


class WarmSphinx:
    """One edition's Sphinx application, kept between builds."""

    def __init__(self, lang: str, out: Path):
        self.lang, self.out = lang, out
        self.warnings = io.StringIO()
        self.app = None
        self._stack = contextlib.ExitStack()

    def start(self, st: dict) -> None:
        from jupyter_book.config import get_final_config
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        self.close()
        project = current()
        config = build.merged_config(st, "html", self.lang, name=f"_config.preview.{self.lang}.yml")
        sphinx_config, _ = get_final_config(user_yaml=config, cli_config={
            "external_toc_path": project.toc(self.lang).as_posix(), "latex_individualpages": False},
            sourcedir=project.root, use_external_toc=True)
        # Roles and directives live in docutils' global registry: keep Sphinx's namespace
        # open for as long as the application lives.
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(patch_docutils(None))
        self._stack.enter_context(docutils_namespace())
        self.warnings = io.StringIO()
        self.app = Sphinx(srcdir=str(project.root), confdir=None, outdir=str(self.out),
                          doctreedir=str(self.out.parent / f".doctrees-{self.lang}"), buildername="html",
                          confoverrides=sphinx_config, status=None, warning=self.warnings, freshenv=False,
                          warningiserror=False, keep_going=True)

    def build(self) -> str | None:
        """Bring the pages up to date; the warnings and errors, if any."""
        self.warnings.seek(0)
        self.warnings.truncate()
        self.app.build(False, [])
        text = self.warnings.getvalue().strip()
        return text or None

    def close(self) -> None:
        self._stack.close()
        self.app = None


class Preview:
    def __init__(self, lang: str | None = None, port: int = 8000, log=print):
        project = current()
        self.lang = lang or project.default_lang
        if self.lang not in project.languages:
            raise InputError(f"'{self.lang}' is not a language of this book ({', '.join(project.languages)}) "
                             "[rule: the preview shows one of the book's editions]")
        self.port, self.log = port, log
        self.folder = project.build / "preview"
        self.sphinx = WarmSphinx(self.lang, self.folder / self.lang)
        self.state = State()
        self.stamp: dict = {}

    # --- one cycle: data, prose, notebooks, pages ------------------------------------------------

    def cycle(self, restart: bool = False, changed: set[Path] | None = None) -> None:
        start = time.perf_counter()
        project = current()
        # An edit of prose alone is checked alone: the data and the other pages are as
        # they were after the last cycle, and checking them costs a second.
        prose = (sorted(changed) if changed and self.state.error is None and all(p.suffix == ".md" for p in changed)
                 else None)
        try:
            with lock.held(project.build, log=self.log):
                if prose is None:
                    check.validate_all()
                chapters.raise_problems(chapters.check(prose))
                problems = editions.mismatches()
                if problems:
                    raise InputError("\n".join(problems))
                ran = runner.run_stale(log=lambda m: None)
                if restart or self.sphinx.app is None:
                    self.stamp = stamp()
                    self.sphinx.start(self.stamp)
                warnings = self.sphinx.build()
        except Exception as exc:  # noqa: BLE001 - shown on the page; the server goes on
            message = str(exc) if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
            self.state.publish(message, built=False)
            self.log(f"preview: error after {time.perf_counter() - start:.1f} s\n{message}")
            return
        self.state.publish(warnings, built=True)
        ran_names = ", ".join(p.stem for p in ran) or "none"
        self.log(f"preview: updated in {time.perf_counter() - start:.2f} s (notebooks run: {ran_names})"
                 + (f"\n{warnings}" if warnings else ""))

    # --- watching ---------------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        project = current()
        paths = [project.book, project.data, project.notebooks, project.labels, project.root / "reprobook.yaml",
                 project.root / "CITATION.cff"]
        if project.content_package:
            paths.append(project.root / "src")
        return [p for p in paths if p.exists()]

    def needs_restart(self, changed: set[Path]) -> bool:
        project = current()
        rel = {project.relative(p) for p in changed}
        return any(r in RESTART or r.endswith("_toc.yml") or r.endswith("_config.yml") for r in rel)

    def watch(self, stop: threading.Event | None = None, ready=None) -> None:
        """Rebuild on every change; `ready()` is called once the watcher is armed, so
        that nothing saved after the announcement can be missed."""
        from watchfiles import watch

        own = self.written()
        # yield_on_timeout: the first (empty) yield comes once the watcher exists
        for changes in watch(*self.watched(), stop_event=stop, debounce=50, step=20, rust_timeout=200,
                             yield_on_timeout=True):
            if ready is not None:
                ready()
                ready = None
            changed = {Path(p) for _, p in changes}
            # The notebooks' own outputs, written by the last cycle, are not an edit.
            changed = {p for p in changed if own.get(p) != _digest(p) and p.name != "fingerprints.json"}
            changed = {p for p in changed if "_build" not in p.parts and not p.name.startswith(".")}
            if not changed:
                continue
            self.log("preview: " + ", ".join(sorted(current().relative(p) for p in changed)))
            self.cycle(restart=self.needs_restart(changed), changed=changed)
            own = self.written()

    def written(self) -> dict[Path, str | None]:
        return {p: _digest(p) for p in current().notebooks.glob("*.ipynb")} | {
            current().notebooks / "fingerprints.json": None}

    # --- serving ---------------------------------------------------------------------------------

    def serve(self) -> http.server.ThreadingHTTPServer:
        handler = functools.partial(_Handler, preview=self)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def page(self, path: Path) -> bytes:
        """A built page with its slots filled for the preview and the reload script added."""
        text = path.read_text(encoding="utf-8")
        text = slots.fill(text, self.stamp, self.lang, None).replace(slots.VERSIONS, "")
        script = LIVE_SCRIPT.replace("@EVENTS@", EVENTS).replace(
            "@TITLE@", json.dumps(labels.engine("site", self.lang)["preview_error"]))
        return text.replace("</body>", script + "</body>", 1).encode("utf-8")

    def run(self) -> int:
        logging.getLogger("watchfiles").setLevel(logging.WARNING)
        kernels.use()
        threading.Thread(target=kernels.warm_up, daemon=True).start()
        self.log(f"preview: first build of the {self.lang} edition…")
        self.cycle(restart=True)
        server = self.serve()
        first = editions.pages(self.lang)[0]
        try:
            self.watch(ready=lambda: self.log(f"preview: http://127.0.0.1:{self.port}/{first}.html (Ctrl+C to stop)"))
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            self.sphinx.close()
        return 0


def _digest(path: Path) -> str | None:
    from . import digest

    try:
        return digest.of_file(path)
    except OSError:
        return None


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, preview: Preview, **kwargs):
        self.preview = preview
        super().__init__(*args, directory=str(preview.sphinx.out), **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self.events()
        if path == "/":
            self.send_response(302)
            self.send_header("Location", f"/{editions.pages(self.preview.lang)[0]}.html")
            self.end_headers()
            return None
        if path.endswith(".html"):
            file = Path(self.translate_path(path))
            if file.is_file():
                body = self.preview.page(file)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return None
        return super().do_GET()

    def events(self):
        """Server-Sent Events: the state now, then every change of it."""
        state = self.preview.state
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = None
        try:
            while True:
                with state.changed:
                    if seen is not None and (state.generation, state.error) == seen:
                        state.changed.wait(timeout=15)
                    now = (state.generation, state.error)
                if now == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    payload = json.dumps({"generation": now[0], "error": now[1]})
                    self.wfile.write(f"data: {payload}\n\n".encode())
                    seen = now
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


# Reloads the page after each good build; shows an error over the page until the next good one.
LIVE_SCRIPT = """<script>(function () {
  let generation = null;
  const box = document.createElement("div");
  box.id = "reprobook-preview-error";
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:10000;" +
    "background:#fff5f5;color:#5c0000;border:2px solid #b00020;border-radius:6px;padding:0.8rem;" +
    "font:13px/1.4 monospace;white-space:pre-wrap;display:none";
  document.body.appendChild(box);
  const events = new EventSource("@EVENTS@");
  events.onmessage = function (e) {
    const s = JSON.parse(e.data);
    if (generation !== null && s.generation !== generation) { location.reload(); return; }
    generation = s.generation;
    box.textContent = s.error ? @TITLE@ + "\\n\\n" + s.error : "";
    box.style.display = s.error ? "block" : "none";
  };
})();</script>"""


def main(lang: str | None, port: int) -> int:
    try:
        return Preview(lang, port).run()
    except InputError as exc:
        print(f"PREVIEW FAILED: {exc}", file=sys.stderr)
        return 1

