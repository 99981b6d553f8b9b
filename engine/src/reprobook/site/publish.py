"""Publish a finished build into the versioned site, _build/site/:

    _build/site/
      index.html        sends readers to the newest release (or to dev/ before any)
      versions.html     plain links to every version, its PDF and the same page there
      versions.json     the list the theme's version switcher reads
      latest -> vX.Y.Z  the newest release
      vX.Y.Z/           one folder per release: its HTML and its own PDF
      dev/              the newest development build (replaced by each build)

A release is immutable: publishing it again with different content is refused,
and with identical content changes nothing. Each publication is a new
generation of the whole tree, assembled out of sight (unchanged versions are
hard links, not copies) and switched in with one atomic rename
(reprobook.atomic), so a failure or a kill at any step leaves the published
tree exactly as it was (reprobook.faults injects failures and kills to prove it).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

from .. import atomic, digest, faults, labels
from ..project import current
from . import version as versions

DEV = "dev"
VERSIONS_SLOT = "<!--versions-->"  # in every page's footer, left by the HTML build
STAMP_SLOT = "@@BUILD_STAMP@@"


class PublishError(RuntimeError):
    pass


inject_failure = faults.point


def site() -> Path:
    return current().build / "site"


def folder_for(version: str) -> str:
    return f"v{version}" if versions.is_release(version) else DEV


def _depth_prefix(page: Path, root: Path) -> str:
    return "../" * (len(page.relative_to(root).parts) - 1)


def add_version_navigation(tree: Path, version: str, lang: str) -> None:
    """Give every page of a version folder the switcher's settings and a plain link
    to versions.html (which works when the pages are opened from disk too)."""
    L = labels.engine("site", lang)
    # Opened from disk, a browser may not fetch versions.json (a CORS error in the console):
    # the switcher is then left out, and the footer's plain link to versions.html serves instead.
    settings = ("<script>if (location.protocol !== 'file:') "
                "{DOCUMENTATION_OPTIONS.theme_switcher_json_url = '../versions.json';}"
                f"DOCUMENTATION_OPTIONS.theme_switcher_version_match = '{version}';</script>")
    for page in tree.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(tree).as_posix()
        up = _depth_prefix(page, tree)
        link = (f' · <a class="versions-link" href="{up}../versions.html?page={rel}">'
                f"{html.escape(L['all_versions'])}</a>")
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
        if STAMP_SLOT in text or VERSIONS_SLOT in text:
            raise PublishError(f"{page.relative_to(tree)}: a placeholder was not filled in")
        if "documentation_options.js" in text and f"theme_switcher_version_match = '{version}'" not in text:
            raise PublishError(f"{page.relative_to(tree)}: no version switcher settings")


def read_versions(root: Path | None) -> list[dict]:
    """The published versions, newest release first and dev last, from their build.json."""
    entries = []
    for folder in sorted(root.iterdir()) if root and root.exists() else []:
        info = folder / "build.json"
        if folder.is_symlink() or not info.is_file():
            continue
        entries.append(json.loads(info.read_text(encoding="utf-8")) | {"folder": folder.name})
    return ordered(entries)


def ordered(entries: list[dict]) -> list[dict]:
    """Releases, newest first, then the development build."""
    releases = sorted((e for e in entries if versions.is_release(e["version"])),
                      key=lambda e: versions.key(e["version"]), reverse=True)
    return releases + [e for e in entries if not versions.is_release(e["version"])]


def switcher_json(entries: list[dict], base_url: str, lang: str) -> str:
    """The theme's switcher list; the newest release is the preferred one. A
    development build older than the newest release is left out of it (it stays
    on versions.html)."""
    L = labels.engine("site", lang)
    newest = next((e for e in entries if versions.is_release(e["version"])), None)
    items = []
    for e in entries:
        if not versions.is_release(e["version"]):
            if newest is not None and int(e.get("epoch", 0)) < int(newest.get("epoch", 0)):
                continue
            name = L["development"].format(version=e["version"])
        else:
            name = e["version"] + (f" ({L['newest']})" if e is newest else "")
        item = {"name": name, "version": e["version"], "url": f"{base_url}{e['folder']}/",
                "pdf": f"{base_url}{e['folder']}/{e['pdf']}", "date": e["date"], "commit": e["commit"]}
        if e is newest:
            item["preferred"] = True
        items.append(item)
    return json.dumps(items, indent=1, ensure_ascii=False) + "\n"


def versions_page(entries: list[dict], lang: str) -> str:
    """Plain links to every version; with ?page=<path>, to that page where it exists."""
    L = labels.engine("site", lang)
    title = labels.load("site", lang)["site_title"]
    pages = {e["folder"]: e["pages"] for e in entries}
    esc = html.escape
    rows = "\n".join(
        f'<li><a class="version" data-folder="{esc(e["folder"])}" href="{esc(e["folder"])}/index.html">'
        f'{esc(e["version"])}</a>'
        f'{" (" + esc(L["newest"]) + ")" if i == 0 and versions.is_release(e["version"]) else ""}'
        f' · {esc(L["built_on"].format(date=e["date"]))} · commit <code>{esc(e["commit"][:10])}</code>'
        f' · <a href="{esc(e["folder"])}/{esc(e["pdf"])}">PDF</a></li>'
        for i, e in enumerate(entries))
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(L["versions_title"].format(site=title))}</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}}</style>
</head>
<body>
<main>
<h1>{esc(L["versions_heading"])}</h1>
<p>{esc(L["versions_intro"])}</p>
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


def root_page(entries: list[dict], lang: str) -> str:
    L = labels.engine("site", lang)
    title = labels.load("site", lang)["site_title"]
    target = "latest/index.html" if any(versions.is_release(e["version"]) for e in entries) else f"{DEV}/index.html"
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={target}">
<title>{html.escape(title)}</title></head>
<body><p><a href="{target}">{html.escape(L["open_newest"])}</a> ·
<a href="versions.html">{html.escape(L["all_versions_lower"])}</a></p></body>
</html>
"""


def publish(html_dir: Path, pdf: Path, st: dict, site_link: Path | None = None, base_url: str | None = None,
            lang: str | None = None) -> str:
    """Publish one build; returns what happened ('published', 'replaced' or 'unchanged')."""
    site_link = site_link or site()
    lang = lang or current().default_lang
    base_url = base_url if base_url is not None else os.environ.get("SITE_BASE_URL", "/")
    version = st["version"]
    name = folder_for(version)
    live = atomic.current(site_link)
    staging = atomic.staging(site_link)  # the next generation of the whole tree, out of sight
    try:
        inject_failure("copy")
        atomic.clone(live, staging)
        tree = staging / f".new-{name}"
        shutil.copytree(html_dir, tree, symlinks=True)
        shutil.copy2(pdf, tree / pdf.name)
        add_version_navigation(tree, version, lang)
        info = {k: st[k] for k in ("version", "commit", "date", "data")} | {"epoch": int(st.get("epoch", 0))} | {
            "pdf": pdf.name, "pages": sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.html"))}
        atomic.write_text(tree / "build.json", json.dumps(info, indent=1, ensure_ascii=False) + "\n")

        inject_failure("check")
        check_tree(tree, version)
        existing = live / name if live else None
        outcome = "replaced" if existing and existing.exists() else "published"
        if existing and existing.exists() and versions.is_release(version):
            if digest.of_tree(existing) != digest.of_tree(tree):
                raise PublishError(
                    f"release {version} is already published in {site_link / name} with different content; a "
                    f"release is immutable. Tag a new version for the new content. The published tree is unchanged.")
            return "unchanged"  # the same release again: nothing to do, nothing touched
        shutil.rmtree(staging / name, ignore_errors=True)
        tree.rename(staging / name)

        inject_failure("index")
        entries = read_versions(staging)
        atomic.write_text(staging / "versions.json", switcher_json(entries, base_url, lang))
        atomic.write_text(staging / "versions.html", versions_page(entries, lang))
        atomic.write_text(staging / "index.html", root_page(entries, lang))
        newest = next((e["folder"] for e in entries if versions.is_release(e["version"])), None)
        latest = staging / "latest"
        if latest.is_symlink():
            latest.unlink()
        if newest:
            os.symlink(newest, latest)

        inject_failure("move")
        atomic.install(staging, site_link)
        return outcome
    finally:
        shutil.rmtree(staging, ignore_errors=True)
