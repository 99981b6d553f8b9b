"""Publish a finished build into the versioned site, _build/site/:

    _build/site/
      index.html          sends readers to the newest release in the language their
                          browser prefers (the first language otherwise)
      404.html            the page a server shows for a missing address
      versions-<lang>.html  plain links to every version, its PDFs and the same page there
      versions.json       the versions, for scripts
      latest -> vX.Y.Z    the newest release
      vX.Y.Z/             one folder per release:
        <lang>/           each edition's pages and its own PDF
        <name>-data-X.Y.Z.zip, CITATION.cff   its data package and its citation file
      dev/                the newest development build (replaced by each build)

A release is immutable, in every language at once: publishing it again with
different content is refused, and with identical content changes nothing.
Each publication is a new generation of the whole tree, assembled out of sight
(unchanged versions are hard links, not copies) and switched in with one atomic
rename (reprobook.atomic), so a failure or a kill at any step leaves the
published tree exactly as it was (reprobook.faults injects failures and kills
to prove it), and a version is published in all its languages or in none.
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
from . import slots
from . import version as versions

DEV = "dev"
VERSION_SPAN = re.compile(r'<span class="reprobook-version" data-page="([^"]*)">([^<]*)</span>')
HTML_LANG = re.compile(r'<html[^>]*\blang="([^"]*)"')


class PublishError(RuntimeError):
    pass


inject_failure = faults.point


def site() -> Path:
    return current().build / "site"


def folder_for(version: str) -> str:
    return f"v{version}" if versions.is_release(version) else DEV


def versions_page_name(lang: str) -> str:
    return f"versions-{lang}.html"


def add_version_navigation(tree: Path, lang: str) -> None:
    """Link every page of one edition of a version folder to the list of versions,
    which names the same page in each: the edition bar's version and the
    footer's plain link. Plain links, so they work opened from disk too."""
    L = labels.engine("site", lang)
    for page in tree.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(tree).as_posix()
        href = html.escape(f"{'../' * rel.count('/')}../../{versions_page_name(lang)}?page={rel}")
        text = text.replace(slots.VERSIONS, f' · <a class="versions-link" href="{href}">'
                                             f"{html.escape(L['all_versions'])}</a>")
        link = f'<a class="reprobook-version" href="{href}" title="{html.escape(L["version_title"])}">'
        text = VERSION_SPAN.sub(lambda m, link=link: f"{link}{m.group(2)}</a>", text)
        page.write_text(text, encoding="utf-8")


def check_tree(tree: Path, version: str) -> None:
    """What a published version must hold before it may be moved into place: every
    edition with its start page and its one PDF, pages declaring their edition's
    language with no placeholder left, the data archive and the citation file."""
    project = current()
    for lang in project.languages:
        edition = tree / lang
        if not (edition / "index.html").is_file():
            raise PublishError(f"{tree.name}/{lang}: no index.html [rule: a version is published in every language]")
        pdfs = sorted(p.name for p in edition.glob("*.pdf"))
        name = project.pdf(version, lang)
        if pdfs != [name] or not (edition / name).read_bytes().startswith(b"%PDF-"):
            raise PublishError(f"{tree.name}/{lang}: expected the one PDF {name}, found {pdfs}")
        for page in edition.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            left = slots.left(text)
            if left:
                raise PublishError(f"{page.relative_to(tree)}: a placeholder was not filled in ({left[0]})")
            declared = HTML_LANG.search(text)
            if declared and declared.group(1) != lang:
                raise PublishError(f"{page.relative_to(tree)}: declares lang=\"{declared.group(1)}\" in the {lang} "
                                   "edition [rule: every page declares its real language]")
    for name in (project.data_archive(version), "CITATION.cff"):
        if not (tree / name).is_file():
            raise PublishError(f"{tree.name}: no {name}")


def read_versions(root: Path | None) -> list[dict]:
    """The published versions, newest release first and dev last, from their build.json."""
    entries = []
    for folder in sorted(root.iterdir()) if root and root.exists() else []:
        info = folder / "build.json"
        if folder.is_symlink() or not info.is_file():
            continue
        entry = json.loads(info.read_text(encoding="utf-8"))
        if "languages" in entry:  # a publication in this layout (a version per language folder)
            entries.append(entry | {"folder": folder.name})
    return ordered(entries)


def ordered(entries: list[dict]) -> list[dict]:
    """Releases, newest first, then the development build."""
    releases = sorted((e for e in entries if versions.is_release(e["version"])),
                      key=lambda e: versions.key(e["version"]), reverse=True)
    return releases + [e for e in entries if not versions.is_release(e["version"])]


def newest_release(entries: list[dict]) -> dict | None:
    return next((e for e in entries if versions.is_release(e["version"])), None)


def listed(entries: list[dict]) -> list[dict]:
    """The versions offered to readers: a development build older than the newest
    release is left out (it stays reachable by its folder)."""
    newest = newest_release(entries)
    return [e for e in entries if versions.is_release(e["version"]) or newest is None
            or int(e.get("epoch", 0)) >= int(newest.get("epoch", 0))]


def versions_json(entries: list[dict], base_url: str) -> str:
    newest = newest_release(entries)
    items = [{"version": e["version"], "folder": e["folder"], "url": f"{base_url}{e['folder']}/",
              "date": e["date"], "commit": e["commit"], "languages": e["languages"],
              "pdf": {lang: f"{base_url}{e['folder']}/{lang}/{name}" for lang, name in e["pdf"].items()},
              "data": f"{base_url}{e['folder']}/{e['data_archive']}", "latest": e is newest}
             for e in listed(entries)]
    return json.dumps(items, indent=1, ensure_ascii=False) + "\n"


def _name(e: dict, L, newest: dict | None) -> str:
    if versions.is_release(e["version"]):
        return e["version"] + (f" ({L['newest']})" if e is newest else "")
    return L["development"].format(version=e["version"])


def versions_page(entries: list[dict], lang: str) -> str:
    """Plain links to every version of one edition; with ?page=<path>, to that page where it exists."""
    L = labels.engine("site", lang)
    title = labels.load("site", lang)["site_title"]
    newest = newest_release(entries)
    shown = listed(entries)
    pages = {e["folder"]: e["pages"].get(lang, []) for e in shown}
    esc = html.escape
    rows = "\n".join(
        f'<li><a class="version" data-folder="{esc(e["folder"])}" href="{esc(e["folder"])}/{esc(lang)}/index.html">'
        f'{esc(_name(e, L, newest))}</a>'
        f' · {esc(L["built_on"].format(date=e["date"]))} · commit <code>{esc(e["commit"][:10])}</code>'
        f' · <a href="{esc(e["folder"])}/{esc(lang)}/{esc(e["pdf"][lang])}">PDF</a></li>'
        for e in shown if lang in e["languages"])
    others = " · ".join(
        f'<a href="{versions_page_name(o)}" hreflang="{esc(o)}" lang="{esc(o)}">'
        f'{esc(labels.engine("site", o)["language_self"])}</a>'
        for o in current().languages if o != lang)
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
<p>{others}</p>
</main>
<script>
// Opened from a page of another version (?page=...): link to the same page where that version has it.
const PAGES = {json.dumps(pages, ensure_ascii=False)};
const page = new URLSearchParams(location.search).get("page");
if (page) {{
  for (const a of document.querySelectorAll("a.version")) {{
    if ((PAGES[a.dataset.folder] || []).includes(page)) a.href = a.dataset.folder + "/{esc(lang)}/" + page;
  }}
}}
</script>
</body>
</html>
"""


def root_page(entries: list[dict]) -> str:
    """The site's root: to the newest release (before any, the development build) in
    the reader's preferred language among the editions, else the first language."""
    project = current()
    first = project.default_lang
    L = labels.engine("site", first)
    title = labels.load("site", first)["site_title"]
    target = "latest" if newest_release(entries) else DEV
    esc = html.escape
    links = "\n".join(
        f'<li><a href="{target}/{esc(lang)}/index.html" hreflang="{esc(lang)}" lang="{esc(lang)}">'
        f'{esc(labels.engine("site", lang)["open_in"])}</a></li>' for lang in project.languages)
    return f"""<!DOCTYPE html>
<html lang="{esc(first)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<script>
// The first of the reader's languages that the book has; else the first edition.
const editions = {json.dumps(list(project.languages))};
const wanted = (navigator.languages || [navigator.language || ""]).map(l => l.toLowerCase().split("-")[0]);
const lang = wanted.find(l => editions.includes(l)) || editions[0];
location.replace("{target}/" + lang + "/index.html");
</script>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}}</style>
</head>
<body><main><h1>{esc(title)}</h1>
<ul>
{links}
</ul>
<p><a href="{versions_page_name(first)}">{esc(L["all_versions_lower"])}</a></p></main></body>
</html>
"""


def not_found_page(base_url: str) -> str:
    """The page a server shows for a missing address, in each language (each block
    declares its own), with a link to the newest version's start in each."""
    project = current()
    esc = html.escape
    blocks = []
    for lang in project.languages:
        L = labels.engine("site", lang)
        blocks.append(f'<section lang="{esc(lang)}"><h1>{esc(L["not_found_title"])}</h1><p>{esc(L["not_found_text"])}</p>'
                      f'<p><a href="{esc(base_url)}index.html">{esc(L["not_found_home"])}</a></p></section>')
    first = labels.engine("site", project.default_lang)
    return f"""<!DOCTYPE html>
<html lang="{esc(project.default_lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(first["not_found_title"])}</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}}</style>
</head>
<body><main>
{chr(10).join(blocks)}
</main></body>
</html>
"""


def publish(build_dir: Path, st: dict, site_link: Path | None = None, base_url: str | None = None) -> str:
    """Publish one build (a folder as reprobook.site.build stages it: <lang>/ for each
    edition with its PDF, the data archive, CITATION.cff); returns what happened
    ('published', 'replaced' or 'unchanged')."""
    project = current()
    site_link = site_link or site()
    base_url = base_url if base_url is not None else os.environ.get("SITE_BASE_URL", "/")
    version = st["version"]
    name = folder_for(version)
    live = atomic.current(site_link)
    staging = atomic.staging(site_link)  # the next generation of the whole tree, out of sight
    try:
        inject_failure("copy")
        atomic.clone(live, staging)
        tree = staging / f".new-{name}"
        shutil.copytree(build_dir, tree, symlinks=True)
        for lang in project.languages:
            if (tree / lang).is_dir():
                add_version_navigation(tree / lang, lang)
        info = {k: st[k] for k in ("version", "commit", "date", "data")} | {"epoch": int(st.get("epoch", 0))} | {
            "languages": list(project.languages), "pdf": {lang: project.pdf(version, lang) for lang in project.languages},
            "data_archive": project.data_archive(version),
            "pages": {lang: sorted(p.relative_to(tree / lang).as_posix() for p in (tree / lang).rglob("*.html"))
                      for lang in project.languages if (tree / lang).is_dir()}}
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
        atomic.write_text(staging / "versions.json", versions_json(entries, base_url))
        for lang in project.languages:
            atomic.write_text(staging / versions_page_name(lang), versions_page(entries, lang))
        atomic.write_text(staging / "index.html", root_page(entries))
        atomic.write_text(staging / "404.html", not_found_page(base_url))
        newest = newest_release(entries)
        latest = staging / "latest"
        if latest.is_symlink():
            latest.unlink()
        if newest:
            os.symlink(newest["folder"], latest)

        inject_failure("move")
        atomic.install(staging, site_link)
        return outcome
    finally:
        shutil.rmtree(staging, ignore_errors=True)
