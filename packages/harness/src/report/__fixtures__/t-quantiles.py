#!/usr/bin/env python3
"""Reference quantiles of Student's t distribution for student-t.spec.ts.

Writes t-quantiles.json next to this script: scipy.stats.t.ppf(p, df) for the 97.5 %
quantile at df = 1..30, 50, 100 (the t of a two-sided 95 % interval over df + 1 seeds),
and for other probabilities and a few non-integer and large degrees of freedom.

Run from the repository root (needs SciPy, e.g. `apt-get install -y python3-scipy` or
`pip install scipy`):

    python3 packages/harness/src/report/__fixtures__/t-quantiles.py
"""
import json
import pathlib

import scipy
from scipy import stats

DFS_975 = list(range(1, 31)) + [50, 100]
OTHER_PS = [0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.995, 0.9995, 0.999999, 0.025, 0.1, 0.001]
OTHER_DFS = [1, 2, 3, 4.5, 7, 12, 30, 1000]


def case(p, df):
    return {"p": p, "df": df, "t": float(stats.t.ppf(p, df))}


cases = [case(0.975, df) for df in DFS_975]
cases += [case(p, df) for df in OTHER_DFS for p in OTHER_PS]
cdf = [
    {"t": t, "df": df, "cdf": float(stats.t.cdf(t, df))}
    for df in [1, 2, 5, 9.5, 40]
    for t in [-30.0, -2.5, -0.3, 0.0, 0.7, 1.96, 4.0, 100.0]
]
out = {
    "generator": "t-quantiles.py",
    "scipy": scipy.__version__,
    "quantiles": cases,
    "cdf": cdf,
}
path = pathlib.Path(__file__).with_name("t-quantiles.json")
path.write_text(json.dumps(out, indent=2) + "\n")
print(f"wrote {len(cases)} quantiles and {len(cdf)} CDF values to {path}")
