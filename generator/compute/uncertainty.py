"""How sure a published value is: intervals for shares and means, and the interval of a difference.

A share of a small group moves a lot by chance: one pupil of five is 20 п. п. The site therefore says
how wide the likely range is and lets the words («выше», «лучше») follow the range, not the digits.

- shares: the Wilson score interval (it stays inside 0–100 % and is honest at 0 of 5 and 5 of 5, where
  the textbook «p ± 1,96·√(p(1−p)/n)» collapses to a point);
- means: the Student interval ``mean ± t·s/√n``, with ``s`` the spread of individual results (the data
  hold no pupil's score, so the spread is an assumption per indicator, ``analytics.mean_spread``);
- a difference of two shares: Newcombe's hybrid score interval (built from the two Wilson intervals, so the
  words about a change agree with the ranges shown beside the values); of two means: the normal interval
  from both standard errors.

Every function works on plain numbers; all intervals are at the 95 % level (``Z``).
"""

from __future__ import annotations

import math

import numpy as np


def _student_quantile(probability: float, freedom: float | np.ndarray) -> float | np.ndarray:
    """Student's t quantile; ``scipy.stats`` is imported here, not with the module, because importing it takes
    seconds and every ``msoko`` command (``init``, ``import``, ``validate``) would pay them at start-up."""
    from scipy.stats import t as student

    return student.ppf(probability, freedom)


#: the normal quantile of a two-sided 95 % interval
Z = 1.959963984540054


def wilson(successes: float, total: float, z: float = Z) -> tuple[float, float] | None:
    """Wilson interval of a share, in per cent (``wilson(1, 5)`` → ``(3.62, 62.45)``); ``None`` without a group."""
    if total is None or successes is None or not total > 0 or successes < 0 or successes > total:
        return None
    p = successes / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z / (1 + z2 / total) * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return max(0.0, centre - half) * 100, min(1.0, centre + half) * 100


def mean_interval(mean: float, spread: float, count: float, level: float = 0.95) -> tuple[float, float] | None:
    """Student interval of a mean of ``count`` results whose standard deviation is ``spread``."""
    if mean is None or spread is None or count is None or count < 2 or spread < 0:
        return None
    half = float(_student_quantile(0.5 + level / 2, count - 1)) * spread / math.sqrt(count)
    return mean - half, mean + half


def share_difference(now: tuple[float, float], before: tuple[float, float],
                     z: float = Z) -> tuple[float, float] | None:
    """Newcombe interval of ``share(now) − share(before)`` in п. п.; each argument is (successes, total)."""
    first, second = wilson(*now, z=z), wilson(*before, z=z)
    if first is None or second is None:
        return None
    p1, p2 = 100 * now[0] / now[1], 100 * before[0] / before[1]
    (l1, u1), (l2, u2) = first, second
    difference = p1 - p2
    return (difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
            difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def mean_difference(now: tuple[float, float], before: tuple[float, float], spread: float,
                    z: float = Z) -> tuple[float, float] | None:
    """Normal interval of ``mean(now) − mean(before)``; each argument is (mean, count), one ``spread`` for both."""
    (m1, n1), (m2, n2) = now, before
    if spread is None or not (n1 and n2) or n1 <= 0 or n2 <= 0:
        return None
    half = z * spread * math.sqrt(1 / n1 + 1 / n2)
    return m1 - m2 - half, m1 - m2 + half


def interval(aggregation: str, value: float, numerator: float | None, denominator: float | None,
             spread: float | None = None) -> tuple[float, float] | None:
    """The interval of one published value by its kind: a share from its counts, a mean from its count and the
    indicator's spread; ``None`` for sums and ratios (a count of persons has no sampling error here)."""
    if denominator is None or numerator is None or value is None:
        return None
    if aggregation == "share":
        return wilson(numerator, denominator)
    if aggregation == "mean":
        return mean_interval(value, spread, denominator)
    return None


# --- the same on whole columns (a region publishes millions of values) --------------------------------------

def wilson_arrays(successes: np.ndarray, total: np.ndarray, z: float = Z) -> tuple[np.ndarray, np.ndarray]:
    """``wilson`` element-wise; NaN where there is no group or the counts are inconsistent."""
    k, n = np.asarray(successes, dtype=float), np.asarray(total, dtype=float)
    valid = (n > 0) & (k >= 0) & (k <= n)
    n_safe = np.where(valid, n, 1.0)
    p = np.where(valid, k / n_safe, 0.0)
    z2 = z * z
    centre = (p + z2 / (2 * n_safe)) / (1 + z2 / n_safe)
    half = z / (1 + z2 / n_safe) * np.sqrt(p * (1 - p) / n_safe + z2 / (4 * n_safe * n_safe))
    low = np.where(valid, np.maximum(0.0, centre - half) * 100, np.nan)
    high = np.where(valid, np.minimum(1.0, centre + half) * 100, np.nan)
    return low, high


def mean_interval_arrays(mean: np.ndarray, spread: np.ndarray, count: np.ndarray,
                         level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """``mean_interval`` element-wise; NaN without a spread or with fewer than two results."""
    m, s, n = (np.asarray(a, dtype=float) for a in (mean, spread, count))
    valid = (n >= 2) & (s >= 0) & ~np.isnan(m)
    n_safe = np.where(valid, n, 2.0)
    half = _student_quantile(0.5 + level / 2, n_safe - 1) * np.where(valid, s, 0.0) / np.sqrt(n_safe)
    return np.where(valid, m - half, np.nan), np.where(valid, m + half, np.nan)


def share_difference_arrays(now: tuple[np.ndarray, np.ndarray], before: tuple[np.ndarray, np.ndarray],
                            z: float = Z) -> tuple[np.ndarray, np.ndarray]:
    """``share_difference`` element-wise (Newcombe), in п. п.; NaN where either share has no group."""
    (k1, n1), (k0, n0) = ((np.asarray(a, dtype=float), np.asarray(b, dtype=float)) for a, b in (now, before))
    l1, u1 = wilson_arrays(k1, n1, z)
    l0, u0 = wilson_arrays(k0, n0, z)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1, p0 = 100 * k1 / n1, 100 * k0 / n0
        difference = p1 - p0
        return (difference - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2),
                difference + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2))
