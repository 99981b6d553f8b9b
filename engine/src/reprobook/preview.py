"""A live preview for contributors: ``reprobook preview`` (``make preview``)
serves one edition at http://127.0.0.1:8000/ and, on every change under book/,
data/, notebooks/, strings/ and the project's packages:

1. validates the data and the prose;
2. runs only the notebooks whose recorded inputs changed, on warm kernels
   (reprobook.execution.kernels);
3. brings the pipeline's context up to date (figures, what changed) and
   rebuilds only the pages Sphinx finds out of date, on a Sphinx application
   that stays in memory between edits (made as the build makes it,
   reprobook.pipeline.sphinx_app; restarted only when the configuration or a
   table of contents changes);
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

import functools
import http.server
import io
import json
import logging
import sys
import threading
import time
from pathlib import Path

from . import editions, lock, strings
from .errors import ConfigError, ReprobookError
from .execution import kernels, runner
from .pipeline import build, sphinx_app, stamp

EVENTS = "/_reprobook/events"
# Changes to these (relative to the root) need a new Sphinx application, not an incremental build.
RESTART = ("reprobook.yaml", "CITATION.cff")


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


class Preview:
    def __init__(self, project, lang: str | None = None, port: int = 8000, log=print):
        self.project = project
        self.lang = lang or project.default_lang
        if self.lang not in project.languages:
            raise ConfigError("--lang", "the preview shows one of the book's editions",
                              f"'{self.lang}' is not a language of this book ({', '.join(project.languages)})")
        self.port, self.log = port, log
        self.folder = project.build / "preview"
        self.warm: sphinx_app.Warm | None = None
        self.warnings = io.StringIO()
        self.state = State()
        self.catalog = strings.of(project)
        # the notebooks the last cycle executed, as it left them (a run may rewrite its notebook)
        self.executed: dict[Path, str | None] = {}

    def request(self, st) -> sphinx_app.Request:
        return sphinx_app.Request(
            root=str(self.project.root), build=str(self.project.build), lang=self.lang, builder="html",
            srcdir=str(self.project.edition(self.lang)), outdir=str(self.folder / self.lang),
            doctreedir=str(self.folder / f".doctrees-{self.lang}"),
            context=str(build.context.folder(self.project.build, self.lang)),
            page=build.page_values(self.project, st, self.lang, None), stamp=st.as_dict())

    # --- one cycle: data, prose, notebooks, context, pages ---------------------------------------

    def cycle(self, restart: bool = False, changed: set[Path] | None = None) -> None:
        start = time.perf_counter()
        project = self.project
        self.executed = {}
        # An edit of prose alone is checked alone: the data and the other pages are as
        # they were after the last cycle, and checking them costs a second.
        prose = (sorted(changed) if changed and self.state.error is None and all(p.suffix == ".md" for p in changed)
                 else None)
        try:
            with lock.held(project.build, log=self.log):
                build.check_inputs(project, self.catalog, log=lambda m: None, pages=prose)
                stale = runner.ledger.stale(project)
                try:
                    runner.run(project, stale, log=lambda m: None)
                finally:  # read before the page is told: the contributor may edit the notebook at once
                    self.executed = {p: _digest(p) for p in stale}
                if prose is None or stale:  # a notebook that ran changes what pages paste
                    st = stamp.of(project)
                    build.write_context(project, self.catalog, st, (self.lang,), log=lambda m: None)
                if restart or self.warm is None:
                    st = stamp.of(project)
                    self.warm = self.warm or sphinx_app.Warm(self.request(st))
                    self.warnings = io.StringIO()
                    self.warm.start(self.request(st), warning=self.warnings)
                self.warnings.seek(0)
                self.warnings.truncate()
                self.warm.build()
                warnings = self.warnings.getvalue().strip() or None
        except Exception as exc:  # noqa: BLE001 - shown on the page; the server goes on
            message = str(exc) if isinstance(exc, ReprobookError) else f"{type(exc).__name__}: {exc}"
            self.state.publish(message, built=False)
            self.log(f"preview: error after {time.perf_counter() - start:.1f} s\n{message}")
            return
        self.state.publish(warnings, built=True)
        ran_names = ", ".join(p.stem for p in self.executed) or "none"
        self.log(f"preview: updated in {time.perf_counter() - start:.2f} s (notebooks run: {ran_names})"
                 + (f"\n{warnings}" if warnings else ""))

    # --- watching ---------------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        project = self.project
        paths = [project.book, project.data, project.notebooks, project.strings, project.root / "reprobook.yaml",
                 project.root / "CITATION.cff"]
        if project.content_package:
            paths.append(project.root / "src")
        return [p for p in paths if p.exists()]

    def needs_restart(self, changed: set[Path]) -> bool:
        rel = {self.project.relative(p) for p in changed}
        site = f"{self.project.folders['strings']}/site.yaml"  # the book's title and the theme's words
        return any(r in RESTART or r == site or r.endswith("_toc.yml") or r.endswith("_config.yml") for r in rel)

    def watch(self, stop: threading.Event | None = None, ready=None) -> None:
        """Rebuild on every change; `ready()` is called once the watcher is armed, so
        that nothing saved after the announcement can be missed."""
        from watchfiles import watch

        own = self.notebooks()
        # yield_on_timeout: the first (empty) yield comes once the watcher exists
        for changes in watch(*self.watched(), stop_event=stop, debounce=50, step=20, rust_timeout=200,
                             yield_on_timeout=True):
            if ready is not None:
                ready()
                ready = None
            changed = {Path(p) for _, p in changes}
            # A notebook as the last cycle read it, or as it wrote it (its outputs), is not an edit.
            changed = {p for p in changed if own.get(p) != _digest(p) and p.name != runner.ledger.RECORD}
            changed = {p for p in changed if "_build" not in p.parts and not p.name.startswith(".")}
            if not changed:
                continue
            self.log("preview: " + ", ".join(sorted(self.project.relative(p) for p in changed)))
            # Read before the cycle, not after it: an edit saved while the cycle ends (the
            # contributor answering the error it just showed) is a change for the next one.
            own = self.notebooks()
            self.cycle(restart=self.needs_restart(changed), changed=changed)
            own |= self.executed

    def notebooks(self) -> dict[Path, str | None]:
        """Each notebook's fingerprint now."""
        return {p: _digest(p) for p in self.project.notebooks.glob("*.ipynb")}

    # --- serving ---------------------------------------------------------------------------------

    def serve(self) -> http.server.ThreadingHTTPServer:
        handler = functools.partial(_Handler, preview=self)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def page(self, path: Path) -> bytes:
        """A built page with the reload script added (served, never written)."""
        text = path.read_text(encoding="utf-8")
        script = LIVE_SCRIPT.replace("@EVENTS@", EVENTS).replace(
            "@TITLE@", json.dumps(self.catalog.text("site", "preview_error", self.lang)))
        return text.replace("</body>", script + "</body>", 1).encode("utf-8")

    def run(self) -> int:
        logging.getLogger("watchfiles").setLevel(logging.WARNING)
        kernels.use()
        threading.Thread(target=kernels.warm_up, daemon=True).start()
        self.log(f"preview: first build of the {self.lang} edition…")
        self.cycle(restart=True)
        server = self.serve()
        first = editions.pages(self.project, self.lang)[0]
        try:
            self.watch(ready=lambda: self.log(f"preview: http://127.0.0.1:{self.port}/{first}.html (Ctrl+C to stop)"))
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            if self.warm:
                self.warm.close()
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
        super().__init__(*args, directory=str(preview.folder / preview.lang), **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self.events()
        if path == "/":
            self.send_response(302)
            self.send_header("Location", f"/{editions.pages(self.preview.project, self.preview.lang)[0]}.html")
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


def main(project, lang: str | None, port: int) -> int:
    try:
        return Preview(project, lang, port).run()
    except ReprobookError as exc:
        print(f"PREVIEW FAILED: {exc}", file=sys.stderr)
        return 1

