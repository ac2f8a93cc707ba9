//! The NDB importer against the real published workbooks committed under `data/ndb/`.
//! Each check compares what the importer returns with the workbook read independently.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx};
use renkei::import::ndb::{import_workbook, NdbProblem as Problem, NdbWorkbook, BUILT_IN_RELEASES};
use renkei::import::user_file::{user_file_to_arrow, Converted};
use renkei::import::ImportError;
use renkei::model::prefecture::{FIRST_YEAR_OF_PREFECTURE_UNKNOWN, PREFECTURES};
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

/// The workbook's title: its file name, or for the ministry's numbered files the title its
/// folder's `INDEX.csv` gives.
fn title(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let index = std::fs::read_to_string(path.with_file_name("INDEX.csv")).unwrap_or_default();
    index
        .lines()
        .find_map(|line| {
            let (file, rest) = line.split_once(',')?;
            (file == name).then(|| rest.split(',').next().unwrap_or_default().to_string())
        })
        .unwrap_or(name)
}

fn is_unsupported(path: &Path) -> bool {
    let title = title(path);
    ["ヘモグロビン", "平均値", "CGA"]
        .iter()
        .any(|item| title.contains(item))
}

/// Every cell of the first sheet, read without the importer.
fn raw_cells(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook = Xlsx::new(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    range.rows().map(|row| row.to_vec()).collect()
}

/// Every distribution workbook of the ten releases, with its release's fiscal year.
fn supported_workbooks_by_year() -> Vec<(PathBuf, i32)> {
    BUILT_IN_RELEASES
        .iter()
        .zip((2013..=2022).rev())
        .flat_map(|((_, folder), year)| workbooks(folder).into_iter().map(move |p| (p, year)))
        .filter(|(path, _)| !is_unsupported(path))
        .collect()
}

fn supported_workbooks() -> Vec<PathBuf> {
    supported_workbooks_by_year()
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// The item a workbook's title names (row 1: 「特定健診（収縮期血圧)：2019年度 …」), read here
/// without the importer.
fn item_of_title(title: &str) -> &'static str {
    let title = renkei::model::text::to_ascii_width(title);
    let items = [
        ("収縮期血圧", "sbp"),
        ("拡張期血圧", "dbp"),
        ("HbA1", "hba1c"),
        ("空腹時血糖", "fpg"),
        ("随時血糖", "random_glucose"),
        ("BMI", "bmi"),
        ("腹囲", "waist"),
        ("LDL", "ldl"),
        ("HDL", "hdl"),
        ("中性脂肪", "tg"),
        ("GOT", "ast"),
        ("GPT", "alt"),
        ("γ-GT", "ggt"),
        ("尿蛋白", "urine_protein"),
        ("尿糖", "urine_glucose"),
        ("eGFR", "egfr"),
        ("クレアチニン", "creatinine"),
    ];
    items
        .iter()
        .find(|(word, _)| title.contains(word))
        .map(|(_, id)| *id)
        .unwrap_or_else(|| panic!("no item in {title}"))
}

/// Every count cell of every workbook of the ten releases, read here without the importer
/// (area names forward-filled, the seven age columns of each sex after the bin column, `-` for
/// a suppressed cell), is the importer's record of that area, sex, bin and age band; and there
/// are no other records. The year is the release's, the item the title's.
#[test]
fn every_count_cell_of_every_release_is_the_importers_record() {
    let mut checked_files = 0;
    for (path, year) in supported_workbooks_by_year() {
        let workbook = import(&path).unwrap();
        let cells = raw_cells(&path);
        let title = cells[0][0].to_string();
        assert_eq!(
            workbook.indicator.id,
            item_of_title(&title),
            "{}",
            path.display()
        );
        assert_eq!(workbook.fiscal_year, year, "{}", path.display());
        let bin_column = cells[1]
            .iter()
            .position(|c| c.to_string().starts_with("検査値階層"))
            .unwrap();
        let mut expected: BTreeMap<(String, Sex, String, u8), Option<u64>> = BTreeMap::new();
        let mut area = String::new();
        for row in cells.iter().skip(5) {
            let bin = row[bin_column].to_string();
            if bin.trim().is_empty() {
                break;
            }
            // An area's first row names it left of the bin column: a prefecture by name, a
            // secondary medical area by its code (names repeat between prefectures); the unknown
            // area by name only, in the first column.
            let left: Vec<String> = row[..bin_column].iter().map(|c| c.to_string()).collect();
            if let Some(name) = left.iter().find(|text| !text.is_empty()) {
                let code = left
                    .get(1)
                    .filter(|code| bin_column == 3 && !code.is_empty());
                area = code.unwrap_or(name).clone();
            }
            for (sex_index, sex) in [Sex::Male, Sex::Female].into_iter().enumerate() {
                for age_index in 0..7u8 {
                    let cell = &row[bin_column + 1 + sex_index * 8 + usize::from(age_index)];
                    let count = match cell {
                        Data::String(text) if text.trim() == "-" => None,
                        other => Some(other.as_f64().unwrap() as u64),
                    };
                    let key = (area.clone(), sex, bin.trim().to_string(), age_index);
                    assert!(expected.insert(key, count).is_none(), "{}", path.display());
                }
            }
        }
        let mut found: BTreeMap<(String, Sex, String, u8), Option<u64>> = BTreeMap::new();
        for record in &workbook.dataset.records {
            let area = match workbook.area_level {
                AreaLevel::SecondaryMedicalArea if !record.area_code.is_empty() => {
                    record.area_code.clone()
                }
                _ => record.area_name.clone(),
            };
            let band = record.age_band;
            assert_eq!(band.to_years, band.from_years + 4);
            let age_index = (band.from_years - 40) / 5;
            let key = (area, record.sex, record.bin.label.clone(), age_index);
            found.insert(key, record.count_people);
        }
        assert!(found == expected, "{}", path.display());
        checked_files += 1;
    }
    assert!(checked_files >= 190, "checked {checked_files} workbooks");
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
fn every_prefecture_is_present_and_releases_6_to_10_add_the_unknown_one() {
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
        let recent = workbook.fiscal_year >= FIRST_YEAR_OF_PREFECTURE_UNKNOWN;
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
    for path in supported_workbooks() {
        let workbook = import(&path).unwrap();
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
        checked >= 60,
        "expected the FY2018–FY2021 secondary-area files, checked {checked}"
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
        format!("出典：読み込んだファイル「{name}」（2017年度）")
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
    assert_eq!(entry.file(), datasets[0].0);
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
