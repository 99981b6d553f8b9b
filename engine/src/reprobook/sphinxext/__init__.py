"""The engine's Sphinx extension (``extra_extensions: [reprobook.sphinxext]``):

- ``{nb}``, ``{nbtable}``, ``{nbfigure}``: paste a value a notebook glued (glue_nodes);
- ``{versionchanges}``: the values that changed since the previous release (changes);
- ``{src}``, ``{edition}``: where in the source a paragraph stands, or that it is the edition's own (sources);
- ``{cite:t}``, ``{cite:p}`` and the reference list in the edition's language (citations);
- no page names the network (offline);
- the output holds only what the sources still use (outdir).

Each edition is built in one language, the Sphinx setting ``reprobook_lang``
(default: the project's first language); glued values are read in it.
"""
from __future__ import annotations

from . import changes, citations, glue_nodes, offline, outdir, sources


def lang_of(env) -> str:
    from ..project import current

    return env.config.reprobook_lang or current().default_lang


def setup(app):
    app.add_config_value("reprobook_lang", "", "env")
    offline.setup(app)
    glue_nodes.setup(app)
    changes.setup(app)
    sources.setup(app)
    citations.setup(app)
    outdir.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
