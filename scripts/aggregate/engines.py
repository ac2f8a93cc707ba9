"""The only place the two engines differ: how a table is read, kept and fetched.

The recipe (`recipe.py`) is SQL written once for both. Each engine here offers the same five
operations, and nothing else of either engine is used by the recipe:

- `read_records(path)`: the records file as a view `records_raw`, every column as text;
- `read_small_csv(name, path)`: one of the recipe's own tables (edges, items, municipalities);
- `keep(name, sql)`: run a statement and keep its result as table `name` (DuckDB: a temporary
  table; Spark: a checkpointed view, so the suppression loop does not re-plan every round);
- `arrow(sql)`: a result as a pyarrow table (the writer in `recipe.py` is shared);
- `register(name, table)`: a small pyarrow table as table `name` (the audit's narrow cells).

The SQL itself avoids what the two dialects spell differently: casts are `try_cast(x AS DOUBLE)`
(both), text is `STRING` (DuckDB's alias of VARCHAR), identifiers are quoted by `quote`.
"""

from __future__ import annotations

import pyarrow as pa


class DuckDB:
    """The embedded default: one process, all cores, spills to disk when memory runs short."""

    name = "duckdb"

    def __init__(self, memory_limit: str | None = None):
        import duckdb

        self.connection = duckdb.connect()
        if memory_limit:
            self.connection.execute(f"SET memory_limit = '{memory_limit}'")
        # The recipe's results must not depend on how many threads ran it: every ordering the
        # recipe relies on is explicit, so threads are left at DuckDB's default.

    @staticmethod
    def quote(identifier: str) -> str:
        return '"' + identifier.replace('"', '""') + '"'

    def read_records(self, path: str) -> list[str]:
        if path.lower().endswith(".parquet"):
            source = f"read_parquet({literal(path)})"
            self.connection.execute(f"CREATE OR REPLACE TEMP VIEW records_raw AS SELECT * FROM {source}")
            # Parquet columns keep their types; the recipe reads text, as from CSV.
            columns = self.columns("records_raw")
            casts = ", ".join(
                f"CAST({self.quote(c)} AS STRING) AS {self.quote(c)}" for c in columns
            )
            self.connection.execute(
                f"CREATE OR REPLACE TEMP VIEW records_raw AS SELECT {casts} FROM {source}"
            )
        else:
            self.connection.execute(
                "CREATE OR REPLACE TEMP VIEW records_raw AS SELECT * FROM read_csv("
                f"{literal(path)}, header = true, all_varchar = true, auto_detect = true)"
            )
        return self.columns("records_raw")

    def read_small_csv(self, name: str, path: str) -> None:
        self.connection.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM read_csv("
            f"{literal(path)}, header = true, all_varchar = true)"
        )

    def columns(self, table: str) -> list[str]:
        return [row[0] for row in self.connection.execute(f"DESCRIBE {table}").fetchall()]

    def keep(self, name: str, sql: str) -> None:
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def arrow(self, sql: str) -> pa.Table:
        return self.connection.sql(sql).to_arrow_table()

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(f"{name}_arrow", table)
        self.keep(name, f"SELECT * FROM {name}_arrow")

    def close(self) -> None:
        self.connection.close()


class Spark:
    """The same recipe on Spark: local mode in the tests, a cluster through spark-submit."""

    name = "spark"

    def __init__(self, session=None, driver_memory: str = "4g"):
        if session is None:
            from pyspark.sql import SparkSession

            # No master here: started from Python, Spark runs locally on every core (local[*]);
            # under spark-submit its --master applies (a master set here would override it).
            # Locally everything runs in the driver's JVM, whose heap is 1 GB unless told: 10⁶
            # records ran out of it in the suppression rounds. Under spark-submit the JVM
            # already runs and spark-submit's own --driver-memory applies.
            session = (
                SparkSession.builder.appName("renkei-aggregate")
                .config("spark.driver.memory", driver_memory)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
            session.sparkContext.setLogLevel("ERROR")
            # Few shuffle partitions suit one machine (Spark's 200 made each of the suppression
            # rounds' many small statements slow); a cluster keeps its own setting.
            if session.sparkContext.master.startswith("local"):
                session.conf.set("spark.sql.shuffle.partitions", "8")
        self.session = session

    @staticmethod
    def quote(identifier: str) -> str:
        return "`" + identifier.replace("`", "``") + "`"

    def read_records(self, path: str) -> list[str]:
        if path.lower().endswith(".parquet"):
            frame = self.session.read.parquet(path)
            frame = frame.select([frame[c].cast("string").alias(c) for c in frame.columns])
        else:
            frame = self.session.read.option("header", True).option("encoding", "UTF-8").csv(path)
        frame.createOrReplaceTempView("records_raw")
        return frame.columns

    def read_small_csv(self, name: str, path: str) -> None:
        self.session.read.option("header", True).csv(path).createOrReplaceTempView(name)

    def columns(self, table: str) -> list[str]:
        return self.session.table(table).columns

    def keep(self, name: str, sql: str) -> None:
        self.session.sql(sql).localCheckpoint().createOrReplaceTempView(name)

    def arrow(self, sql: str) -> pa.Table:
        return self.session.sql(sql).toArrow()

    def register(self, name: str, table: pa.Table) -> None:
        self.session.createDataFrame(table).createOrReplaceTempView(name)

    def close(self) -> None:
        self.session.stop()


def literal(text: str) -> str:
    """A SQL string literal (both dialects double a quote inside one)."""
    return "'" + text.replace("'", "''") + "'"


def engine_named(name: str, **options):
    if name == "duckdb":
        return DuckDB(**options)
    if name == "spark":
        return Spark(**options)
    raise ValueError(f"unknown engine {name!r} (duckdb or spark)")
