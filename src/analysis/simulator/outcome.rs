//! The report's figures for one set of parameters: every group and the combined population
//! (summed stratum by stratum), people past each threshold, age-standardised shares (direct
//! method), the mean, people per band and who moved out, and expected events — each under
//! every within-bin assumption (`binned::WithinBin`), so the page can show the range they span.

use crate::analysis::binned::{BinnedModel, WithinBin};
use crate::analysis::distribution::{Selection, SuppressedPeople, COMBINED_KEY};
use crate::analysis::intervention::{
    people_at_risk, people_below_after, people_staying_in, Intervention,
};
use crate::analysis::risk::{expected_events, EventEstimate, RiskSlope, UsualLevel};
use crate::analysis::simulator::fit::{FittedPopulation, FittedStratum, SimulatorInput};
use crate::analysis::simulator::parameters::{limits, risk_side, Adjustment, Approach, Parameters};
use crate::analysis::standardise::{StandardPopulation, StandardSource, Unstandardised};
use crate::model::indicator::{Indicator, RiskSide, ThresholdKind};
use crate::model::{AgeBand, Bin, Provenance, Sex};

/// One figure under each within-bin assumption, in the order of
/// [`WithinBin::ALL`] (the fitted
/// shape first). Strata are summed and weighted per assumption, so a range is only ever taken
/// of a finished figure: the lowest of a sum is not the sum of the lowest.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Figure(pub [f64; 3]);

impl Figure {
    pub fn each(value: impl Fn(usize) -> f64) -> Figure {
        Figure([0, 1, 2].map(value))
    }

    /// Under the fitted shape: the figure the page shows first.
    pub fn fitted(self) -> f64 {
        self.0[0]
    }

    /// The lowest and highest it is under any assumption.
    pub fn range(self) -> (f64, f64) {
        let [a, b, c] = self.0;
        (a.min(b).min(c), a.max(b).max(c))
    }

    /// The assumption whose figure lies furthest from the fitted shape's: what sets the
    /// range's far end (the fitted shape itself when all agree).
    pub fn furthest_from_fitted(self) -> WithinBin {
        let fitted = self.fitted();
        let mut furthest = (WithinBin::FittedShape, 0.0);
        for (within, value) in WithinBin::ALL.into_iter().zip(self.0) {
            if (value - fitted).abs() > furthest.1 {
                furthest = (within, (value - fitted).abs());
            }
        }
        furthest.0
    }

    pub fn scaled(self, factor: f64) -> Figure {
        Figure(self.0.map(|v| v * factor))
    }
}

impl std::ops::Add for Figure {
    type Output = Figure;

    fn add(self, other: Figure) -> Figure {
        Figure::each(|a| self.0[a] + other.0[a])
    }
}

/// One figure before and after each approach.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Outcome {
    pub before: Figure,
    /// In the order of [`Approach::ALL`].
    pub after: [Figure; 3],
}

impl std::ops::Add for Outcome {
    type Output = Outcome;

    fn add(self, other: Outcome) -> Outcome {
        Outcome {
            before: self.before + other.before,
            after: [0, 1, 2].map(|i| self.after[i] + other.after[i]),
        }
    }
}

impl Outcome {
    fn scaled(self, factor: f64) -> Outcome {
        Outcome {
            before: self.before.scaled(factor),
            after: self.after.map(|a| a.scaled(factor)),
        }
    }
}

/// A threshold the report counts people past.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportThreshold {
    /// `guidance`, `see-doctor` or `high-risk`.
    pub id: &'static str,
    /// The item's 判定値, or `None` for the high-risk approach's own threshold.
    pub kind: Option<ThresholdKind>,
    pub value: f64,
}

/// The id of the high-risk approach's threshold when it is not one of the item's 判定値.
pub const HIGH_RISK_THRESHOLD_ID: &str = "high-risk";

/// One band of the published bins, before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct BandOutcome {
    pub bin: Bin,
    pub people: Outcome,
    /// People of this band before who are outside it after, per approach.
    pub moved_out: [Figure; 3],
}

/// One group or the combined population.
#[derive(Clone, Debug, PartialEq)]
pub struct PopulationOutcome {
    /// A group id, `all`, or [`COMBINED_KEY`]: used in `data-testid`s.
    pub key: String,
    pub people: f64,
    /// Per [`SimulationOutcome::thresholds`].
    pub past: Vec<Outcome>,
    /// Share (0–1) past each threshold, age-standardised; or why not.
    pub standardised: Result<Vec<Outcome>, Unstandardised>,
    pub mean: Outcome,
    /// Per within-bin assumption (`WithinBin::ALL`), then per approach; `None` without a
    /// relative risk.
    pub events: Option<[[EventEstimate; 3]; 3]>,
    /// Per published band; or why not (groups cut the scale differently).
    pub bands: Result<Vec<BandOutcome>, NoBandTable>,
    pub missing: Vec<MissingStratum>,
}

/// A stratum left out of the estimates because it has no people; `group` in a combined row.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingStratum {
    pub group: Option<String>,
    pub sex: Sex,
    pub age_band: AgeBand,
}

/// Why there is no table per band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoBandTable {
    NoStrata,
    CutDifferently,
}

/// The figures of one run of the three approaches.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationOutcome {
    pub indicator: &'static Indicator,
    pub scope: Selection,
    pub fiscal_year: i32,
    pub provenance: Provenance,
    pub parameters: Parameters,
    /// What was brought into range.
    pub adjustments: Vec<Adjustment>,
    pub thresholds: Vec<ReportThreshold>,
    pub rows: Vec<PopulationOutcome>,
    pub slope: Option<RiskSlope>,
    /// What the events are counted in.
    pub event_scale: EventScale,
    pub standard: StandardSource,
    /// Suppressed cells in the strata modelled, all groups, and how their people were counted.
    pub suppressed: SuppressedPeople,
}

/// Reruns the three approaches on the fitted strata.
pub fn simulate(
    input: &SimulatorInput,
    parameters: &Parameters,
    standard: &StandardPopulation,
) -> SimulationOutcome {
    let indicator = input.indicator;
    let side = risk_side(indicator);
    let (parameters, adjustments) = parameters.checked(indicator);
    let limits = limits(indicator);
    let mut thresholds: Vec<ReportThreshold> = indicator
        .thresholds
        .iter()
        .map(|t| ReportThreshold {
            id: t.kind.id(),
            kind: Some(t.kind),
            value: t.value,
        })
        .collect();
    if !thresholds
        .iter()
        .any(|t| t.value == parameters.high_risk_threshold)
    {
        thresholds.push(ReportThreshold {
            id: HIGH_RISK_THRESHOLD_ID,
            kind: None,
            value: parameters.high_risk_threshold,
        });
    }
    // The cited age-specific slopes replace the one relative risk when chosen.
    let slope = match parameters.age_specific {
        Some(outcome) => Some(outcome.slope()),
        None => parameters
            .relative_risk_per_step
            .map(|rr| RiskSlope::with_relative_risk(indicator.id, limits.risk_step_units, rr)),
    };
    let interventions = Approach::ALL.map(|a| a.intervention(&parameters));
    let event_scale = event_scale(input, &parameters);

    let stratum_outcomes = |stratum: &FittedStratum| -> StratumOutcome {
        let models = &stratum.models;
        // One figure per assumption, before and after each approach.
        let outcome = |figure: &dyn Fn(&BinnedModel, &Intervention) -> f64| Outcome {
            before: Figure::each(|a| figure(&models[a], &Intervention::default())),
            after: interventions.map(|i| Figure::each(|a| figure(&models[a], &i))),
        };
        let past = thresholds
            .iter()
            .map(|t| outcome(&|model, i| people_at_risk(model, i, t.value, side)))
            .collect();
        let total = stratum.people();
        let means = stratum.people_grids.each_ref().map(|grid| {
            grid.iter()
                .map(|(value, people)| value * people)
                .sum::<f64>()
                / total
        });
        let events = slope.as_ref().map(|slope| {
            let slope = slope.for_age_band(stratum.age_band);
            let rate = match event_scale {
                EventScale::ByStratum => parameters
                    .stratum_rates_per_100k
                    .of(stratum.sex, stratum.age_band),
                _ => None,
            };
            [0, 1, 2].map(|a| {
                let usual = UsualLevel {
                    stratum_mean: means[a],
                    dilution_ratio: parameters.dilution_ratio,
                };
                let estimates = expected_events(
                    &stratum.people_grids[a],
                    interventions,
                    side,
                    &slope,
                    parameters.high_risk_threshold,
                    usual,
                );
                // The stratum's rate is its events now, spread by relative risk.
                match rate {
                    Some(rate) => estimates.map(|e| {
                        let events_now = rate * total / 100_000.0;
                        e.scaled(if e.events_before > 0.0 {
                            events_now / e.events_before
                        } else {
                            0.0
                        })
                    }),
                    None => estimates,
                }
            })
        });
        let bands = stratum
            .bins
            .iter()
            .map(|bin| {
                let lower = bin.lower.unwrap_or(f64::NEG_INFINITY);
                let upper = bin.upper.unwrap_or(f64::INFINITY);
                let in_band = |model: &BinnedModel, i: &Intervention| {
                    below_after(model, i, side, upper) - below_after(model, i, side, lower)
                };
                let people = outcome(&in_band);
                BandOutcome {
                    bin: bin.clone(),
                    moved_out: interventions.map(|i| {
                        Figure::each(|a| {
                            people.before.0[a]
                                - people_staying_in(&models[a], &i, side, lower, upper)
                        })
                    }),
                    people,
                }
            })
            .collect();
        StratumOutcome {
            sex: stratum.sex,
            age_band: stratum.age_band,
            people: total,
            past,
            events,
            bands,
            mean_times_people: Outcome {
                before: Figure::each(|a| means[a] * total),
                after: interventions.map(|i| {
                    Figure::each(|a| {
                        (means[a] + mean_change(&stratum.people_grids[a], &i, side)) * total
                    })
                }),
            },
        }
    };

    let per_population: Vec<(&FittedPopulation, Vec<StratumOutcome>)> = input
        .populations
        .iter()
        .map(|p| (p, p.strata.iter().map(stratum_outcomes).collect()))
        .collect();
    let mut rows: Vec<PopulationOutcome> = per_population
        .iter()
        .map(|(p, strata)| {
            let missing = p.missing.iter().map(|&(sex, age_band)| MissingStratum {
                group: None,
                sex,
                age_band,
            });
            summarise(
                p.key.clone(),
                strata,
                thresholds.len(),
                standard,
                input.scope.age_band.is_some(),
                missing.collect(),
            )
        })
        .collect();
    if input.has_groups() {
        let all: Vec<StratumOutcome> = per_population
            .iter()
            .flat_map(|(_, s)| s.iter().cloned())
            .collect();
        let missing = input
            .populations
            .iter()
            .flat_map(|p| {
                p.missing.iter().map(|&(sex, age_band)| MissingStratum {
                    group: Some(p.key.clone()),
                    sex,
                    age_band,
                })
            })
            .collect();
        rows.push(summarise(
            COMBINED_KEY.into(),
            &all,
            thresholds.len(),
            standard,
            input.scope.age_band.is_some(),
            missing,
        ));
    }
    SimulationOutcome {
        indicator,
        scope: input.scope.clone(),
        fiscal_year: input.fiscal_year,
        provenance: input.provenance.clone(),
        parameters,
        adjustments,
        thresholds,
        rows,
        slope,
        event_scale,
        standard: standard.source,
        suppressed: input
            .populations
            .iter()
            .fold(SuppressedPeople::default(), |total, p| {
                total.plus(p.suppressed)
            }),
    }
}

/// What expected events are counted in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EventScale {
    /// Relative units (people × relative risk): only ratios mean something.
    Relative,
    /// Relative units, and the user's one rate per 100,000 a year for the whole population,
    /// which the page turns into events per year.
    OneRate(f64),
    /// Events per year: each stratum's own rate (`StratumRates`).
    ByStratum,
    /// Rates are given per stratum, but not for this one: relative units.
    MissingStratumRate { sex: Sex, age_band: AgeBand },
}

fn event_scale(input: &SimulatorInput, parameters: &Parameters) -> EventScale {
    let rates = &parameters.stratum_rates_per_100k;
    if !rates.is_given() {
        return parameters
            .baseline_rate_per_100k
            .map_or(EventScale::Relative, EventScale::OneRate);
    }
    input
        .populations
        .iter()
        .flat_map(|p| &p.strata)
        .find(|s| rates.of(s.sex, s.age_band).is_none())
        .map_or(EventScale::ByStratum, |s| EventScale::MissingStratumRate {
            sex: s.sex,
            age_band: s.age_band,
        })
}

fn below_after(model: &BinnedModel, i: &Intervention, side: RiskSide, value: f64) -> f64 {
    if value == f64::INFINITY {
        model.total_people
    } else if value == f64::NEG_INFINITY {
        0.0
    } else {
        people_below_after(model, i, side, value)
    }
}

/// The change of the mean: the shift, plus the reached share of the eligible people's improvement.
fn mean_change(grid: &[(f64, f64)], intervention: &Intervention, side: RiskSide) -> f64 {
    let intervention = intervention.clamped();
    let total: f64 = grid.iter().map(|(_, n)| n).sum();
    let Some(h) = intervention.high_risk else {
        return intervention.population_shift;
    };
    let improved_people: f64 = grid
        .iter()
        .filter(|(value, _)| {
            let shifted = value + intervention.population_shift;
            match side {
                RiskSide::AtOrAbove => shifted >= h.threshold,
                RiskSide::Below => shifted < h.threshold,
            }
        })
        .map(|(_, n)| n * h.reach_fraction)
        .sum();
    let direction = match side {
        RiskSide::AtOrAbove => -1.0,
        RiskSide::Below => 1.0,
    };
    intervention.population_shift + direction * h.improvement * improved_people / total
}

#[derive(Clone, Debug, PartialEq)]
struct StratumOutcome {
    sex: Sex,
    age_band: AgeBand,
    people: f64,
    past: Vec<Outcome>,
    events: Option<[[EventEstimate; 3]; 3]>,
    bands: Vec<BandOutcome>,
    mean_times_people: Outcome,
}

fn summarise(
    key: String,
    strata: &[StratumOutcome],
    threshold_count: usize,
    standard: &StandardPopulation,
    one_age_band: bool,
    missing: Vec<MissingStratum>,
) -> PopulationOutcome {
    let people: f64 = strata.iter().map(|s| s.people).sum();
    let past = (0..threshold_count)
        .map(|t| {
            strata
                .iter()
                .fold(Outcome::default(), |sum, s| sum + s.past[t])
        })
        .collect();
    let mean_total = strata
        .iter()
        .fold(Outcome::default(), |sum, s| sum + s.mean_times_people);
    let mean = mean_total.scaled(1.0 / people);
    let events = strata
        .iter()
        .map(|s| s.events)
        .try_fold([[EventEstimate::default(); 3]; 3], |sum, events| {
            events.map(|e| [0, 1, 2].map(|a| [0, 1, 2].map(|i| sum[a][i] + e[a][i])))
        });
    PopulationOutcome {
        key,
        people,
        past,
        standardised: standardise(strata, threshold_count, standard, one_age_band),
        mean,
        events: if strata.is_empty() { None } else { events },
        bands: sum_bands(strata),
        missing,
    }
}

/// Direct method: each stratum's share weighted by the standard population's people in it.
fn standardise(
    strata: &[StratumOutcome],
    threshold_count: usize,
    standard: &StandardPopulation,
    one_age_band: bool,
) -> Result<Vec<Outcome>, Unstandardised> {
    if one_age_band {
        return Err(Unstandardised::OneAgeBand);
    }
    let sexes: Vec<Sex> = {
        let mut sexes: Vec<Sex> = strata.iter().map(|s| s.sex).collect();
        sexes.dedup();
        sexes
    };
    let mut shares = vec![Outcome::default(); threshold_count];
    let mut weight_total = 0.0;
    for &(sex, age_band, weight) in standard.people.iter().filter(|(s, ..)| sexes.contains(s)) {
        let in_stratum: Vec<&StratumOutcome> = strata
            .iter()
            .filter(|s| s.sex == sex && s.age_band == age_band)
            .collect();
        let people: f64 = in_stratum.iter().map(|s| s.people).sum();
        if people <= 0.0 {
            return Err(Unstandardised::NoPeople { sex, age_band });
        }
        weight_total += weight;
        for (t, share) in shares.iter_mut().enumerate() {
            let past = in_stratum
                .iter()
                .fold(Outcome::default(), |sum, s| sum + s.past[t]);
            *share = *share + past.scaled(weight / people);
        }
    }
    if weight_total <= 0.0 {
        return Err(Unstandardised::EmptyStandard);
    }
    Ok(shares
        .into_iter()
        .map(|s| s.scaled(1.0 / weight_total))
        .collect())
}

fn sum_bands(strata: &[StratumOutcome]) -> Result<Vec<BandOutcome>, NoBandTable> {
    let Some(first) = strata.first() else {
        return Err(NoBandTable::NoStrata);
    };
    let mut bands = first.bands.clone();
    for stratum in &strata[1..] {
        let same_bins = stratum.bands.len() == bands.len()
            && stratum
                .bands
                .iter()
                .zip(&bands)
                .all(|(a, b)| a.bin == b.bin);
        if !same_bins {
            return Err(NoBandTable::CutDifferently);
        }
        for (sum, band) in bands.iter_mut().zip(&stratum.bands) {
            sum.people = sum.people + band.people;
            sum.moved_out = [0, 1, 2].map(|i| sum.moved_out[i] + band.moved_out[i]);
        }
    }
    Ok(bands)
}
