"""The engine's shape, checked from its source (imports inside functions
counted, as Python runs them): no import cycle; the Sphinx extension imports
nothing of the pipeline; what a notebook imports excludes everything that
renders, so a change to how the book looks re-runs no notebook; one place
words an error's rule."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import networkx as nx

import reprobook

HOME = Path(reprobook.__file__).resolve().parent
PKG = "reprobook"


def _module(path: Path) -> str:
    parts = list(path.relative_to(HOME.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node, name: str, is_package: bool, known: set[str]) -> list[str]:
    """The engine modules an import statement runs: the one it names and every package above it."""
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = name.split(".") if is_package else name.split(".")[:-1]
            base = base[:len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        named = [f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names]
    else:
        named = [a.name for a in node.names]
    out = []
    for t in named:
        if not (t == PKG or t.startswith(PKG + ".")):
            continue
        while t not in known and "." in t:
            t = t.rsplit(".", 1)[0]
        parts = t.split(".")
        out += [".".join(parts[:i]) for i in range(2, len(parts) + 1)]  # a.b.c runs a.b and a.b.c
    return out


@cache
def graph() -> nx.DiGraph:
    files = {_module(p): p for p in HOME.rglob("*.py") if "template" not in p.relative_to(HOME).parts}
    g = nx.DiGraph()
    for name, path in files.items():
        g.add_node(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for t in _targets(node, name, path.name == "__init__.py", set(files)):
                    if t != name and not name.startswith(t + "."):  # a module's own packages run before it
                        g.add_edge(name, t)
    return g


def reach(start: str) -> set[str]:
    g = graph()
    roots = [n for n in g if n == start or n.startswith(start + ".")]
    return set().union(*(nx.descendants(g, r) | {r} for r in roots))


def test_the_graph_sees_the_engine():
    g = graph()
    assert g.number_of_nodes() > 60 and g.number_of_edges() > 150
    assert g.has_edge("reprobook.sphinxext.paste", "reprobook.glue")
    assert g.has_edge("reprobook.pipeline.build", "reprobook.pipeline.sphinx_app")  # imported inside a function


def test_no_import_cycle():
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph()) if len(c) > 1]
    assert cycles == []


def test_the_sphinx_extension_imports_nothing_of_the_pipeline():
    assert sorted(m for m in reach("reprobook.sphinxext") if m.startswith("reprobook.pipeline")) == []


def test_a_notebook_imports_nothing_that_renders():
    """The engine modules a notebook runs (reprobook.execution.ledger records them as its
    inputs) include no renderer, no Sphinx extension, no pipeline."""
    notebook_side = reach("reprobook.notebook") | reach("reprobook.reconcile") | reach("reprobook.data")
    rendering = ("reprobook.render", "reprobook.sphinxext", "reprobook.pipeline", "reprobook.context")
    assert sorted(m for m in notebook_side if m.startswith(rendering)) == []


def test_an_errors_rule_is_worded_in_one_place():
    """Every error carries its rule as a field (reprobook.errors); only errors.py writes "[rule: …]"."""
    writers = [p.relative_to(HOME).as_posix() for p in HOME.rglob("*.py")
               if "[rule:" in p.read_text(encoding="utf-8")]
    assert writers == ["errors.py"]


def test_no_environment_variable_redirects_a_build():
    """Settings come from reprobook.yaml and the command line; the environment names only
    the original's text (a setting), SOURCE_DATE_EPOCH, the test's faults and kernels."""
    allowed = {"project.py", "pipeline/stamp.py", "faults.py", "execution/kernels.py", "testing.py", "scaffold.py",
               "pipeline/build.py", "pipeline/rebuild.py"}  # the last two: the environment of child processes
    readers = {p.relative_to(HOME).as_posix() for p in HOME.rglob("*.py")
               if "template" not in p.relative_to(HOME).parts and "os.environ" in p.read_text(encoding="utf-8")}
    assert readers <= allowed, readers - allowed
