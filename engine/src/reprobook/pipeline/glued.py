"""The fingerprint of every glued value, written into each edition's context folder
(reprobook.context) before Sphinx starts. A page that pastes a value depends on
its fingerprint, not on the notebook, so a notebook's new run re-reads only the
pages whose pasted values changed: a data edit that changes one row of one table
re-reads the page showing that table, not every page that pastes a count from the
same notebook."""
from __future__ import annotations

from .. import context, digest, glue


def mark(project, langs: tuple[str, ...]) -> int:
    """Write the fingerprints that changed and remove those of values no notebook
    glues any more; how many were written."""
    folders = [context.folder(project.build, lang) for lang in langs]
    wanted, written = set(), 0
    for path in sorted(project.notebooks.glob("*.ipynb")):
        for key, doc in glue.read(path).items():
            fingerprint = digest.of_bytes(context.dumps(doc))
            for folder in folders:
                mark_file = context.glued_mark(folder, path.stem, key)
                wanted.add(mark_file)
                written += context.write(mark_file, fingerprint)
    for folder in folders:
        for old in (folder / context.GLUED).rglob("*.sha256") if (folder / context.GLUED).is_dir() else []:
            if old not in wanted:
                old.unlink()
    return written
