//! Exports made natively from real data: the CSV holds exactly the numbers a chart draws (UTF-8
//! with BOM, every row with its source, formulas made inert), and every SVG carries its title,
//! source and year, and the fictional label where it applies.

use std::sync::Arc;

use crate::fixtures::{built_in, hokkaido};

use renkei::analysis::distribution::{AreaSelection, GroupSelection, Selection};
use renkei::analysis::groups::GroupDistributions;
use renkei::analysis::simulator::fit::SimulatorInput;
use renkei::analysis::simulator::outcome::simulate;
use renkei::analysis::simulator::parameters::{default_parameters, Approach};
use renkei::analysis::standardise::StandardSource;
use renkei::model::indicator::{by_id, Indicator};
use renkei::model::{AreaLevel, Dataset};
use renkei::view::export::ChartImage;
use renkei::view::language::Language;
use renkei::view::names::FICTIONAL_LABEL_JA;
use renkei::view::screen::{compute_series, ScreenModel};
use renkei::view::simulator::SimulationReport;

fn selection(area: AreaSelection, group: GroupSelection) -> Selection {
    Selection {
        indicator: "sbp".into(),
        area,
        group,
        sex: None,
        age_band: None,
    }
}

fn first_screen(dataset: &Dataset) -> ScreenModel {
    let sbp = by_id("sbp").unwrap();
    let primary = compute_series(dataset, &selection(hokkaido(), GroupSelection::Any)).unwrap();
    let national = compute_series(
        dataset,
        &selection(AreaSelection::National, GroupSelection::Any),
    )
    .unwrap();
    ScreenModel::new(
        sbp,
        primary,
        Some(national),
        &dataset.provenance,
        Language::Japanese,
    )
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{FEFF}').expect("a BOM for Excel");
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_distribution_csv_holds_the_charts_numbers_and_their_source() {
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let model = first_screen(&dataset);
    let image = ChartImage::Distribution(model.clone());
    let rows = csv_rows(&image.csv());
    assert_eq!(rows.len(), 12, "six bins of 北海道, six of 全国");
    let hokkaido_people: Vec<u64> = rows[..6].iter().map(|r| r[5].parse().unwrap()).collect();
    assert_eq!(
        hokkaido_people,
        model
            .primary
            .distribution
            .bins
            .iter()
            .map(|b| b.count_people)
            .collect::<Vec<_>>()
    );
    assert_eq!(rows[0][0], "北海道・男女計・40〜74歳");
    assert_eq!(rows[0][1], "120未満");
    assert_eq!(rows[0][4], "120", "upper edge");
    assert_eq!(rows[0][6], "36.04");
    assert!(rows.iter().all(|r| r[10] == model.citation));
    assert!(rows.iter().all(|r| r[11].is_empty()), "real data: no note");
    assert_eq!(image.file_stem(), "renkei_sbp_2022_distribution_北海道");

    let svg = image.svg().unwrap();
    for text in [
        "収縮期血圧の分布（2022年度）",
        "出典：厚生労働省 NDBオープンデータ",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    assert!(!svg.contains(FICTIONAL_LABEL_JA));
}

#[test]
fn the_first_screens_csv_holds_its_age_standardised_shares_and_their_difference() {
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let selections = [
        selection(hokkaido(), GroupSelection::Any),
        selection(AreaSelection::National, GroupSelection::Any),
    ];
    let model = crate::fixtures::first_screen_model(&dataset, selections, Language::Japanese);
    let standardised = model.standardised.as_deref().unwrap();
    let rows = csv_rows(&ChartImage::Distribution(model.clone()).csv());
    let thresholds = sbp.thresholds.len();
    assert_eq!(
        rows.len(),
        12 + 3 * thresholds,
        "the bins, then the table's figures"
    );
    let standardised_rows = &rows[12..];
    let percent = |fraction: f64| format!("{:.2}", fraction * 100.0);
    let figures = standardised
        .shares
        .iter()
        .chain([&standardised.differences]);
    for (block, figures) in standardised_rows.chunks(thresholds).zip(figures) {
        for ((row, figure), threshold) in block.iter().zip(figures).zip(sbp.thresholds) {
            let estimate = figure.as_ref().unwrap();
            assert_eq!(row[1], format!("{}mmHg以上", threshold.value), "{row:?}");
            assert_eq!(row[6], percent(estimate.value), "{row:?}");
            assert_eq!(row[7], percent(estimate.interval.0), "{row:?}");
            assert_eq!(row[8], percent(estimate.interval.1), "{row:?}");
            assert!(row[5].is_empty() && row[9].is_empty(), "no people: {row:?}");
            assert_eq!(row[10], model.citation);
            assert!(
                row[11].starts_with("画面の表示：")
                    && row[11].contains("直接法")
                    && row[11].contains("令和2年国勢調査"),
                "{row:?}"
            );
        }
    }
    assert_eq!(
        standardised_rows[0][0],
        "北海道・男女計・40〜74歳（年齢調整）"
    );
    assert_eq!(
        standardised_rows[2 * thresholds][0],
        "北海道・男女計・40〜74歳 − 全国・男女計・40〜74歳（年齢調整割合の差、ポイント）"
    );
    // The difference is the two rows' shares apart (to the rounding of two decimals).
    for index in 0..thresholds {
        let share = |row: &Vec<String>| row[6].parse::<f64>().unwrap();
        let apart =
            share(&standardised_rows[index]) - share(&standardised_rows[thresholds + index]);
        let difference = share(&standardised_rows[2 * thresholds + index]);
        assert!(
            (apart - difference).abs() <= 0.011,
            "{apart} vs {difference}"
        );
    }
}

#[test]
fn the_group_csv_holds_the_group_tables_crude_and_standardised_figures() {
    use renkei::analysis::distribution::ThresholdShare;
    let dataset = built_in("example_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let facts = GroupDistributions::compute(&dataset, sbp, &hokkaido(), None, None)
        .unwrap()
        .unwrap();
    let comparison = crate::fixtures::group_comparison(facts, Language::Japanese);
    let rows = csv_rows(&ChartImage::SmallMultiples(std::sync::Arc::new(comparison.clone())).csv());
    let percent = |fraction: f64| format!("{:.2}", fraction * 100.0);
    let row_of = |series: &str, threshold: &str| {
        rows.iter()
            .find(|r| r[0] == series && r[1] == threshold)
            .unwrap_or_else(|| panic!("no row {series} {threshold}"))
    };
    let see_doctor = sbp
        .thresholds
        .iter()
        .position(|t| t.value == 140.0)
        .unwrap();
    let standardised = comparison.standardised[see_doctor].as_ref().unwrap();
    for (index, group) in comparison.rows.iter().enumerate() {
        let name = format!("北海道・{}", group.label);
        let crude = row_of(&format!("{name}（粗割合）"), "140mmHg以上");
        let ThresholdShare::Known {
            count_people,
            share_fraction,
            ..
        } = comparison.distributions[index].threshold_share(&sbp.thresholds[see_doctor])
        else {
            panic!("140 is a bin edge");
        };
        assert_eq!(crude[5], count_people.to_string());
        assert_eq!(crude[6], percent(share_fraction));
        assert!(
            crude[11].contains(&group.thresholds[see_doctor].share),
            "{crude:?}"
        );

        let share = standardised.shares[index].as_ref().unwrap();
        let adjusted = row_of(&format!("{name}（年齢調整）"), "140mmHg以上");
        assert_eq!(
            adjusted[6..9],
            [
                percent(share.value),
                percent(share.interval.0),
                percent(share.interval.1)
            ]
        );
        assert!(adjusted[11].contains(&group.thresholds[see_doctor].standardised));

        let ratio = &standardised.ratios[index].as_ref().unwrap().ratio;
        let indirect = row_of(&format!("{name}（標準化該当比、合算＝100）"), "140mmHg以上");
        assert_eq!(indirect[6], format!("{:.2}", ratio.value));
        assert!(indirect[11].contains("Byar"), "{indirect:?}");
        assert!(rows.iter().all(|r| r[10] == comparison.citation));
    }
    // The second group minus the first, in points.
    let [first, second] = [&comparison.rows[0].label, &comparison.rows[1].label];
    let difference = standardised.differences[1]
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    let row = row_of(
        &format!("{second} − {first}（年齢調整割合の差、ポイント）"),
        "140mmHg以上",
    );
    assert_eq!(row[6], percent(difference.value));
}

#[test]
fn example_data_carry_the_fictional_label_in_every_export() {
    let dataset = built_in("example_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let regional = compute_series(
        &dataset,
        &selection(hokkaido(), GroupSelection::One("regional".into())),
    )
    .unwrap();
    let model = ScreenModel::new(sbp, regional, None, &dataset.provenance, Language::Japanese);
    let facts = GroupDistributions::compute(&dataset, sbp, &hokkaido(), None, None)
        .unwrap()
        .unwrap();
    let comparison = crate::fixtures::group_comparison(facts, Language::Japanese);
    let report = hokkaido_default_report(&dataset, sbp);
    let chart = report.chart("combined", Approach::Both).unwrap();
    for image in [
        ChartImage::Distribution(model),
        ChartImage::SmallMultiples(std::sync::Arc::new(comparison)),
        ChartImage::Simulation(Arc::new(chart)),
    ] {
        let svg = image.svg().unwrap();
        assert!(svg.contains(FICTIONAL_LABEL_JA), "{}", image.file_stem());
        assert!(svg.contains("2022"), "{}", image.file_stem());
        let rows = csv_rows(&image.csv());
        assert!(!rows.is_empty());
        assert!(
            rows.iter().all(|r| r[11].starts_with(FICTIONAL_LABEL_JA)),
            "{}",
            image.file_stem()
        );
    }
}

#[test]
fn names_from_a_users_file_cannot_become_formulas() {
    let csv = "年度,地域区分,地域コード,地域名,区分,性別,年齢階級,項目,階級,人数\n\
               2024,市町村,,=HYPERLINK(\"http://x\"),地域,男,40～44歳,収縮期血圧,130未満,120\n\
               2024,市町村,,=HYPERLINK(\"http://x\"),地域,男,40～44歳,収縮期血圧,130以上,30\n";
    let dataset = renkei::import::tidy::import_tidy_csv(csv.as_bytes(), "evil.csv").unwrap();
    let area = AreaSelection::Area {
        level: AreaLevel::Municipality,
        code: String::new(),
        name: "=HYPERLINK(\"http://x\")".into(),
    };
    let series = compute_series(&dataset, &selection(area, GroupSelection::Any)).unwrap();
    let model = ScreenModel::new(
        by_id("sbp").unwrap(),
        series,
        None,
        &dataset.provenance,
        Language::Japanese,
    );
    let rows = csv_rows(&ChartImage::Distribution(model).csv());
    assert!(rows[0][0].starts_with("'=HYPERLINK"), "{}", rows[0][0]);
}

#[test]
fn the_simulation_csv_is_the_charts_bins_and_the_results_tables_figures() {
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let report = hokkaido_default_report(&dataset, sbp);
    let chart = report.chart("all", Approach::Population).unwrap();
    let rows = csv_rows(&ChartImage::Simulation(Arc::new(chart.clone())).csv());
    let bins = chart.before.bins.len() + chart.after.bins.len();
    assert_eq!(bins, 12);
    let after: Vec<u64> = rows[6..bins]
        .iter()
        .map(|r| r[5].parse().unwrap())
        .collect();
    assert_eq!(
        after,
        chart
            .after
            .bins
            .iter()
            .map(|b| b.count_people)
            .collect::<Vec<_>>()
    );
    assert!(rows.iter().all(|r| r[11].contains("推計")));

    // Then the results table's figures: every cell as the page shows it, and the people and
    // shares past each threshold (and the age-standardised shares) as numbers, under the
    // fitted shape.
    let table: Vec<_> = report.table_rows(&report.rows[0]);
    let headings = report.column_headings();
    let figures = &rows[bins..];
    assert_eq!(figures.len(), report.rows.len() * table.len() * 4);
    for (row, cells) in table.iter().zip(figures.chunks(4)) {
        for ((cell, heading), record) in row.cells.iter().zip(&headings).zip(cells) {
            assert_eq!(record[0], format!("{}：{heading}", report.rows[0].label));
            assert_eq!(record[1], row.label);
            assert!(
                record[11].contains(&format!("画面の表示：{}", cell.replace('\n', " "))),
                "{record:?}"
            );
        }
    }
    let row = &report.rows[0];
    for (threshold, outcome) in row.past.iter().enumerate() {
        let record = &figures[threshold * 4 + 1];
        let people = outcome.after[0].fitted();
        assert_eq!(record[2], "人");
        assert_eq!(record[5], format!("{people:.0}"));
        assert_eq!(record[6], format!("{:.2}", people / row.people * 100.0));
    }
    let standardised = row.standardised.as_ref().unwrap();
    let record = &figures[row.past.len() * 4];
    assert_eq!(record[2], "%");
    assert_eq!(
        record[6],
        format!("{:.2}", standardised[0].before.fitted() * 100.0)
    );
}

/// The simulator's report, in Japanese, for Hokkaido with the item's default parameters.
fn hokkaido_default_report(dataset: &Dataset, indicator: &'static Indicator) -> SimulationReport {
    let input = SimulatorInput::prepare(dataset, indicator, &hokkaido(), None, None).unwrap();
    let outcome = simulate(
        &input,
        &default_parameters(indicator),
        &input.standard(StandardSource::Shown),
    );
    SimulationReport::new(&outcome, Language::Japanese)
}
