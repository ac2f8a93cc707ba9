//! The within-bin model against an independent check: the ministry's own mean of every item per
//! prefecture × sex × age band (各項目の平均値, FY2021), which the distributions do not contain.
//! The model's mean of each stratum's published bins is compared with the published mean, and
//! with the crude rule of everyone at their bin's midpoint.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use renkei::analysis::binned::BinnedModel;
use renkei::analysis::distribution::{
    distribution, AreaSelection, Distribution, GroupSelection, Selection,
};
use renkei::analysis::simulator::parameters::unavailable;
use renkei::model::indicator::{by_id, by_ndb_name, Indicator};
use renkei::model::prefecture;
use renkei::model::text::to_ascii_width;
use renkei::model::{AreaLevel, Sex, NDB_AGE_BANDS};

use crate::fixtures::{built_in, root};

/// Items whose model means are further off than everyone at their bin's midpoint, each with
/// the ceiling its 95th-percentile difference must stay under. They miss the midpoints' bar
/// because their lowest, open bin holds most people and no shape that fits their long tail
/// also places that bin's body (`docs/methods.md`). The ceiling is no quality bar, only what
/// the fitted shapes reach (rounded up), so that they cannot get worse unnoticed.
const MEAN_WORSE_THAN_MIDPOINTS: [(&str, f64); 3] =
    [("ast", 5.5), ("creatinine", 0.5), ("random_glucose", 45.0)];

const MEANS_WORKBOOK: &str =
    "data/ndb/ndb9_tokutei_kenshin_FY2021/001258741__各項目の平均値_都道府県別性年齢階級別分布.xlsx";

/// (prefecture, item id, sex, age band index) → published mean, read without the importer.
fn published_means() -> BTreeMap<(String, &'static str, Sex, usize), f64> {
    let bytes = std::fs::read(root().join(MEANS_WORKBOOK)).unwrap();
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    let mut means = BTreeMap::new();
    let mut area = String::new();
    for row in range.rows().skip(5) {
        if let Some(Data::String(name)) = row.first() {
            if !name.trim().is_empty() {
                area = name.trim().to_string();
            }
        }
        let Some(Data::String(item)) = row.get(1) else {
            continue;
        };
        let Some(indicator) = item_of(item) else {
            continue;
        };
        // Columns C–I men's seven bands (J 中計), K–Q women's (R 中計).
        for (sex, first_column) in [(Sex::Male, 2), (Sex::Female, 10)] {
            for band in 0..NDB_AGE_BANDS.len() {
                if let Some(Data::Float(mean)) = row.get(first_column + band) {
                    means.insert((area.clone(), indicator.id, sex, band), *mean);
                }
            }
        }
    }
    means
}

/// The means sheet names some items shorter than the distribution sheets do (ＨＤＬ, ＧＯＴ…).
fn item_of(name: &str) -> Option<&'static Indicator> {
    let id = match to_ascii_width(name.trim()).as_str() {
        "HDL" => "hdl",
        "LDL" => "ldl",
        "GOT" => "ast",
        "GPT" => "alt",
        "γ-GTP" => "ggt",
        _ => return by_ndb_name(name.trim()),
    };
    by_id(id)
}

/// The crude benchmark: everyone at their bin's midpoint (an open bin as wide as its
/// neighbour).
fn midpoint_mean(d: &Distribution) -> f64 {
    let widths: Vec<Option<f64>> = d
        .bins
        .iter()
        .map(|b| Some(b.bin.upper? - b.bin.lower?))
        .collect();
    let mut total = 0.0;
    for (i, bin) in d.bins.iter().enumerate() {
        let neighbour = widths
            .get(i + 1)
            .copied()
            .flatten()
            .or_else(|| i.checked_sub(1).and_then(|j| widths[j]))
            .unwrap_or(0.0);
        let middle = match (bin.bin.lower, bin.bin.upper) {
            (Some(l), Some(u)) => (l + u) / 2.0,
            (None, Some(u)) => u - neighbour / 2.0,
            (Some(l), None) => l + neighbour / 2.0,
            (None, None) => 0.0,
        };
        total += middle * bin.count_people as f64;
    }
    total / d.total_people as f64
}

/// One item's model means minus the published ones, stratum by stratum: the fitted model's, the
/// other within-bin assumptions' and the midpoint rule's.
#[derive(Default)]
struct Differences {
    fitted: Vec<f64>,
    monotone: Vec<f64>,
    even: Vec<f64>,
    midpoints: Vec<f64>,
}

/// Differences model − published per item; the table is printed for the record
/// (`cargo test --test native published_means -- --nocapture`).
#[test]
fn model_means_agree_with_the_ministrys_published_means() {
    let means = published_means();
    assert!(means.len() > 5_000, "{} means read", means.len());
    let mut by_item: BTreeMap<&str, Differences> = BTreeMap::new();
    let mut datasets = BTreeMap::new();
    for ((area, item, sex, band), published) in &means {
        let file = format!("ndb_r9_prefecture_{item}.arrow");
        if !root().join("public/data").join(&file).exists() {
            continue;
        }
        let dataset = datasets
            .entry(file.clone())
            .or_insert_with(|| built_in(&file));
        let Some(code) = prefecture::code_of(area) else {
            continue; // 都道府県判別不可 has no code, and the sheet may name it otherwise
        };
        let selection = Selection {
            indicator: item.to_string(),
            area: AreaSelection::Area {
                level: AreaLevel::Prefecture,
                code: code.to_string(),
                name: area.clone(),
            },
            group: GroupSelection::Any,
            sex: Some(*sex),
            age_band: Some(NDB_AGE_BANDS[*band]),
        };
        let Ok(d) = distribution(&dataset.records, &selection) else {
            continue;
        };
        let Ok([model, monotone, even]) = BinnedModel::fit_each_assumption(&d) else {
            continue;
        };
        let entry = by_item.entry(item).or_default();
        entry.fitted.push(model.mean_and_sd().0 - published);
        entry.monotone.push(monotone.mean_and_sd().0 - published);
        entry.even.push(even.mean_and_sd().0 - published);
        entry.midpoints.push(midpoint_mean(&d) - published);
    }
    let percentile = |values: &[f64], q: f64| {
        let mut absolute: Vec<f64> = values.iter().map(|d| d.abs()).collect();
        absolute.sort_by(f64::total_cmp);
        absolute[((absolute.len() - 1) as f64 * q).round() as usize]
    };
    println!("| item | strata | model: median |Δ| | 95th pct |Δ| | largest |Δ| | mean Δ | midpoints: median |Δ| | 95th pct |Δ| | monotone: 95th pct |Δ| | even: 95th pct |Δ| |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut failures = Vec::new();
    for (item, differences) in &by_item {
        let Differences {
            fitted: model,
            monotone,
            even,
            midpoints,
        } = differences;
        let mean_difference = model.iter().sum::<f64>() / model.len() as f64;
        println!(
            "| {item} | {} | {:.3} | {:.3} | {:.3} | {:+.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            model.len(),
            percentile(model, 0.5),
            percentile(model, 0.95),
            percentile(model, 1.0),
            mean_difference,
            percentile(midpoints, 0.5),
            percentile(midpoints, 0.95),
            percentile(monotone, 0.95),
            percentile(even, 0.95),
        );
        // The criterion: the fitted model must place the mean no worse than the crude rule of
        // everyone at their bin's midpoint (95th percentile over the strata). It needs no
        // tolerance of its own: the bins themselves set the bar.
        let bar = percentile(midpoints, 0.95);
        let reached = percentile(model, 0.95);
        let ceiling = MEAN_WORSE_THAN_MIDPOINTS
            .iter()
            .find(|(listed, _)| listed == item)
            .map(|(_, ceiling)| *ceiling);
        // The test fails both when another item gets worse and when a listed one is fixed
        // (then remove it from the list).
        if (reached <= bar) == ceiling.is_some() {
            failures.push(format!(
                "{item}: model {reached:.3}, midpoints {bar:.3} (listed as worse: {ceiling:?})"
            ));
        }
        if ceiling.is_some_and(|ceiling| reached > ceiling) {
            failures.push(format!(
                "{item}: model {reached:.3} over its ceiling {ceiling:?}"
            ));
        }
    }
    assert!(by_item.len() >= 10, "{:?}", by_item.keys());
    assert!(failures.is_empty(), "{failures:?}");
}

/// The simulator shows model figures without a caution, so it must not run on an item whose
/// model means failed the check above: these items have no 判定値 today. Should one gain one,
/// its simulated figures need a caution (or a better model) first.
#[test]
fn the_simulator_does_not_run_where_the_model_means_failed_the_check() {
    for (item, _) in MEAN_WORSE_THAN_MIDPOINTS {
        let indicator = by_id(item).unwrap();
        assert!(unavailable(indicator).is_some(), "{item}");
    }
}
