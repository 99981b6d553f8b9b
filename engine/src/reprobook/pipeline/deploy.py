"""Deploy the published site (_build/site) to a static host:

    reprobook deploy [--remote R] [--branch gh-pages] [--base-url URL]   onto a branch of a git remote
    reprobook deploy --folder DIR [--base-url URL]                        into a folder (a host that takes one)

What is deployed is the site as a static host must have it:

- ``latest/`` is a copy of the newest release's folder, not a link (a host need
  not follow links; git stores the same files once);
- ``.nojekyll``, so that GitHub Pages serves folders whose names start with "_"
  (Sphinx's ``_static``);
- with ``--base-url``, the root files that name the site's address
  (versions.json, 404.html, sitemap.xml, robots.txt) written for that address.
  Nothing inside a version folder is touched: a release's bytes are recorded,
  and its links are relative for that reason.

Every release the repository records must be in the site, or the deploy
would take it off the host: `make book` rebuilds the recorded releases.

Onto a git remote it works the way ghp-import does, with ghp-import's own
plumbing (its git runner, its fast-import of a folder as one commit on the
branch, its push), in a scratch repository of the build folder
(``_build/deploy/repo.git``), never the project's. Before anything is committed,
the tree to deploy is compared with the remote branch's, by git's own tree
hashes:

- a release folder the remote has must be the same, byte for byte: a different
  one is refused, naming the version and the first file that differs, and so
  is a release the remote has and the local site lacks;
- a tree equal to the remote's is not committed: a deploy with nothing new
  changes nothing.

The push is never forced: a remote branch that moved meanwhile refuses it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import ghp_import

from .. import atomic, lock, strings
from .. import project as projects
from ..errors import ConfigError, PublishError
from . import publish, sitemap
from . import version as versions

FETCHED = "deployed"  # the remote branch, fetched into refs/remotes/deployed/<branch> of the scratch repository
RULE_KEEP = "a deploy keeps every published release byte for byte"
NO_JEKYLL = ".nojekyll"


class Repo(ghp_import.Git):
    """ghp-import's git runner, working in the scratch repository instead of the
    current directory."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = Path(path)

    def open(self, *args, **kwargs):
        kwargs.setdefault("cwd", str(self.path))
        return super().open(*args, **kwargs)

    def check_call(self, *args, **kwargs):
        kwargs.setdefault("cwd", str(self.path))
        return super().check_call(*args, **kwargs)

    def run(self, *args, where: str = "git", rule: str = "git does what a deploy asks", **kwargs) -> str:
        """git's output; PublishError with git's own message when it fails."""
        if self.call(*args, **kwargs) != 0:
            message = ghp_import.dec(self.stderr or b"").strip().splitlines()
            raise PublishError(where, rule, f"git {args[0]} failed: {message[-1] if message else 'no message'}")
        return ghp_import.dec(self.stdout).strip()


# --- the tree to deploy ------------------------------------------------------------------------


def base_url(url: str | None) -> str | None:
    """The address as the site's settings spell it (ending in '/'), or ConfigError."""
    if url is None:
        return None
    url = url if url.endswith("/") else url + "/"
    pattern = projects.schema()["properties"]["site"]["properties"]["base_url"]["pattern"]
    if not re.fullmatch(pattern, url):
        raise ConfigError("--base-url", "the base address is http(s)://host/path/ or /path/",
                          f"'{url}' is neither an absolute http(s) address nor a path from the host's root")
    return url


def addressed(project, catalog: strings.Catalog, site: Path, url: str) -> dict[str, str]:
    """The root files that name the site's address, written for `url`."""
    entries = publish.read_versions(site)
    return {"versions.json": publish.versions_json(entries, url),
            "404.html": publish.not_found_page(project, catalog, url),
            sitemap.SITEMAP: sitemap.sitemap_xml(site, publish.newest_release(entries), project.languages, url),
            sitemap.ROBOTS: sitemap.robots_txt(url)}


def _link_or_copy(src, dst):
    # the staged tree shares the site's files (it is only read, and root files are
    # replaced by a rename), so staging costs no copy of the PDFs and archives
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def published_site(project) -> Path:
    site = publish.site(project)
    if not (site / "versions.json").is_file():
        raise PublishError(project.relative(site), "a deploy publishes a built site",
                           "no published site: run `make book` first")
    return site.resolve()


def check_recorded(project, site: Path) -> None:
    """Every release the repository records is in the site."""
    have = {e["version"] for e in publish.read_versions(site)}
    missing = [v for v in versions.releases(project.root) if v not in have]
    if missing:
        raise PublishError(project.relative(publish.site(project)), RULE_KEEP,
                           f"release {missing[0]} is recorded (releases/{missing[0]}.json) but not in the site, and a "
                           "deploy would take it off the host: `make book` rebuilds the recorded releases; deploy after it")


def stage(project, catalog: strings.Catalog, site: Path, into: Path, url: str | None) -> Path:
    """The tree to deploy, in `into`: the site with latest/ materialised, .nojekyll,
    and with `url`, the root files written for that address."""
    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(site, into, symlinks=False, copy_function=_link_or_copy)  # a linked folder is copied
    (into / NO_JEKYLL).write_bytes(b"")
    if url:
        for name, text in addressed(project, catalog, site, url).items():
            atomic.write_text(into / name, text)  # a new file, never the site's own through its hard link
    return into


# --- onto a git remote -------------------------------------------------------------------------


def remote_url(project, remote: str) -> str:
    """A remote of the project's repository by name, else a git URL or a path."""
    named = versions.git(project.root, "remote", "get-url", remote)
    url = named or remote
    if "://" in url or re.match(r"^[\w.-]+@[\w.-]+:", url):
        return url
    path = Path(url) if Path(url).is_absolute() or not named else project.root / url
    if not path.exists():
        raise ConfigError("--remote", "--remote names a remote of the project's repository, a git URL or a path",
                          f"'{remote}' is none of them")
    return str(path.resolve())


def scratch(project) -> Repo:
    """The scratch repository the deploy commits in, made on first use."""
    path = project.build / "deploy" / "repo.git"
    repo = Repo(path)
    if not (path / "HEAD").is_file():
        path.mkdir(parents=True, exist_ok=True)
        repo.run("init", "--bare", "--quiet")
    for key, value in (("user.name", versions.git(project.root, "config", "user.name") or "reprobook"),
                       ("user.email", versions.git(project.root, "config", "user.email") or "reprobook@localhost"),
                       ("core.excludesFile", os.devnull), ("core.autocrlf", "false"), ("gc.auto", "0")):
        repo.run("config", key, value)
    return repo


def tree_of(repo: Repo, folder: Path) -> str:
    """The git tree of a folder, written into the scratch repository without a commit."""
    index = {"cwd": str(folder)}
    git_dir = ["--git-dir", str(repo.path), "--work-tree", "."]
    repo.run(*git_dir, "read-tree", "--empty", **index)
    repo.run(*git_dir, "add", "--all", "--force", ".", **index)
    return repo.run(*git_dir, "write-tree", **index)


def release_folders(repo: Repo, tree: str) -> dict[str, str]:
    """The release folders of a tree: name -> its tree hash."""
    out = {}
    for line in repo.run("ls-tree", tree).splitlines():
        meta, name = line.split("\t", 1)
        if meta.split()[1] == "tree" and name.startswith("v") and versions.is_release(name[1:]):
            out[name] = meta.split()[2]
    return out


def check_remote(repo: Repo, where: str, remote_tree: str, tree: str) -> None:
    """Refuse what would rewrite or drop a release the remote has."""
    theirs, ours = release_folders(repo, remote_tree), release_folders(repo, tree)
    for name in sorted(theirs, key=lambda n: versions.key(n[1:])):
        if name not in ours:
            raise PublishError(where, RULE_KEEP,
                               f"the remote has release {name[1:]} ({name}/), which the local site lacks: "
                               "`make book` rebuilds the recorded releases; deploy after it")
        if ours[name] != theirs[name]:
            changed = repo.run("diff-tree", "-r", "--name-only", remote_tree, tree, "--", name).splitlines()
            raise PublishError(where, RULE_KEEP,
                               f"release {name[1:]} differs from the one the remote has, first at {changed[0]}: "
                               "a published release is never rewritten; nothing was deployed")


def push(project, remote: str = "origin", branch: str = "gh-pages", url: str | None = None, log=print) -> str:
    """Deploy onto `branch` of `remote`; 'pushed' or 'unchanged'."""
    catalog = strings.of(project)
    url = base_url(url)
    with lock.held(project.build):
        site = published_site(project)
        check_recorded(project, site)
        target = remote_url(project, remote)
        where = f"{target} ({branch})"
        repo = scratch(project)
        fetched = f"refs/remotes/{FETCHED}/{branch}"
        reachable = {"where": where, "rule": "the remote is a git repository this machine reaches"}
        has_branch = bool(repo.run("ls-remote", "--heads", target, f"refs/heads/{branch}", **reachable))
        if has_branch:
            repo.run("fetch", "--quiet", "--no-tags", target, f"+refs/heads/{branch}:{fetched}", **reachable)
        else:
            repo.call("update-ref", "-d", fetched)
        repo.call("update-ref", "-d", f"refs/heads/{branch}")  # nothing of an earlier deploy elsewhere
        if not repo.try_rebase(FETCHED, branch):  # ghp-import: the local branch starts at the remote's
            raise PublishError(where, "a deploy continues the remote branch", "could not start from its head")
        staged = stage(project, catalog, site, project.build / "deploy" / "tree", url)
        try:
            tree = tree_of(repo, staged)
            remote_tree = repo.run("rev-parse", f"{fetched}^{{tree}}") if has_branch else None
            if remote_tree:
                check_remote(repo, where, remote_tree, tree)
                if remote_tree == tree:
                    log(f"deploy: {where} already holds this site; nothing committed")
                    return "unchanged"
            entries = publish.read_versions(site)
            message = "Deploy the site: " + ", ".join(e["version"] for e in entries)
            ghp_import.run_import(repo, str(staged), branch=branch, mesg=message, prefix=None, followlinks=False,
                                  nojekyll=False, cname=None)
            head = repo.run("rev-parse", f"refs/heads/{branch}")
            if repo.run("rev-parse", f"{head}^{{tree}}") != tree:
                raise PublishError(where, "a deploy commits the tree it checked",
                                   "ghp-import committed another tree than the one compared; nothing was pushed")
            repo.run("push", "--quiet", target, f"refs/heads/{branch}:refs/heads/{branch}", where=where,
                     rule="a deploy adds to the remote branch and never forces it")
            log(f"deploy: {where} now at {head[:10]} ({len(entries)} versions)")
            return "pushed"
        finally:
            shutil.rmtree(staged, ignore_errors=True)


# --- into a folder -------------------------------------------------------------------------------


def to_folder(project, folder: Path, url: str | None = None, log=print) -> Path:
    """The tree to deploy, written into `folder` (for a host that takes a folder).
    A folder already there is replaced only if an earlier deploy wrote it."""
    catalog = strings.of(project)
    url = base_url(url)
    folder = Path(folder).resolve()
    if folder.exists() and any(folder.iterdir()) and not (folder / NO_JEKYLL).is_file():
        raise PublishError(str(folder), "a deploy writes only into an empty folder or one it wrote",
                           "the folder holds other files")
    with lock.held(project.build):
        site = published_site(project)
        check_recorded(project, site)
        stage(project, catalog, site, folder, url)
    count = sum(1 for _ in folder.rglob("*") if _.is_file())
    versions_ = [e["version"] for e in json.loads((folder / "versions.json").read_text(encoding="utf-8"))]
    log(f"deploy: {count} files in {folder} ({', '.join(versions_)})")
    return folder
