import math

import pandas as pd
import pytest

from reprobook import stats
from reprobook.reconcile.judge import EXACT, INCONSISTENT, ROUNDED, TRUNCATED, classify


def test_wilson_interval_matches_hand_computation():
    # 131 deliveries of 7098 passports (March 2018). By hand: p = 0.018456,
    # centre = (p + z²/2n)/(1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n).
    n, k, z = 7098, 131, 1.959963984540054
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo, hi = stats.wilson_interval(k, n)
    assert lo == pytest.approx(100 * (centre - half)) and hi == pytest.approx(100 * (centre + half))
    assert lo == pytest.approx(1.5575, abs=1e-4) and hi == pytest.approx(2.1857, abs=1e-4)


def test_wilson_interval_stays_inside_zero_and_hundred():
    lo, hi = stats.wilson_interval(0, 50)
    assert lo == pytest.approx(0.0, abs=1e-12) and 0 < hi < 10


@pytest.mark.parametrize("k,n", [(5, 0), (-1, 10), (11, 10)])
def test_wilson_interval_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError):
        stats.wilson_interval(k, n)


def test_shares_and_growth():
    s = stats.shares(pd.Series({"LK": 63, "PR": 44}))
    assert s["LK"] == pytest.approx(58.8785, abs=1e-4) and s.sum() == pytest.approx(100)
    assert stats.growth(775, 1516) == pytest.approx(95.6129, abs=1e-4)
    with pytest.raises(ValueError):
        stats.growth(0, 5)


@pytest.mark.parametrize("printed,value,expected", [
    ("2,52", 2.52, EXACT),            # 154/6111 = 2.5200
    ("1,09", 1.0916, ROUNDED),        # rounding and cutting off agree
    ("1,10", 1.0994, ROUNDED),        # only rounding gives 1,10
    ("1,84", 1.8456, TRUNCATED),      # rounding would give 1,85
    ("1,23", 775 / 62518 * 100, TRUNCATED),
    ("10,29", 11 / 107 * 100, INCONSISTENT),  # 10,2804: neither
    ("107", 107, EXACT), ("90", 107, INCONSISTENT)])
def test_classify(printed, value, expected):
    assert classify(printed, value) == expected


def test_classify_refuses_a_dash():
    with pytest.raises(ValueError):
        classify("-", 1.0)
