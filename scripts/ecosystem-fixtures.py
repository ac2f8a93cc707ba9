"""Writes the test files of `tests/data/ecosystem/`: one aggregate table (three prefectures of
the built-in FY2022 SBP file, real NDB counts) as pyarrow and DuckDB write it, in the types and
layouts data teams' tools choose, so the tests open files no Renkei code wrote.

Run through scripts/ecosystem-fixtures.sh (pins the versions); the files are committed so the
tests need no Python.
"""

import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

root = Path(__file__).resolve().parent.parent
out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "tests/data/ecosystem"
out.mkdir(parents=True, exist_ok=True)

source = ipc.open_file(root / "public/data/ndb_r10_prefecture_sbp.arrow").read_all()
table = source.filter(pc.is_in(source["area_code"].cast(pa.string()), pa.array(["01", "13", "47"])))
# Decoded strings, no Renkei metadata: as a table a data team built itself.
table = pa.table({name: table[name].cast(pa.string()) if pa.types.is_dictionary(table[name].type)
                  else table[name] for name in table.column_names})


def with_types(table, types):
    return pa.table({name: table[name].cast(types.get(name, table[name].type)) for name in table.column_names})


def write_file(table, path, compression=None, batch_rows=None):
    options = ipc.IpcWriteOptions(compression=compression)
    with ipc.new_file(path, table.schema, options=options) as writer:
        writer.write_table(table, max_chunksize=batch_rows)


# 1. pyarrow, Arrow IPC file: int16 year, int32 count, float32 edges, large_string text,
#    three record batches, LZ4-compressed buffers (what feather.write_feather does by default).
write_file(
    with_types(table, {"year": pa.int16(), "count": pa.int32(), "bin_lower": pa.float32(),
                       "bin_upper": pa.float32(), **{n: pa.large_string() for n in
                       ["area_level", "area_code", "area_name", "group", "sex", "age_band", "indicator", "bin_label"]}}),
    out / "pyarrow-int16-large-string-lz4.arrow", compression="lz4", batch_rows=(table.num_rows + 2) // 3,
)

# 2. pyarrow, Arrow IPC stream: uint16 year, uint32 count, string_view text, dictionary with
#    uint8 keys for the repeated columns, several batches.
stream_types = {"year": pa.uint16(), "count": pa.uint32(),
                **{n: pa.string_view() for n in ["area_name", "bin_label"]},
                **{n: pa.dictionary(pa.uint8(), pa.string()) for n in
                   ["area_level", "area_code", "group", "sex", "age_band", "indicator"]}}
stream_table = with_types(table, stream_types)
with ipc.new_stream(out / "pyarrow-string-view-dictionary.arrows", stream_table.schema) as writer:
    writer.write_table(stream_table, max_chunksize=100)

# 3. pyarrow, Parquet with its defaults (Snappy, dictionary pages): int16 year, whole float counts.
pq.write_table(with_types(table, {"year": pa.int16(), "count": pa.float64()}),
               out / "pyarrow-snappy.parquet")

# 4. The same as Polars writes by default (ZSTD), and ZSTD-compressed Arrow; Brotli Parquet,
#    which the worker does not decode and refuses by name.
pq.write_table(table, out / "pyarrow-zstd.parquet", compression="zstd")
write_file(table, out / "pyarrow-zstd.arrow", compression="zstd")
pq.write_table(table, out / "pyarrow-brotli.parquet", compression="brotli")

# 5. DuckDB, Parquet with its defaults, from SQL: BIGINT year, HUGEINT count (what SUM gives).
duckdb.register("source_table", table)
select = """
    SELECT CAST(year AS BIGINT) AS year, area_level, area_code, area_name, "group", sex, age_band,
           indicator, bin_label, bin_lower, bin_upper, CAST(count AS HUGEINT) AS count, suppressed
    FROM source_table
"""
duckdb.sql(f"COPY ({select}) TO '{out / 'duckdb.parquet'}' (FORMAT parquet)")

# 6. DuckDB's Arrow output (HUGEINT arrives as decimal128(38, 0)) written as an IPC file.
write_file(duckdb.sql(select).to_arrow_table(), out / "duckdb.arrow")

# 7. A Parquet file with one byte of its page data damaged (found by trying each byte): the
#    parquet crate panics on it, which stops the worker; the page must say so and recover.
damaged = bytearray((out / "pyarrow-snappy.parquet").read_bytes())
damaged[78] = 0xFF
(out / "damaged-page.parquet").write_bytes(bytes(damaged))

for path in sorted(out.iterdir()):
    print(f"{path.name}: {path.stat().st_size} bytes")
