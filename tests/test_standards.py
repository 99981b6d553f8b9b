"""Reference implementations, where they exist: the data package is a valid
Frictionless Data Package (the reference library accepts it and checks the
same constraints), and the code passes ruff as configured in pyproject.toml."""
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest
import yaml
from data_helpers import rewrite

from reprobook import project as projects
from reprobook.data import datapackage
from reprobook.errors import DataError

PROJECT = projects.here()


def test_the_descriptor_follows_the_data_package_standard():
    descriptor = yaml.safe_load(PROJECT.descriptor.read_text(encoding="utf-8"))
    assert [e.message for e in frictionless.Package.validate_descriptor(descriptor).flatten(["message"])] == []
    report = frictionless.validate(PROJECT.descriptor)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    assert len(report.tasks) == len(descriptor["resources"])


def test_frictionless_and_the_engine_refuse_the_same_broken_cell(copied):
    data_copy = copied.data
    rewrite(data_copy / "raw/uptake_monthly.csv", "2018,3,Maret,7098,131,", "2018,3,Maret,7098,-131,")
    report = frictionless.validate(data_copy / "datapackage.yaml")
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert [4, "deliveries", "constraint-error"] in errors  # line 4 of the file: the engine's row 3
    with pytest.raises(DataError, match=r"row 3 \(line 4\), column 'deliveries'.*\[rule: minimum 0\]"):
        datapackage.load(copied, "uptake_monthly")


def test_ruff_passes():
    ruff = Path(sys.executable).with_name("ruff")  # the pinned one, installed beside this Python
    out = subprocess.run([str(ruff), "check", "--output-format", "concise", "."], cwd=PROJECT.root,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]
