//! The means importer (`import::ndb_means`) against every 各項目の平均値 workbook committed under
//! `data/ndb/` (releases 1–9, by prefecture and by secondary medical area): each workbook read
//! here without the importer, cell by cell.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use renkei::import::ndb::{NdbProblem, BUILT_IN_RELEASES};
use renkei::import::ndb_means::{import_means_workbook, MeansProblem};
use renkei::model::{AgeBand, AreaLevel, Sex, NDB_AGE_BANDS};
use renkei::view::language::Language;
use renkei::view::messages::import_error;

/// Every means workbook with its release and fiscal year, found by the title its folder's
/// `INDEX.csv` gives (or its own file name).
fn means_workbooks() -> Vec<(PathBuf, &'static str, i32)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/ndb");
    let mut found = Vec::new();
    for ((release, folder), year) in BUILT_IN_RELEASES.iter().zip((2013..=2022).rev()) {
        let index =
            std::fs::read_to_string(data.join(folder).join("INDEX.csv")).unwrap_or_default();
        for entry in std::fs::read_dir(data.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let titled = index
                .lines()
                .any(|line| line.starts_with(&format!("{name},")) && line.contains("平均値"));
            if name.ends_with(".xlsx") && (titled || name.contains("平均値")) {
                found.push((path, *release, year));
            }
        }
    }
    found.sort();
    found
}

/// The item ids the test expects for the workbooks' labels, written out independently of the
/// importer's rule.
fn item_id(label: &str) -> Option<&'static str> {
    let name = label.split('[').next().unwrap().trim();
    Some(match name {
        "BMI" => "bmi",
        "腹囲" => "waist",
        "空腹時血糖" => "fpg",
        "HbA1C（NGSP）" | "HbA1c（NGSP）" | "HbA1C" | "HbA1c" => "hba1c",
        "収縮期血圧" => "sbp",
        "拡張期血圧" => "dbp",
        "中性脂肪" => "tg",
        "ＨＤＬコレステロール" | "ＨＤＬ" | "HDLコレステロール" => "hdl",
        "ＬＤＬコレステロール" | "ＬＤＬ" | "LDLコレステロール" => "ldl",
        "GOT（AST）" | "ＧＯＴ" => "ast",
        "GPT（ALT）" | "ＧＰＴ" => "alt",
        "γ-GT（γ-GTP）" | "γ－ＧＴＰ" => "ggt",
        "随時血糖" => "random_glucose",
        "血清クレアチニン" => "creatinine",
        "eGFR" => "egfr",
        "ヘモグロビン" => return None,
        other => panic!("a label the test does not know: {other}"),
    })
}

type Key = (String, &'static str, Sex, u8);

/// Every mean cell of every means workbook, read here (areas forward-filled — a secondary
/// medical area by its code wherever one is written, 全国 and the unknown area by name —, the item from its label, the
/// seven bands and 中計 of each sex after the item column, `-` and a blank cell unknown), is the importer's
/// mean of that area, item, sex and band, and there are no others; the year is the release's.
#[test]
fn every_mean_of_every_release_is_the_importers() {
    let workbooks = means_workbooks();
    assert!(workbooks.len() >= 12, "{} means workbooks", workbooks.len());
    let mut levels = BTreeMap::new();
    let mut means_checked = 0;
    for (path, release, year) in workbooks {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let read = import_means_workbook(&bytes, &name, release)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_eq!(read.fiscal_year, year, "{name}");
        assert_eq!(read.means.provenance.release, release);
        assert_eq!(
            read.means.provenance.source_files,
            std::slice::from_ref(&name)
        );
        *levels.entry(read.area_level).or_insert(0) += 1;

        let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
        let sheet = workbook.sheet_names()[0].clone();
        let range = workbook.worksheet_range(&sheet).unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let item_column = rows[1]
            .iter()
            .position(|c| c.to_string().starts_with("検査項目"))
            .unwrap();
        let mut expected: BTreeMap<Key, Option<f64>> = BTreeMap::new();
        let mut area = String::new();
        for row in rows.iter().skip(5) {
            let label = row
                .get(item_column)
                .map(|c| c.to_string())
                .unwrap_or_default();
            if label.trim().is_empty() {
                continue;
            }
            let (first, code) = (row[0].to_string(), row[1].to_string());
            if item_column == 3 && !code.trim().is_empty() {
                area = code;
            } else if !first.trim().is_empty() {
                area = first;
            }
            let Some(id) = item_id(&label) else { continue };
            for (sex_index, sex) in [Sex::Male, Sex::Female].into_iter().enumerate() {
                for band in 0..8u8 {
                    let cell = &row[item_column + 1 + sex_index * 8 + usize::from(band)];
                    let mean = match cell {
                        Data::Float(value) => Some(*value),
                        Data::Int(value) => Some(*value as f64),
                        Data::String(text) if text.trim() == "-" => None,
                        Data::Empty => None,
                        Data::String(text) => Some(text.trim().parse::<f64>().unwrap()),
                        other => panic!("{name}: {other:?}"),
                    };
                    assert!(expected
                        .insert((area.clone(), id, sex, band), mean)
                        .is_none());
                }
            }
        }
        let mut found: BTreeMap<Key, Option<f64>> = BTreeMap::new();
        for mean in &read.means.means {
            assert_eq!(mean.year, year);
            let area = match mean.area_level {
                AreaLevel::SecondaryMedicalArea if !mean.area_code.is_empty() => {
                    mean.area_code.clone()
                }
                _ => mean.area_name.clone(),
            };
            let band = match NDB_AGE_BANDS.iter().position(|b| *b == mean.age_band) {
                Some(index) => index as u8,
                None => {
                    assert_eq!(mean.age_band, AgeBand::SUBTOTAL);
                    7
                }
            };
            let id = renkei::model::indicator::by_id(&mean.indicator).unwrap().id;
            assert!(found
                .insert((area, id, mean.sex, band), mean.mean)
                .is_none());
        }
        // The unknown secondary area's name is read as the constant, not with its reading.
        let found: BTreeMap<Key, Option<f64>> = found
            .into_iter()
            .map(|((area, id, sex, band), mean)| {
                let area = if area == "二次医療圏判別不可" {
                    expected
                        .keys()
                        .map(|k| k.0.clone())
                        .find(|a| a.starts_with("二次医療圏不明") || a == "二次医療圏判別不可")
                        .unwrap()
                } else {
                    area
                };
                ((area, id, sex, band), mean)
            })
            .collect();
        assert!(
            found == expected,
            "{name}: {} read, {} in the sheet",
            found.len(),
            expected.len()
        );
        assert!(found.keys().any(|k| k.0 == "全国"), "{name}: 全国 is read");
        means_checked += found.len();
    }
    assert!(means_checked > 100_000, "{means_checked} means checked");
    assert!(levels[&AreaLevel::Prefecture] >= 9 && levels[&AreaLevel::SecondaryMedicalArea] >= 3);
}

/// A distribution workbook is no means workbook: refused by its title, in words that say so.
#[test]
fn a_distribution_workbook_is_refused_as_not_means() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/ndb/ndb10_tokutei_kenshin_R4/SBP_pref.xlsx");
    let error = import_means_workbook(&std::fs::read(path).unwrap(), "SBP_pref.xlsx", "第10回")
        .unwrap_err();
    assert!(
        matches!(
            error.problem,
            MeansProblem::Workbook(NdbProblem::NotNdbTitle { .. })
        ),
        "{error:?}"
    );
    let message = import_error(&error);
    let japanese = message.text(Language::Japanese);
    assert!(japanese.contains("SBP_pref.xlsx"), "{japanese}");
}
