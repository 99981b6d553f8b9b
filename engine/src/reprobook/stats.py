"""Recomputations from raw counts: shares, rates, intervals, growth."""
from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

CI_LEVEL = 95  # percent, for every confidence interval in the book
Z95 = NormalDist().inv_cdf(0.5 + CI_LEVEL / 200)  # two-sided normal quantile, 1.95996...


def percent(part, whole):
    """Share in percent; works on scalars and pandas objects."""
    return 100 * part / whole


def shares(counts: pd.Series) -> pd.Series:
    """Each count as a percentage of the total."""
    total = counts.sum()
    if total == 0:
        raise ValueError("cannot compute shares of an all-zero series")
    return percent(counts, total)


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion, returned in percent.

    Chosen over the normal approximation because monthly uptake is around 1-3%,
    where the normal interval can dip below zero.
    """
    if trials <= 0:
        raise ValueError("trials must be positive")
    if not 0 <= successes <= trials:
        raise ValueError(f"successes ({successes}) must lie between 0 and trials ({trials})")
    p = successes / trials
    denom = 1 + z**2 / trials
    centre = (p + z**2 / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z**2 / (4 * trials**2)) / denom
    return 100 * (centre - half), 100 * (centre + half)


def growth(old: float, new: float) -> float:
    """Relative change in percent from old to new."""
    if old == 0:
        raise ValueError("growth from zero is undefined")
    return 100 * (new - old) / old
