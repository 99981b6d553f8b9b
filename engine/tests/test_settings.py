"""The project's settings: one validated file, documented by its own schema."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reprobook import editions
from reprobook import project as projects
from reprobook.errors import ConfigError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_table_is_the_schemas():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", text, re.S)
    assert block, "engine/README.md has no settings block"
    assert block.group(1) == projects.settings_table(), "regenerate it: reprobook settings"


def test_every_setting_of_the_schema_is_described():
    def walk(props, prefix=""):
        for key, spec in props.items():
            yield prefix + key, spec
            if "properties" in spec:
                yield from walk(spec["properties"], prefix + key + ".")

    undescribed = [name for name, spec in walk(projects.schema()["properties"]) if not spec.get("description")]
    assert undescribed == []


@pytest.mark.parametrize(("settings", "message"), [
    ({"name": "x", "pdf_name": "x-{version}.pdf", "languages": ["en"], "paths": {"dta": "d"}}, "paths"),
    ({"name": "x", "pdf_name": "x-{version}.pdf"}, "languages"),
    ({"name": "x", "pdf_name": "x-{version}.pdf", "languages": ["en"], "pdf": {"chapter_head": "fancy"}}, "chapter_head"),
    ({"name": "x", "pdf_name": "x-{version}.pdf", "languages": ["en"], "source_text": {"env": "X"}}, "source_text"),
    # a field of the file name is a name: "{version.__class__}" would read an attribute
    ({"name": "x", "pdf_name": "x-{version.__class__}.pdf", "languages": ["en"]}, "pdf_name"),
])
def test_a_setting_the_schema_refuses_is_named(tmp_path, settings, message):
    (tmp_path / "reprobook.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        projects.load(tmp_path)
    assert "reprobook.yaml" in str(err.value) and message in str(err.value) and "[rule: " in str(err.value)


def test_paths_move_the_folders(tmp_path):
    settings = {"name": "x", "pdf_name": "x-{version}.pdf", "languages": ["en"],
                "paths": {"data": "inputs", "notebooks": "nbs", "strings": "words", "build": "out"}}
    (tmp_path / "reprobook.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    p = projects.load(tmp_path)
    assert (p.data, p.notebooks, p.strings, p.build) == (tmp_path / "inputs", tmp_path / "nbs", tmp_path / "words",
                                                          tmp_path / "out")


def test_a_malformed_table_of_contents_names_its_file(tiny):
    (tiny.src("en") / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        editions.pages(tiny.project, "en")
    assert str(err.value).startswith("book/en/_toc.yml: ") and "Jupyter Book's _toc.yml format" in str(err.value)
