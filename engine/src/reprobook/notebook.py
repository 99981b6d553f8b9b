"""A notebook's handle on its project. A notebook is an entry point, like the
command line: it makes its ``Notebook`` once (``Notebook.here()``, which finds
the project from the notebook's folder) and reads and glues through it.

    from reprobook.notebook import Notebook
    from reprobook.values import Num, Table

    nb = Notebook.here()
    S = nb.strings("fees")                      # strings as references, worded when the book is built
    fees = nb.data("passport_fees")             # validated, typed, recorded as an input
    nb.glue("fee-min", Num(fees["fee_rp"].min()))
    nb.glue("tbl-fees", Table(columns, rows, S["caption"], nb.provenance("passport_fees")))

Every file and setting read through it is recorded (reprobook.execution.record),
so the notebook runs again exactly when one of them changes. Nothing here
renders: the book does that (reprobook.render), so no notebook imports it.
"""
from __future__ import annotations

from pathlib import Path

from . import glue as _glue
from . import project as _project
from . import strings as _strings
from . import values as v
from .data import datapackage, diagrams
from .execution import record


class Notebook:
    def __init__(self, project):
        self.project = project
        self.catalog = _strings.of(project, record=record.file)

    @classmethod
    def here(cls, start: Path | None = None) -> Notebook:
        """The project of the notebook running in the working directory."""
        return cls(_project.here(start))

    @property
    def languages(self) -> tuple[str, ...]:
        """The editions' languages: read by a notebook only to draw a chart in each."""
        record.setting("languages")
        return self.project.languages

    # --- reading ----------------------------------------------------------------------------

    def data(self, name: str):
        """A resource of the data package as a typed DataFrame, validated."""
        return datapackage.load(self.project, name)

    def localized(self, frame, column: str) -> list:
        """A text column as each edition shows it (`column` and its ``_<lang>`` twins),
        one text per row."""
        record.setting("languages")
        return [v.Lang(t) if t is not None else "" for t in datapackage.localized(frame, column, self.project.languages)]

    def diagram(self, name: str) -> diagrams.Diagram:
        record.setting("languages")  # a diagram's further labels are checked for every language
        record.setting("diagram_kinds")  # and its nodes' kinds against those configured
        return diagrams.load(self.project, name)

    def drawn(self, d: diagrams.Diagram, legend: str, provenance: v.Provenance | None = None) -> v.Diagram:
        """A diagram to be drawn when the book is built, its legend named by the
        strings file `legend` (one string per node kind and edge style). Its caption's
        provenance comes from the diagram itself unless `provenance` is given."""
        return v.Diagram(diagrams.to_mapping(d), legend, provenance)

    def strings(self, file: str) -> v.Strings:
        """The strings of ``strings/<file>.yaml`` as references (nothing is read now)."""
        return v.Strings(file)

    def words(self, file: str, key: str, lang: str, *path, **fields) -> str:
        """A string's words in `lang`, its fields filled in: for text a notebook draws
        into a chart (the file becomes an input of the notebook)."""
        return _strings.fill(self.catalog.text(file, key, lang, *path), f"{file}.yaml, key '{key}'",
                             **{k: str(x) for k, x in fields.items()})

    def fmt(self, value, digits: int | None, lang: str) -> str:
        """A number as `lang` writes it (for a chart; the book formats glued numbers itself)."""
        from .numbers import fmt

        return fmt(value, digits, lang, self.catalog)

    # --- provenance -------------------------------------------------------------------------

    def provenance(self, resource: str, which: int | None = 0) -> v.Provenance:
        """Where a table computed from one resource comes from: one of its sources
        (`which`), or all of them (None), and its data file."""
        res = datapackage.resource(self.project, resource)
        chosen = res.get("sources", []) if which is None else [res["sources"][which]]
        langs = self.project.languages
        out = []
        for s in chosen:
            page = str(s["page"]) if s.get("page") not in (None, "") else None
            if "table" in s:
                out.append(v.Source(page, table=str(s["table"])))
            else:
                texts = {lang: s.get(f"passage_{lang}", s.get("passage")) for lang in langs}
                passage = v.Lang(texts) if len(set(texts.values())) > 1 else s.get("passage")
                if len(set(texts.values())) > 1:
                    record.setting("languages")
                out.append(v.Source(page, passage=passage))
        return v.Provenance(tuple(out), (self.project.relative(self.project.data / res["path"]),))

    def provenance_files(self, paths: list[str], lead=None) -> v.Provenance:
        """Where a table computed from several files comes from (paths from the root),
        after `lead`, a text the notebook words itself."""
        return v.Provenance((), tuple(paths), v.text(lead) if lead is not None else None)

    # --- gluing -----------------------------------------------------------------------------

    def glue(self, key: str, value) -> None:
        """Hand `value` to the book under `key`: a Num, a text, a Table, a Figure (its
        images matplotlib figures, one or one per language), a diagram (``drawn``), or a Note."""
        if isinstance(value, v.Figure):
            value = v.Figure(self._images(value.images), value.alt, value.provenance)
        _glue.write(key, value)

    def _images(self, images) -> dict:
        from . import plotting

        per_lang = images if isinstance(images, dict) else {"*": images}
        done: dict[int, dict] = {}
        out = {}
        for lang, fig in per_lang.items():
            if id(fig) not in done:
                done[id(fig)] = plotting.pack(*plotting.vector(fig))
            out[lang] = done[id(fig)]
        return out
