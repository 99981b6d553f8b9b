"""Recomputations from the data against values worked out by hand from the seed text."""
import pytest

from reprobook import project as projects
from reprobook import stats
from reprobook.data import datapackage, diagrams, printed
from rudi2021 import procedures

PROJECT = projects.here()


@pytest.fixture(scope="module")
def uptake():
    return datapackage.load(PROJECT, "uptake_monthly")


def test_yearly_sums_match_the_printed_totals(uptake):
    by_year = uptake.groupby("year")[["passports_issued", "deliveries"]].sum()
    # Tabel 5.1 / 5.2 "Jumlah" rows: 62.518 / 775 and 65.630 / 1.516.
    assert by_year.loc[2018].tolist() == [62518, 775]
    assert by_year.loc[2019].tolist() == [65630, 1516]


def test_annual_prose_figures_equal_the_monthly_sums(uptake):
    annual = datapackage.load(PROJECT, "passports_issued_annual").set_index("year")["passports_issued"]
    sums = uptake.groupby("year")["passports_issued"].sum()
    assert annual[2018] == sums[2018] and annual[2019] == sums[2019]


def test_pooled_rates(uptake):
    assert stats.percent(775, 62518) == pytest.approx(1.23964, abs=1e-5)
    assert stats.percent(1516, 65630) == pytest.approx(2.30992, abs=1e-5)


def test_staff_tables_add_up():
    grade = datapackage.load(PROJECT, "staff_by_grade")
    position = datapackage.load(PROJECT, "staff_by_position_sex")
    assert int(grade["staff"].sum()) == int(position["staff"].sum()) == 107
    assert position.groupby("sex")["staff"].sum().to_dict() == {"LK": 63, "PR": 44}
    assert grade.groupby("grade")["staff"].sum().to_dict() == {"I": 0, "II": 11, "III": 93, "IV": 3}
    assert int(datapackage.load(PROJECT, "staff_by_education")["staff"].sum()) == 90  # not 107: the book reports the gap
    assert int(datapackage.load(PROJECT, "staff_by_echelon")["staff"].sum()) == 17


def test_delivery_time_limits_add_to_four_days():
    proc = procedures.steps_frame(diagrams.load(PROJECT, procedures.DELIVERY))
    assert proc["max_days_after_previous"].sum() == 4  # 3 + same day (0) + 1
    assert proc["max_days_after_previous"].isna().sum() == 4  # steps 1-4: the text sets no limit


def test_printed_values_are_read_as_printed():
    assert printed.registry(PROJECT, "Tabel 5.1").loc["rate.2018", "value"] == 1.23
    assert printed.registry(PROJECT, "Tabel 4.2").loc["grade_pct.II", "printed"] == "10,29"
    assert printed.registry(PROJECT, "Tabel 1.1").loc["tbi.2015.JNE", "value"] == 43.5  # decimal point in that table
