"""The engine's Sphinx extension (``extra_extensions: [reprobook.sphinxext]``).
It renders what notebooks glued in each edition's language, and reads what the
pipeline computed before Sphinx started (reprobook.context); it runs no git and
imports nothing of the pipeline.

- ``{nb}``, ``{nbtable}``, ``{nbfigure}``: paste a glued value (paste);
- ``{src}``, ``{edition}``: where in the original a paragraph stands, or that it
  is the edition's own (original_refs);
- ``{versionchanges}``, ``{notebook-index}``: what changed since the previous
  release, and what each notebook makes (overview);
- ``{this-version}``, ``{cite-this}``, ``{data-archive}``: the version read and
  how to cite it (this_version);
- citations and reference lists in the edition's language (bibstyle);
- the edition bar, hreflang, the stamp in the footer (edition_bar, theme/);
- provenance lines that the PDF's lists leave out (captions);
- wide tables set to fit the PDF's text block (tables);
- a notebook's prose in its edition's language only (notebook_lang);
- search that stems Indonesian (search); an output folder with nothing stale (outdir);
- which page pastes what, kept through incremental builds (domain);
- the patches of other packages, guarded by version (_compat).

Settings, passed by the pipeline (reprobook.pipeline.sphinx_app): the project's
root (``reprobook_root``), the edition's language (``reprobook_lang``), the
context folder (``reprobook_context``), and what each page's furniture shows
(``reprobook_page``: changing it rewrites the pages, re-reading none).
"""
from __future__ import annotations

from pathlib import Path

from . import (
    _compat,
    bibstyle,
    captions,
    domain,
    edition_bar,
    notebook_lang,
    original_refs,
    outdir,
    overview,
    paste,
    search,
    tables,
    this_version,
)

# The code and strings that decide what a page holds: a change to any of them
# invalidates Sphinx's saved environment (env_version), so no page keeps old output.
RENDERING = ("sphinxext", "render", "strings", "values.py", "glue.py", "original.py", "numbers.py", "context.py",
             "plaintext.py")


def rendering_files() -> list[Path]:
    home = Path(__file__).resolve().parents[1]
    return sorted(p for part in RENDERING for p in ((home / part).rglob("*") if (home / part).is_dir()
                                                    else [home / part]) if p.is_file() and "__pycache__" not in p.parts)


def env_version() -> int:
    from .. import digest

    home = Path(__file__).resolve().parents[1]
    return int(digest.of_bytes(b"".join(p.relative_to(home).as_posix().encode() + p.read_bytes()
                                        for p in rendering_files()))[:12], 16)


def setup(app):
    app.add_config_value("reprobook_root", "", "env", [str])
    app.add_config_value("reprobook_lang", "", "env", [str])
    app.add_config_value("reprobook_context", "", "env", [str])
    app.add_config_value("reprobook_page", {}, "html", [dict])
    for module in (domain, paste, original_refs, overview, this_version, bibstyle, edition_bar, captions, tables,
                   notebook_lang, search, outdir, _compat):
        module.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
