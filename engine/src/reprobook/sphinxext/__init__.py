"""The engine's Sphinx extension (``extra_extensions: [reprobook.sphinxext]``):

- ``{nb}``, ``{nbtable}``, ``{nbfigure}``: paste a value a notebook glued (glue_nodes);
- ``{versionchanges}``: the values that changed since the previous release (changes);
- ``{src}``, ``{edition}``: where in the source a paragraph stands, or that it is the edition's own (sources);
- ``{cite:t}``, ``{cite:p}`` and the reference list in the edition's language (citations);
- no page names the network (offline);
- the output holds only what the sources still use (outdir);
- captions keep their provenance line, the PDF's lists leave it out (provenance);
- a notebook's prose cells tagged for another language are left out (notebook_lang);
- the edition bar: version, the page in other languages, PDF, notebook file (editions);
- ``{this-version}``, ``{cite-this}``, ``{data-archive}``: the version read and how to cite it (cite);
- search that stems Indonesian (search);
- ``{notebook-index}``: each notebook with the tables and figures it makes (notebook_index);
- numref targets and bibliography styles looked up once per build (speed).

Each edition is built in one language, the Sphinx setting ``reprobook_lang``
(default: the project's first language); glued values are read in it.
"""
from __future__ import annotations

from . import (
    changes,
    citations,
    cite,
    editions,
    glue_nodes,
    notebook_index,
    notebook_lang,
    offline,
    outdir,
    provenance,
    search,
    sources,
    speed,
)


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
    provenance.setup(app)
    notebook_lang.setup(app)
    notebook_index.setup(app)
    editions.setup(app)
    cite.setup(app)
    search.setup(app)
    speed.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
