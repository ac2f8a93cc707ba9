"""An adversary's check of a published aggregate: for every suppressed cell, the interval its
count can be proved to lie in by someone holding every published number.

    python attack.py AGGREGATE (.csv, .parquet or .arrow) [--threshold 10] [--lower-bound 1]

The table's additive relations, as anyone can rebuild them from the file and the public list
of municipalities: a 中計 row is the sum of its row's age bands; a published area is the sum of
the published areas inside it (municipality → secondary medical area → prefecture). With the
suppressed cells as unknowns x ≥ 0 (the recipe, like the ministry, suppresses zeros too), each relation is one linear equation, and linear
programming (HiGHS, through `highspy`) gives each unknown's smallest and largest value. A
relation's unknowns and the relations they share form one block; each block is solved on its
own, re-optimised from the last basis for each unknown.

Renkei's own Arrow files of the ministry's workbooks carry each row's 中計 as
`row_suppressed_people` (the suppressed people of the row); that is read as the 中計 row.

Exit status 1 if any suppressed cell's interval is `threshold` wide or narrower.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
SUBTOTAL = "subtotal"
# Extreme points found in random directions before each unknown's own programs (`intervals`).
SCOUTS = 8
CEILING = 1e9


@dataclass
class Interval:
    key: tuple
    low: float
    high: float
    exact: bool = True  # False: a part of the interval, shown wider than the threshold asked

    @property
    def width(self) -> float:
        return self.high - self.low


def read_table(path: str):
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    lower = path.lower()
    if lower.endswith(".parquet"):
        return pq.read_table(path)
    if lower.endswith(".arrow"):
        with pa.memory_map(path) as source:
            return ipc.open_file(source).read_all()
    options = pacsv.ConvertOptions(column_types={"area_code": pa.string(), "count": pa.int64()})
    return pacsv.read_csv(path, convert_options=options)


def parents() -> dict[tuple[str, str], tuple[str, str]]:
    """(level, code) → (parent level, parent code), from the public municipality list."""
    table: dict[tuple[str, str], tuple[str, str]] = {}
    with open(os.path.join(HERE, "municipality_to_secondary_area.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[("municipality", row["muni_code"])] = ("secondary_medical_area", row["iryoken2_code"])
            table[("secondary_medical_area", row["iryoken2_code"])] = ("prefecture", row["pref_code"])
    return table


def relations(rows: list[dict]):
    """Each additive relation as (total cell key, [part cell keys]); cells by key → count or None."""
    cells: dict[tuple, int | None] = {}
    row_groups: dict[tuple, list[tuple]] = defaultdict(list)
    implied_subtotals: dict[tuple, int] = {}
    has_row_suppressed = rows and "row_suppressed_people" in rows[0]
    for r in rows:
        area = (r["area_level"], r["area_code"] or "", r["area_name"])
        stratum = (r["year"], r["group"], r["sex"], r["indicator"], r["bin_label"])
        key = (area, stratum, r["age_band"])
        cells[key] = None if r["suppressed"] else int(r["count"])
        if r["age_band"] != SUBTOTAL:
            row_groups[(area, stratum)].append(key)
        if has_row_suppressed and r["row_suppressed_people"] is not None:
            implied_subtotals[(area, stratum)] = int(r["row_suppressed_people"])
    # Renkei's Arrow of a ministry workbook: the 中計 is the published cells plus the row's
    # suppressed people.
    for (area, stratum), suppressed_people in implied_subtotals.items():
        key = (area, stratum, SUBTOTAL)
        if key not in cells:
            published = sum(cells[k] or 0 for k in row_groups[(area, stratum)])
            cells[key] = published + suppressed_people
    found = []
    for (area, stratum), parts in row_groups.items():
        total = (area, stratum, SUBTOTAL)
        if total in cells:
            found.append((total, parts))
    # Areas inside areas: parent cells by (level, code) and the same stratum and age band.
    up = parents()
    by_area_code = defaultdict(list)
    for key in cells:
        (level, code, _), stratum, age = key
        by_area_code[(level, code, stratum, age)].append(key)
    children = defaultdict(list)
    for key in cells:
        (level, code, _), stratum, age = key
        parent = up.get((level, code))
        if parent and by_area_code.get((parent[0], parent[1], stratum, age)):
            children[by_area_code[(parent[0], parent[1], stratum, age)][0]].append(key)
    found.extend(children.items())
    return cells, found


def block_of(key, up) -> tuple:
    """The part of the table a cell's relations never leave: its stratum (year, group, sex,
    item, bin) within its prefecture (no 全国 row links prefectures)."""
    (level, code, _), stratum, _ = key
    while (level, code) in up:
        level, code = up[(level, code)]
    return stratum, code


def intervals(cells, found, lower_bound: float, only_blocks=None, threshold=None) -> list[Interval]:
    """Each suppressed cell's interval; with `only_blocks`, of the cells in those blocks only.
    With `threshold`, an interval shown wider than it may be given from inside (`exact` False)."""
    import highspy
    import numpy as np

    up = parents()
    unknowns = [
        key for key, count in cells.items()
        if count is None and (only_blocks is None or block_of(key, up) in only_blocks)
    ]
    index = {key: i for i, key in enumerate(unknowns)}
    equations = []  # ({unknown index: coefficient}, right-hand side)
    for total, parts in found:
        coefficients: dict[int, float] = defaultdict(float)
        rhs = 0.0
        for key, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if cells[key] is None:
                if key not in index:
                    break  # a relation of a block not asked for
                coefficients[index[key]] += sign
            else:
                rhs -= sign * cells[key]
        else:
            if coefficients:
                equations.append((dict(coefficients), rhs))
    # Blocks: unknowns linked through equations (union-find).
    root = list(range(len(unknowns)))

    def find(i):
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for coefficients, _ in equations:
        first, *rest = coefficients
        for other in rest:
            root[find(other)] = find(first)
    blocks = defaultdict(list)
    for i in range(len(unknowns)):
        blocks[find(i)].append(i)
    block_equations = defaultdict(list)
    for equation in equations:
        block_equations[find(next(iter(equation[0])))].append(equation)

    results: list[Interval] = []
    for block_root, members in blocks.items():
        local = {u: j for j, u in enumerate(members)}
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        # Presolve would discard the basis each run; the re-solves below start from it.
        solver.setOptionValue("presolve", "off")
        solver.setOptionValue("threads", 1)
        # A ceiling far above any count keeps every program bounded, so each run gives a
        # point; a cell that reaches it is unbounded.
        for _ in members:
            solver.addVar(lower_bound, CEILING)
        for coefficients, rhs in block_equations.get(block_root, []):
            idx = [local[u] for u in coefficients]
            solver.addRow(rhs, rhs, len(idx), idx, [coefficients[u] for u in coefficients])
        # Every optimum is a point the published table allows: each unknown's values seen at
        # them bound its interval from inside. With `threshold`, an unknown already seen to vary
        # by more is wide enough and its own two programs are skipped.
        seen_low = np.full(len(members), np.inf)
        seen_high = np.full(len(members), -np.inf)

        def solve(sense) -> float:
            solver.changeObjectiveSense(sense)
            solver.run()
            status = solver.getModelStatus()
            if status == highspy.HighsModelStatus.kUnbounded:
                return math.inf
            if status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"the published table is inconsistent ({solver.modelStatusToString(status)})")
            point = np.asarray(solver.getSolution().col_value)
            np.minimum(seen_low, point, out=seen_low)
            np.maximum(seen_high, point, out=seen_high)
            value = solver.getInfo().objective_function_value
            return math.inf if value >= CEILING / 2 else value

        if threshold is not None:
            # A few extreme points first, in random directions (seeded: the audit repeats).
            everyone = list(range(len(members)))
            directions = np.random.default_rng(len(members)).choice([-1.0, 1.0], (SCOUTS, len(members)))
            for direction in directions:
                solver.changeColsCost(len(members), everyone, direction.tolist())
                solve(highspy.ObjSense.kMaximize)
            solver.changeColsCost(len(members), everyone, [0.0] * len(members))
        for u in members:
            j = local[u]
            if threshold is not None and seen_high[j] - seen_low[j] > threshold:
                high = math.inf if seen_high[j] >= CEILING / 2 else seen_high[j]
                results.append(Interval(unknowns[u], seen_low[j], high, exact=False))
                continue
            # Re-optimised from the last basis: only this unknown's cost changes.
            solver.changeColCost(j, 1.0)
            high = solve(highspy.ObjSense.kMaximize)
            if threshold is not None and seen_high[j] - seen_low[j] > threshold:
                solver.changeColCost(j, 0.0)
                results.append(Interval(unknowns[u], seen_low[j], high, exact=False))
                continue
            low = solve(highspy.ObjSense.kMinimize)
            solver.changeColCost(j, 0.0)
            results.append(Interval(unknowns[u], low, high))
    return results


def attack_table(table, lower_bound: float = 0.0, only_blocks=None, threshold=None) -> list[Interval]:
    cells, found = relations(table.to_pylist())
    return intervals(cells, found, lower_bound, only_blocks, threshold)


def cell_key(key) -> str:
    """The recipe's key of a cell (`recipe.cells_sql`)."""
    (level, code, _), (year, group, sex, indicator, bin_label), age = key
    return "|".join([str(year), group, level, code, sex, age, indicator, bin_label])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("aggregate")
    parser.add_argument("--threshold", type=int, default=10)
    parser.add_argument("--lower-bound", type=float, default=0.0,
                        help="what every suppressed cell is known to hold at least (default 0)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    found = attack_table(read_table(args.aggregate), args.lower_bound, threshold=args.threshold)
    seconds = time.monotonic() - started
    narrow = [i for i in found if i.width <= args.threshold]
    exact = [i for i in found if i.width < 0.5]
    print(f"{args.aggregate}: {len(found):,} suppressed cells, {seconds:.1f} s")
    print(f"  worked out exactly (interval under 1 wide): {len(exact):,}")
    print(f"  interval {args.threshold} wide or narrower: {len(narrow):,}")
    for interval in sorted(narrow, key=lambda i: i.width)[:10]:
        (level, code, name), stratum, age = interval.key
        print(f"    {level} {code} {name} {stratum} {age}: [{interval.low:g}, {interval.high:g}]")
    return 1 if narrow else 0


if __name__ == "__main__":
    sys.exit(main())
