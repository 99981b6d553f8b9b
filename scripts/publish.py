"""Publish a finished build into the versioned site tree, _build/site/:

    _build/site/
      index.html        sends readers to the newest release (or to dev/ before any)
      versions.html     plain links to every version, its PDF and the same page there
      versions.json     the list the theme's version switcher reads
      latest -> vX.Y.Z  the newest release
      vX.Y.Z/           one folder per release: its HTML and its own PDF
      dev/              the newest development build (replaced by each build)

A release is immutable: publishing it again with different content is refused,
and with identical content changes nothing. Everything is assembled in a
staging folder inside _build/site and moved into place only after the copy and
the checks have succeeded, so a failure at any step leaves the published tree
exactly as it was. RUDIBOOK_FAIL_AT=<step> injects a failure, for the tests.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rudibook import paths, versioning  # noqa: E402

SITE = paths.BUILD / "site"
DEV = "dev"
# Where a failure can be injected: the two builds (scripts/build.py), then publishing.
STEPS = ("html", "pdf", "copy", "check", "index", "move")
VERSIONS_SLOT = "<!--versions-->"  # in every page's footer, left by the HTML build


class PublishError(RuntimeError):
    pass


def inject_failure(name: str) -> None:
    if os.environ.get("RUDIBOOK_FAIL_AT") == name:
        raise PublishError(f"injected failure at step '{name}' (RUDIBOOK_FAIL_AT)")


def folder_for(version: str) -> str:
    return f"v{version}" if versioning.is_release(version) else DEV


def tree_digest(folder: Path) -> str:
    """Content of a folder: every file's path and bytes, and every link's target."""
    digest = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix().encode()
        if p.is_symlink():
            digest.update(b"L" + rel + b"\0" + os.readlink(p).encode())
        elif p.is_file():
            digest.update(b"F" + rel + b"\0" + p.read_bytes())
    return digest.hexdigest()


def _depth_prefix(page: Path, root: Path) -> str:
    return "../" * (len(page.relative_to(root).parts) - 1)


def add_version_navigation(tree: Path, version: str) -> None:
    """Give every page of a version folder the switcher's settings and a plain link
    to versions.html (which works when the pages are opened from disk too)."""
    settings = ("<script>DOCUMENTATION_OPTIONS.theme_switcher_json_url = '../versions.json';"
                f"DOCUMENTATION_OPTIONS.theme_switcher_version_match = '{version}';</script>")
    for page in tree.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(tree).as_posix()
        up = _depth_prefix(page, tree)
        link = (f' · <a class="versions-link" href="{up}../versions.html?page={rel}">'
                "Semua versi</a>")
        text = text.replace(VERSIONS_SLOT, link)
        text = re.sub(r'(<script src="[^"]*documentation_options\.js[^"]*"></script>)', lambda m: m.group(1) + settings,
                      text, count=1)
        page.write_text(text, encoding="utf-8")


def check_tree(tree: Path, version: str) -> None:
    """What a published version must hold before it may be moved into place."""
    if not (tree / "index.html").is_file():
        raise PublishError(f"{tree.name}: no index.html")
    pdfs = list(tree.glob("*.pdf"))
    if len(pdfs) != 1 or version not in pdfs[0].name or not pdfs[0].read_bytes().startswith(b"%PDF-"):
        raise PublishError(f"{tree.name}: expected one PDF named for version {version}, found {[p.name for p in pdfs]}")
    for page in tree.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "@@BUILD_STAMP@@" in text or VERSIONS_SLOT in text:
            raise PublishError(f"{page.relative_to(tree)}: a placeholder was not filled in")
        if "documentation_options.js" in text and f"theme_switcher_version_match = '{version}'" not in text:
            raise PublishError(f"{page.relative_to(tree)}: no version switcher settings")


def read_versions(site: Path) -> list[dict]:
    """The published versions, newest release first and dev last, from their build.json."""
    entries = []
    for folder in sorted(site.iterdir()) if site.exists() else []:
        info = folder / "build.json"
        if folder.is_symlink() or not info.is_file():
            continue
        entries.append(json.loads(info.read_text(encoding="utf-8")) | {"folder": folder.name})
    return _ordered(entries)


def _ordered(entries: list[dict]) -> list[dict]:
    """Releases, newest first, then the development build."""
    releases = sorted((e for e in entries if versioning.is_release(e["version"])),
                      key=lambda e: versioning.key(e["version"]), reverse=True)
    return releases + [e for e in entries if not versioning.is_release(e["version"])]


def switcher_json(entries: list[dict], base_url: str) -> str:
    """The theme's switcher list; the newest release is the preferred one."""
    newest = next((e for e in entries if versioning.is_release(e["version"])), None)
    items = []
    for e in entries:
        if not versioning.is_release(e["version"]):
            name = f"pengembangan ({e['version']})"
        else:
            name = e["version"] + (" (terbaru)" if e is newest else "")
        item = {"name": name, "version": e["version"], "url": f"{base_url}{e['folder']}/",
                "pdf": f"{base_url}{e['folder']}/{e['pdf']}", "date": e["date"], "commit": e["commit"]}
        if e is newest:
            item["preferred"] = True
        items.append(item)
    return json.dumps(items, indent=1, ensure_ascii=False) + "\n"


def versions_page(entries: list[dict]) -> str:
    """Plain links to every version; with ?page=<path>, to that page where it exists."""
    pages = {e["folder"]: e["pages"] for e in entries}
    rows = "\n".join(
        f'<li><a class="version" data-folder="{html.escape(e["folder"])}" href="{html.escape(e["folder"])}/index.html">'
        f'{html.escape(e["version"])}</a>'
        f'{" (terbaru)" if i == 0 and versioning.is_release(e["version"]) else ""}'
        f' · dibangun {html.escape(e["date"])} · commit <code>{html.escape(e["commit"][:10])}</code>'
        f' · <a href="{html.escape(e["folder"])}/{html.escape(e["pdf"])}">PDF</a></li>'
        for i, e in enumerate(entries))
    return f"""<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Semua versi — Edisi Reproduksi Rudi (2021)</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}}</style>
</head>
<body>
<main>
<h1>Semua versi buku ini</h1>
<p>Setiap versi tetap terbit apa adanya; rilis tidak pernah diubah setelah terbit.</p>
<ul>
{rows}
</ul>
</main>
<script>
// Opened from another version's page (?page=...): link to the same page where that version has it.
const PAGES = {json.dumps(pages, ensure_ascii=False)};
const page = new URLSearchParams(location.search).get("page");
if (page) {{
  for (const a of document.querySelectorAll("a.version")) {{
    if ((PAGES[a.dataset.folder] || []).includes(page)) a.href = a.dataset.folder + "/" + page;
  }}
}}
</script>
</body>
</html>
"""


def root_page(entries: list[dict]) -> str:
    target = "latest/index.html" if any(versioning.is_release(e["version"]) for e in entries) else f"{DEV}/index.html"
    return f"""<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={target}">
<title>Edisi Reproduksi Rudi (2021)</title></head>
<body><p><a href="{target}">Buka versi terbaru</a> · <a href="versions.html">semua versi</a></p></body>
</html>
"""


def publish(html_dir: Path, pdf: Path, st: dict, site: Path = SITE, base_url: str | None = None) -> str:
    """Publish one build; returns what happened ('published', 'replaced' or 'unchanged')."""
    base_url = base_url if base_url is not None else os.environ.get("SITE_BASE_URL", "/")
    version = st["version"]
    name = folder_for(version)
    site.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=site))
    try:
        inject_failure("copy")
        tree = staging / name
        shutil.copytree(html_dir, tree, symlinks=True)
        shutil.copy2(pdf, tree / pdf.name)
        add_version_navigation(tree, version)
        info = {k: st[k] for k in ("version", "commit", "date", "data")} | {
            "pdf": pdf.name, "pages": sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.html"))}
        (tree / "build.json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

        inject_failure("check")
        check_tree(tree, version)
        target = site / name
        outcome = "replaced" if target.exists() else "published"
        if target.exists() and versioning.is_release(version):
            if tree_digest(target) != tree_digest(tree):
                raise PublishError(
                    f"release {version} is already published in {target} with different content; a release "
                    f"is immutable. Tag a new version for the new content. The published tree is unchanged.")
            return "unchanged"  # the same release again: nothing to do, nothing touched

        inject_failure("index")
        others = [e for e in read_versions(site) if e["folder"] != name]
        entries = _ordered(read_versions(staging) + others)
        (staging / "versions.json").write_text(switcher_json(entries, base_url), encoding="utf-8")
        (staging / "versions.html").write_text(versions_page(entries), encoding="utf-8")
        (staging / "index.html").write_text(root_page(entries), encoding="utf-8")
        newest = next((e["folder"] for e in entries if versioning.is_release(e["version"])), None)
        if newest:
            os.symlink(newest, staging / "latest")

        inject_failure("move")
        old = staging / ".old"
        if target.exists():
            target.rename(old)
        try:
            tree.rename(target)
        except OSError:
            if old.exists():
                old.rename(target)  # put the previous build back
            raise
        for f in ("versions.json", "versions.html", "index.html"):
            os.replace(staging / f, site / f)
        if newest:
            os.replace(staging / "latest", site / "latest")
        return outcome
    finally:
        shutil.rmtree(staging, ignore_errors=True)
