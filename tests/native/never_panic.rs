//! Property tests: no parser panics on arbitrary bytes, whatever a user drops on the page.

use proptest::prelude::*;
use renkei::import::arrow_io::{read_ipc_file, read_ipc_file_format};
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
        let _ = read_ipc_file(&bytes);
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
        let _ = read_ipc_file(&bytes);
        let _ = read_ipc_file_format(&bytes);
    }
}

/// Real files cut at every length: truncation is the commonest corruption.
#[test]
fn truncated_real_files_never_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let arrow = std::fs::read(root.join("public/data/ndb_r10_prefecture_sbp.arrow")).unwrap();
    for length in (0..arrow.len()).step_by(97) {
        assert!(read_ipc_file(&arrow[..length]).is_err());
        assert!(read_ipc_file_format(&arrow[..length]).is_err());
    }
    let workbook =
        std::fs::read(root.join("data/ndb/ndb10_tokutei_kenshin_R4/SBP_pref.xlsx")).unwrap();
    for length in (0..workbook.len()).step_by(409) {
        assert!(import_workbook(&workbook[..length], "x.xlsx", "").is_err());
    }
}
