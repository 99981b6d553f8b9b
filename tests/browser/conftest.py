"""A local server for the built site, one for axe-core, and a headless Chromium
(Debian's, driven by Playwright)."""
import pytest
import site_pages
from site_pages import AXE, LANGS, serve

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]


def pytest_configure(config):
    site_pages.configure(config)


@pytest.fixture(scope="session")
def site():
    if not all((site_pages.HTML / lang / "index.html").exists() for lang in LANGS):
        pytest.fail("no built HTML: run `make book` first")
    with serve(site_pages.HTML) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def tab(browser):
    """One browser context and one tab for a module's visits on a worker
    (site_pages.Tab): the theme's scripts (1.5 MB of icons among them) are compiled
    once, not on every visit."""
    ctx = browser.new_context()
    yield site_pages.Tab(ctx)
    ctx.close()


@pytest.fixture(scope="session")
def axe_url():
    """axe-core's script, served from this machine (npm installed it: `make browser`)."""
    if not AXE.is_file():
        pytest.fail(f"no {AXE.relative_to(site_pages.PROJECT.root)}: run `make browser` first")
    with serve(AXE.parent) as base:
        yield f"{base}/{AXE.name}"
