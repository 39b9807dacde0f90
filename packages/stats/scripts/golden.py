#!/usr/bin/env python3
"""Golden values for packages/stats' comparison statistics, computed with numpy and scipy.

Run from the repository root where numpy and scipy are installed:
    python3 packages/stats/scripts/golden.py
It rewrites packages/stats/src/golden.json, which the tests in packages/stats/src/*.golden.test.ts read.
Every value comes from scipy (or from numpy formulas written here independently of the TypeScript code).
"""
import json
import math
from pathlib import Path

import numpy as np
import scipy
from scipy import optimize, special, stats

rng = np.random.default_rng(20261126)


def clean(value):
    if isinstance(value, (list, tuple, np.ndarray)):
        return [clean(v) for v in value]
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def accuracies(n, mean, std):
    """Seed accuracies in percent, rounded to the 1/1500 grid of a 1,500-image split (so ties occur)."""
    return [round(v * 15) / 15 for v in rng.normal(mean, std, n)]


samples = {
    "a5": accuracies(5, 71.0, 0.4),
    "b5": accuracies(5, 70.5, 0.5),
    "a8": [70.1, 70.4, 69.9, 70.8, 70.2, 71.3, 70.0, 70.6],
    "b12": [69.8, 70.3, 69.5, 70.0, 69.9, 70.1, 69.7, 70.2, 69.6, 70.4, 69.4, 70.05],
    "a30": accuracies(30, 70.2, 0.3),
    "b30": accuracies(30, 70.0, 0.3),
    "ties_a": [1, 2, 2, 3, 3, 3, 4],
    "ties_b": [2, 3, 3, 4, 5, 5],
    "one": [70.0],
    "two": [70.0, 71.0],
    "equal": [5.0, 5.0, 5.0, 5.0],
    "skewed": [1, 1.1, 1.2, 1.3, 1.5, 2, 3, 5, 9, 17, 40, 90],
}

golden = {"scipy": scipy.__version__, "numpy": np.__version__, "samples": samples}

golden["normal"] = [
    {"z": z, "cdf": clean(stats.norm.cdf(z)), "sf": clean(stats.norm.sf(z))}
    for z in [-37.0, -10.0, -5.0, -2.5, -1.96, -0.5, 0.0, 0.3, 1.0, 2.4999, 2.5, 3.0, 8.0, 30.0]
]
golden["normal_quantile"] = [
    {"p": p, "z": clean(stats.norm.ppf(p))} for p in [1e-300, 1e-20, 1e-8, 0.001, 0.025, 0.1, 0.375 / 5.25, 0.5, 0.8, 0.975, 0.999999]
]


def effect(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    df = len(a) + len(b) - 2
    ss = (np.sum((a - a.mean()) ** 2)) + (np.sum((b - b.mean()) ** 2))
    pooled = math.sqrt(ss / df) if df >= 1 else float("nan")
    d = (a.mean() - b.mean()) / pooled if pooled > 0 else float("nan")
    j = special.gamma(df / 2) / (math.sqrt(df / 2) * special.gamma((df - 1) / 2)) if 1 < df < 340 else float("nan")
    return {"d": clean(d), "g": clean(d * j), "j": clean(j), "pooledStd": clean(pooled), "df": df}


golden["effect_size"] = [
    {"a": a, "b": b, **effect(samples[a], samples[b])}
    for a, b in [("a5", "b5"), ("a8", "b12"), ("a30", "b30"), ("two", "one"), ("ties_a", "ties_b")]
]

golden["mann_whitney"] = []
for a, b in [("a5", "b5"), ("a8", "b12"), ("a30", "b30"), ("ties_a", "ties_b"), ("one", "two"), ("equal", "equal"), ("b12", "a8"), ("skewed", "a8")]:
    r = stats.mannwhitneyu(samples[a], samples[b])
    golden["mann_whitney"].append({"a": a, "b": b, "u": clean(r.statistic), "p": clean(r.pvalue)})


def holm(ps):
    ps = np.asarray(ps, float)
    keep = ~np.isnan(ps)
    out = np.full(len(ps), np.nan)
    idx = np.where(keep)[0]
    order = idx[np.argsort(ps[idx], kind="stable")]
    m = len(order)
    running = 0.0
    for i, k in enumerate(order):
        running = max(running, min(1.0, (m - i) * ps[k]))
        out[k] = running
    return out


def bh(ps):
    ps = np.asarray(ps, float)
    out = np.full(len(ps), np.nan)
    keep = ~np.isnan(ps)
    out[keep] = stats.false_discovery_control(ps[keep], method="bh")
    return out


p_sets = [[0.01, 0.04, 0.03, 0.005, 0.5], [0.2, float("nan"), 0.01, 0.01, 0.04], [0.9], [0.001, 0.002, 0.003, 0.004, 0.005, 0.9, 0.8]]
golden["p_adjust"] = [{"p": clean(ps), "holm": clean(holm(ps)), "bh": clean(bh(ps))} for ps in p_sets]

golden["noncentral_t"] = [
    {"t": t, "df": df, "ncp": ncp, "cdf": clean(stats.nct.cdf(t, df, ncp))}
    for t, df, ncp in [(2.0, 10, 1.0), (-1.0, 5, 0.5), (0.5, 3, -2.0), (2.1, 18, 3.0), (-2.1, 18, 3.0), (1.7, 100, 2.5), (4.0, 8, 12.0), (0.0, 7, 1.3), (2.0, 40, 0.0), (-3.0, 60, -25.0)]
]


def power(delta, std, n, alpha=0.05):
    df = 2 * n - 2
    crit = stats.t.ppf(1 - alpha / 2, df)
    ncp = abs(delta) / (std * math.sqrt(2 / n))
    # scipy's nct.cdf returns NaN far in the lower tail, where the true value is below 1e-20.
    return stats.nct.sf(crit, df, ncp) + np.nan_to_num(stats.nct.cdf(-crit, df, ncp), nan=0.0)


def seeds_needed(delta, std, alpha=0.05, target=0.8):
    n = 2
    while power(delta, std, n, alpha) < target:
        n += 1
    return n


golden["power"] = [
    {"delta": d, "std": s, "n": n, "power": clean(power(d, s, n))} for d, s, n in [(0.1, 0.1, 5), (0.2, 0.1, 3), (0.05, 0.12, 100), (1.0, 0.3, 2)]
]
golden["seeds_needed"] = [
    {"delta": d, "std": s, "perArm": seeds_needed(d, s), "power": clean(power(d, s, seeds_needed(d, s)))}
    for d, s in [(0.1, 0.1), (0.3, 0.1), (0.05, 0.1), (0.02, 0.1), (1.0, 0.1)]
]
golden["minimum_detectable"] = [
    {"n": n, "std": s, "delta": clean(optimize.brentq(lambda d: power(d, s, n) - 0.8, 1e-6 * s, 20 * s, xtol=1e-15, rtol=1e-15))}
    for n, s in [(3, 0.1), (10, 0.1), (100, 0.25), (2, 1.0)]
]

golden["robust"] = [
    {
        "sample": k,
        "iqm": clean(stats.trim_mean(samples[k], 0.25)),
        "median": clean(np.median(samples[k])),
        "robustStd": clean(stats.median_abs_deviation(samples[k], scale="normal")),
    }
    for k in ["a5", "a8", "b12", "a30", "ties_a", "skewed", "one", "two"]
]

shapiro_inputs = {
    "n3": [1.0, 2.0, 4.0],
    "n4": [2.1, 2.5, 2.6, 4.0],
    "n5": samples["a5"],
    "n6": [1.2, 1.5, 1.9, 2.0, 2.2, 5.0],
    "n7": samples["ties_a"],
    "n11": accuracies(11, 70, 1),
    "n12": samples["b12"],
    "n30": samples["a30"],
    "n100": [float(v) for v in rng.normal(0, 1, 100)],
    "skewed": samples["skewed"],
    "uniform500": [float(v) for v in rng.uniform(0, 1, 500)],
}
golden["shapiro"] = []
for name, xs in shapiro_inputs.items():
    r = stats.shapiro(xs)
    golden["shapiro"].append({"name": name, "x": xs, "w": clean(r.statistic), "p": clean(r.pvalue)})

golden["pearson_interval"] = []
for a, b in [("a30", "b30"), ("a5", "b5"), ("a8", "b12")]:
    x, y = samples[a], samples[b][: len(samples[a])]
    n = min(len(x), len(y))
    r = stats.pearsonr(x[:n], y[:n])
    ci = r.confidence_interval(0.95)
    golden["pearson_interval"].append({"x": x[:n], "y": y[:n], "r": clean(r.statistic), "lower": clean(ci.low), "upper": clean(ci.high)})

out = Path(__file__).resolve().parent.parent / "src" / "golden.json"
out.write_text(json.dumps(golden, indent=1) + "\n")
print(f"wrote {out}")
