"""The engine is reusable: it knows nothing of this dissertation, speaks no
language in its code (reader-facing strings live in label files), reaches the
content package only through the configuration, and nothing edits sys.path."""
import ast
import re

import pytest

from reprobook import project as projects

PROJECT = projects.here()
ROOT = PROJECT.root
ENGINE = sorted((ROOT / "engine" / "src" / "reprobook").rglob("*.py"))
CODE = ENGINE + sorted((ROOT / "src" / "rudi2021").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py")) + sorted(
    (ROOT / "scripts").glob("*.py"))

# Words that only Indonesian text contains (function words, and the words of this book's interface).
INDONESIAN = set("""dan yang di ke dari untuk dengan tidak ini itu atau pada oleh dalam adalah sebagai juga
akan telah sudah bila bahwa versi tercetak hitung ulang dibangun terbaru semua halaman tabel gambar sama berbeda
dipotong dibulatkan pegawai paspor bulan tahun jumlah sumber disertasi kantor imigrasi pengiriman pengembangan
buka rilis angka nilai kunci tampil sidik commit""".split()) - {"commit"}


def _strings(path):
    """String constants of a module, docstrings excluded (they are for developers, in English)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings]


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_engine_module_emits_indonesian(path):
    words = {w for s in _strings(path) for w in re.findall(r"[a-z]+", s.lower())}
    assert sorted(words & INDONESIAN) == []


def test_the_check_would_see_indonesian():
    """The word list is not empty of meaning: the old hard-coded strings are caught."""
    sample = 'LABEL = {"exact": "sama", "x": "Semua versi"}\n'
    tree_words = {w for s in re.findall(r'"([^"]*)"', sample) for w in re.findall(r"[a-z]+", s.lower())}
    assert tree_words & INDONESIAN == {"sama", "semua", "versi"}


DISSERTATION = re.compile(r"rudi|imigrasi|paspor|passport|makassar|pt pos|disertasi|uptake|registry\.csv", re.I)
FIGURE_ID = re.compile(r"fig-\d-\d")  # this book's diagrams; the template, a thesis of its own, names its own


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_engine_knows_nothing_of_this_dissertation(path):
    code = "\n".join(_strings(path))
    names = [n.id for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Name)]
    assert DISSERTATION.findall(code + " ".join(names)) == []
    if "template" not in path.relative_to(ROOT / "engine").parts:
        assert FIGURE_ID.findall(code + " ".join(names)) == []


def test_the_engine_never_imports_the_content_package():
    for path in ENGINE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        imported += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        assert not [m for m in imported if m.split(".")[0] == "rudi2021"], path


def test_nothing_edits_sys_path():
    notebooks = sorted(PROJECT.notebooks.glob("*.ipynb"))
    offenders = [p.relative_to(ROOT).as_posix() for p in CODE + notebooks
                 if re.search(r"sys\.path\.(insert|append)|sys\.path\s*=", p.read_text(encoding="utf-8"))
                 and p.name != "test_engine.py"]
    assert offenders == []


def test_the_content_package_is_small_beside_the_engine():
    lines = {pkg: sum(len(p.read_text(encoding="utf-8").splitlines()) for p in folder.rglob("*.py"))
             for pkg, folder in (("reprobook", ROOT / "engine" / "src" / "reprobook"), ("rudi2021", ROOT / "src" / "rudi2021"))}
    assert lines["rudi2021"] < lines["reprobook"] / 5, lines


def test_a_strings_file_edited_after_it_was_read_is_read_again(tmp_path):
    """Strings files are parsed once and kept (a build reads them thousands of times);
    an edit, even one that keeps the file's size, must still be seen."""
    import os

    from reprobook import strings

    path = tmp_path / "x.yaml"
    path.write_text('k: {id: "aa"}\n', encoding="utf-8")
    catalog = strings.Catalog(tmp_path, ("id",))
    assert catalog.text("x", "k", "id") == "aa"
    path.write_text('k: {id: "bb"}\n', encoding="utf-8")
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert catalog.text("x", "k", "id") == "bb"


def test_a_catalog_that_has_read_a_file_sees_it_removed_or_turned_into_a_link_out(tmp_path):
    """A catalog keeps what it found for each name (a build asks thousands of times);
    a file removed, or replaced by a link out of the folder, is seen at the next
    lookup, and the inputs a kernel records stay every file read."""
    import pytest

    from reprobook import strings
    from reprobook.errors import DataError

    folder, outside = tmp_path / "strings", tmp_path / "elsewhere.yaml"
    folder.mkdir()
    path = folder / "x.yaml"
    path.write_text('k: {id: "aa"}\n', encoding="utf-8")
    outside.write_text('k: {id: "bb"}\n', encoding="utf-8")
    recorded = []
    catalog = strings.Catalog(folder, ("id",), record=recorded.append)
    assert [catalog.text("x", "k", "id") for _ in range(2)] == ["aa", "aa"]
    assert recorded == ["strings/x.yaml", "strings/x.yaml"]
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(DataError, match="strings/x.yaml: it is a link to .*elsewhere.yaml"):
        catalog.text("x", "k", "id")
    path.unlink()
    with pytest.raises(DataError, match="strings/x.yaml: file not found"):
        catalog.text("x", "k", "id")
    assert catalog.text("site", "preview_error", "id")  # the engine's own file, recorded as the engine's
    assert recorded[-1] == "pkg:reprobook/strings/site.yaml"


def test_a_descriptor_read_before_is_refused_once_it_is_a_link_out_of_the_project(tmp_path):
    """The data package's descriptor is checked to lie inside the project when its
    status changes, not at each of the hundreds of reads a build makes: replaced by
    a link out of the project, it is refused at the next read."""
    import shutil

    import pytest

    from reprobook import project as projects
    from reprobook.data import datapackage
    from reprobook.errors import DataError

    root = tmp_path / "book"
    shutil.copytree(PROJECT.data, root / "data")
    shutil.copy(PROJECT.root / "reprobook.yaml", root / "reprobook.yaml")
    copy = projects.load(root)
    assert [datapackage.descriptor(copy)["name"] for _ in range(2)] == [datapackage.descriptor(PROJECT)["name"]] * 2
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(copy.descriptor, outside)
    copy.descriptor.symlink_to(outside)
    with pytest.raises(DataError, match="data/datapackage.yaml: it is a link to .*elsewhere.yaml"):
        datapackage.descriptor(copy)


def test_every_notebook_shipped_or_committed_is_valid_nbformat_without_a_warning():
    """A new book starts from the template's notebook: nbformat must not warn about
    it (a cell without an id is a warning now and an error in a later nbformat)."""
    import warnings

    import nbformat

    notebooks = sorted((ROOT / "engine" / "src" / "reprobook" / "template").rglob("*.ipynb"))
    notebooks += sorted(PROJECT.notebooks.glob("*.ipynb"))
    assert len(notebooks) > 1
    for path in notebooks:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            nbformat.validate(nbformat.read(path, as_version=nbformat.NO_CONVERT))
