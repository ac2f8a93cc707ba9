//! Exports made natively from real data: the CSV holds exactly the numbers a chart draws (UTF-8
//! with BOM, every row with its source, formulas made inert), and every SVG carries its title,
//! source and year, and the fictional label where it applies.

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
    assert!(rows.iter().all(|r| r[8] == model.citation));
    assert!(rows.iter().all(|r| r[9].is_empty()), "real data: no note");
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
        ChartImage::Simulation(chart),
    ] {
        let svg = image.svg().unwrap();
        assert!(svg.contains(FICTIONAL_LABEL_JA), "{}", image.file_stem());
        assert!(svg.contains("2022"), "{}", image.file_stem());
        let rows = csv_rows(&image.csv());
        assert!(!rows.is_empty());
        assert!(
            rows.iter().all(|r| r[9].starts_with(FICTIONAL_LABEL_JA)),
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
fn the_simulation_csv_is_the_before_and_after_the_chart_draws() {
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let report = hokkaido_default_report(&dataset, sbp);
    let chart = report.chart("all", Approach::Population).unwrap();
    let rows = csv_rows(&ChartImage::Simulation(chart.clone()).csv());
    assert_eq!(rows.len(), 12);
    let after: Vec<u64> = rows[6..].iter().map(|r| r[5].parse().unwrap()).collect();
    assert_eq!(
        after,
        chart
            .after
            .bins
            .iter()
            .map(|b| b.count_people)
            .collect::<Vec<_>>()
    );
    assert!(rows.iter().all(|r| r[9].contains("推計")));
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
