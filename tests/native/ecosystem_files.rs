//! Files as data teams' tools write them (`tests/data/ecosystem/`, written by pyarrow and DuckDB
//! through `scripts/ecosystem-fixtures.sh`): every integer width, whole-number floats and
//! decimals for counts, every string layout, several batches, LZ4 and ZSTD Arrow, Snappy and
//! ZSTD Parquet. Each
//! opens to exactly the records of the built-in file it was made from; what cannot be read is
//! refused naming the column, the row or the codec.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::import::user_file::{user_file_to_arrow, Converted};
use renkei::model::{Record, CANONICAL_COLUMNS};
use renkei::view::language::Language;
use renkei::view::messages::import_error;

use crate::fixtures::root;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/data/ecosystem").join(name)).unwrap()
}

/// A file through the worker's function, as records (or the Japanese message it was refused with).
fn open(bytes: &[u8], name: &str) -> Result<Vec<Record>, String> {
    match user_file_to_arrow(bytes, name, None, &mut |_| {})
        .map_err(|error| import_error(&error).text(Language::Japanese).to_string())?
    {
        Converted::Arrow(arrow) => {
            let dataset = read_ipc_file_format(&arrow).unwrap();
            assert_eq!(dataset.provenance.source_files, [name]);
            Ok(dataset.records)
        }
        Converted::NeedsMapping(_) => Err("needs mapping".into()),
    }
}

/// The records the fixtures were made from: three prefectures of the built-in FY2022 SBP file.
fn source_records() -> Vec<Record> {
    let bytes = std::fs::read(root().join("public/data/ndb_r10_prefecture_sbp.arrow")).unwrap();
    let dataset = read_ipc_file_format(&bytes).unwrap();
    let chosen = ["01", "13", "47"];
    let mut records: Vec<Record> = dataset
        .records
        .into_iter()
        .filter(|r| chosen.contains(&r.area_code.as_str()))
        .collect();
    sort(&mut records);
    records
}

fn sort(records: &mut [Record]) {
    records.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
}

#[test]
fn files_written_by_pyarrow_and_duckdb_open_to_the_same_records() {
    let expected = source_records();
    assert_eq!(expected.len(), 252);
    for name in [
        "pyarrow-int16-large-string-lz4.arrow",
        "pyarrow-string-view-dictionary.arrows",
        "pyarrow-snappy.parquet",
        "pyarrow-zstd.parquet",
        "pyarrow-zstd.arrow",
        "duckdb.parquet",
        "duckdb.arrow",
    ] {
        let mut records = open(&fixture(name), name).unwrap_or_else(|m| panic!("{name}: {m}"));
        sort(&mut records);
        assert!(records == expected, "{name}");
    }
}

#[test]
fn brotli_parquet_is_refused_by_its_codec_with_what_to_do() {
    let message = open(&fixture("pyarrow-brotli.parquet"), "b.parquet").unwrap_err();
    assert!(message.starts_with("b.parquet："), "{message}");
    assert!(
        message.contains("BROTLI") && message.contains("snappy"),
        "{message}"
    );
}

/// A one-batch table of the canonical columns with `count` and `year` as given.
fn table_with(count: ArrayRef, year: ArrayRef) -> RecordBatch {
    let rows = count.len();
    let text = |value: &str| Arc::new(StringArray::from(vec![value; rows])) as ArrayRef;
    let columns: Vec<(&str, ArrayRef)> = CANONICAL_COLUMNS
        .iter()
        .map(|&name| {
            let column = match name {
                "year" => year.clone(),
                "count" => count.clone(),
                "bin_lower" => Arc::new(Float64Array::from(vec![140.0; rows])) as ArrayRef,
                "bin_upper" => Arc::new(Float64Array::from(vec![None::<f64>; rows])),
                "suppressed" => Arc::new(arrow_array::BooleanArray::from(vec![false; rows])),
                "area_level" => text("prefecture"),
                "area_code" => text("01"),
                "area_name" => text("北海道"),
                "group" => text("all"),
                "sex" => text("male"),
                "indicator" => text("sbp"),
                "bin_label" => text("140以上"),
                "age_band" => {
                    let bands = [
                        "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74",
                    ];
                    Arc::new(StringArray::from(bands[..rows].to_vec()))
                }
                other => unreachable!("{other}"),
            };
            (name, column)
        })
        .collect();
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, column)| Field::new(*name, column.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, column)| column).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
}

fn parquet_of(batch: &RecordBatch) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(&mut bytes, batch.schema(), None).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
    bytes
}

#[test]
fn a_count_that_is_not_whole_is_refused_naming_row_and_column() {
    let years = Arc::new(Int64Array::from(vec![2022; 3])) as ArrayRef;
    let counts = Arc::new(Float64Array::from(vec![10.0, 12.5, 3.0])) as ArrayRef;
    let message = open(&parquet_of(&table_with(counts, years)), "half.parquet").unwrap_err();
    assert!(
        message.contains("2行目・列「count」の値「12.5」は人数（整数）ではありません"),
        "{message}"
    );
}

#[test]
fn a_year_beyond_32_bits_and_text_counts_are_refused_by_name() {
    let years = Arc::new(Int64Array::from(vec![2022, 2022, 5_000_000_000])) as ArrayRef;
    let counts = Arc::new(Int64Array::from(vec![1, 2, 3])) as ArrayRef;
    let message = open(&parquet_of(&table_with(counts, years.clone())), "y.parquet").unwrap_err();
    assert!(
        message.contains("3行目・列「year」の値「5000000000」"),
        "{message}"
    );

    let years = Arc::new(Int64Array::from(vec![2022; 3])) as ArrayRef;
    let counts = Arc::new(StringArray::from(vec!["1", "2", "3"])) as ArrayRef;
    let message = open(&parquet_of(&table_with(counts, years)), "t.parquet").unwrap_err();
    assert!(
        message.contains("列「count」の型（Utf8）は読めません。人数（整数）の列にしてください"),
        "{message}"
    );
}

#[test]
fn a_damaged_parquet_file_gets_a_message() {
    let bytes = fixture("pyarrow-snappy.parquet");
    for length in [8, bytes.len() / 2, bytes.len() - 1] {
        let mut cut = bytes[..length].to_vec();
        cut.extend_from_slice(b"PAR1");
        let message = open(&cut, "cut.parquet").unwrap_err();
        assert!(message.starts_with("cut.parquet："), "{message}");
    }
}

/// The columnar worker's conversion gives what the reader worker's would, and reads nothing
/// else.
#[test]
fn the_columnar_workers_conversion_reads_arrow_and_parquet_only() {
    use renkei::import::user_file::columnar_file_to_arrow;
    let bytes = fixture("duckdb.parquet");
    let converted = columnar_file_to_arrow(&bytes, "duckdb.parquet", None, &mut |_| {});
    let Ok(Converted::Arrow(arrow)) = converted else {
        panic!("duckdb.parquet did not convert")
    };
    let mut records = read_ipc_file_format(&arrow).unwrap().records;
    sort(&mut records);
    assert!(records == source_records());
    let csv = "年度,地域名,性別,年齢階級,項目,階級,人数\n".as_bytes();
    let error = columnar_file_to_arrow(csv, "a.csv", None, &mut |_| {}).unwrap_err();
    let message = import_error(&error).text(Language::Japanese).to_string();
    assert!(
        message.contains("Parquet ファイルとして読めません"),
        "{message}"
    );
}

/// A large Arrow or Parquet file takes seconds: the columnar worker says how far it is.
#[test]
fn the_columnar_conversion_reports_its_progress() {
    use renkei::import::user_file::columnar_file_to_arrow;
    let mut heard = Vec::new();
    let bytes = fixture("duckdb.parquet");
    columnar_file_to_arrow(&bytes, "duckdb.parquet", None, &mut |f| heard.push(f)).unwrap();
    assert!(heard.len() >= 3, "{heard:?}");
    assert!(heard.windows(2).all(|pair| pair[0] < pair[1]), "{heard:?}");
    assert!(heard.iter().all(|f| *f > 0.0 && *f < 1.0), "{heard:?}");
}
