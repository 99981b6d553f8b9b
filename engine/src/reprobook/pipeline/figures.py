"""Every glued figure as files in each edition's context folder, before Sphinx
starts (reprobook.context): a chart's images as its notebook drew them, and a
diagram drawn here from the data its notebook glued (reprobook.render.drawing),
each with its alt text and provenance in the edition's language.

Drawing is the costly part, so each drawn diagram is kept under a digest of
everything it depends on (the diagram's data, the legend's words, the node
styles of reprobook.yaml, the drawing code), and drawn again only when one of
them changes; diagrams still to draw are drawn on every core.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import context, digest, glue, plotting, strings
from .. import values as v
from ..data import diagrams
from ..execution import kernels
from ..render.inline import Wording

DRAWING_CODE = ("render/drawing.py", "plotting.py", "data/diagrams.py")


def _code_digest() -> str:
    home = Path(__file__).resolve().parents[1]
    return digest.of_bytes(b"".join((home / p).read_bytes() for p in DRAWING_CODE))


def _draw(job: tuple) -> tuple[str, bytes, bytes, str]:
    """In a worker: one diagram in one language, as SVG and PDF bytes and alt text."""
    from .. import numbers
    from ..render import drawing

    key, mapping, names, kinds, lang = job
    d = diagrams.from_mapping(mapping)
    fig = drawing.draw(d, names, kinds, lang)
    svg, pdf = plotting.vector(fig)
    alt = drawing.alt_text(d, names, kinds, lang, lambda n: numbers.fmt_int(n, lang))
    return key, svg, pdf, alt


def _description(alt: str, prov) -> dict:
    return {"alt": alt, "provenance": v.encode(prov) if prov is not None else None}


def prepare(project, catalog: strings.Catalog, langs: tuple[str, ...], log=print) -> int:
    """Write every figure of every notebook into each edition's context folder;
    how many diagrams had to be drawn."""
    cache = project.build / "work" / "drawn"
    code = _code_digest()
    wanted: dict[Path, set[Path]] = {context.folder(project.build, lang): set() for lang in langs}
    jobs, pending = [], []
    for path in sorted(project.notebooks.glob("*.ipynb")):
        for key, doc in sorted(glue.read(path).items()):
            if doc["kind"] not in ("figure", "diagram"):
                continue
            for lang in langs:
                base = context.figure_base(context.folder(project.build, lang), path.stem, key)
                wanted[context.folder(project.build, lang)] |= {base.with_suffix(s) for s in (".svg", ".pdf", ".json")}
                w = Wording(catalog, lang)
                prov = v.decode_provenance(doc.get("provenance"))
                if doc["kind"] == "figure":
                    svg, pdf = plotting.unpack(doc["images"].get(lang) or doc["images"]["*"])
                    context.write(base.with_suffix(".svg"), svg)
                    context.write(base.with_suffix(".pdf"), pdf)
                    context.write(base.with_suffix(".json"), _description(w.plain(v.decode(doc["alt"])), prov))
                    continue
                d = diagrams.from_mapping(doc["diagram"])
                names = catalog.texts(doc["legend"], lang)
                if prov is None:
                    local = d.in_language(lang)
                    prov = v.Provenance(files=(d.path,), drawn={
                        "figure": d.figure, "page": d.page, "seed_lines": list(d.seed_lines),
                        "cited": d.cited if d.based_on == "cited-source" else None, "not_shown": local.not_shown})
                made = cache / digest.of_bytes(json.dumps(
                    [doc["diagram"], names, project.diagram_kinds, lang, code], sort_keys=True).encode())[:32]
                pending.append((base, made, prov))
                if not made.with_suffix(".json").is_file():
                    jobs.append((str(made), doc["diagram"], names, project.diagram_kinds, lang))
    if jobs:
        cache.mkdir(parents=True, exist_ok=True)
        workers = min(len(jobs), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers, mp_context=kernels.context()) as pool:
            for key, svg, pdf, alt in pool.map(_draw, jobs):
                made = Path(key)
                context.write(made.with_suffix(".svg"), svg)
                context.write(made.with_suffix(".pdf"), pdf)
                context.write(made.with_suffix(".json"), {"alt": alt})
        log(f"figures: {len(jobs)} diagram drawing(s) made")
    for base, made, prov in pending:
        context.write(base.with_suffix(".svg"), made.with_suffix(".svg").read_bytes())
        context.write(base.with_suffix(".pdf"), made.with_suffix(".pdf").read_bytes())
        context.write(base.with_suffix(".json"), _description(context.read(made.with_suffix(".json"))["alt"], prov))
    for folder, keep in wanted.items():  # a figure no notebook glues any more is no page's input
        for old in (folder / context.FIGURES).rglob("*") if (folder / context.FIGURES).is_dir() else []:
            if old.is_file() and old not in keep:
                old.unlink()
    return len(jobs)
