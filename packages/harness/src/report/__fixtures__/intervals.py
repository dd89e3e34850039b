#!/usr/bin/env python3
"""Reference confidence intervals and paired differences for stats.spec.ts and summary.spec.ts.

Writes intervals.json next to this script:
- "intervals": for fixed value lists, the mean, sample standard deviation (ddof=1), the t
  quantile t_{0.975, n-1} and the half-width of the 95 % Student t interval of the mean,
  from scipy.stats.t.interval;
- "paired": for fixed pairs of lists, the paired differences a - b and the 95 % interval of
  their mean, from scipy.stats.ttest_rel(a, b).confidence_interval(0.95);
- "rows": the same numbers for the PAIRED comparison of runs.ts (the scores below mirror
  that fixture: keep them in sync), per task and for the per-seed averages, with the
  paired differences to MTL over the seeds both rows have, and the majority-class row.

Run from the repository root (needs SciPy >= 1.11, e.g. `apt-get install -y python3-scipy`
or `pip install scipy`):

    python3 packages/harness/src/report/__fixtures__/intervals.py
"""
import json
import math
import pathlib

import numpy as np
import scipy
from scipy import stats

CONFIDENCE = 0.95


def interval(values):
    x = np.asarray(values, dtype=float)
    n = len(x)
    mean = float(x.mean())
    if n == 1:
        return {"values": list(values), "mean": mean, "std": None, "n": 1, "t": None, "halfWidth": None}
    std = float(x.std(ddof=1))
    if std == 0:  # SciPy refuses a zero scale; the interval is the point itself
        low, high = mean, mean
    else:
        low, high = stats.t.interval(CONFIDENCE, n - 1, loc=mean, scale=std / math.sqrt(n))
    return {
        "values": list(values),
        "mean": mean,
        "std": std,
        "n": n,
        "t": float(stats.t.ppf((1 + CONFIDENCE) / 2, n - 1)),
        "halfWidth": float((high - low) / 2),
    }


def paired(a, b):
    d = (np.asarray(a, dtype=float) - np.asarray(b, dtype=float)).tolist()
    out = {"a": list(a), "b": list(b), "differences": d, "mean": float(np.mean(d)), "n": len(d)}
    if len(d) == 1:
        return {**out, "halfWidth": None, "low": None, "high": None, "resolved": False}
    ci = stats.ttest_rel(a, b).confidence_interval(CONFIDENCE)
    low, high = float(ci.low), float(ci.high)
    return {**out, "halfWidth": (high - low) / 2, "low": low, "high": high, "resolved": low > 0 or high < 0}


INTERVAL_CASES = [
    [70, 71.5, 74.5],
    [60, 62, 64],
    [77, 79],
    [84, 84],
    [55],
    [81.2, 79.5, 83.3, 80.1, 82.7],
    [0.1, -0.4, 0.35, 0.2, -0.05, 0.3, 0.15, -0.2, 0.05, 0.4],
]
PAIRED_CASES = [
    ([74.5, 76, 80.5], [70, 72.5, 76.5]),
    ([71, 77], [72.5, 76.5]),
    ([66.5], [70]),
    ([61.0, 63.2, 59.9, 62.4, 60.8], [60.1, 62.0, 60.2, 61.0, 60.3]),
]

# The PAIRED fixture of runs.ts: label -> seed -> (rte, sst2); last evaluations of MTL.
RUNS = {
    "MTL": {1: (60, 80), 2: (63, 82), 3: (66, 87)},
    "Adapters": {1: (64, 85), 2: (66, 86), 3: (71, 90)},
    "HyperPrompt-Global": {2: (61, 81), 3: (70, 84), 4: (75, 88)},
    "Prompt-Tuning": {1: (55, 78)},
}
LAST = {"MTL": {1: (58, 80), 2: (62, 80), 3: (66, 85)}}
MAJORITY = {1: (52.7, 50.9), 2: (53.1, 50.9), 3: (52.0, 51.2), 4: (52.7, 50.5)}
TASKS = ["rte", "sst2"]
REFERENCE = "MTL"


def row_stats(by_seed):
    seeds = sorted(by_seed)
    out = {"seeds": seeds, "scores": {}}
    for i, task in enumerate(TASKS):
        out["scores"][task] = interval([by_seed[s][i] for s in seeds])
    out["average"] = interval([float(np.mean(by_seed[s])) for s in seeds])
    return out


def differences(by_seed, ref):
    common = sorted(set(by_seed) & set(ref))
    out = {"seeds": common, "scores": {}}
    for i, task in enumerate(TASKS):
        out["scores"][task] = paired([by_seed[s][i] for s in common], [ref[s][i] for s in common])
    out["average"] = paired([float(np.mean(by_seed[s])) for s in common], [float(np.mean(ref[s])) for s in common])
    return out


rows = {}
for label, by_seed in {**RUNS, "Majority class": MAJORITY}.items():
    row = row_stats(by_seed)
    if label != REFERENCE:
        row["differences"] = differences(by_seed, RUNS[REFERENCE])
    if label in LAST:
        row["last"] = row_stats(LAST[label])
    rows[label] = row

out = {
    "generator": "intervals.py",
    "scipy": scipy.__version__,
    "confidence": CONFIDENCE,
    "intervals": [interval(v) for v in INTERVAL_CASES],
    "paired": [paired(a, b) for a, b in PAIRED_CASES],
    "rows": rows,
}
path = pathlib.Path(__file__).with_name("intervals.json")
path.write_text(json.dumps(out, indent=2) + "\n")
print(f"wrote {path}")
