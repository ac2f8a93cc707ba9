"""Reference values for `tests/native/simulator.rs` (the monotone within-bin assumption):
SciPy's PchipInterpolator through the cumulative counts at the finite bin edges.

Run once when the cases change (`pip install scipy`, then `python scripts/reference/pchip.py`)
and paste its output into the test; the test itself needs no Python.
"""
import numpy as np
from scipy.interpolate import PchipInterpolator

EDGES = [120.0, 130.0, 140.0, 160.0, 180.0]
# Counts of <120, the four closed bins, >=180.
CASES = {
    "smooth": [351000, 244000, 179000, 157000, 36000, 7000],
    "empty bin and a dip": [100, 0, 50, 400, 20, 5],
    "spike": [10, 500, 5, 300, 1, 1],
}
POINTS = [121.0, 125.0, 129.5, 133.0, 137.0, 141.0, 150.0, 159.0, 163.0, 175.0]

for name, counts in CASES.items():
    cumulative = np.cumsum(counts[:-1])
    pchip = PchipInterpolator(EDGES, cumulative)
    values = ", ".join(repr(float(v)) for v in pchip(POINTS))
    print(f'("{name}", {counts}, [{values}]),')
