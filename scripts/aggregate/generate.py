"""Fictional checkup records to practise the recipe on: one row per checkup, seeded, with
plausible distributions by sex × age and group — residents (地域) older and a little riskier,
workers (職域) younger — and a `fictional` column of `true` in every row, which the recipe
carries into its output as Renkei's fictional-data label (架空データ on screen and in exports).

    python generate.py OUT (.csv or .parquet) [--rows N] [--seed S] [--years 2022]
                       [--prefectures 24,13] [--problems]

None of these people exist; the shapes are invented, not estimated from any source.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys

import numpy as np
import pyarrow as pa

HERE = os.path.dirname(os.path.abspath(__file__))

AGE_BAND_WEIGHTS = {  # 40–44 … 70–74
    "地域": [0.05, 0.05, 0.06, 0.08, 0.15, 0.27, 0.34],
    "職域": [0.21, 0.21, 0.19, 0.16, 0.12, 0.07, 0.04],
}
FEMALE_SHARE = {"地域": 0.56, "職域": 0.38}
RESIDENT_SHARE = 0.45
MEASURED_SHARE = {"hba1c": 0.92, "fpg": 0.55, "waist": 0.97}
CHUNK_ROWS = 1_000_000


def municipalities(prefectures: list[str] | None) -> list[str]:
    with open(os.path.join(HERE, "municipality_to_secondary_area.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["muni_code"] for r in rows if not prefectures or r["pref_code"] in prefectures]


def chunk(rng: np.random.Generator, rows: int, years: list[int], codes: np.ndarray,
          code_weights: np.ndarray, problems: bool) -> pa.Table:
    resident = rng.random(rows) < RESIDENT_SHARE
    group = np.where(resident, "地域", "職域")
    band = np.where(
        resident,
        rng.choice(7, rows, p=AGE_BAND_WEIGHTS["地域"]),
        rng.choice(7, rows, p=AGE_BAND_WEIGHTS["職域"]),
    )
    age = 40 + 5 * band + rng.integers(0, 5, rows)
    female = rng.random(rows) < np.where(resident, FEMALE_SHARE["地域"], FEMALE_SHARE["職域"])
    male = ~female
    decades = (age - 40) / 10.0
    r = resident.astype(float)

    sbp = rng.normal(112 + 6.5 * decades + 7 * male + 2 * r, 14 + 1.5 * decades)
    dbp = 0.55 * sbp + rng.normal(5 + 3 * male, 7)
    bmi = rng.normal(22.0 + 1.6 * male + 0.3 * decades + 0.4 * r, 3.4)
    waist = 2.4 * bmi + 27 + 3 * male + rng.normal(0, 4.5)
    hba1c = 5.2 + 0.12 * decades + 0.1 * r + rng.gamma(1.6, 0.18, rows)
    fpg = 88 + 4 * decades + 4 * male + rng.gamma(1.5, 8, rows)
    ldl = rng.normal(118 + 4 * female * decades, 30)
    hdl = rng.normal(66 - 11 * male, 15)
    tg = np.exp(rng.normal(np.log(95 + 30 * male + 5 * decades), 0.55))

    def measured(values, share=1.0, decimals=0):
        out = np.round(values, decimals)
        text = out.astype(str) if decimals else out.astype(np.int64).astype(str)
        return pa.array(np.where(rng.random(rows) < share, text, ""))

    columns = {
        "fiscal_year": pa.array(rng.choice(years, rows).astype(str)),
        "group": pa.array(group),
        "municipality_code": pa.array(rng.choice(codes, rows, p=code_weights)),
        "sex": pa.array(np.where(female, "女", "男")),
        "age": pa.array(age.astype(str)),
        "sbp": measured(sbp),
        "dbp": measured(dbp),
        "hba1c": measured(hba1c, MEASURED_SHARE["hba1c"], 1),
        "fpg": measured(fpg, MEASURED_SHARE["fpg"]),
        "bmi": measured(bmi, 1.0, 1),
        "waist": measured(waist, MEASURED_SHARE["waist"], 1),
        "ldl": measured(ldl),
        "hdl": measured(hdl),
        "tg": measured(tg),
        "fictional": pa.array(np.full(rows, "true")),
    }
    if problems:
        # A few rows as real extracts have them, so the report has something to count.
        sex = np.where(rng.random(rows) < 0.0005, "", np.where(female, "女", "男"))
        columns["sex"] = pa.array(sex)
        outside = rng.random(rows) < 0.001
        columns["age"] = pa.array(np.where(outside, np.where(rng.random(rows) < 0.5, "39", "75"), age.astype(str)))
        typo = rng.random(rows) < 0.0002
        columns["sbp"] = pa.array(np.where(typo, "1300", columns["sbp"].to_numpy(zero_copy_only=False)))
    return pa.table(columns)


def generate(out_path: str, rows: int, seed: int, years: list[int], prefectures: list[str] | None,
             problems: bool) -> None:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    codes = np.array(municipalities(prefectures))
    if codes.size == 0:
        raise SystemExit("generate: no municipality in those prefectures")
    # Municipalities of very different sizes (a few cities, many villages), so small cells occur.
    code_weights = rng.lognormal(0.0, 1.2, codes.size)
    code_weights /= code_weights.sum()
    writer = None
    written = 0
    try:
        while written < rows:
            table = chunk(rng, min(CHUNK_ROWS, rows - written), years, codes, code_weights, problems)
            if out_path.lower().endswith(".parquet"):
                # The label in the file as well as in every row.
                table = table.replace_schema_metadata({"renkei.fictional": "true"})
                writer = writer or pq.ParquetWriter(out_path, table.schema, compression="zstd")
            else:
                writer = writer or pacsv.CSVWriter(out_path, table.schema)
            writer.write_table(table)
            written += table.num_rows
    finally:
        if writer is not None:
            writer.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--years", default="2022", help="fiscal years, comma-separated")
    parser.add_argument("--prefectures", default="", help="2-digit codes, comma-separated (default all)")
    parser.add_argument("--problems", action="store_true", help="add a few rows with problems")
    args = parser.parse_args(argv)
    years = [int(y) for y in args.years.split(",")]
    prefectures = [p.strip().zfill(2) for p in args.prefectures.split(",") if p.strip()] or None
    generate(args.out, args.rows, args.seed, years, prefectures, args.problems)
    print(f"{args.out}: {args.rows:,} fictional checkups (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
