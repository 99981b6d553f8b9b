"""The engine's Sphinx extension (``extra_extensions: [reprobook.sphinxext]``):

- ``{nb}``, ``{nbtable}``, ``{nbfigure}``: paste a value a notebook glued (glue_nodes);
- ``{versionchanges}``: the values that changed since the previous release (changes);
- no page names the network (offline).

Each edition is built in one language, the Sphinx setting ``reprobook_lang``
(default: the project's first language); glued values are read in it.
"""
from __future__ import annotations

from . import changes, glue_nodes, offline


def lang_of(env) -> str:
    from ..project import current

    return env.config.reprobook_lang or current().default_lang


def setup(app):
    app.add_config_value("reprobook_lang", "", "env")
    offline.setup(app)
    glue_nodes.setup(app)
    changes.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
