"""Reference values for `tests/native/simulator.rs` (the within-bin model's shape): each
candidate shape fitted to published bin counts by grouped maximum likelihood with SciPy, and
the log-likelihood each reaches.

Run once when the cases change (`pip install scipy`, then
`python scripts/reference/grouped_fit.py`) and paste its output into the test; the test itself
needs no Python.
"""
import numpy as np
from scipy import optimize, stats

# 北海道 FY2021 (NDB release 9): γ-GT women 70–74 and HbA1c men 40–44.
CASES = {
    "ggt": ([51.0, 101.0], [46908, 3291, 920]),
    "hba1c": ([5.6, 6.0, 6.5, 8.0, 8.4], [41235, 12700, 2359, 1446, 157, 566]),
}
SHAPES = {
    "normal": lambda a, b: stats.norm(loc=a, scale=np.exp(b)),
    "log-normal": lambda a, b: stats.lognorm(s=np.exp(b), scale=np.exp(a)),
    # SciPy's fisk is the log-logistic: c = 1 / scale of the logarithm, scale = the median.
    "log-logistic": lambda a, b: stats.fisk(c=np.exp(-b), scale=np.exp(a)),
}


def log_likelihood(edges, counts, shape):
    cdf = np.concatenate([[0.0], shape.cdf(np.array(edges)), [1.0]])
    p = np.maximum(np.diff(cdf), 1e-300)
    return float(np.sum(np.array(counts) * np.log(p)))


for name, (edges, counts) in CASES.items():
    middle = np.mean(edges)
    starts = {
        "normal": [middle, np.log(middle / 4)],
        "log-normal": [np.log(middle), np.log(0.25)],
        "log-logistic": [np.log(middle), np.log(0.15)],
    }
    for shape_name, make in SHAPES.items():
        result = optimize.minimize(
            lambda p: -log_likelihood(edges, counts, make(*p)),
            starts[shape_name],
            method="Nelder-Mead",
            options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000},
        )
        a, b = result.x
        print(f'("{name}", "{shape_name}", {a!r}, {np.exp(b)!r}, {-result.fun!r}),')
