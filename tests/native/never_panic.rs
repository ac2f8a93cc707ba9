//! Property tests: no parser panics on arbitrary bytes, whatever a user drops on the page.

use proptest::prelude::*;
use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::import::ecosystem::{read_arrow, read_parquet};
use renkei::import::ndb::import_workbook;
use renkei::import::tidy::import_tidy_csv;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tidy_csv_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = import_tidy_csv(&bytes, "x.csv");
    }

    #[test]
    fn tidy_csv_never_panics_on_csv_like_text(text in "[0-9a-z,\"\\n ０-９男女都道府県北海道年度人数項目階級以上未満\\-]{0,400}") {
        let with_header = format!("年度,地域名,性別,年齢階級,項目,階級,人数\n{text}");
        let _ = import_tidy_csv(with_header.as_bytes(), "x.csv");
    }

    #[test]
    fn workbook_importer_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = import_workbook(&bytes, "x.xlsx", "");
    }

    /// A wide table read with whatever the guess makes of it, year and item filled in.
    #[test]
    fn wide_tables_never_panic(text in "[0-9a-z,\"\n ０-９男女性歳～中計都道府県北海道階級以上未満\\-]{0,400}") {
        if let Ok(table) = renkei::import::wide::RawTable::read(text.as_bytes(), "w.csv") {
            let mut mapping = table.preview().guess;
            mapping.year = Some(2022);
            mapping.indicator = Some("sbp".into());
            mapping.area_name = Some("北海道".into());
            let _ = renkei::import::wide::apply_mapping(&table, &mapping);
        }
    }

    #[test]
    fn arrow_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_arrow(&bytes);
        let _ = read_ipc_file_format(&bytes);
    }

    /// A real file with a few bytes overwritten anywhere (footer, messages, bodies).
    #[test]
    fn a_damaged_real_arrow_file_never_panics(
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let mut bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data/ndb_r10_prefecture_sbp.arrow"
        ))
        .unwrap();
        for (index, value) in damage {
            let at = index.index(bytes.len());
            bytes[at] = value;
        }
        let _ = read_arrow(&bytes);
        let _ = read_ipc_file_format(&bytes);
    }

    /// Arrow as pyarrow and DuckDB write it (LZ4 and ZSTD, a stream with dictionaries) with a
    /// few bytes overwritten: the worker's reader answers with a message. (Parquet is checked
    /// for a damaged footer only: the parquet crate asserts on damaged page data, which aborts
    /// the worker; the page then says the reader stopped, keeps what is loaded and starts a new
    /// one — `docs/data-format.md`.)
    #[test]
    fn a_damaged_arrow_file_from_another_tool_never_panics(
        file in prop::sample::select(vec![
            "pyarrow-int16-large-string-lz4.arrow",
            "pyarrow-string-view-dictionary.arrows",
            "pyarrow-zstd.arrow",
            "duckdb.arrow",
        ]),
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ecosystem");
        let mut bytes = std::fs::read(path.join(file)).unwrap();
        for (index, value) in damage {
            let at = index.index(bytes.len());
            bytes[at] = value;
        }
        let _ = read_arrow(&bytes);
    }

    #[test]
    fn parquet_reader_never_panics(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let bytes = [b"PAR1".as_slice(), &body, b"PAR1"].concat();
        let _ = read_parquet(&bytes);
    }
}

/// Real files cut at every length: truncation is the commonest corruption.
#[test]
fn truncated_real_files_never_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let arrow = std::fs::read(root.join("public/data/ndb_r10_prefecture_sbp.arrow")).unwrap();
    for length in (0..arrow.len()).step_by(97) {
        assert!(read_arrow(&arrow[..length]).is_err());
        assert!(read_ipc_file_format(&arrow[..length]).is_err());
    }
    for file in ["pyarrow-snappy.parquet", "duckdb.parquet"] {
        let parquet = std::fs::read(root.join("tests/data/ecosystem").join(file)).unwrap();
        for length in (0..parquet.len()).step_by(7) {
            let cut = [&parquet[..length], b"PAR1"].concat();
            assert!(read_parquet(&cut).is_err(), "{file} cut at {length}");
        }
    }
    let workbook =
        std::fs::read(root.join("data/ndb/ndb10_tokutei_kenshin_R4/SBP_pref.xlsx")).unwrap();
    for length in (0..workbook.len()).step_by(409) {
        assert!(import_workbook(&workbook[..length], "x.xlsx", "").is_err());
    }
}
