//! The trend view against the ministry's workbooks: every year's crude and age-standardised
//! share of 北海道 and of 全国 recomputed here from the workbooks' records with nothing but sums
//! (the cells themselves are checked against the sheets in `ndb_workbooks.rs`), and its chart
//! drawn as SVG.

use std::path::Path;
use std::sync::Arc;

use renkei::analysis::distribution::{AreaSelection, GroupSelection, Selection};
use renkei::draw::trend_chart::render_svg;
use renkei::import::manifest::Manifest;
use renkei::import::ndb::{import_workbook, BUILT_IN_RELEASES};
use renkei::model::indicator::by_id;
use renkei::model::{AgeBand, AreaLevel, Record, Sex, NDB_AGE_BANDS};
use renkei::view::language::Language;
use renkei::view::trend::{TrendFigures, TrendMeans, TrendMeansData, TREND_STANDARD};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The source workbook's records of a built-in year (by prefecture).
pub(crate) fn workbook_records(release: &str, indicator: &str) -> Vec<Record> {
    let text = std::fs::read_to_string(root().join("public/data/manifest.json")).unwrap();
    let manifest = Manifest::from_json(&text).unwrap();
    let entry = manifest.find(release, "prefecture", indicator).unwrap();
    let (_, folder) = BUILT_IN_RELEASES
        .iter()
        .find(|(r, _)| *r == release)
        .unwrap();
    let file = &entry.source_files[0];
    let bytes = std::fs::read(root().join("data/ndb").join(folder).join(file)).unwrap();
    import_workbook(&bytes, file, release)
        .unwrap()
        .dataset
        .records
}

/// (people at or past `threshold`, people) of one stratum, from the records alone; `None`
/// where a cell is suppressed (the page then shows a range, checked elsewhere).
fn stratum(
    records: &[Record],
    in_area: &dyn Fn(&Record) -> bool,
    sex: Sex,
    band: AgeBand,
    threshold: f64,
) -> Option<(u64, u64)> {
    let mut past = 0;
    let mut all = 0;
    for record in records
        .iter()
        .filter(|r| in_area(r) && r.sex == sex && r.age_band == band)
    {
        let count = record.count_people?;
        all += count;
        if record.bin.lower.is_some_and(|lower| lower >= threshold) {
            past += count;
        }
    }
    Some((past, all))
}

/// 北海道's SBP, both sexes and every age band.
fn hokkaido_sbp() -> Selection {
    Selection {
        indicator: "sbp".into(),
        area: AreaSelection::Area {
            level: AreaLevel::Prefecture,
            code: "01".into(),
            name: "北海道".into(),
        },
        group: GroupSelection::Any,
        sex: None,
        age_band: None,
    }
}

#[test]
fn hokkaido_sbp_every_year_is_the_workbooks_standardised_and_crude_share() {
    let sbp = by_id("sbp").unwrap();
    let hokkaido = hokkaido_sbp();
    let data = crate::fixtures::built_in_trend_years("sbp", AreaLevel::Prefecture);
    let figures = TrendFigures::compute(sbp, hokkaido, &data);
    let years: Vec<i32> = figures.area.years.iter().map(|y| y.fiscal_year).collect();
    assert_eq!(years, (2013..=2022).collect::<Vec<_>>());
    let weights = TREND_STANDARD.people();
    let national = figures.national.as_ref().unwrap();
    let mut compared = [0, 0];
    for (index, year) in figures.area.years.iter().enumerate() {
        let (_, release) = figures
            .releases
            .iter()
            .find(|(fiscal_year, _)| *fiscal_year == year.fiscal_year)
            .unwrap();
        let records = workbook_records(release, "sbp");
        let is_hokkaido = |r: &Record| r.area_name == "北海道";
        let is_prefecture = |r: &Record| r.area_level == AreaLevel::Prefecture;
        for (threshold_index, threshold) in [130.0, 140.0].into_iter().enumerate() {
            for (area_index, in_area, trend_year) in [
                (0, &is_hokkaido as &dyn Fn(&Record) -> bool, year),
                (1, &is_prefecture, &national.years[index]),
            ] {
                let (mut weighted, mut weight_total, mut past_all, mut people_all) =
                    (0.0, 0.0, 0, 0);
                let mut suppressed = false;
                for sex in Sex::BOTH {
                    for band in NDB_AGE_BANDS {
                        let Some((past, all)) = stratum(&records, in_area, sex, band, threshold)
                        else {
                            suppressed = true;
                            continue;
                        };
                        let weight = weights
                            .iter()
                            .find(|(s, b, _)| *s == sex && *b == band)
                            .unwrap()
                            .2;
                        weighted += weight * past as f64 / all as f64;
                        weight_total += weight;
                        past_all += past;
                        people_all += all;
                    }
                }
                if suppressed {
                    continue;
                }
                compared[area_index] += 1;
                let standardised = trend_year.standardised[threshold_index].as_ref().unwrap();
                assert!(
                    (standardised.value - weighted / weight_total).abs() < 1e-12,
                    "{} ≥{threshold}",
                    year.fiscal_year
                );
                let crude = match trend_year.crude[threshold_index] {
                    Some(renkei::analysis::distribution::ThresholdShare::Known {
                        share_fraction,
                        ..
                    }) => share_fraction,
                    other => panic!("{other:?}"),
                };
                assert!((crude - past_all as f64 / people_all as f64).abs() < 1e-12);
            }
        }
    }
    assert_eq!(compared[0], 20, "北海道: every year, both thresholds");
    assert!(
        compared[1] >= 12,
        "全国: the years without a suppressed cell"
    );
    let screen = figures.screen(Language::Japanese);
    assert_eq!(screen.rows.len(), 10);
    assert_eq!(screen.rows[0].year, "2013年度（第1回）");
    let standardised = screen.rows[9].cells[1].standardised.as_ref().unwrap();
    assert!(standardised.contains("95%CI"));
    assert_eq!(screen.columns.len(), 3, "standardised, crude, 全国");
    assert!(screen.chart.footer[0].starts_with("出典：厚生労働省 NDBオープンデータ 第1回〜第10回"));
    let svg = render_svg(&screen.chart, 960, 540).unwrap();
    assert!(
        svg.contains("2013") && svg.contains("2022"),
        "years on the axis"
    );
    assert!(svg.contains("全国 140mmHg以上") && svg.contains("北海道 140mmHg以上"));
    // The English title is wider than a narrow chart: it wraps rather than being cut off.
    let english = figures.screen(Language::English).chart;
    let narrow = render_svg(&english, 640, 540).unwrap();
    assert!(!narrow.contains(&english.title), "{}", english.title);
    let last_words = english.title.rsplit(' ').next().unwrap();
    assert!(narrow.contains(last_words), "{last_words}");
}

/// BMI across release 6: the chart's years keep one set of bins, and the page says so.
#[test]
fn bmi_across_the_bin_change_is_merged_and_said() {
    let bmi = by_id("bmi").unwrap();
    let selection = Selection {
        indicator: "bmi".into(),
        area: AreaSelection::National,
        group: GroupSelection::Any,
        sex: Some(Sex::Male),
        age_band: Some(AgeBand::new(40, 44)),
    };
    let figures = TrendFigures::compute(
        bmi,
        selection,
        &crate::fixtures::built_in_trend_years("bmi", AreaLevel::Prefecture),
    );
    assert!(figures.area.bins_merged);
    assert!(figures.national.is_none(), "全国 is the selection");
    for year in &figures.area.years {
        let bins = &year.distribution.as_ref().unwrap().bins;
        assert_eq!(bins.len(), 5, "{}", year.fiscal_year);
        assert_eq!(bins[4].bin.lower, Some(30.0));
    }
    let screen = figures.screen(Language::English);
    // One age band of 全国: the crude share alone, no column repeating it or 全国 itself.
    assert_eq!(screen.columns, ["Crude (people)"]);
    assert!(screen
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .all(|c| c.standardised.is_none() && c.national.is_none() && c.crude.contains('%')));
    assert!(screen
        .notes
        .iter()
        .any(|n| n.contains("BMI's ≥30 was split")));
    assert!(
        screen.title.contains("crude"),
        "one age band is not standardised"
    );
}

/// Two years compared (then vs now) are a trend of those two: their bins are merged only where
/// the two differ (BMI FY2017 against FY2018, not FY2018 against FY2022).
#[test]
fn two_years_are_merged_only_where_their_bins_differ() {
    use renkei::analysis::trend::trend;
    let years = crate::fixtures::built_in_trend_years("bmi", AreaLevel::Prefecture);
    let year = |fiscal_year: i32| {
        years
            .iter()
            .find(|d| d.fiscal_year == fiscal_year)
            .map(|d| (fiscal_year, d.selection_level.records.as_slice()))
            .unwrap()
    };
    let selection = Selection {
        indicator: "bmi".into(),
        area: AreaSelection::National,
        group: GroupSelection::Any,
        sex: None,
        age_band: None,
    };
    let bmi = by_id("bmi").unwrap();
    let across = trend(
        &[year(2017), year(2018)],
        &selection,
        bmi.thresholds,
        TREND_STANDARD,
    );
    let after = trend(
        &[year(2018), year(2022)],
        &selection,
        bmi.thresholds,
        TREND_STANDARD,
    );
    assert!(across.bins_merged && !after.bins_merged);
    let bins = |t: &renkei::analysis::trend::Trend, i: usize| {
        t.years[i].distribution.as_ref().unwrap().bins.len()
    };
    assert_eq!((bins(&across, 0), bins(&across, 1)), (5, 5));
    assert_eq!((bins(&after, 0), bins(&after, 1)), (7, 7));
}

/// The trend's mean: the ministry's published means of each sex × age band weighted by the
/// census standard, every year they are published (FY2013–FY2021 by prefecture, FY2018–FY2020
/// by secondary medical area in the mirror), and none where not. The within-bin model's mean
/// of the same strata is 0.5–0.9 mmHg higher every year (values are recorded in whole mmHg),
/// which is why the trend shows no estimated mean (`analysis::trend`).
#[test]
fn the_mean_is_the_published_means_weighted_by_the_standard_and_never_estimated() {
    use renkei::analysis::binned::BinnedModel;
    use renkei::analysis::standardise::selection_strata;
    use renkei::model::published_mean::PublishedMeans;
    let sbp = by_id("sbp").unwrap();
    let standard = TREND_STANDARD.people();
    let weight = |sex: Sex, band: AgeBand| {
        let found = standard.iter().find(|(s, b, _)| *s == sex && *b == band);
        found.unwrap().2
    };
    let total_weight: f64 = standard.iter().map(|(_, _, people)| people).sum();
    for (level, code, name) in [
        (AreaLevel::Prefecture, "01", "北海道"),
        (AreaLevel::SecondaryMedicalArea, "0101", "南渡島"),
    ] {
        let selection = Selection {
            indicator: "sbp".into(),
            area: AreaSelection::Area {
                level,
                code: code.into(),
                name: name.into(),
            },
            group: GroupSelection::Any,
            sex: None,
            age_band: None,
        };
        let mut years = crate::fixtures::built_in_trend_years("sbp", level);
        years.sort_by_key(|y| y.fiscal_year);
        let means_data: Vec<TrendMeansData> = years
            .iter()
            .map(|year| TrendMeansData {
                fiscal_year: year.fiscal_year,
                selection_level: crate::fixtures::ndb_means(&year.release, level).map(Arc::new),
                prefectures: crate::fixtures::ndb_means(&year.release, AreaLevel::Prefecture)
                    .map(Arc::new),
            })
            .collect();
        let means = TrendMeans::compute(sbp, &selection, &means_data);
        // Recomputed here: Σ weight × published mean / Σ weight over the 14 strata.
        let weighted = |means: &PublishedMeans, level: AreaLevel, code: &str| -> f64 {
            let mut sum = 0.0;
            for (sex, band, people) in &standard {
                let mean = means.means.iter().find(|m| {
                    m.indicator == "sbp"
                        && m.area_level == level
                        && m.area_code == code
                        && m.sex == *sex
                        && m.age_band == *band
                });
                sum += people * mean.and_then(|m| m.mean).unwrap();
            }
            sum / total_weight
        };
        let mut published_years = 0;
        for ((data, published), (fiscal_year, mean, national_mean)) in
            years.iter().zip(&means_data).zip(&means.years)
        {
            assert_eq!(data.fiscal_year, *fiscal_year);
            let Some(workbook) = &published.selection_level else {
                assert_eq!(*mean, None, "FY{fiscal_year}: no means, no mean");
                continue;
            };
            published_years += 1;
            let mean = mean.unwrap();
            assert!((mean - weighted(workbook, level, code)).abs() < 1e-9);
            let national_mean = national_mean.unwrap();
            let prefecture_means = published.prefectures.as_ref().unwrap();
            let expected = weighted(prefecture_means, AreaLevel::National, "");
            assert!((national_mean - expected).abs() < 1e-9);
            // The within-bin model's mean of the same strata, weighted alike, is higher.
            let strata = selection_strata(&data.selection_level.records, &selection);
            let model_mean: f64 = strata
                .iter()
                .map(|(sex, band, d)| {
                    let model = BinnedModel::fit(d.as_ref().unwrap()).unwrap();
                    weight(*sex, *band) * model.mean_and_sd().0
                })
                .sum::<f64>()
                / total_weight;
            let excess = model_mean - mean;
            assert!(
                (0.4..1.0).contains(&excess),
                "{name} FY{}: model {model_mean:.2}, published {mean:.2}",
                data.fiscal_year
            );
        }
        let expected_published = if level == AreaLevel::Prefecture { 9 } else { 3 };
        assert_eq!(published_years, expected_published, "{name}");
        let screen = means.screen(Language::Japanese);
        assert!(screen.rows[0].1.ends_with("mmHg"), "{}", screen.rows[0].1);
        assert_eq!(screen.rows.last().unwrap().1, "—（公表なし）");
        assert!(screen.notes.iter().any(|n| n.contains("各項目の平均値")));
        assert!(screen.notes.iter().any(|n| n.contains("公表なし")));
    }
}

/// A user's own years: two workbooks opened as the user's files (FY2021 and FY2022 by
/// prefecture) make a trend of their own when one of them is shown — one year per file, never
/// summed across years — whose figures are the built-in trend's for those two years, citing
/// the files opened instead of the ministry's releases.
#[test]
fn a_users_files_of_several_years_make_their_own_trend() {
    use renkei::import::collection::{merge_files, LoadedFile};
    use renkei::import::manifest::user_catalogue;
    use renkei::view::trend::{trend_files, TrendData};
    let opened: Vec<LoadedFile> = [
        (
            "第9回",
            "001258765__収縮期血圧_都道府県別性年齢階級別分布.xlsx",
        ),
        ("第10回", "SBP_pref.xlsx"),
    ]
    .iter()
    .map(|(release, file)| {
        let (_, folder) = BUILT_IN_RELEASES
            .iter()
            .find(|(r, _)| r == release)
            .unwrap();
        let bytes = std::fs::read(root().join("data/ndb").join(folder).join(file)).unwrap();
        // As a user opens it: the release unknown.
        let workbook = import_workbook(&bytes, file, "").unwrap();
        LoadedFile::new(file, workbook.dataset)
    })
    .collect();
    let (entries, datasets) = user_catalogue(merge_files(&opened).unwrap());
    let built_in = Manifest::from_json(
        &std::fs::read_to_string(root().join("public/data/manifest.json")).unwrap(),
    )
    .unwrap();
    let mut manifest = built_in.clone();
    manifest.datasets.splice(0..0, entries);
    let selection = hokkaido_sbp();
    let shown = manifest.releases()[0].0.clone();
    let files = trend_files(&manifest, &selection, &shown);
    let years: Vec<i32> = files.iter().map(|f| f.fiscal_year).collect();
    assert_eq!(
        years,
        [2021, 2022],
        "the user's years only, not the built-in ten"
    );
    let data: Vec<TrendData> = files
        .iter()
        .map(|f| {
            let dataset = |key: &str| {
                let found = datasets.iter().find(|(k, _)| k == key).unwrap();
                Arc::new(found.1.clone())
            };
            TrendData {
                fiscal_year: f.fiscal_year,
                release: f.release.clone(),
                selection_level: dataset(&f.selection_file),
                prefectures: f.prefecture_file.as_deref().map(dataset),
            }
        })
        .collect();
    let users = TrendFigures::compute(by_id("sbp").unwrap(), selection.clone(), &data);
    let ten_years = crate::fixtures::built_in_trend_years("sbp", AreaLevel::Prefecture);
    let builtin = TrendFigures::compute(by_id("sbp").unwrap(), selection, &ten_years);
    for year in &users.area.years {
        let same = builtin
            .area
            .years
            .iter()
            .find(|y| y.fiscal_year == year.fiscal_year);
        let same = same.unwrap();
        assert_eq!(year.crude, same.crude, "FY{}", year.fiscal_year);
        assert_eq!(
            year.standardised, same.standardised,
            "FY{}",
            year.fiscal_year
        );
    }
    assert!(
        users.national.is_some(),
        "the files have every prefecture: 全国 is their sum"
    );
    assert_eq!(
        users.screen(Language::Japanese).rows[0].year,
        "読み込んだファイル（2021年度）"
    );
    let citation = users.citation(Language::Japanese);
    assert!(
        citation.starts_with("出典：読み込んだファイル「001258765__収縮期血圧")
            && citation.contains("SBP_pref.xlsx")
            && citation.contains("2021〜2022年度"),
        "{citation}"
    );
}
