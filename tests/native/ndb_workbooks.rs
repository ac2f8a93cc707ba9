//! The NDB importer against the real published workbooks committed under `data/ndb/`.
//! Each check compares what the importer returns with the workbook read independently.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx};
use renkei::import::ndb::{import_workbook, NdbProblem as Problem, NdbWorkbook};
use renkei::import::user_file::{user_file_to_arrow, Converted};
use renkei::import::ImportError;
use renkei::model::prefecture::PREFECTURES;
use renkei::model::{AreaLevel, Sex};
use renkei::view::language::Language;
use renkei::view::messages::import_error;
use renkei::view::names;
use renkei::view::screen::release_label;

fn workbooks(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/ndb")
        .join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "xlsx"))
        .collect();
    paths.sort();
    paths
}

// The importer's own error, as it comes (typed errors are not boxed: see src/lib.rs).
#[allow(clippy::result_large_err)]
fn import(path: &Path) -> Result<NdbWorkbook, ImportError<Problem>> {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    import_workbook(&bytes, &name, "test")
}

fn is_unsupported(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    ["ヘモグロビン", "平均値", "CGA"]
        .iter()
        .any(|item| name.contains(item))
}

/// Every cell of the first sheet, read without the importer.
fn raw_cells(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook = Xlsx::new(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    range.rows().map(|row| row.to_vec()).collect()
}

fn supported_workbooks() -> Vec<PathBuf> {
    [
        "ndb10_tokutei_kenshin_R4",
        "ndb9_tokutei_kenshin_FY2021",
        "ndb5_tokutei_kenshin_pref",
        "ndb4_tokutei_kenshin_pref",
        "ndb3_tokutei_kenshin_pref",
    ]
    .iter()
    .flat_map(|folder| workbooks(folder))
    .filter(|path| !is_unsupported(path))
    .collect()
}

#[test]
fn every_supported_workbook_imports() {
    let paths = supported_workbooks();
    assert!(
        paths.len() >= 40,
        "expected the committed workbooks, found {}",
        paths.len()
    );
    for path in paths {
        let workbook = import(&path).unwrap_or_else(|e| {
            panic!("{}", import_error(&e).text(Language::Japanese).to_string())
        });
        assert!(!workbook.dataset.records.is_empty(), "{}", path.display());
    }
}

#[test]
fn seven_age_cells_add_up_to_the_workbooks_own_subtotal() {
    for path in supported_workbooks() {
        let workbook = import(&path).unwrap();
        let mut sums: BTreeMap<(String, String, Sex, String), (u64, bool)> = BTreeMap::new();
        for record in &workbook.dataset.records {
            let key = (
                record.area_code.clone(),
                record.area_name.clone(),
                record.sex,
                record.bin.label.clone(),
            );
            let entry = sums.entry(key).or_insert((0, false));
            match record.count_people {
                Some(count) => entry.0 += count,
                None => entry.1 = true,
            }
        }
        let mut compared = 0;
        for subtotal in &workbook.subtotals {
            let key = (
                subtotal.area_code.clone(),
                subtotal.area_name.clone(),
                subtotal.sex,
                subtotal.bin_label.clone(),
            );
            let (sum, any_suppressed) = sums[&key];
            if let (false, Some(expected)) = (any_suppressed, subtotal.count_people) {
                assert_eq!(
                    sum,
                    expected,
                    "{} row {}",
                    path.display(),
                    subtotal.row_number
                );
                compared += 1;
            }
        }
        assert!(
            compared > 0,
            "{}: no unsuppressed row to compare",
            path.display()
        );
    }
}

#[test]
fn suppressed_cells_found_equal_the_dash_cells_in_the_sheet() {
    let mut total_suppressed = 0;
    for path in supported_workbooks() {
        let workbook = import(&path).unwrap();
        let dashes = raw_cells(&path)
            .iter()
            .skip(5)
            .flatten()
            .filter(|cell| matches!(cell, Data::String(text) if text.trim() == "-"))
            .count();
        assert_eq!(workbook.suppressed_cell_count, dashes, "{}", path.display());
        let suppressed_records = workbook
            .dataset
            .records
            .iter()
            .filter(|r| r.is_suppressed())
            .count();
        assert!(suppressed_records <= dashes);
        total_suppressed += dashes;
    }
    assert!(
        total_suppressed > 1000,
        "the secondary-area files suppress many cells"
    );
}

#[test]
fn every_prefecture_is_present_and_releases_9_and_10_add_the_unknown_one() {
    for path in supported_workbooks() {
        let workbook = import(&path).unwrap();
        if workbook.area_level != AreaLevel::Prefecture {
            continue;
        }
        let names: BTreeSet<&str> = workbook
            .dataset
            .records
            .iter()
            .map(|r| r.area_name.as_str())
            .collect();
        for (_, prefecture) in PREFECTURES {
            assert!(
                names.contains(prefecture),
                "{} lacks {prefecture}",
                path.display()
            );
        }
        let recent = workbook.fiscal_year >= 2021;
        assert_eq!(
            names.contains("都道府県判別不可"),
            recent,
            "{}",
            path.display()
        );
        assert_eq!(
            names.len(),
            if recent { 48 } else { 47 },
            "{}",
            path.display()
        );
    }
}

#[test]
fn secondary_medical_area_files_hold_all_335_areas() {
    let mut checked = 0;
    for path in workbooks("ndb9_tokutei_kenshin_FY2021")
        .iter()
        .filter(|p| !is_unsupported(p))
    {
        let workbook = import(path).unwrap();
        if workbook.area_level != AreaLevel::SecondaryMedicalArea {
            continue;
        }
        let codes: BTreeSet<&str> = workbook
            .dataset
            .records
            .iter()
            .map(|r| r.area_code.as_str())
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(codes.len(), 335, "{}", path.display());
        assert!(codes
            .iter()
            .all(|code| code.len() == 4 && code.chars().all(|c| c.is_ascii_digit())));
        let prefixes: BTreeSet<&str> = codes.iter().map(|code| &code[..2]).collect();
        assert_eq!(prefixes.len(), 47, "{}", path.display());
        checked += 1;
    }
    assert!(
        checked >= 15,
        "expected the FY2021 secondary-area files, checked {checked}"
    );
}

#[test]
fn text_cells_are_read_without_furigana() {
    let path = &workbooks("ndb10_tokutei_kenshin_R4")[0];
    let cells = raw_cells(path);
    let header: Vec<String> = cells[1].iter().map(|c| c.to_string()).collect();
    assert!(header.iter().any(|text| text == "全体"), "{header:?}");
    assert!(
        !header.iter().any(|text| text.contains("ゼンタイ")),
        "{header:?}"
    );
}

#[test]
fn hokkaido_sbp_2022_matches_the_published_cells() {
    // Row 6 of SBP_pref.xlsx: 北海道, 180以上, men 40–44 … 70–74 = 279 476 597 769 814 705 694.
    let path = workbooks("ndb10_tokutei_kenshin_R4")
        .into_iter()
        .find(|p| p.ends_with("SBP_pref.xlsx"))
        .unwrap();
    let cells = raw_cells(&path);
    let workbook = import(&path).unwrap();
    assert_eq!((workbook.indicator.id, workbook.fiscal_year), ("sbp", 2022));
    let men_180: Vec<u64> = workbook
        .dataset
        .records
        .iter()
        .filter(|r| r.area_code == "01" && r.sex == Sex::Male && r.bin.label == "180以上")
        .map(|r| r.count_people.unwrap())
        .collect();
    let published: Vec<u64> = cells[5][2..9]
        .iter()
        .map(|c| c.as_f64().unwrap() as u64)
        .collect();
    assert_eq!(men_180, published);
    let bin = &workbook
        .dataset
        .records
        .iter()
        .find(|r| r.bin.label == "140以上160未満")
        .unwrap()
        .bin;
    assert_eq!((bin.lower, bin.upper), (Some(140.0), Some(160.0)));
}

#[test]
fn layouts_not_supported_yet_get_a_clear_message_not_a_wrong_table() {
    let unsupported: Vec<PathBuf> = ["ndb10_tokutei_kenshin_R4", "ndb9_tokutei_kenshin_FY2021"]
        .iter()
        .flat_map(|folder| workbooks(folder))
        .filter(|path| is_unsupported(path))
        .collect();
    assert_eq!(
        unsupported.len(),
        3,
        "CGA, haemoglobin and means workbooks are committed"
    );
    for path in unsupported {
        let error = import(&path).unwrap_err();
        assert!(
            matches!(
                error.problem,
                Problem::UnsupportedLayout { .. } | Problem::MeansNotDistribution
            ),
            "{}: {:?}",
            path.display(),
            error.problem
        );
        let message = import_error(&error).text(Language::Japanese).to_string();
        assert!(
            message.contains("対応していません") || message.contains("平均値"),
            "{message}"
        );
        assert!(
            message.starts_with(&*path.file_name().unwrap().to_string_lossy()),
            "{message}"
        );
    }
}

#[test]
fn a_workbook_a_user_opens_becomes_canonical_arrow_that_cites_the_file() {
    let path = workbooks("ndb5_tokutei_kenshin_pref")
        .into_iter()
        .find(|p| p.to_string_lossy().contains("収縮期血圧"))
        .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let bytes = std::fs::read(&path).unwrap();
    let Ok(Converted::Arrow(arrow)) = user_file_to_arrow(&bytes, &name, None, &mut |_| {}) else {
        panic!("{name} is a workbook")
    };
    let dataset = renkei::import::canonical_ipc::read_ipc_file_format(&arrow).unwrap();
    assert_eq!(dataset.records, import(&path).unwrap().dataset.records);
    assert_eq!(
        names::citation(&dataset.provenance, 2017, Language::Japanese),
        format!("出典：厚生労働省 NDBオープンデータ（読み込んだファイル「{name}」）（2017年度 特定健診）")
    );
    let (entries, datasets) = renkei::import::manifest::user_catalogue(dataset.clone());
    assert_eq!(datasets.len(), 1);
    assert_eq!(datasets[0].1.records, dataset.records);
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(
        (
            entry.fiscal_year,
            entry.indicator.as_str(),
            entry.area_level.as_str()
        ),
        (2017, "sbp", "prefecture")
    );
    assert_eq!(entry.release, "読み込んだファイル（2017年度）");
    assert_eq!(entry.file, datasets[0].0);
    assert_eq!(
        release_label(&entry.release, 2017, Language::Japanese),
        "読み込んだファイル（2017年度）"
    );
    assert_eq!(
        release_label(&entry.release, 2017, Language::English),
        "Files you opened (FY2017)"
    );
    assert_eq!(
        release_label("第10回", 2022, Language::English),
        "10th release (FY2022)"
    );
}
