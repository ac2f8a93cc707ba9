//! The published subtotals (中計) against the ministry's FY2021 secondary-medical-area workbooks,
//! read independently of the importer, and a constructed row whose truth is known.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use renkei::analysis::distribution::{
    distribution, AreaSelection, GroupSelection, Selection, SuppressedPeople, ThresholdShare,
};
use renkei::import::ndb::import_workbook;
use renkei::model::indicator::{RiskSide, Threshold, ThresholdKind};
use renkei::model::subtotal::apply_subtotals;
use renkei::model::{AgeBand, AreaLevel, Bin, Record, Sex, GROUP_ALL, NDB_AGE_BANDS};

fn secondary_area_workbooks() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/ndb/ndb9_tokutei_kenshin_FY2021");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.contains("二次医療圏") && !name.contains("ヘモグロビン")
        })
        .collect();
    paths.sort();
    paths
}

/// One (area, bin, sex) row of a workbook as the sheet has it: seven age cells and 中計.
struct RawRow {
    area_code: String,
    area_name: String,
    bin_label: String,
    sex: Sex,
    age_cells: Vec<Option<u64>>,
    subtotal: Option<u64>,
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.trim().to_string(),
        Data::Float(value) => format!("{value}"),
        Data::Int(value) => value.to_string(),
        _ => String::new(),
    }
}

fn count(cell: &Data) -> Option<u64> {
    match cell {
        Data::Float(value) => Some(*value as u64),
        Data::Int(value) => Some(*value as u64),
        Data::String(text) if text.trim() == "-" => None,
        other => panic!("not a count: {other:?}"),
    }
}

/// The rows read without the importer: the first 中計 of the header ends the men's block.
fn raw_rows(path: &Path) -> Vec<RawRow> {
    let mut workbook = Xlsx::new(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|row| row.to_vec()).collect();
    let men_subtotal = rows[..5]
        .iter()
        .find_map(|row| row.iter().position(|cell| text(cell) == "中計"))
        .expect("a 中計 header");
    let bin_column = men_subtotal - 8;
    let (mut code, mut area) = (String::new(), String::new());
    let mut out = Vec::new();
    for row in &rows[5..] {
        if text(&row[bin_column]).is_empty() {
            continue;
        }
        if !text(&row[bin_column - 1]).is_empty() {
            area = text(&row[bin_column - 1]);
            code = text(&row[bin_column - 2]);
        }
        for (sex, subtotal_column) in [(Sex::Male, men_subtotal), (Sex::Female, men_subtotal + 8)] {
            out.push(RawRow {
                area_code: code.clone(),
                area_name: area.clone(),
                bin_label: text(&row[bin_column]),
                sex,
                age_cells: (subtotal_column - 7..subtotal_column)
                    .map(|column| count(&row[column]))
                    .collect(),
                subtotal: count(&row[subtotal_column]),
            });
        }
    }
    out
}

/// Every suppressed person of the FY2021 secondary-area workbooks the subtotals give back, per
/// item, as the sheets say and as the importer restores them.
#[test]
fn subtotals_restore_the_suppressed_people_of_every_secondary_area_workbook() {
    let mut sbp_people = 0;
    for path in secondary_area_workbooks() {
        let rows = raw_rows(&path);
        let (mut single_cells, mut single_people, mut shared_people) = (0, 0, 0);
        for row in &rows {
            let suppressed = row.age_cells.iter().filter(|c| c.is_none()).count();
            let (Some(subtotal), true) = (row.subtotal, suppressed > 0) else {
                continue;
            };
            let missing = subtotal - row.age_cells.iter().flatten().sum::<u64>();
            if suppressed == 1 {
                single_cells += 1;
                single_people += missing;
            } else {
                shared_people += missing;
            }
        }
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let workbook = import_workbook(&bytes, &name, "第9回").unwrap();
        let summary = workbook.subtotal_summary;
        println!(
            "{:<10} suppressed cells {:>5}; recovered exactly {:>5} cells / {:>6} people; \
             known as a row's sum {:>5} cells / {:>6} people",
            workbook.indicator.id,
            workbook.suppressed_cell_count,
            summary.recovered_cells,
            summary.recovered_people,
            summary.bounded_cells,
            summary.bounded_people
        );
        assert_eq!(
            (summary.recovered_cells, summary.recovered_people),
            (single_cells, single_people),
            "{name}"
        );
        assert_eq!(summary.bounded_people, shared_people, "{name}");
        if workbook.indicator.id == "sbp" {
            sbp_people = single_people + shared_people;
        }
    }
    // The independent check that opened issue 12 counted 18,621 people dropped from this SBP
    // workbook when suppressed cells were taken as 0.
    assert_eq!(sbp_people, 18_621);
}

/// The ministry suppresses a second cell wherever one alone could be worked out from the 中計
/// (complementary suppression: no row of these workbooks has exactly one suppressed cell), so
/// a real row's subtotal makes its all-ages count exact and bounds each age band's.
#[test]
fn a_real_row_with_suppressed_cells_is_exact_over_all_ages_and_bounded_per_age_band() {
    let path = secondary_area_workbooks()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("収縮期血圧"))
        .unwrap();
    let rows = raw_rows(&path);
    assert!(
        !rows.iter().any(|row| row.subtotal.is_some()
            && row.age_cells.iter().filter(|c| c.is_none()).count() == 1),
        "complementary suppression leaves no row with one suppressed cell"
    );
    let row = rows
        .iter()
        .find(|row| row.subtotal.is_some() && row.age_cells.iter().any(Option::is_none))
        .expect("a row with suppressed cells");
    let missing = row.subtotal.unwrap() - row.age_cells.iter().flatten().sum::<u64>();

    let bytes = std::fs::read(&path).unwrap();
    let dataset = import_workbook(&bytes, "sbp.xlsx", "第9回")
        .unwrap()
        .dataset;
    let select = |age_band| Selection {
        indicator: "sbp".into(),
        area: AreaSelection::Area {
            level: AreaLevel::SecondaryMedicalArea,
            code: row.area_code.clone(),
            name: row.area_name.clone(),
        },
        group: GroupSelection::Any,
        sex: Some(row.sex),
        age_band,
    };
    let bin_of = |age_band| {
        distribution(&dataset.records, &select(age_band))
            .unwrap()
            .bins
            .into_iter()
            .find(|b| b.bin.label == row.bin_label)
            .unwrap()
    };
    let all_ages = bin_of(None);
    assert_eq!(
        (
            all_ages.count_people,
            all_ages.restored_people,
            all_ages.bounded_people_up_to
        ),
        (row.subtotal.unwrap(), missing, 0),
        "{} {} {:?}",
        row.area_name,
        row.bin_label,
        row.sex
    );
    for (band, cell) in NDB_AGE_BANDS.into_iter().zip(&row.age_cells) {
        let bin = bin_of(Some(band));
        match cell {
            Some(published) => assert_eq!(
                (bin.count_people, bin.bounded_people_up_to),
                (*published, 0)
            ),
            None => assert_eq!((bin.count_people, bin.bounded_people_up_to), (0, missing)),
        }
    }
}

fn cell(age_band: AgeBand, bin: Bin, count_people: Option<u64>) -> Record {
    Record {
        year: 2021,
        area_level: AreaLevel::SecondaryMedicalArea,
        area_code: "0101".into(),
        area_name: "南渡島".into(),
        ..crate::fixtures::sbp_cell(GROUP_ALL, age_band, bin, count_people)
    }
}

fn bin(label: &str, lower: Option<f64>, upper: Option<f64>) -> Bin {
    Bin {
        label: label.into(),
        lower,
        upper,
    }
}

/// A row with three suppressed cells: every age band's share past 140 is a range that holds
/// the truth, and all ages together are exact.
#[test]
fn a_range_holds_the_truth_whatever_the_split_of_several_suppressed_cells() {
    let low = bin("140未満", None, Some(140.0));
    let high = bin("140以上", Some(140.0), None);
    let truth_high = [3u64, 120, 7, 9, 200, 5, 300];
    let truth_low = [500u64, 480, 460, 440, 420, 400, 380];
    let mut records = Vec::new();
    for (index, band) in NDB_AGE_BANDS.into_iter().enumerate() {
        // One cell of the other row is suppressed alone (a user's file may do that): exact.
        let low_published = (index != 2).then_some(truth_low[index]);
        records.push(cell(band, low.clone(), low_published));
        let suppressed = truth_high[index] < 10;
        records.push(cell(
            band,
            high.clone(),
            (!suppressed).then_some(truth_high[index]),
        ));
    }
    let subtotal = |bin: &Bin, people: u64| (0, cell(AgeBand::SUBTOTAL, bin.clone(), Some(people)));
    let summary = apply_subtotals(
        &mut records,
        [
            subtotal(&high, truth_high.iter().sum()),
            subtotal(&low, truth_low.iter().sum()),
        ],
    )
    .unwrap();
    assert_eq!((summary.bounded_cells, summary.bounded_people), (4, 24));
    assert_eq!(
        (summary.recovered_cells, summary.recovered_people),
        (1, 460)
    );

    let threshold = Threshold {
        kind: ThresholdKind::Guidance,
        value: 140.0,
        risk_side: RiskSide::AtOrAbove,
    };
    let select = |age_band| Selection {
        indicator: "sbp".into(),
        area: AreaSelection::Area {
            level: AreaLevel::SecondaryMedicalArea,
            code: "0101".into(),
            name: "南渡島".into(),
        },
        group: GroupSelection::Any,
        sex: Some(Sex::Male),
        age_band,
    };
    for (index, band) in NDB_AGE_BANDS.into_iter().enumerate() {
        let d = distribution(&records, &select(Some(band))).unwrap();
        let truth = truth_high[index] as f64 / (truth_high[index] + truth_low[index]) as f64;
        match d.threshold_share(&threshold) {
            ThresholdShare::Known {
                range: Some(range), ..
            } => {
                assert!(truth_high[index] < 10, "{}", band.id());
                assert!(
                    range.low_fraction <= truth && truth <= range.high_fraction,
                    "{}: {truth} outside {range:?}",
                    band.id()
                );
                assert!(
                    (range.low_count_people..=range.high_count_people).contains(&truth_high[index])
                );
            }
            ThresholdShare::Known {
                share_fraction,
                range: None,
                ..
            } => {
                assert!(truth_high[index] >= 10, "{}", band.id());
                assert!((share_fraction - truth).abs() < 1e-12);
            }
            ThresholdShare::NotOnBinEdge => panic!("140 is an edge"),
        }
    }
    let all_ages = distribution(&records, &select(None)).unwrap();
    let total_high: u64 = truth_high.iter().sum();
    let total: u64 = total_high + truth_low.iter().sum::<u64>();
    assert_eq!(
        all_ages.threshold_share(&threshold),
        ThresholdShare::Known {
            count_people: total_high,
            share_fraction: total_high as f64 / total as f64,
            range: None,
        },
        "all seven age bands: the subtotal makes it exact"
    );
    assert_eq!(SuppressedPeople::of([&all_ages]).restored_people, 24 + 460);
}
