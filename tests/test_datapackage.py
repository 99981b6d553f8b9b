import re

import pytest
from data_helpers import rewrite

from reprobook.data import check, datapackage
from reprobook.errors import DataError


def test_every_resource_is_valid_and_described(project):
    names = check.validate_all(project)
    tables = [n for n in names if not n.startswith("diagrams/")]
    assert len(tables) == len(datapackage.descriptor(project)["resources"]) == 25
    assert len(names) - len(tables) == 15  # the diagrams, checked by the same call


def test_every_resource_has_provenance(project):
    for res in datapackage.descriptor(project)["resources"]:
        assert res["sources"], res["name"]
        for src in res["sources"]:
            assert src.get("seed_lines"), res["name"]
            # a page, except in the appendices, which the dissertation does not number
            assert src.get("page") or "lampiran" in src.get("passage", "").lower(), res["name"]


@pytest.mark.parametrize("name,rows", [("uptake_monthly", 24), ("staff_by_grade", 16), ("staff_by_position_sex", 40),
                                       ("passport_fees", 10), ("districts", 11), ("innovation_programmes", 8),
                                       ("topbrand_index", 16), ("earlier_studies", 7)])
def test_row_counts_match_the_dissertation(project, name, rows):
    assert len(datapackage.load(project, name)) == rows


def test_types_follow_the_schema(project):
    frame = datapackage.load(project, "uptake_monthly")
    assert str(frame["deliveries"].dtype) == "Int64"
    assert frame["deliveries"].isna().sum() == 2  # the two dashes of January and February 2018
    assert frame.attrs["path"] == "data/raw/uptake_monthly.csv"


def _error(data_dir, name):
    """The message of loading `name` from the copied project whose data folder is `data_dir`."""
    from reprobook import project

    with pytest.raises(DataError) as info:
        datapackage.load(project.load(data_dir.parent), name)
    return str(info.value)


def test_negative_count_names_file_row_column_and_rule(data_copy):
    rewrite(data_copy / "raw/uptake_monthly.csv", "2018,3,Maret,7098,131,", "2018,3,Maret,7098,-131,")
    msg = _error(data_copy, "uptake_monthly")
    assert msg.startswith("data/raw/uptake_monthly.csv, row 3 (line 4), column 'deliveries'")
    assert "[rule: minimum 0]" in msg


def test_deliveries_above_issued_is_refused(data_copy):
    rewrite(data_copy / "raw/uptake_monthly.csv", "2019,6,Juni,2386,77,", "2019,6,Juni,2386,2387,")
    msg = _error(data_copy, "uptake_monthly")
    assert "row 18 (line 19), column 'deliveries'" in msg
    assert "deliveries = 2387 exceeds passports_issued = 2386" in msg and "[rule: deliveries <= passports_issued]" in msg


def test_duplicate_month_is_refused(data_copy):
    rewrite(data_copy / "raw/uptake_monthly.csv", "2019,2,Pebruari", "2019,1,Pebruari")
    msg = _error(data_copy, "uptake_monthly")
    assert "row 14 (line 15), column 'year, month'" in msg and "already appears in row 13" in msg
    assert "[rule: primaryKey unique]" in msg


def test_missing_month_is_refused(data_copy):
    path = data_copy / "raw/uptake_monthly.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("2019,7,")) + "\n")
    msg = _error(data_copy, "uptake_monthly")
    assert "column 'month'" in msg and "year 2019 lacks month [7]" in msg


def test_text_in_a_count_is_refused(data_copy):
    rewrite(data_copy / "raw/staff_by_education.csv", "S1,46", "S1,46 orang")
    msg = _error(data_copy, "staff_by_education")
    assert msg == ("data/raw/staff_by_education.csv, row 2 (line 3), column 'staff': '46 orang' is not a whole number "
                   "(ASCII digits 0-9) [rule: type integer]")


def test_unknown_label_is_refused(data_copy):
    rewrite(data_copy / "raw/staff_by_position_sex.csv", "III,JFT,LK,18", "III,JFT,L,18")
    msg = _error(data_copy, "staff_by_position_sex")
    assert "column 'sex'" in msg and "[rule: enum]" in msg


def test_missing_column_is_refused(data_copy):
    rewrite(data_copy / "raw/passports_issued_annual.csv", "year,passports_issued", "year,issued")
    msg = _error(data_copy, "passports_issued_annual")
    assert "column 'passports_issued'" in msg and "[rule: header matches schema]" in msg


def test_registry_entry_that_cannot_be_recomputed_needs_a_reason(data_copy):
    path = data_copy / "printed/registry.csv"
    text = path.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("L360:unavailable"))
    path.write_text(text.replace(line, line.rsplit(",", 3)[0] + ",,,2"), encoding="utf-8")
    msg = _error(data_copy, "registry")
    assert "column 'note'" in msg and "[rule: note required when fact = unavailable]" in msg


def test_registry_fact_must_name_a_computation_shape(data_copy):
    rewrite(data_copy / "printed/registry.csv", "L2000:rate.2018,Tabel 5.1,V,200,2000,\"1,23\",rate.2018",
            "L2000:rate.2018,Tabel 5.1,V,200,2000,\"1,23\",Rate 2018")
    msg = _error(data_copy, "registry")
    assert "column 'fact'" in msg and "[rule: pattern" in msg


def test_undescribed_file_is_refused(copied):
    (copied.data / "raw/notes.csv").write_text("a\n1\n")
    with pytest.raises(DataError, match=re.escape("data/raw/notes.csv: file is not described")):
        check.validate_all(copied)
