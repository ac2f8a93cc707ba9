//! Did the distribution shift, or did its tail shrink? For one selection and two fiscal years,
//! the observed change in the share past each threshold beside what two ways of changing the
//! earlier year predict, each made to move the mean as much as it moved:
//!
//! - (a) **population shift**: every value moves by the observed change of the mean;
//! - (b) **high-risk change**: only the people past the item's last threshold (受診勧奨判定値)
//!   improve, all by the same amount, which is the one that moves the mean as much.
//!
//! Per sex × age band, each on the binned model of the earlier year under every within-bin
//! assumption ([`WithinBin::ALL`]), and directly standardised to a fixed standard over the
//! strata. Which prediction the observed change is closer to is a description of its shape,
//! not a cause: who attends, measurement and the population's age change the figures too.

use crate::analysis::binned::{BinnedModel, WithinBin};
use crate::analysis::distribution::{Distribution, Selection};
use crate::analysis::intervention::{people_at_risk, HighRisk, Intervention};
use crate::analysis::standardise::{selection_strata, StandardPopulation};
use crate::model::indicator::{RiskSide, Threshold};
use crate::model::{AgeBand, Record, Sex};

/// Shares (0–1) past one threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThresholdChange {
    pub before: f64,
    pub after: f64,
    /// Predicted after, per within-bin assumption ([`WithinBin::ALL`] order).
    pub shift: [f64; 3],
    /// The same for the high-risk change; `None` where it cannot move the mean as observed
    /// (the mean rose, or nobody was past the threshold).
    pub high_risk: [Option<f64>; 3],
}

#[derive(Clone, Debug, PartialEq)]
pub struct StratumChange {
    pub sex: Sex,
    pub age_band: AgeBand,
    /// The model's mean after minus before, per within-bin assumption.
    pub mean_change: [f64; 3],
    /// Per threshold.
    pub thresholds: Vec<ThresholdChange>,
}

/// Which prediction the observed change resembles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resemblance {
    PopulationShift,
    HighRisk,
    /// Neither is clearly closer (the two predictions differ too little, or fit equally).
    Unclear,
}

#[derive(Clone, Debug, PartialEq)]
pub struct YearChange {
    /// Strata with people in both years.
    pub strata: Vec<StratumChange>,
    /// Strata of the selection without a distribution in one of the years: not in the
    /// standardised figures, which then cover fewer strata (the view says which).
    pub missing_strata: Vec<(Sex, AgeBand)>,
    /// Per threshold, directly standardised over `strata` (weights of the standard).
    pub standardised: Vec<ThresholdChange>,
    /// The standardised mean's change, per within-bin assumption: the shift (a) applies.
    pub mean_change: [f64; 3],
    /// How far everyone past the last threshold improves in (b), per assumption; `None` where
    /// the mean moved the other way.
    pub high_risk_improvement: [Option<f64>; 3],
    /// From the standardised figures under the fitted shape.
    pub resembles: Resemblance,
}

/// Why two years cannot be compared.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeError {
    /// The item has no threshold, or no numeric bins (urine tests).
    NotComparable,
    /// No sex × age band has people in both years.
    NoCommonStratum,
}

/// The change from `before` to `after` (each a year's records) of `selection`.
pub fn compare_years(
    before: &[Record],
    after: &[Record],
    selection: &Selection,
    thresholds: &[Threshold],
    standard: &StandardPopulation,
) -> Result<YearChange, ChangeError> {
    let high_risk_threshold = thresholds.last().ok_or(ChangeError::NotComparable)?;
    // Each stratum's models of both years (per within-bin assumption) and its weight.
    let mut models: Vec<StratumModels> = Vec::new();
    let mut missing_strata = Vec::new();
    let fitted = |distribution: &Option<Distribution>| {
        BinnedModel::fit_each_assumption(distribution.as_ref()?).ok()
    };
    let strata_after = selection_strata(after, selection);
    for ((sex, age_band, first), (_, _, second)) in selection_strata(before, selection)
        .iter()
        .zip(&strata_after)
    {
        let (sex, age_band) = (*sex, *age_band);
        let weight = standard
            .people
            .iter()
            .find(|(s, b, _)| *s == sex && *b == age_band)
            .map_or(0.0, |(_, _, people)| *people);
        match (fitted(first), fitted(second)) {
            (Some(before), Some(after)) if weight > 0.0 => models.push(StratumModels {
                sex,
                age_band,
                before,
                after,
                weight,
            }),
            _ => missing_strata.push((sex, age_band)),
        }
    }
    if models.is_empty() {
        return Err(ChangeError::NoCommonStratum);
    }
    let weight_total: f64 = models.iter().map(|m| m.weight).sum();
    let standardise = |value: &dyn Fn(&StratumModels) -> f64| {
        models.iter().map(|m| m.weight * value(m)).sum::<f64>() / weight_total
    };
    let none = Intervention::default();
    // One shift and one improvement for every stratum, each moving the standardised mean as
    // much as it moved.
    let mean_change: [f64; 3] = std::array::from_fn(|k| {
        standardise(&|m| m.after[k].mean_and_sd().0 - m.before[k].mean_and_sd().0)
    });
    let shift: [Intervention; 3] = std::array::from_fn(|k| Intervention {
        population_shift: mean_change[k],
        high_risk: None,
    });
    let past_high_risk = standardise(&|m| share_past(&m.before[0], &none, high_risk_threshold));
    let high_risk: [Option<Intervention>; 3] = std::array::from_fn(|k| {
        let improvement = match high_risk_threshold.risk_side {
            RiskSide::AtOrAbove => -mean_change[k],
            RiskSide::Below => mean_change[k],
        } / past_high_risk;
        (improvement.is_finite() && improvement >= 0.0).then_some(Intervention {
            population_shift: 0.0,
            high_risk: Some(HighRisk {
                threshold: high_risk_threshold.value,
                reach_fraction: 1.0,
                improvement,
            }),
        })
    });
    let strata: Vec<StratumChange> = models
        .iter()
        .map(|m| StratumChange {
            sex: m.sex,
            age_band: m.age_band,
            mean_change: std::array::from_fn(|k| {
                m.after[k].mean_and_sd().0 - m.before[k].mean_and_sd().0
            }),
            thresholds: thresholds
                .iter()
                .map(|t| ThresholdChange {
                    before: share_past(&m.before[0], &none, t),
                    after: share_past(&m.after[0], &none, t),
                    shift: std::array::from_fn(|k| share_past(&m.before[k], &shift[k], t)),
                    high_risk: std::array::from_fn(|k| {
                        high_risk[k].map(|h| share_past(&m.before[k], &h, t))
                    }),
                })
                .collect(),
        })
        .collect();
    let standardised: Vec<ThresholdChange> = (0..thresholds.len())
        .map(|index| {
            let weighted = |pick: &dyn Fn(&ThresholdChange) -> Option<f64>| {
                let mut sum = 0.0;
                for (stratum, model) in strata.iter().zip(&models) {
                    sum += model.weight * pick(&stratum.thresholds[index])?;
                }
                Some(sum / weight_total)
            };
            ThresholdChange {
                before: weighted(&|t| Some(t.before)).unwrap_or(0.0),
                after: weighted(&|t| Some(t.after)).unwrap_or(0.0),
                shift: std::array::from_fn(|k| weighted(&|t| Some(t.shift[k])).unwrap_or(0.0)),
                high_risk: std::array::from_fn(|k| weighted(&|t| t.high_risk[k])),
            }
        })
        .collect();
    Ok(YearChange {
        resembles: resemblance(&standardised),
        mean_change,
        high_risk_improvement: high_risk
            .map(|h| h.and_then(|h| h.high_risk).map(|h| h.improvement)),
        strata,
        missing_strata,
        standardised,
    })
}

/// One sex × age band's binned models of the two years and its weight in the standard.
struct StratumModels {
    sex: Sex,
    age_band: AgeBand,
    before: [BinnedModel; 3],
    after: [BinnedModel; 3],
    weight: f64,
}

/// The share (0–1) of a model's people past `threshold` after `intervention`; exact at a bin
/// edge with no intervention.
fn share_past(model: &BinnedModel, intervention: &Intervention, threshold: &Threshold) -> f64 {
    people_at_risk(model, intervention, threshold.value, threshold.risk_side) / model.total_people
}

/// A change of a share smaller than this (0.1 percentage point) has no direction a prediction
/// must get right.
const NO_DIRECTION: f64 = 0.001;

/// The prediction whose shares after are closer to the observed ones (fitted shape): the only
/// one that moves every share the way it moved, or, if both do, the one at most half as far
/// from them (summed over the thresholds). No claim where (b) cannot be made (the mean rose).
fn resemblance(standardised: &[ThresholdChange]) -> Resemblance {
    let fitted = WithinBin::ALL
        .iter()
        .position(|w| *w == WithinBin::FittedShape)
        .unwrap_or(0);
    // How far a prediction is from what was observed; `Err(())` where it moves a share the
    // other way (or leaves it where it moved), `None` where there is no prediction.
    let distance = |predicted: &dyn Fn(&ThresholdChange) -> Option<f64>| {
        let mut total = 0.0;
        let mut wrong_way = false;
        for t in standardised {
            let predicted = predicted(t)?;
            let (observed_change, predicted_change) = (t.after - t.before, predicted - t.before);
            // Same direction: the product is positive (a prediction of no change has none).
            let same_way = observed_change * predicted_change > 0.0;
            wrong_way |= observed_change.abs() >= NO_DIRECTION && !same_way;
            total += (predicted - t.after).abs();
        }
        Some(if wrong_way { Err(()) } else { Ok(total) })
    };
    let shift = distance(&|t| Some(t.shift[fitted]));
    let high_risk = distance(&|t| t.high_risk[fitted]);
    match (shift, high_risk) {
        (Some(Ok(_)), Some(Err(()))) => Resemblance::PopulationShift,
        (Some(Err(())), Some(Ok(_))) => Resemblance::HighRisk,
        (Some(Ok(shift)), Some(Ok(high_risk))) if shift <= high_risk / 2.0 => {
            Resemblance::PopulationShift
        }
        (Some(Ok(shift)), Some(Ok(high_risk))) if high_risk <= shift / 2.0 => Resemblance::HighRisk,
        _ => Resemblance::Unclear,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::distribution::{AreaSelection, GroupSelection};
    use crate::import::cells::parse_bin_label;
    use crate::model::indicator::by_id;
    use crate::model::standard_population::FixedStandard;
    use crate::model::{test_record, AreaLevel, GROUP_ALL, NDB_AGE_BANDS};

    const EDGES: [u32; 11] = [100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200];

    /// A year of every sex × age band: people per 10 mmHg bin from 100 to 200 (none below 100
    /// or from 200), a stratum's counts scaled by its age band.
    fn year(fiscal_year: i32, counts: impl Fn(usize) -> [u64; 10]) -> Vec<Record> {
        let mut records = Vec::new();
        for sex in Sex::BOTH {
            for (band_index, band) in NDB_AGE_BANDS.iter().enumerate() {
                let people = counts(band_index);
                let mut labels: Vec<(String, u64)> =
                    vec![("100未満".into(), 0), ("200以上".into(), 0)];
                for (i, n) in people.iter().enumerate() {
                    labels.push((format!("{}以上{}未満", EDGES[i], EDGES[i + 1]), *n));
                }
                for (label, n) in labels {
                    records.push(Record {
                        year: fiscal_year,
                        sex,
                        age_band: *band,
                        ..test_record(GROUP_ALL, parse_bin_label(&label).unwrap(), Some(n))
                    });
                }
            }
        }
        records
    }

    fn first_year(band_index: usize) -> [u64; 10] {
        let scale = 2 * (band_index as u64 + 1);
        [0, 40, 120, 200, 240, 160, 100, 60, 40, 20].map(|n| n * scale)
    }

    fn all_of_hokkaido() -> Selection {
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

    /// Asserts that in every stratum and at every threshold `predicted` (evenly spread within
    /// bins) gives the people observed after, to the person.
    fn predicted_to_the_person(
        change: &YearChange,
        predicted: impl Fn(&ThresholdChange, usize) -> f64,
    ) {
        let even = WithinBin::ALL
            .iter()
            .position(|w| *w == WithinBin::Even)
            .unwrap();
        for stratum in &change.strata {
            let band_index = NDB_AGE_BANDS
                .iter()
                .position(|b| *b == stratum.age_band)
                .unwrap();
            let total: u64 = first_year(band_index).iter().sum();
            let people = |share: f64| (share * total as f64).round();
            for t in &stratum.thresholds {
                assert_eq!(people(predicted(t, even)), people(t.after), "{stratum:?}");
            }
        }
    }

    fn compare(after: &[Record]) -> YearChange {
        let before = year(2020, first_year);
        let sbp = by_id("sbp").unwrap();
        let standard = StandardPopulation::fixed(FixedStandard::Census2020);
        compare_years(
            &before,
            after,
            &all_of_hokkaido(),
            sbp.thresholds,
            &standard,
        )
        .unwrap()
    }

    /// The second year is the first with every value 5 mmHg lower (people even within each
    /// bin): the shift predicts it to the person with people spread evenly, and the change is
    /// called a shift.
    #[test]
    fn a_pure_shift_is_predicted_by_the_shift_to_the_person() {
        let shifted = year(2021, |band| {
            let old = first_year(band);
            std::array::from_fn(|i| old[i] / 2 + old.get(i + 1).map_or(0, |n| n / 2))
        });
        let change = compare(&shifted);
        assert!(change.missing_strata.is_empty());
        assert_eq!(change.strata.len(), 14);
        for stratum in &change.strata {
            assert!(
                stratum.mean_change.iter().all(|m| (m + 5.0).abs() < 0.1),
                "{stratum:?}"
            );
            assert!(stratum.thresholds.iter().all(|t| t.after < t.before));
        }
        predicted_to_the_person(&change, |t, even| t.shift[even]);
        assert_eq!(
            change.resembles,
            Resemblance::PopulationShift,
            "{:?}",
            change.standardised
        );
    }

    /// Only the people from 140 up improved, all by 10 mmHg; below 140 nothing changed but
    /// their arrival in 130–140: the high-risk change predicts it to the person with people
    /// spread evenly, and the change is called a high-risk one.
    #[test]
    fn a_shrunken_tail_resembles_the_high_risk_change() {
        let tail_moved = year(2021, |band| {
            let old = first_year(band);
            // Bins from index 4 (140–150) up move one bin down.
            std::array::from_fn(|i| match i {
                0..=2 => old[i],
                3 => old[3] + old[4],
                _ => old.get(i + 1).copied().unwrap_or(0),
            })
        });
        let change = compare(&tail_moved);
        predicted_to_the_person(&change, |t, even| t.high_risk[even].unwrap());
        assert_eq!(change.resembles, Resemblance::HighRisk);
    }

    /// A rise of the mean cannot be made by improving the few: no high-risk prediction, and no
    /// claim.
    #[test]
    fn a_rise_has_no_high_risk_prediction() {
        let risen = year(2021, |band| {
            let old = first_year(band);
            std::array::from_fn(|i| old[i] / 2 + if i == 0 { 0 } else { old[i - 1] / 2 })
        });
        let change = compare(&risen);
        assert!(change
            .standardised
            .iter()
            .all(|t| t.high_risk.iter().all(Option::is_none)));
        assert_eq!(change.resembles, Resemblance::Unclear);
    }
}
