"""Publish a finished build into the versioned site, _build/site/:

    _build/site/
      index.html          sends readers to the newest release in the language their
                          browser prefers (the first language otherwise)
      404.html            the page a server shows for a missing address
      versions-<lang>.html  plain links to every version, its PDFs and the same page there
      versions.json       the versions, for scripts
      sitemap.xml, robots.txt  for search engines (reprobook.pipeline.sitemap)
      latest -> vX.Y.Z    the newest release
      vX.Y.Z/             one folder per release:
        <lang>/           each edition's pages and its own PDF
        <name>-data-X.Y.Z.zip, CITATION.cff   its data package and its citation file
      dev/                the newest development build (replaced by each build)

The pages outside the versions (the root, the version lists, 404.html) come
from the templates beside this module. A release is immutable, in every language at once: publishing it again with
different content is refused, and with identical content changes nothing.
Each publication is a new generation of the whole tree, assembled out of sight
(unchanged versions are hard links, not copies) and switched in with one atomic
rename (reprobook.atomic), so a failure or a kill at any step leaves the
published tree exactly as it was (reprobook.faults injects failures and kills
to prove it), and a version is published in all its languages or in none.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from .. import atomic, digest, faults, strings
from ..errors import PublishError
from . import records, sitemap
from . import version as versions

DEV = "dev"
HTML_LANG = re.compile(r'<html[^>]*\blang="([^"]*)"')
TEMPLATES = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=True,
                        keep_trailing_newline=True)

inject_failure = faults.point


def site(project) -> Path:
    return project.build / "site"


def folder_for(version: str) -> str:
    return f"v{version}" if versions.is_release(version) else DEV


def versions_page_name(lang: str) -> str:
    return f"versions-{lang}.html"


def check_tree(project, tree: Path, version: str) -> None:
    """What a published version must hold before it may be moved into place: every
    edition with its start page and its PDF, pages declaring their edition's
    language, the data archive and the citation file."""
    for lang in project.languages:
        edition = tree / lang
        if not (edition / "index.html").is_file():
            raise PublishError(f"{tree.name}/{lang}", "a version is published in every language", "no index.html")
        name = project.pdf(version, lang)
        if not (edition / name).is_file() or not (edition / name).read_bytes().startswith(b"%PDF-"):
            raise PublishError(f"{tree.name}/{lang}", "a version carries its PDF", f"no PDF {name}")
        for page in edition.rglob("*.html"):
            declared = HTML_LANG.search(page.read_text(encoding="utf-8"))
            if declared and declared.group(1) != lang:
                raise PublishError(str(page.relative_to(tree)), "every page declares its real language",
                                   f"declares lang=\"{declared.group(1)}\" in the {lang} edition")
    for name in (project.data_archive(version), "CITATION.cff"):
        if not (tree / name).is_file():
            raise PublishError(tree.name, "a version carries its data archive and citation file", f"no {name}")


def read_versions(root: Path | None) -> list[dict]:
    """The published versions, newest release first and dev last, from their build.json."""
    entries = []
    for folder in sorted(root.iterdir()) if root and root.exists() else []:
        info = folder / "build.json"
        if folder.is_symlink() or not info.is_file():
            continue
        entry = json.loads(info.read_text(encoding="utf-8"))
        if "languages" in entry:
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


def versions_page(project, catalog: strings.Catalog, entries: list[dict], lang: str) -> str:
    """Plain links to every version of one edition; with ?page=<path>, to that page where it exists."""
    site_words = catalog.texts("site", lang)
    newest = newest_release(entries)
    shown = [e for e in listed(entries) if lang in e["languages"]]

    def name(e):
        if versions.is_release(e["version"]):
            return e["version"] + (f" ({site_words['newest']})" if e is newest else "")
        return strings.fill(site_words["development"], version=e["version"])

    return TEMPLATES.get_template("versions.html").render(
        lang=lang, title=strings.fill(site_words["versions_title"], site=site_words["site_title"]),
        heading=site_words["versions_heading"], intro=site_words["versions_intro"],
        versions=[{"folder": e["folder"], "name": name(e), "built": strings.fill(site_words["built_on"], date=e["date"]),
                   "commit": e["commit"][:10], "pdf": e["pdf"][lang]} for e in shown],
        others=[{"href": versions_page_name(o), "lang": o, "name": catalog.text("site", "language_self", o)}
                for o in project.languages if o != lang],
        pages={e["folder"]: e["pages"].get(lang, []) for e in shown})


def root_page(project, catalog: strings.Catalog, entries: list[dict]) -> str:
    """The site's root: to the newest release (before any, the development build) in
    the reader's preferred language among the editions, else the first language."""
    first = project.default_lang
    return TEMPLATES.get_template("root.html").render(
        lang=first, title=catalog.text("site", "site_title", first), codes=list(project.languages),
        target="latest" if newest_release(entries) else DEV,
        editions=[{"lang": lang, "open_in": catalog.text("site", "open_in", lang)} for lang in project.languages],
        versions_page=versions_page_name(first), all_versions=catalog.text("site", "all_versions_lower", first))


def not_found_page(project, catalog: strings.Catalog, base_url: str) -> str:
    """The page a server shows for a missing address, in each language (each block
    declares its own), with a link to the newest version's start in each."""
    first = project.default_lang
    return TEMPLATES.get_template("404.html").render(
        lang=first, title=catalog.text("site", "not_found_title", first), base_url=base_url,
        blocks=[{"lang": lang, "title": catalog.text("site", "not_found_title", lang),
                 "text": catalog.text("site", "not_found_text", lang), "home": catalog.text("site", "not_found_home", lang)}
                for lang in project.languages])


def edition_start(catalog: strings.Catalog, lang: str, target: str) -> str:
    """An edition's index.html: a page in its language that opens its first page."""
    return TEMPLATES.get_template("edition_start.html").render(lang=lang, target=target,
                                                                title=catalog.text("site", "book_title", lang))


def publish(project, catalog: strings.Catalog, build_dir: Path, st, site_link: Path | None = None,
            expected: dict[str, str] | None = None) -> str:
    """Publish one build (a folder as reprobook.pipeline.build stages it: <lang>/ for
    each edition with its PDF, the data archive, CITATION.cff); returns what happened
    ('published', 'replaced' or 'unchanged'). `expected`: a recorded release's
    manifest, which the tree must equal before anything is published."""
    site_link = site_link or site(project)
    base_url = project.base_url
    version = st.version
    name = folder_for(version)
    live = atomic.current(site_link)
    staging = atomic.staging(site_link)  # the next generation of the whole tree, out of sight
    try:
        inject_failure("copy")
        atomic.clone(live, staging)
        tree = staging / f".new-{name}"
        shutil.copytree(build_dir, tree, symlinks=True)
        built = tree / "build.json"  # what the build recorded (pipeline.environment), completed here
        made = json.loads(built.read_text(encoding="utf-8")) if built.is_file() else {}
        info = made | {"version": st.version, "commit": st.commit, "date": st.date, "data": st.data, "epoch": st.epoch,
                "languages": list(project.languages),
                "pdf": {lang: project.pdf(version, lang) for lang in project.languages},
                "data_archive": project.data_archive(version),
                "pages": {lang: sorted(p.relative_to(tree / lang).as_posix() for p in (tree / lang).rglob("*.html"))
                          for lang in project.languages if (tree / lang).is_dir()}}
        atomic.write_text(tree / "build.json", json.dumps(info, indent=1, ensure_ascii=False) + "\n")

        inject_failure("check")
        check_tree(project, tree, version)
        if expected is not None:
            rel = records.first_difference(expected, tree)
            if rel is not None:
                raise PublishError(f"{name}/{rel}", "a recorded release rebuilds byte for byte",
                                   f"release {version} rebuilt from its commit differs from its record "
                                   f"({records.FOLDER}/{version}.sha256) in this file; nothing was published")
        existing = live / name if live else None
        outcome = "replaced" if existing and existing.exists() else "published"
        if existing and existing.exists() and versions.is_release(version):
            if digest.of_tree(existing) != digest.of_tree(tree):
                raise PublishError(str(site_link / name), "a release is immutable",
                                   f"release {version} is already published with different content; tag a new "
                                   "version for the new content. The published tree is unchanged.")
            return "unchanged"  # the same release again: nothing to do, nothing touched
        shutil.rmtree(staging / name, ignore_errors=True)
        tree.rename(staging / name)

        inject_failure("index")
        entries = read_versions(staging)
        atomic.write_text(staging / "versions.json", versions_json(entries, base_url))
        for lang in project.languages:
            atomic.write_text(staging / versions_page_name(lang), versions_page(project, catalog, entries, lang))
        atomic.write_text(staging / "index.html", root_page(project, catalog, entries))
        atomic.write_text(staging / "404.html", not_found_page(project, catalog, base_url))
        newest = newest_release(entries)
        sitemap.write(staging, newest, project.languages, base_url)
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
