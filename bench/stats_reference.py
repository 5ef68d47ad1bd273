#!/usr/bin/env python3
"""Reference values for the statistics builtins' tests (Tests/RuntimeTests/StatsTests.swift).

    python3 bench/stats_reference.py

Wilson intervals and the normal quantile use only the standard library (the formula and
statistics.NormalDist); t quantiles and t intervals come from scipy.stats.t; the AUC is the
Mann-Whitney count over all pairs (ties 1/2), checked against scipy.stats.mannwhitneyu; the
bootstrap interval is NumPy's percentile of 100,000 resamples (a different generator from
ours, so the tests compare it with a tolerance).
"""
import math
from statistics import NormalDist

import numpy as np
from scipy import stats


def wilson(k, n, level=0.95):
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    centre = (k + z * z / 2) / (n + z * z)
    half = z * math.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
    return max(0.0, centre - half), min(1.0, centre + half)


def t_interval(values, level=0.95):
    a = np.asarray(values, dtype=float)
    mean, sd = a.mean(), a.std(ddof=1)
    lo, hi = stats.t.interval(level, len(a) - 1, loc=mean, scale=sd / math.sqrt(len(a)))
    return mean, sd, lo, hi


def auc_pairs(scores, labels):
    pos = [s for s, l in zip(scores, labels) if l]
    neg = [s for s, l in zip(scores, labels) if not l]
    total = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos for q in neg)
    return total / (len(pos) * len(neg))


def lcg_cases(count):
    """The synthetic ROC data set of the tests: a 32-bit LCG, exact in Swift and Python."""
    x = 12345
    scores, labels = [], []
    for i in range(count):
        x = (1664525 * x + 1013904223) % 2**32
        label = i % 3 == 0
        scores.append(x / 2**32 + (0.3 if label else 0.0))
        labels.append(label)
    return scores, labels


def main():
    print("# normal quantiles (statistics.NormalDist)")
    for p in [0.975, 0.995, 0.95, 0.5, 0.02425, 1e-10, 1 - 1e-12]:
        print(f"z({p!r}) = {NormalDist().inv_cdf(p)!r}")

    print("# Student t quantiles (scipy.stats.t.ppf)")
    for p, df in [(0.975, 1), (0.975, 2), (0.975, 4), (0.975, 9), (0.975, 29), (0.975, 1000), (0.995, 3), (0.95, 262)]:
        print(f"t({p}, df={df}) = {float(stats.t.ppf(p, df))!r}")

    print("# Wilson intervals (formula)")
    for k, n, level in [(0, 10, 0.95), (5, 10, 0.95), (81, 263, 0.95), (10, 10, 0.95), (1, 2, 0.95),
                        (81, 263, 0.90), (81, 263, 0.99)]:
        print(f"wilson(k={k}, n={n}, level={level}) = {wilson(k, n, level)!r}")

    print("# t intervals (scipy.stats.t.interval)")
    for values, level in [([2.1, 3.4, 1.9, 5.6, 4.4], 0.95), ([1, 2], 0.95), ([2.1, 3.4, 1.9, 5.6, 4.4], 0.99)]:
        print(f"t_interval({values}, level={level}) = {tuple(map(float, t_interval(values, level)))!r}")

    print("# AUC with ties (pairs; scipy mannwhitneyu U / (n1 n0))")
    scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.2, 0.9, 0.4, 0.55]
    labels = [0, 0, 1, 1, 1, 0, 0, 1, 0, 1]
    u = stats.mannwhitneyu([s for s, l in zip(scores, labels) if l], [s for s, l in zip(scores, labels) if not l]).statistic
    print(f"auc_pairs = {auc_pairs(scores, labels)!r}  U/(n1 n0) = {float(u) / 25!r}")

    print("# ROC curve of the same data (threshold, fpr, tpr), scores >= threshold called positive")
    for t in sorted(set(scores), reverse=True):
        tp = sum(1 for s, l in zip(scores, labels) if l and s >= t)
        fp = sum(1 for s, l in zip(scores, labels) if not l and s >= t)
        print(f"  {t}: fpr={fp / 5!r} tpr={tp / 5!r}")

    print("# LCG data set of 300 cases: AUC and the percentile bootstrap interval (100,000 resamples)")
    scores, labels = lcg_cases(300)
    s, l = np.asarray(scores), np.asarray(labels)
    auc = auc_pairs(scores, labels)
    print(f"auc = {auc!r}  positives = {int(l.sum())}")
    rng = np.random.default_rng(0)
    replicates = []
    while len(replicates) < 100_000:
        idx = rng.integers(0, len(s), len(s))
        ls = l[idx]
        if ls.all() or not ls.any():
            continue
        ranks = stats.rankdata(s[idx])
        n1 = ls.sum()
        n0 = len(ls) - n1
        replicates.append((ranks[ls].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))
    lo, hi = np.percentile(replicates, [2.5, 97.5])
    print(f"bootstrap 95% interval = ({float(lo)!r}, {float(hi)!r})")


if __name__ == "__main__":
    main()
