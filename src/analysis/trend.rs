//! One selection (area, sex, age band or all ages) over fiscal years: each year's people, and
//! per threshold the crude share and the share age-standardised to a **fixed** standard
//! population. The standard is fixed because the trend compares years: a standard made of the
//! years' own examinees would move with them, and a change would then be partly the standard's.
//!
//! Years may publish different bins (BMI gained 30–35, 35–40 and ≥40 in release 6, FY2018):
//! every year's distribution is merged to the edges all years share, and the trend says it did.
//! Shares past a threshold are unaffected where the threshold is an edge of every year.
//!
//! A year's mean ([`standardised_mean`]) is the ministry's published means (各項目の平均値) of
//! the selection's strata weighted by the same standard, where every stratum has one. It is
//! never estimated from the bins: the within-bin models' means of SBP come out 0.5–0.9 mmHg
//! above the published ones (北海道 and 南渡島, FY2013–FY2021; `tests/native/trend.rs`), most
//! likely because SBP is recorded in whole mmHg and a bin's people sit half a step lower than
//! a model puts them. That is more than a year's change: a series mixing the two would show
//! changes that did not happen.

use crate::analysis::distribution::{
    distribution, AreaSelection, BinCount, Distribution, Selection, StatsError, ThresholdShare,
};
use crate::analysis::standardise::{
    selection_strata, standardised_shares, Estimate, StandardPopulation, Unstandardised,
};
use crate::model::indicator::Threshold;
use crate::model::published_mean::PublishedMeans;
use crate::model::standard_population::FixedStandard;
use crate::model::text::format_value;
use crate::model::{sort_by_key_value, AreaLevel, Bin, Record, Sex, NDB_AGE_BANDS};

/// One fiscal year of a trend.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendYear {
    pub fiscal_year: i32,
    /// The selection's distribution in the bins every year shares, or why there is none.
    pub distribution: Result<Distribution, StatsError>,
    /// Per threshold, the crude share (`None` without a distribution).
    pub crude: Vec<Option<ThresholdShare>>,
    /// Per threshold, the share directly standardised to the trend's standard.
    pub standardised: Vec<Result<Estimate, Unstandardised>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub standard: FixedStandard,
    /// Oldest first.
    pub years: Vec<TrendYear>,
    /// Whether some year's published bins were merged to the edges all years share.
    pub bins_merged: bool,
}

/// The trend of `selection` over `years` (each a fiscal year with its records, any order; a
/// year's records may hold other areas, sexes and age bands).
pub fn trend(
    years: &[(i32, &[Record])],
    selection: &Selection,
    thresholds: &[Threshold],
    standard: FixedStandard,
) -> Trend {
    let population = StandardPopulation::fixed(standard);
    let mut keyed: Vec<(f64, usize)> = (years.iter().enumerate())
        .map(|(index, (year, _))| (f64::from(*year), index))
        .collect();
    sort_by_key_value(&mut keyed);
    let ordered: Vec<&(i32, &[Record])> = keyed.iter().map(|(_, index)| &years[*index]).collect();
    let distributions: Vec<Result<Distribution, StatsError>> = ordered
        .iter()
        .map(|(_, records)| distribution(records, selection))
        .collect();
    let edges = common_edges(distributions.iter().filter_map(|d| d.as_ref().ok()));
    let mut bins_merged = false;
    let years = ordered
        .iter()
        .zip(distributions)
        .map(|((fiscal_year, records), distribution)| {
            let distribution = distribution.map(|d| match &edges {
                Some(edges) => {
                    let merged = merge_to_edges(&d, edges);
                    bins_merged |= merged.bins.len() != d.bins.len();
                    merged
                }
                None => d,
            });
            let crude = thresholds
                .iter()
                .map(|t| distribution.as_ref().ok().map(|d| d.threshold_share(t)))
                .collect();
            let strata = selection_strata(records, selection);
            TrendYear {
                fiscal_year: *fiscal_year,
                distribution,
                crude,
                standardised: standardised_shares(&strata, thresholds, &population),
            }
        })
        .collect();
    Trend {
        standard,
        years,
        bins_merged,
    }
}

/// The published means of `selection`'s strata (both sexes unless it names one, every age band
/// unless it names one) weighted by `standard`; `None` where a stratum has no published mean.
pub fn standardised_mean(
    published: &PublishedMeans,
    selection: &Selection,
    standard: FixedStandard,
) -> Option<f64> {
    let (level, code) = match &selection.area {
        AreaSelection::National => (AreaLevel::National, ""),
        AreaSelection::Area { level, code, .. } => (*level, code.as_str()),
    };
    let sexes = selection.sex.map_or(Sex::BOTH.to_vec(), |sex| vec![sex]);
    let bands = selection
        .age_band
        .map_or(NDB_AGE_BANDS.to_vec(), |band| vec![band]);
    let population = StandardPopulation::fixed(standard);
    let (mut weighted_sum, mut total_weight) = (0.0, 0.0);
    for &sex in &sexes {
        for &band in &bands {
            let weight = population
                .people
                .iter()
                .find(|(s, b, _)| *s == sex && *b == band)
                .map_or(0.0, |(_, _, people)| *people);
            let mean = published.find(&selection.indicator, level, code, sex, band)?;
            weighted_sum += weight * mean;
            total_weight += weight;
        }
    }
    (total_weight > 0.0).then(|| weighted_sum / total_weight)
}

/// The finite edges every distribution's bins have, ascending; `None` when a distribution has
/// categorical bins (urine tests: their bands are the same in every release).
fn common_edges<'a>(distributions: impl Iterator<Item = &'a Distribution>) -> Option<Vec<f64>> {
    let mut common: Option<Vec<f64>> = None;
    for distribution in distributions {
        if distribution.bins.iter().any(|b| b.bin.is_categorical()) {
            return None;
        }
        let edges: Vec<f64> = distribution
            .bins
            .iter()
            .flat_map(|b| [b.bin.lower, b.bin.upper])
            .flatten()
            .collect();
        common = Some(match common {
            None => {
                let mut keyed: Vec<(f64, usize)> = edges.into_iter().map(|e| (e, 0)).collect();
                sort_by_key_value(&mut keyed);
                let mut edges: Vec<f64> = keyed.into_iter().map(|(edge, _)| edge).collect();
                edges.dedup();
                edges
            }
            Some(kept) => kept.into_iter().filter(|e| edges.contains(e)).collect(),
        });
    }
    common
}

/// `distribution` with the bins between two consecutive `edges` summed into one (bins in
/// ascending order, as `Distribution` keeps them). A bin already between two consecutive
/// edges keeps its published label; a merged bin is labelled from its edges.
fn merge_to_edges(distribution: &Distribution, edges: &[f64]) -> Distribution {
    let mut bins: Vec<(BinCount, usize)> = Vec::new();
    for bin_count in &distribution.bins {
        // The merged bin a published bin falls in: the number of edges at or below its lower
        // edge (an open lower end falls in the first).
        let slot = bin_count
            .bin
            .lower
            .map_or(0, |lower| edges.iter().filter(|e| **e <= lower).count());
        match bins.last_mut() {
            Some((merged, last_slot)) if *last_slot == slot => {
                merged.bin = Bin {
                    label: String::new(),
                    lower: merged.bin.lower,
                    upper: bin_count.bin.upper,
                };
                merged.count_people += bin_count.count_people;
                merged.restored_people += bin_count.restored_people;
                merged.bounded_people_up_to += bin_count.bounded_people_up_to;
                merged.bounded_people_even_split += bin_count.bounded_people_even_split;
                merged.suppressed_cell_count += bin_count.suppressed_cell_count;
                merged.unbounded_cell_count += bin_count.unbounded_cell_count;
            }
            _ => bins.push((bin_count.clone(), slot)),
        }
    }
    let bins = bins
        .into_iter()
        .map(|(mut merged, _)| {
            if merged.bin.label.is_empty() {
                merged.bin.label = edge_label(merged.bin.lower, merged.bin.upper);
            }
            merged
        })
        .collect();
    Distribution {
        bins,
        ..distribution.clone()
    }
}

/// 「30以上」, 「25以上30未満」, 「18.5未満」: a merged bin written as the ministry writes bins.
fn edge_label(lower: Option<f64>, upper: Option<f64>) -> String {
    let lower = lower.map(|v| format!("{}以上", format_value(v)));
    let upper = upper.map(|v| format!("{}未満", format_value(v)));
    [lower, upper].into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::distribution::{AreaSelection, GroupSelection};
    use crate::import::cells::parse_bin_label;
    use crate::model::indicator::by_id;
    use crate::model::{test_record, AgeBand, Sex, GROUP_ALL, NDB_AGE_BANDS};

    fn cell(year: i32, sex: Sex, band: AgeBand, bin: &str, count: u64) -> Record {
        Record {
            year,
            sex,
            age_band: band,
            ..test_record(GROUP_ALL, parse_bin_label(bin).unwrap(), Some(count))
        }
    }

    fn hokkaido() -> Selection {
        Selection {
            area: AreaSelection::Area {
                level: crate::model::AreaLevel::Prefecture,
                code: "01".into(),
                name: "北海道".into(),
            },
            group: GroupSelection::Any,
            sex: None,
            age_band: None,
            indicator: "sbp".into(),
        }
    }

    /// Two years with the same share past 140 in every stratum but older people in the second:
    /// the crude share rises, the standardised share does not.
    #[test]
    fn an_older_population_raises_the_crude_share_not_the_standardised_one() {
        let mut records = Vec::new();
        for (year, old_weight) in [(2020, 1), (2021, 3)] {
            for sex in Sex::BOTH {
                for (index, band) in NDB_AGE_BANDS.iter().enumerate() {
                    let people = 100 * if index >= 4 { old_weight } else { 1 };
                    let risky = people * (index as u64 + 1) / 10;
                    records.push(cell(year, sex, *band, "140以上", risky));
                    records.push(cell(year, sex, *band, "140未満", people - risky));
                }
            }
        }
        let (first, second): (Vec<Record>, Vec<Record>) =
            records.into_iter().partition(|r| r.year == 2020);
        let sbp = by_id("sbp").unwrap();
        let see_doctor = &sbp.thresholds[1..];
        let trend = trend(
            &[(2021, &second), (2020, &first)],
            &hokkaido(),
            see_doctor,
            FixedStandard::Census2020,
        );
        let years: Vec<i32> = trend.years.iter().map(|y| y.fiscal_year).collect();
        assert_eq!(years, [2020, 2021]);
        let crude = |y: &TrendYear| match y.crude[0] {
            Some(ThresholdShare::Known { share_fraction, .. }) => share_fraction,
            _ => panic!("no crude share"),
        };
        let standardised = |y: &TrendYear| y.standardised[0].as_ref().unwrap().value;
        assert!(crude(&trend.years[1]) > crude(&trend.years[0]) + 0.05);
        assert!((standardised(&trend.years[1]) - standardised(&trend.years[0])).abs() < 1e-12);
        assert!(!trend.bins_merged);
    }

    /// BMI before and after release 6: the new top bins are merged into 「30以上」, the people
    /// and the share past 25 unchanged.
    #[test]
    fn bins_added_by_a_later_release_are_merged_to_the_common_edges() {
        let band = AgeBand::new(40, 44);
        let old = [
            ("18.5未満", 5),
            ("18.5以上25.0未満", 50),
            ("25.0以上30.0未満", 30),
            ("30.0以上", 15),
        ];
        let new = [
            ("18.5未満", 5),
            ("18.5以上25.0未満", 40),
            ("25.0以上30.0未満", 30),
            ("30.0以上35.0未満", 15),
            ("35.0以上40.0未満", 7),
            ("40.0以上", 3),
        ];
        let records = |year: i32, bins: &[(&str, u64)]| -> Vec<Record> {
            bins.iter()
                .map(|(bin, n)| Record {
                    indicator: "bmi".into(),
                    ..cell(year, Sex::Male, band, bin, *n)
                })
                .collect()
        };
        let (before, after) = (records(2017, &old), records(2018, &new));
        let selection = Selection {
            indicator: "bmi".into(),
            sex: Some(Sex::Male),
            age_band: Some(band),
            ..hokkaido()
        };
        let bmi = by_id("bmi").unwrap();
        let trend = trend(
            &[(2017, &before), (2018, &after)],
            &selection,
            bmi.thresholds,
            FixedStandard::Census2020,
        );
        assert!(trend.bins_merged);
        let merged = trend.years[1].distribution.as_ref().unwrap();
        let labels: Vec<&str> = merged.bins.iter().map(|b| b.bin.label.as_str()).collect();
        assert_eq!(
            labels,
            ["18.5未満", "18.5以上25.0未満", "25.0以上30.0未満", "30以上"]
        );
        assert_eq!(merged.bins[3].count_people, 25);
        assert_eq!(
            (merged.bins[3].bin.lower, merged.bins[3].bin.upper),
            (Some(30.0), None)
        );
        assert_eq!(merged.total_people, 100);
        let past_25 = trend.years[1].crude[0];
        assert_eq!(
            past_25,
            Some(ThresholdShare::Known {
                count_people: 55,
                share_fraction: 0.55,
                range: None
            })
        );
        assert_eq!(
            trend.years[0].distribution.as_ref().unwrap().bins.len(),
            4,
            "the older year's bins are the common ones"
        );
    }
}
