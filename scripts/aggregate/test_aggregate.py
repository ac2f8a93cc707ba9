"""Tests of the aggregation recipe (`python -m unittest` in this folder; `scripts/test.sh` runs
them). Figures are checked against counts made by hand from records written here; the
disclosure control against the adversary of `attack.py`; DuckDB against Spark row for row when
RENKEI_SPARK_RECORDS is set (10⁵ records in CI: Spark's start and plan dominate)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import aggregate  # noqa: E402
import attack  # noqa: E402
import engines  # noqa: E402
import generate  # noqa: E402
import recipe  # noqa: E402

# 津市 (24201) is in 中勢伊賀 (2402), Mie (24); 四日市市 (24202) in 北勢 (2401).
TSU, YOKKAICHI = "24201", "24202"


def write_csv(path: str, header: list[str], rows: list[list], encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)


def run_duckdb(path: str, **options) -> recipe.Result:
    engine = engines.DuckDB()
    try:
        return recipe.run(engine, path, **options)
    finally:
        engine.close()


def cell(result: recipe.Result, counted: bool = True, **wanted) -> dict:
    """The cell matching `wanted`, as counted (before suppression) or as published."""
    table = result.true_counts if counted else result.table
    found = [
        r for r in table.to_pylist()
        if all(r[k] == v for k, v in wanted.items())
    ]
    if len(found) != 1:
        raise AssertionError(f"{len(found)} cells match {wanted}")
    return found[0]


def counted_by_key(result: recipe.Result) -> dict[str, int]:
    """The counts before suppression by the recipe's cell key (what the adversary names)."""
    return {
        attack.cell_key(((r["area_level"], r["area_code"], r["area_name"]),
                         (r["year"], r["group"], r["sex"], r["indicator"], r["bin_label"]),
                         r["age_band"])): r["count"]
        for r in result.true_counts.to_pylist()
    }


class HandCounted(unittest.TestCase):
    """Twelve people with threshold 2, so that only zeros and ones are suppressed."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        header = ["年度", "区分", "市町村コード", "性別", "年齢", "収縮期血圧", "HbA1c", "BMI"]
        rows = [
            # Edges belong to the bin above: 140 is 140以上160未満, 5.6 is 5.6以上6.0未満.
            [2022, "地域", TSU, "男", 44, 139, 5.5, 22.0],
            [2022, "地域", TSU, "男", 44, 140, 5.6, 25.0],
            [2022, "地域", TSU, "男", 44, 140, "", 24.9],
            [2022, "地域", TSU, "男", 45, 180, 8.4, 40.0],
            [2022, "地域", TSU, "男性", 45, 119, 6.4, 18.4],
            [2022, "地域", "1101", "男", 50, 120, 5.0, 20.0],  # 01101 札幌市中央区, 4 digits as Excel leaves it
            [2022, "地域", TSU, "女", 74, 200, 6.5, 30.0],
            [2022, "地域", YOKKAICHI, "女", 74, 130, 6.0, 35.0],
            # Problems, each counted once under its first reason.
            [2022, "地域", TSU, "", 50, 120, 5.0, 20.0],        # sex missing
            [2022, "地域", TSU, "男", 75, 120, 5.0, 20.0],      # age outside 40–74
            [2022, "地域", "99999", "男", 50, 120, 5.0, 20.0],  # municipality unknown
            [2022, "地域", TSU, "男", 50, 1300, "abc", 20.0],   # SBP implausible, HbA1c unreadable
        ]
        cls.records = os.path.join(cls.scratch.name, "records-sjis.csv")
        write_csv(cls.records, header, rows, encoding="cp932")
        utf8 = aggregate.utf8_path(cls.records, cls.scratch.name)
        cls.result = run_duckdb(utf8, threshold=2, levels=recipe.LEVELS, with_true_counts=True)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_shift_jis_is_read_through_utf8(self):
        self.assertNotEqual(aggregate.utf8_path(self.records, self.scratch.name), self.records)

    def test_bins_are_the_ndb_edges_lower_included(self):
        tsu = dict(year=2022, area_level="municipality", area_code=TSU, group="地域", sex="male")
        self.assertEqual(cell(self.result, **tsu, age_band="40-44", indicator="sbp", bin_label="140以上160未満")["count"], 2)
        self.assertEqual(cell(self.result, **tsu, age_band="40-44", indicator="sbp", bin_label="130以上140未満")["count"], 1)
        self.assertEqual(cell(self.result, **tsu, age_band="45-49", indicator="sbp", bin_label="180以上")["count"], 1)
        self.assertEqual(cell(self.result, **tsu, age_band="40-44", indicator="hba1c", bin_label="5.6以上6.0未満")["count"], 1)
        self.assertEqual(cell(self.result, **tsu, age_band="45-49", indicator="bmi", bin_label="40.0以上")["count"], 1)
        self.assertEqual(cell(self.result, **tsu, age_band="45-49", indicator="bmi", bin_label="18.5未満")["count"], 1)

    def test_a_bin_nobody_fell_in_is_a_zero_and_zeros_are_suppressed(self):
        where = dict(area_level="municipality", area_code=TSU, group="地域", sex="male",
                     age_band="40-44", indicator="sbp", bin_label="120未満")
        self.assertEqual(cell(self.result, **where)["count"], 0)
        published = cell(self.result, counted=False, **where)
        self.assertTrue(published["suppressed"])
        self.assertIsNone(published["count"])

    def test_subtotals_and_areas_add_up(self):
        tsu = dict(year=2022, group="地域", sex="male", indicator="sbp", bin_label="140以上160未満")
        self.assertEqual(cell(self.result, area_level="municipality", area_code=TSU, age_band="subtotal", **tsu)["count"], 2)
        self.assertEqual(cell(self.result, area_level="secondary_medical_area", area_code="2402", age_band="40-44", **tsu)["count"], 2)
        prefecture = cell(self.result, area_level="prefecture", area_code="24", age_band="subtotal", **tsu)
        self.assertEqual((prefecture["area_name"], prefecture["count"]), ("三重県", 2))
        sapporo = dict(area_level="municipality", area_code="01101", age_band="50-54",
                       year=2022, group="地域", sex="male", indicator="sbp", bin_label="120以上130未満")
        self.assertEqual(cell(self.result, **sapporo)["count"], 1)
        self.assertIsNone(cell(self.result, counted=False, **sapporo)["count"])  # under 2

    def test_every_row_not_used_is_counted_by_reason(self):
        report = {(what, reason): rows for what, reason, rows in self.result.report}
        self.assertEqual(report[("rows", "read")], 12)
        self.assertEqual(report[("rows", "used")], 9)
        self.assertEqual(report[("rows", "sex")], 1)
        self.assertEqual(report[("rows", "age_outside_40_74")], 1)
        self.assertEqual(report[("rows", "municipality_code")], 1)
        self.assertEqual(report[("sbp", "implausible")], 1)
        self.assertEqual(report[("hba1c", "unreadable")], 1)
        # The row with problems in two items still counts for BMI (20.0 in 20.0以上25.0未満).
        bmi = cell(self.result, area_level="municipality", area_code=TSU, group="地域", sex="male",
                   age_band="50-54", indicator="bmi", bin_label="20.0以上25.0未満")
        self.assertEqual(bmi["count"], 1)

    def test_every_interval_the_adversary_proves_holds_the_true_count(self):
        true = counted_by_key(self.result)
        found = attack.attack_table(self.result.table)  # every interval exact
        self.assertGreater(len(found), 100)
        for interval in found:
            value = true[attack.cell_key(interval.key)]
            self.assertTrue(interval.exact)
            self.assertTrue(interval.low - 1e-6 <= value <= interval.high + 1e-6, (interval, value))
            self.assertGreater(interval.width, 2)  # threshold 2

    def test_no_item_is_invented(self):
        indicators = {r["indicator"] for r in self.result.table.to_pylist()}
        self.assertEqual(indicators, {"sbp", "hba1c", "bmi"})


class Disclosure(unittest.TestCase):
    """Fictional records through the recipe: the adversary proves no suppressed cell narrower
    than the threshold, at every level published."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.records = os.path.join(cls.scratch.name, "fictional-records.parquet")
        generate.generate(cls.records, 20_000, 7, [2022], ["24"], problems=True)
        # Every level: three tiers of areas inside areas, the hardest table to protect.
        cls.result = run_duckdb(cls.records, levels=recipe.LEVELS, with_true_counts=True)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_no_suppressed_cell_is_narrowed_to_the_threshold(self):
        found = attack.attack_table(self.result.table, threshold=recipe.DEFAULT_THRESHOLD)
        self.assertGreater(len(found), 1000)
        narrow = [i for i in found if i.width <= recipe.DEFAULT_THRESHOLD]
        self.assertEqual(narrow, [])
        # The adversary's intervals hold the true counts (the programs are of the right table);
        # an interval given from inside (`exact` False) need not.
        true = counted_by_key(self.result)
        exact = [i for i in found if i.exact]
        self.assertTrue(exact)
        for interval in exact:
            value = true[attack.cell_key(interval.key)]
            self.assertTrue(interval.low - 1e-6 <= value <= interval.high + 1e-6, (interval, value))

    def test_the_adversary_finds_what_primary_suppression_alone_leaves_open(self):
        import pyarrow as pa

        rows = self.result.true_counts.to_pylist()
        for r in rows:
            r["suppressed"] = r["count"] < recipe.DEFAULT_THRESHOLD
            r["count"] = None if r["suppressed"] else r["count"]
        table = pa.Table.from_pylist(rows, recipe.OUTPUT_SCHEMA)
        found = attack.attack_table(table, threshold=recipe.DEFAULT_THRESHOLD)
        self.assertTrue(any(i.width < 0.5 for i in found))  # worked out exactly

    def test_every_published_cell_holds_at_least_the_threshold(self):
        published = [r["count"] for r in self.result.table.to_pylist() if not r["suppressed"]]
        self.assertTrue(published)
        self.assertGreaterEqual(min(published), recipe.DEFAULT_THRESHOLD)

    def test_the_fictional_label_travels_into_the_output(self):
        self.assertTrue(self.result.fictional)
        out = os.path.join(self.scratch.name, "aggregate.arrow")
        aggregate.write(self.result, out, self.records, 10)
        table = attack.read_table(out)
        self.assertEqual(table.schema.metadata[b"renkei.fictional"], b"true")
        with self.assertRaises(recipe.InputError):
            aggregate.write(self.result, os.path.join(self.scratch.name, "aggregate.csv"), self.records, 10)

    def test_a_threshold_is_the_users_choice(self):
        lower = run_duckdb(self.records, threshold=5, levels=["prefecture"])
        published = [r["count"] for r in lower.table.to_pylist() if not r["suppressed"]]
        self.assertGreaterEqual(min(published), 5)
        self.assertLess(min(published), 10)
        self.assertEqual({r["area_level"] for r in lower.table.to_pylist()}, {"prefecture"})


class BadInput(unittest.TestCase):
    def test_missing_columns_are_named(self):
        with tempfile.TemporaryDirectory() as scratch:
            path = os.path.join(scratch, "r.csv")
            write_csv(path, ["年度", "性別", "sbp"], [[2022, "男", 120]])
            with self.assertRaises(recipe.InputError) as caught:
                run_duckdb(path)
            self.assertIn("municipality_code（市町村コード）", str(caught.exception))
            self.assertIn("age（年齢）", str(caught.exception))

    def test_the_command_says_what_is_wrong_in_japanese_and_exits_2(self):
        with tempfile.TemporaryDirectory() as scratch:
            path = os.path.join(scratch, "r.csv")
            write_csv(path, ["年度", "区分", "市町村コード", "性別", "年齢", "sbp"], [[2022, "地域", TSU, "男", 50, 120]])
            done = subprocess.run([sys.executable, os.path.join(HERE, "aggregate.py"), path, os.path.join(scratch, "out.xlsx")],
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 2)
            self.assertIn("出力の拡張子 .xlsx は使えません", done.stderr)


@unittest.skipUnless(os.environ.get("RENKEI_SPARK_RECORDS"), "set RENKEI_SPARK_RECORDS=N to compare with Spark")
class SameOnSpark(unittest.TestCase):
    def test_duckdb_and_spark_agree_row_for_row(self):
        rows = int(os.environ["RENKEI_SPARK_RECORDS"])
        with tempfile.TemporaryDirectory() as scratch:
            records = os.path.join(scratch, "fictional-records.csv")
            generate.generate(records, rows, 11, [2021, 2022], ["24", "30"], problems=True)
            duckdb_result = run_duckdb(records)
            spark = engines.Spark()
            try:
                spark_result = recipe.run(spark, records)
            finally:
                spark.close()
        self.assertGreater(duckdb_result.table.num_rows, 0)
        self.assertTrue(duckdb_result.table.equals(spark_result.table))
        self.assertEqual(duckdb_result.report, spark_result.report)


if __name__ == "__main__":
    unittest.main()
