"""Command line of the recipe: `scripts/aggregate.sh RECORDS OUT [options]` runs this.

RECORDS: one row per checkup, CSV (UTF-8 or Shift_JIS) or Parquet (docs/aggregate.md).
OUT: the aggregate, its format by the extension — `.csv` (canonical column names), `.parquet`
or `.arrow` (Arrow IPC file). Beside it, `OUT.report.csv`: every row and value not used, per
reason, and the cells suppressed.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import engines  # noqa: E402
import recipe  # noqa: E402

PUBLISHER = "Renkei 集計レシピ（scripts/aggregate）"
FICTIONAL_NOTE = "架空データ（練習用）"


def utf8_path(path: str, scratch_dir: str) -> str:
    """The records as UTF-8: a Shift_JIS (CP932) CSV is transcoded into `scratch_dir` first,
    because neither engine reads CP932 without extensions from outside the registries."""
    if path.lower().endswith(".parquet"):
        return path
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return path
        except UnicodeDecodeError:
            pass
    transcoded = os.path.join(scratch_dir, "records-utf8.csv")
    with open(path, encoding="cp932", errors="strict", newline="") as source, open(
        transcoded, "w", encoding="utf-8", newline=""
    ) as target:
        try:
            while chunk := source.read(1 << 22):
                target.write(chunk)
        except UnicodeDecodeError as error:
            raise recipe.InputError(
                f"文字コードが UTF-8 でも Shift_JIS でもありません（{error.start} バイト目付近） / "
                "the file is neither UTF-8 nor Shift_JIS"
            ) from error
    return transcoded


def metadata(result: recipe.Result, records_path: str, threshold: int) -> dict[bytes, bytes]:
    """Renkei's provenance keys (import::arrow_io): the app shows 架空 for fictional data."""
    note = f"{os.path.basename(records_path)}; threshold {threshold}"
    return {
        b"renkei.publisher": PUBLISHER.encode(),
        b"renkei.release": (FICTIONAL_NOTE if result.fictional else "").encode(),
        b"renkei.source_files": note.encode(),
        b"renkei.fictional": b"true" if result.fictional else b"false",
    }


def write(result: recipe.Result, out_path: str, records_path: str, threshold: int) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    table = result.table.replace_schema_metadata(metadata(result, records_path, threshold))
    extension = os.path.splitext(out_path)[1].lower()
    if extension == ".arrow":
        with pa.OSFile(out_path, "wb") as sink, ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    elif extension == ".parquet":
        pq.write_table(table, out_path, compression="zstd")
    elif extension == ".csv":
        if result.fictional:
            # A CSV has no place for provenance the app reads: the label goes into the name.
            stem, _ = os.path.splitext(out_path)
            if "架空" not in stem and "fictional" not in stem.lower():
                raise recipe.InputError(
                    "架空のレコードの集計を CSV にするときはファイル名に「架空」か fictional を含めて"
                    "ください（Arrow・Parquet なら中に記録します） / name a CSV of fictional "
                    "records with 架空 or fictional, or write .arrow or .parquet"
                )
        pacsv.write_csv(table, out_path)
    else:
        raise recipe.InputError(
            f"出力の拡張子 {extension or '（なし）'} は使えません：.csv、.parquet、.arrow / "
            "OUT must end in .csv, .parquet or .arrow"
        )


def write_report(report, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["what", "reason", "rows"])
        out.writerows(report)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records")
    parser.add_argument("out")
    parser.add_argument("--threshold", type=int, default=recipe.DEFAULT_THRESHOLD,
                        help="cells of fewer than THRESHOLD people are suppressed (default 10)")
    parser.add_argument("--levels", default=",".join(recipe.DEFAULT_LEVELS),
                        help="area levels to publish, comma-separated, of "
                             f"{','.join(recipe.LEVELS)} (default %(default)s)")
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--memory-limit", help="DuckDB's memory limit, e.g. 4GB")
    parser.add_argument("--driver-memory", default="4g",
                        help="Spark's driver memory in local mode (default %(default)s)")
    args = parser.parse_args(argv)
    levels = [l.strip() for l in args.levels.split(",") if l.strip()]
    unknown = [l for l in levels if l not in recipe.LEVELS]
    if unknown:
        parser.error(f"unknown level {unknown[0]!r}: one of {', '.join(recipe.LEVELS)}")
    options = ({"memory_limit": args.memory_limit} if args.engine == "duckdb"
               else {"driver_memory": args.driver_memory})
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            records = utf8_path(args.records, scratch)
            engine = engines.engine_named(args.engine, **options)
            try:
                result = recipe.run(engine, records, threshold=args.threshold, levels=levels)
            finally:
                engine.close()
        write(result, args.out, args.records, args.threshold)
    except (recipe.InputError, FileNotFoundError) as error:
        print(f"aggregate: {error}", file=sys.stderr)
        return 2
    write_report(result.report, args.out + ".report.csv")
    seconds = time.monotonic() - started
    print(f"{args.out}: {result.table.num_rows:,} cells ({args.engine}, {seconds:.1f} s, of which "
          f"{result.audit_seconds:.1f} s auditing; {result.rounds} rounds of complementary "
          f"suppression, {result.audits} audits)"
          + ("; 架空データ / fictional" if result.fictional else ""))
    for what, reason, rows in result.report:
        print(f"  {what:<8} {reason:<22} {rows:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
