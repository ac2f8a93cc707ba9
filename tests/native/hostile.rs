//! Hostile files, each class a review found taking the page down or making it lie, through the
//! reader worker's own function: every one is refused with a message naming the row or line and
//! the value, fast (the limits are checked in one pass), and none panics.

use std::time::Instant;

use renkei::import::arrow_writer::write_ipc_file;
use renkei::import::collection::{merge_files, rows_together, LoadedFile};
use renkei::import::limits::READER_SILENCE_LIMIT_MS;
use renkei::import::tidy::import_tidy_csv;
use renkei::import::user_file::{user_file_to_arrow, Converted};
use renkei::import::{ImportError, Place};
use renkei::model::{Dataset, Provenance, Record};
use renkei::view::language::Language;
use renkei::view::messages::{import_error, reader_silent};
use renkei::view::names::citation;

/// The worker's answer to a file: its Arrow, or the Japanese message it was refused with.
fn opened(bytes: &[u8], name: &str) -> Result<Vec<u8>, String> {
    match user_file_to_arrow(bytes, name, None, &mut |_| {})
        .map_err(|error| import_error(&error).text(Language::Japanese).to_string())?
    {
        Converted::Arrow(arrow) => Ok(arrow),
        Converted::NeedsMapping(_) => Err("needs mapping".into()),
    }
}

fn refused(bytes: &[u8], name: &str) -> String {
    let started = Instant::now();
    let message = opened(bytes, name).expect_err("a hostile file must be refused");
    // Generous for a debug build on a slow machine; the point is seconds, not minutes.
    assert!(
        started.elapsed().as_secs() < 20,
        "{message}: {:?}",
        started.elapsed()
    );
    message
}

const HEADER: &str = "年度,地域名,区分,性別,年齢階級,項目,階級,人数\n";

fn csv(rows: impl IntoIterator<Item = String>) -> Vec<u8> {
    let mut text = HEADER.to_string();
    for row in rows {
        text.push_str(&row);
        text.push('\n');
    }
    text.into_bytes()
}

/// Rows as [`csv`] makes them, of secondary medical areas (an area level column first), as text.
fn secondary_area_csv(rows: impl IntoIterator<Item = String>) -> String {
    String::from_utf8(csv(rows))
        .unwrap()
        .replace("年度,", "地域区分,年度,")
        .replace("\n2022", "\nsecondary_medical_area,2022")
}

/// The template's six rows as a dataset, for files built as Arrow.
fn template() -> Dataset {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/renkei-template.csv"
    ))
    .unwrap();
    import_tidy_csv(&bytes, "renkei-template.csv").unwrap()
}

#[test]
fn a_bin_of_zero_width_after_rounding_is_refused_naming_its_line() {
    // lower < upper as written; the edges are kept to six decimals, which makes them equal.
    let bytes = csv(["2022,北海道,地域,男,40-44,sbp,140以上140.0000001未満,10".to_string()]);
    let message = refused(&bytes, "zero.csv");
    assert!(
        message.starts_with("zero.csv（2行目・列「階級」）"),
        "{message}"
    );
    assert!(message.contains("差が0.001未満"), "{message}");
}

#[test]
fn urine_bins_of_absurd_widths_are_refused() {
    let text = "年度,地域名,性別,年齢階級,項目,下限,上限,人数\n\
                2022,北海道,男,40-44,urine_protein,0,5e-324,10\n\
                2022,北海道,男,40-44,urine_protein,1,1e300,10\n";
    let message = refused(text.as_bytes(), "urine.csv");
    assert!(message.contains("2行目"), "{message}");
    let text = "年度,地域名,性別,年齢階級,項目,下限,上限,人数\n\
                2022,北海道,男,40-44,urine_protein,1,1e300,10\n";
    let message = refused(text.as_bytes(), "urine.csv");
    assert!(
        message.contains("大きすぎます（±1,000,000まで）"),
        "{message}"
    );
}

/// Edge columns without a label column, and a row with both edges blank: the reader looked up
/// the missing label column's header at index usize::MAX and panicked.
#[test]
fn a_bin_with_no_label_column_and_no_edges_is_refused_not_a_panic() {
    let text = "年度,地域名,性別,年齢階級,項目,下限,上限,人数\n\
                2022,北海道,男,40-44,sbp,,,10\n";
    let message = refused(text.as_bytes(), "edges.csv");
    assert!(message.starts_with("edges.csv（2行目）"), "{message}");
}

#[test]
fn a_count_beyond_any_population_is_refused_in_csv_and_arrow() {
    // Above i64::MAX: it became −1 through a cast on its way to Arrow.
    let bytes =
        csv(["2022,北海道,地域,男,40-44,sbp,140以上160未満,18446744073709551615".to_string()]);
    let message = refused(&bytes, "big.csv");
    assert!(message.contains("列「人数」"), "{message}");
    assert!(message.contains("200,000,000 人まで"), "{message}");

    // i64::MAX in an Arrow file: the u64 totals of a selection wrapped (every bin ≈ 100 %).
    let mut dataset = template();
    dataset.records[0].count_people = Some(i64::MAX as u64);
    let message = refused(&write_ipc_file(&dataset).unwrap(), "big.arrow");
    assert!(message.starts_with("big.arrow（1行目）"), "{message}");
    assert!(message.contains("大きすぎます"), "{message}");
}

/// The Arrow path checked less than the CSV path: each of these went through to the page.
#[test]
fn arrow_files_get_the_checks_csv_files_get() {
    let mut unknown = template();
    unknown.records[2].indicator = "blood_type".into();
    let message = refused(&write_ipc_file(&unknown).unwrap(), "item.arrow");
    assert!(message.starts_with("item.arrow（3行目）"), "{message}");
    assert!(message.contains("項目「blood_type」"), "{message}");

    let mut year = template();
    year.records[1].year = 30_000;
    let message = refused(&write_ipc_file(&year).unwrap(), "year.arrow");
    assert!(message.contains("年度「30000」"), "{message}");

    let mut reversed = template();
    let bin = &mut reversed.records[0].bin;
    (bin.lower, bin.upper) = (Some(160.0), Some(140.0));
    let message = refused(&write_ipc_file(&reversed).unwrap(), "reversed.arrow");
    assert!(message.contains("下限 160 と上限 140"), "{message}");

    let mut not_finite = template();
    not_finite.records[0].bin.upper = Some(f64::INFINITY);
    let message = refused(&write_ipc_file(&not_finite).unwrap(), "inf.arrow");
    assert!(message.contains("ありえません"), "{message}");

    let mut long_name = template();
    long_name.records[0].area_name = "長".repeat(201);
    let message = refused(&write_ipc_file(&long_name).unwrap(), "long.arrow");
    assert!(
        message.contains("列「地域名」の文字が長すぎます（201 文字、200 文字まで）"),
        "{message}"
    );
}

#[test]
fn twenty_thousand_groups_are_refused_in_one_pass() {
    let rows = (0..20_000).map(|g| format!("2022,北海道,区分{g},男,40-44,sbp,140以上160未満,10"));
    let message = refused(&csv(rows), "groups.csv");
    assert!(
        message.contains("区分が多すぎます（51、50 まで）"),
        "{message}"
    );
    assert!(message.contains("52行目"), "{message}");
}

#[test]
fn thirty_thousand_bins_in_one_stratum_are_refused() {
    let rows = (0..30_000).map(|b| {
        let lower = 60.0 + f64::from(b) * 0.005;
        format!(
            "2022,北海道,地域,男,40-44,sbp,{lower:.3}以上{:.3}未満,1",
            lower + 0.005
        )
    });
    let message = refused(&csv(rows), "bins.csv");
    assert!(
        message.contains("階級が多すぎます（101、100 まで）"),
        "{message}"
    );
}

#[test]
fn areas_and_years_are_limited() {
    let rows = (0..5_001).map(|a| format!("2022,地域{a},地域,男,40-44,sbp,140以上160未満,10"));
    let text = secondary_area_csv(rows);
    let message = refused(text.as_bytes(), "areas.csv");
    assert!(
        message.contains("地域が多すぎます（5,001、5,000 まで）"),
        "{message}"
    );
}

/// 40,000 distinct bin labels across 400 strata, each within the limits: the 16-bit keys of the
/// Arrow the worker writes overflowed, and the builder panicked.
#[test]
fn more_distinct_texts_than_sixteen_bit_keys_hold_is_a_message() {
    let rows = (0..400).flat_map(|area| {
        (0..100).map(move |b| {
            let lower = 60.0 + f64::from(area * 100 + b) * 0.004;
            format!(
                "2022,地域{area},地域,男,40-44,sbp,{lower:.3}以上{:.3}未満,1",
                lower + 0.004
            )
        })
    });
    let text = secondary_area_csv(rows);
    let message = refused(text.as_bytes(), "labels.csv");
    assert!(
        message.starts_with("labels.csv：列「階級」を変換できません"),
        "{message}"
    );
}

/// The files loaded together hold at most the rows one file may: past that, the page refuses
/// before copying any row, naming the limit and the rows found. (Five million real records are
/// too heavy for a test: the count is checked on its own, as `merge_files` checks it first.)
#[test]
fn rows_past_the_limit_in_all_files_together_are_refused() {
    assert_eq!(
        rows_together([3_000_000, 2_000_000].into_iter()),
        Ok(5_000_000)
    );
    let problem = rows_together([3_000_000, 2_000_001].into_iter()).unwrap_err();
    let message = import_error(&ImportError::new("file-2.csv", Place::File, problem));
    assert_eq!(
        message.text(Language::Japanese),
        "file-2.csv：ほかのファイルと合わせると行が多すぎます（5,000,001、5,000,000 まで）。ファイルをいくつか閉じてください。"
    );
    assert_eq!(
        message.text(Language::English),
        "file-2.csv: Together with the other files there are too many rows (5,000,001; at most 5,000,000). Close some files."
    );
}

/// Files within the limits alone can go past them together (50 files of a link, each with
/// 5,000 areas, would put 250,000 in the page's menus): the file that goes past is refused,
/// naming it, and the one loaded before merges as it did.
#[test]
fn areas_past_the_limit_in_files_together_are_refused_naming_the_last_file() {
    let file = |n: usize| {
        let mut dataset = template();
        let record = dataset.records[0].clone();
        dataset.records = (0..3_000)
            .map(|area| Record {
                area_name: format!("地域{n}-{area}"),
                ..record.clone()
            })
            .collect();
        LoadedFile::new(&format!("file-{n}.csv"), dataset)
    };
    assert!(merge_files(&[file(1)]).is_ok());
    let message = import_error(&merge_files(&[file(1), file(2)]).unwrap_err());
    assert_eq!(
        message.text(Language::Japanese),
        "file-2.csv：ほかのファイルと合わせると地域が多すぎます（6,000、5,000 まで）。ファイルをいくつか閉じてください。"
    );
}

/// The words of a reader given up for silence name the limit it was held to.
#[test]
fn a_silent_reader_is_given_up_after_the_time_its_message_says() {
    let minutes = READER_SILENCE_LIMIT_MS / 60_000;
    let message = reader_silent("big.parquet");
    assert!(message
        .text(Language::Japanese)
        .contains(&format!("{minutes}分間")));
    assert!(message
        .text(Language::English)
        .contains(&format!("{minutes} minutes")));
}

/// A user's Arrow file whose metadata names the ministry and a release: the chart cited
/// 「厚生労働省 NDBオープンデータ 第10回」 without the file's name.
#[test]
fn a_users_file_never_cites_the_ministry() {
    let mut dataset = template();
    dataset.provenance = Provenance {
        publisher: "厚生労働省 NDBオープンデータ".into(),
        release: "第10回".into(),
        source_files: vec!["SBP_pref.xlsx".into()],
        fictional: false,
    };
    let arrow = opened(&write_ipc_file(&dataset).unwrap(), "mine.arrow").unwrap();
    let read = renkei::import::canonical_ipc::read_ipc_file_format(&arrow).unwrap();
    let merged = merge_files(&[LoadedFile::new("mine.arrow", read)]).unwrap();
    let japanese = citation(&merged.provenance, 2022, Language::Japanese);
    assert_eq!(
        japanese,
        "出典：読み込んだファイル「mine.arrow」（2022年度）"
    );
    let english = citation(&merged.provenance, 2022, Language::English);
    assert_eq!(english, "Source: the file “mine.arrow” you opened (FY2022)");
}

/// Control and bidirectional characters hide or reorder text (U+202E makes 「gpj.exe」 read as
/// 「exe.jpg」) and make an SVG export invalid XML: refused in names, removed from file names.
#[test]
fn control_characters_are_refused_in_names_and_removed_from_file_names() {
    let bytes = csv(["2022,北海道,地\u{202E}域,男,40-44,sbp,140以上160未満,10".to_string()]);
    let message = refused(&bytes, "bidi.csv");
    assert!(
        message.contains("列「区分」に表示できない制御文字（U+202E）"),
        "{message}"
    );

    let good = csv(["2022,北海道,地域,男,40-44,sbp,140以上160未満,10".to_string()]);
    let arrow = opened(&good, "kokuho\u{202E}vsc.exe\u{0007}.csv").unwrap();
    let read = renkei::import::canonical_ipc::read_ipc_file_format(&arrow).unwrap();
    assert_eq!(read.provenance.source_files, ["kokuhovsc.exe.csv"]);
    let merged =
        merge_files(&[LoadedFile::new("kokuho\u{202E}vsc.exe\u{0007}.csv", read)]).unwrap();
    assert_eq!(merged.provenance.source_files, ["kokuhovsc.exe.csv"]);
}

/// Areas and groups alternating row by row come back area by area, group by group, in the
/// order they first appear: the page's scans over areas look at the last one first, so 5,000
/// areas alternating over 100,000 rows cost it one scan per area, not one per row.
#[test]
fn a_users_records_come_back_area_by_area_in_their_first_order() {
    let rows = (0..100_000u32).map(|i| {
        // Row i is area i mod 5,000's (i div 5,000)-th cell: every cell once.
        let (area, cell) = (i % 5_000, (i / 5_000) as usize);
        let group = ["職域", "地域"][cell % 2];
        let bin = ["140未満", "140以上"][cell / 2 % 2];
        let age = ["40-44", "45-49", "50-54", "55-59", "60-64"][cell / 4];
        format!("2022,地域{area},{group},男,{age},sbp,{bin},{i}")
    });
    let text = secondary_area_csv(rows);
    let arrow = opened(text.as_bytes(), "alternating.csv").unwrap();
    let read = renkei::import::canonical_ipc::read_ipc_file_format(&arrow).unwrap();
    assert_eq!(read.records.len(), 100_000);
    let mut runs: Vec<(&str, &str)> = Vec::new();
    for record in &read.records {
        let run = (record.area_name.as_str(), record.group.as_str());
        if runs.last() != Some(&run) {
            runs.push(run);
        }
    }
    assert_eq!(runs.len(), 10_000, "each area's two groups once, together");
    assert_eq!(runs[0], ("地域0", "occupational"));
    assert_eq!(runs[1], ("地域0", "regional"));
    assert_eq!(runs[2], ("地域1", "occupational"));

    let started = Instant::now();
    let loaded = LoadedFile::new("alternating.csv", read);
    let merged = merge_files(&[loaded]).unwrap();
    let primary = renkei::view::screen::SelectionKeys::national();
    let (keys, comparison) = renkei::view::screen::keys_for_user_data(&merged, &primary, &primary);
    assert_eq!(keys.area, "secondary_medical_area::地域0");
    assert!(comparison.is_some());
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

/// A pyarrow stream with a few bytes overwritten (found by `cargo bench --bench fuzz`, Arrow
/// stream, seed 16836): its schema now calls a column a union, whose buffers arrow-ipc slices by
/// the node's count and panicked on. Nested columns are refused, and every column's buffers are
/// checked to hold its rows.
#[test]
fn a_damaged_stream_whose_schema_names_a_union_is_refused_not_a_panic() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ecosystem/damaged-schema-union.arrows");
    let message = refused(&std::fs::read(path).unwrap(), "damaged.arrows");
    assert!(message.starts_with("damaged.arrows"), "{message}");
}

/// A wide table 10,000 columns across (a transposed file, or a crafted one) is refused on its
/// first line, before any cell is interpreted.
#[test]
fn a_wide_table_of_ten_thousand_columns_is_refused() {
    let header: Vec<String> = std::iter::once("地域,階級".to_string())
        .chain((0..10_000).map(|c| format!("男 {c}")))
        .collect();
    let text = format!(
        "{}\n北海道,120未満{}\n",
        header.join(","),
        ",1".repeat(10_000)
    );
    let error = renkei::import::wide::RawTable::read(text.as_bytes(), "wide.csv")
        .err()
        .unwrap();
    let message = import_error(&error).text(Language::Japanese).to_string();
    assert_eq!(
        message,
        "wide.csv（1行目）：列が多すぎます（10,002、500 まで）。ファイルを分けるか、集計の単位を見直してください。"
    );
    // The worker's own function takes it for a tidy CSV without its columns (its headers are
    // not a wide table's sexes and age bands): the message lists 20 of the headers, not 10,002.
    let message = refused(text.as_bytes(), "wide.csv");
    assert!(
        message.ends_with("見つかった見出し：地域、階級、男 0、男 1、男 2、男 3、男 4、男 5、男 6、男 7、男 8、男 9、男 10、男 11、男 12、男 13、男 14、男 15、男 16、男 17、…。"),
        "{}",
        message.chars().take(400).collect::<String>()
    );
}
