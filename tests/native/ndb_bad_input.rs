//! Hostile and broken workbooks: each gets a Japanese message naming the file, row and column
//! and what was expected — never a panic. Variants are made from a real workbook by rewriting
//! one XML part inside the xlsx zip.

use std::path::Path;

use renkei::import::ndb::{import_workbook, NdbProblem as Problem};
use renkei::import::ImportError;
use renkei::view::language::Language;
use renkei::view::messages::import_error;

const SHEET: &str = "xl/worksheets/sheet1.xml";
const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

fn real_workbook() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/ndb/ndb10_tokutei_kenshin_R4/SBP_pref.xlsx");
    std::fs::read(path).unwrap()
}

/// The workbook with `from` replaced by `to` (exactly once) in one part.
fn rewritten(part: &str, from: &str, to: &str) -> Vec<u8> {
    crate::fixtures::sbp_workbook_rewritten(part, from, to)
}

fn import(bytes: &[u8]) -> ImportError<Problem> {
    import_workbook(bytes, "届いたファイル.xlsx", "第10回").unwrap_err()
}

fn check(error: &ImportError<Problem>, place: &str, words: &[&str]) {
    let message = import_error(error).text(Language::Japanese).to_string();
    assert!(message.starts_with("届いたファイル.xlsx"), "{message}");
    assert!(message.contains(place), "{message} should name {place}");
    for word in words {
        assert!(message.contains(word), "{message} should say {word}");
    }
}

#[test]
fn the_unmodified_workbook_imports() {
    assert!(import_workbook(&real_workbook(), "SBP_pref.xlsx", "第10回").is_ok());
}

#[test]
fn an_edited_count_contradicts_the_subtotal() {
    let error = import(&rewritten(
        SHEET,
        r#"<c r="C6" s="8"><v>279</v>"#,
        r#"<c r="C6" s="8"><v>280</v>"#,
    ));
    assert_eq!(
        error.problem,
        Problem::SubtotalMismatch {
            age_sum: 4335,
            subtotal: 4334
        }
    );
    check(&error, "6行目・J列", &["4335", "4334", "中計"]);
}

#[test]
fn a_count_written_as_text_is_named() {
    let error = import(&rewritten(
        SHEET,
        r#"<c r="D7" s="9"><v>2592</v></c>"#,
        r#"<c r="D7" t="inlineStr"><is><t>約2600</t></is></c>"#,
    ));
    assert_eq!(
        error.problem,
        Problem::BadCount {
            found: "約2600".into()
        }
    );
    check(&error, "7行目・D列", &["約2600", "0以上の整数", "「-」"]);
}

#[test]
fn a_workbook_that_is_not_ndb_says_what_was_expected() {
    let error = import(&rewritten(
        SHARED_STRINGS,
        "特定健診（収縮期血圧)：2022年度",
        "売上集計：2022年度",
    ));
    assert!(matches!(error.problem, Problem::NotNdbTitle { .. }));
    check(
        &error,
        "1行目・A列",
        &["特定健診（項目名）：年度", "売上集計"],
    );
}

#[test]
fn a_changed_age_header_is_refused() {
    let error = import(&rewritten(
        SHARED_STRINGS,
        "<t>40～44歳</t>",
        "<t>40～49歳</t>",
    ));
    check(&error, "4行目・C列", &["40〜44歳", "40～49歳"]);
}

#[test]
fn empty_truncated_and_junk_files_are_not_workbooks() {
    let bytes = real_workbook();
    for broken in [
        Vec::new(),
        bytes[..bytes.len() / 2].to_vec(),
        b"PK\x03\x04 junk".to_vec(),
        vec![0xFF; 4096],
    ] {
        let error = import(&broken);
        assert!(
            matches!(error.problem, Problem::NotAWorkbook { .. }),
            "{:?}",
            error.problem
        );
        check(&error, "届いたファイル.xlsx", &["Excel ブック"]);
    }
}

/// Two used cells at A1 and XFD1048576: 17 billion cells between them. calamine's own range
/// would allocate them all (the reader worker ran out of memory); the sheet's extent is checked
/// as its cells are read.
#[test]
fn a_sheet_spread_over_the_whole_grid_is_refused_without_allocating_it() {
    let far_cell = r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
    let error = import(&rewritten(SHEET, "</sheetData>", far_cell));
    assert!(
        matches!(error.problem, Problem::SheetTooLarge { .. }),
        "{error:?}"
    );
    check(
        &error,
        "届いたファイル.xlsx",
        &["セルの範囲", "5,000,000 セルまで"],
    );
}
