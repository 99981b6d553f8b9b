"""The pages of the built site that the browser checks visit, and the local
server they are visited through."""
import contextlib
import functools
import http.server
import threading
import time
from pathlib import Path

from reprobook import project as projects

PROJECT = projects.here()
HTML = PROJECT.build / "html"  # a link to the last good build (reprobook.atomic): <lang>/ per edition
LANGS = PROJECT.languages


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
