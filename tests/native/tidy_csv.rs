//! The tidy CSV reader (docs/data-format.md): encodings, Japanese headers and values, and a
//! message naming the line and column for every file it refuses.

use renkei::import::tidy::{import_tidy_csv, MAX_TIDY_CSV_BYTES};
use renkei::model::{AgeBand, AreaLevel, Sex};
use renkei::view::language::Language;
use renkei::view::messages::import_error;

const HEADER_JA: &str = "年度,地域区分,地域名,区分,性別,年齢階級,項目,階級,人数\n";

fn error_of(text: &str) -> String {
    import_error(&import_tidy_csv(text.as_bytes(), "届いた.csv").unwrap_err())
        .text(Language::Japanese)
        .to_string()
}

fn check_error(text: &str, expected_fragments: &[&str]) {
    let message = error_of(text);
    assert!(message.starts_with("届いた.csv"), "{message}");
    for fragment in expected_fragments {
        assert!(
            message.contains(fragment),
            "{message:?} should contain {fragment:?}"
        );
    }
}

#[test]
fn japanese_headers_values_full_width_digits_and_suppression() {
    let text = format!(
        "\u{feff}{HEADER_JA}\
         2022,都道府県,北海道,地域,男,40～44歳,収縮期血圧,120未満,\"1,234\"\n\
         2022,都道府県,北海道,職域,男,40～44歳,収縮期血圧,120未満,５６７８\n\
         R4,都道府県,北海道,協会けんぽ,女性,70-74,sbp,180以上,-\n\
         令和4年度,,東京都,ある事業所,female,70～74歳,ＨｂＡ１ｃ,5.6未満,秘匿\n"
    );
    let dataset = import_tidy_csv(text.as_bytes(), "residents.csv").unwrap();
    let records = &dataset.records;
    assert_eq!(records.len(), 4);
    assert_eq!(records[0].count_people, Some(1234));
    assert_eq!(records[1].count_people, Some(5678));
    assert_eq!(
        (records[0].group.as_str(), records[1].group.as_str()),
        ("regional", "occupational")
    );
    assert_eq!(records[2].group, "kyokai_kenpo");
    assert_eq!(
        records[3].group, "ある事業所",
        "unknown groups keep their name"
    );
    assert_eq!(
        (records[2].year, records[2].sex, records[2].count_people),
        (2022, Sex::Female, None)
    );
    assert_eq!(records[2].age_band, AgeBand::new(70, 74));
    assert_eq!(
        (records[0].area_level, records[0].area_code.as_str()),
        (AreaLevel::Prefecture, "01")
    );
    assert_eq!(
        (records[3].area_level, records[3].area_code.as_str()),
        (AreaLevel::Prefecture, "13")
    );
    assert_eq!(records[3].indicator, "hba1c");
    assert_eq!(
        (records[0].bin.lower, records[0].bin.upper),
        (None, Some(120.0))
    );
    assert_eq!(dataset.provenance.source_files, ["residents.csv"]);
}

#[test]
fn shift_jis_files_read_the_same_as_utf8() {
    let text =
        format!("{HEADER_JA}2022,都道府県,青森県,国保,女,45～49歳,収縮期血圧,140以上160未満,12\n");
    let (shift_jis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    assert_ne!(shift_jis.as_ref(), text.as_bytes());
    let from_sjis = import_tidy_csv(&shift_jis, "kokuho.csv").unwrap();
    let from_utf8 = import_tidy_csv(text.as_bytes(), "kokuho.csv").unwrap();
    assert_eq!(from_sjis, from_utf8);
    assert_eq!(from_sjis.records[0].group, "kokuho");
}

#[test]
fn canonical_headers_with_edges_instead_of_labels() {
    let text = "year,area_level,area_code,area_name,group,sex,age_band,indicator,bin_lower,bin_upper,count\n\
                2022,secondary_medical_area,0101,南渡島,occupational,male,40-44,sbp,,120,10\n\
                2022,secondary_medical_area,0101,南渡島,occupational,male,40-44,sbp,120,140,20\n\
                2022,secondary_medical_area,0101,南渡島,occupational,male,40-44,sbp,140,,30\n";
    let dataset = import_tidy_csv(text.as_bytes(), "workers.csv").unwrap();
    let labels: Vec<&str> = dataset
        .records
        .iter()
        .map(|r| r.bin.label.as_str())
        .collect();
    assert_eq!(labels, ["120未満", "120以上140未満", "140以上"]);
    assert_eq!(
        dataset.records[0].area_level,
        AreaLevel::SecondaryMedicalArea
    );
}

#[test]
fn empty_binary_and_undecodable_files() {
    check_error("", &["空のファイル"]);
    let junk = import_error(&import_tidy_csv(b"PK\x03\x04\x00\x00binary", "junk.csv").unwrap_err())
        .text(Language::Japanese)
        .to_string();
    assert!(
        junk.contains("テキスト（CSV）ファイルではありません"),
        "{junk}"
    );
    let neither = import_error(&import_tidy_csv(b"\x82\xff\x82\xff,\xfe", "odd.csv").unwrap_err())
        .text(Language::Japanese)
        .to_string();
    assert!(neither.contains("文字コードを判別できません"), "{neither}");
    let only_header = error_of(HEADER_JA);
    assert!(
        only_header.contains("データ行がありません"),
        "{only_header}"
    );
}

#[test]
fn missing_columns_are_named() {
    check_error(
        "年度,地域名,性別\n2022,北海道,男\n",
        &[
            "1行目",
            "必要な列がありません",
            "年齢階級（age_band）",
            "人数（count）",
            "階級（bin_label）",
        ],
    );
}

#[test]
fn bad_cells_name_their_line_and_column() {
    let row = |count: &str| {
        format!("{HEADER_JA}2022,都道府県,北海道,地域,男,40～44歳,収縮期血圧,120未満,{count}\n")
    };
    check_error(
        &row("約100"),
        &["2行目", "列「人数」", "約100", "0以上の整数"],
    );
    check_error(&row("-5"), &["2行目", "列「人数」", "負の数"]);
    check_error(&row("12.5"), &["列「人数」", "12.5"]);
    check_error(
        &format!("{HEADER_JA}2022,都道府県,北海道,地域,不明,40～44歳,収縮期血圧,120未満,1\n"),
        &["2行目", "列「性別」", "不明"],
    );
    check_error(
        &format!("{HEADER_JA}2022,都道府県,北海道,地域,男,40～44歳,身長,120未満,1\n"),
        &["列「項目」", "身長", "対応していません"],
    );
    check_error(
        &format!("{HEADER_JA}2022,都道府県,北海道,地域,男,40～44歳,収縮期血圧,120未満\n"),
        &["2行目", "列の数が見出しと違います"],
    );
}

#[test]
fn duplicate_cells_are_reported_not_summed() {
    let line = "2022,都道府県,北海道,地域,男,40～44歳,収縮期血圧,120未満,10\n";
    check_error(
        &format!("{HEADER_JA}{line}{line}"),
        &["3行目", "2行目と同じセル", "合計はせず"],
    );
}

#[test]
fn overlapping_bins_are_refused() {
    let text = format!(
        "{HEADER_JA}2022,都道府県,北海道,地域,男,40～44歳,収縮期血圧,120以上140未満,10\n\
         2022,都道府県,北海道,地域,男,40～44歳,収縮期血圧,130以上160未満,10\n"
    );
    check_error(
        &text,
        &["行目", "重なっています", "130以上160未満", "120以上140未満"],
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let huge = vec![b'a'; MAX_TIDY_CSV_BYTES + 1];
    let message = import_error(&import_tidy_csv(&huge, "dump.csv").unwrap_err())
        .text(Language::Japanese)
        .to_string();
    assert!(message.contains("ファイルが大きすぎます"), "{message}");
}

#[test]
fn a_large_file_reports_progress_in_order() {
    let mut text = String::from(HEADER_JA);
    for area in renkei::model::prefecture::PREFECTURES
        .iter()
        .map(|(_, name)| name)
    {
        for age in [
            "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74",
        ] {
            for sex in ["男", "女"] {
                for group in ["地域", "職域"] {
                    for lower in (60..260).step_by(2) {
                        text.push_str(&format!(
                            "2022,都道府県,{area},{group},{sex},{age},収縮期血圧,{lower}以上{}未満,12\n",
                            lower + 2
                        ));
                    }
                }
            }
        }
    }
    let mut reports = Vec::new();
    let dataset =
        renkei::import::tidy::import_tidy_csv_with_progress(text.as_bytes(), "big.csv", &mut |f| {
            reports.push(f)
        })
        .unwrap();
    assert_eq!(dataset.records.len(), 47 * 7 * 2 * 2 * 100);
    assert!(reports.len() >= 5, "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0] < w[1]));
    assert!(reports.iter().all(|f| (0.0..=1.0).contains(f)));
}
