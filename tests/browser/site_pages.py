"""The pages of the built site that the browser checks visit, the local
server they are visited through, the tab that visits them and axe-core's
accessibility check."""
import contextlib
import functools
import http.server
import re
import threading
import time
from pathlib import Path

from reprobook import project as projects

PROJECT = projects.here()
HTML = PROJECT.build / "html"  # a link to the last good build (reprobook.atomic): <lang>/ per edition
LANGS = PROJECT.languages
AXE = PROJECT.root / "node_modules" / "axe-core" / "axe.min.js"
LOCAL = re.compile(r"^(?!http://127\.0\.0\.1:).*")  # every address but this machine's servers


def configure(config) -> None:
    """Read the build the tests were told to (--book-build, a release's own)."""
    global HTML
    built = config.getoption("--book-build")
    if built:
        HTML = Path(built).resolve() / "html"


def pages():
    """Every content page of every edition, as paths relative to the build (<lang>/...)."""
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p.relative_to(HTML).as_posix() for lang in LANGS for p in (HTML / lang).rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts)


@contextlib.contextmanager
def settled(page, quiet: float = 0.1, timeout: float = 30.0):
    """Around a navigation that waits for the load event: on leaving, wait until no
    request has been in flight for `quiet` seconds (what the page's scripts fetch
    after loading). Playwright's networkidle waits for the same with a fixed half
    second of quiet, which cost a minute a run over the site's visits."""
    pending = set()

    def opened(request):
        pending.add(request)

    def ended(request):
        pending.discard(request)

    handlers = {"request": opened, "requestfinished": ended, "requestfailed": ended}
    for event, handler in handlers.items():
        page.on(event, handler)
    try:
        yield
        deadline, calm = time.monotonic() + timeout, 0.0
        while calm < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"{page.url}: requests still open after {timeout:.0f} s: {[r.url for r in pending]}")
            page.wait_for_timeout(25)  # Playwright delivers the request events meanwhile
            calm = 0.0 if pending else calm + 0.025
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)


def goto(page, url: str) -> None:
    """Open `url`, loaded and settled."""
    with settled(page):
        page.goto(url, wait_until="load")


class Tab:
    """One browser tab that goes from visit to visit. A new tab for each visit
    starts a renderer and compiles the theme's scripts anew, which doubled the
    cost of a visit's navigation (and of Chromium's time). Between visits the tab
    rests on a blank page, so that nothing of one page's document reaches the
    next visit's record, and each page starts with the session storage of a new
    tab; after a visit that failed the tab is closed, and the next visit opens a
    fresh one."""

    def __init__(self, context):
        self.context, self.page = context, None

    @contextlib.contextmanager
    def visit(self, url: str, width: int, height: int):
        """Open `url` at this size, loaded and settled; yields the page, the
        problems seen (console errors, page errors, failed requests) and every URL
        requested. Nothing leaves the machine: other addresses are refused."""
        if self.page is None:
            self.page = self.context.new_page()
            self.page.route(LOCAL, lambda route: route.abort())
            # each visit arrives as in a new tab: the theme keeps the sidebar's scroll in
            # the tab's session storage, and would scroll it as the page before left it
            # (a blank page has no storage of its own to clear)
            self.page.add_init_script("try { sessionStorage.clear(); } catch (e) {}")
        page, problems, requests = self.page, [], []
        page.set_viewport_size({"width": width, "height": height})
        handlers = {"console": lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
                    "pageerror": lambda e: problems.append(f"page error: {e}"),
                    "requestfailed": lambda r: problems.append(f"failed request: {r.url}"),
                    "request": lambda r: requests.append(r.url)}
        for event, handler in handlers.items():
            page.on(event, handler)
        try:
            goto(page, url)
            yield page, problems, requests
        except BaseException:
            self.page = None
            page.close()
            raise
        finally:
            for event, handler in handlers.items():
                page.remove_listener(event, handler)
        page.goto("about:blank")


def violations(page, axe_url: str) -> list[dict]:
    """axe-core's violations in the page's document. axe is loaded by its URL
    (`axe_url`), not pasted in, so that Chromium keeps its compiled code from
    one visit to the next (a tenth of a second a visit)."""
    page.add_script_tag(url=axe_url)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser may drop a connection it no longer needs (a page it left)


@contextlib.contextmanager
def serve(directory):
    """Serve `directory` on a free local port, as `python -m http.server` would; yields the base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
