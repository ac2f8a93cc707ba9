//! The simulator's report as a council reads it, in one language: the figures of
//! `analysis::simulator` (fitted once per selection, rerun per slider move) with their labels,
//! headings, notes and sources. Building it is cheap, so a language switch builds it again from
//! the same figures and refits nothing.
//!
//! - [`table`] — the results tables (one per group and the combined population, and per band);
//! - [`sources`] — the sources list and the words around the controls;
//! - [`chart`] — the before/after chart and its text alternative;
//! - [`html`] — the tables and the fields for events by sex and age band as HTML.

pub mod chart;
pub mod html;
pub mod sources;
pub mod table;

use crate::analysis::distribution::{SuppressedPeople, COMBINED_KEY};
use crate::analysis::risk::{EventEstimate, RiskSlope};
use crate::analysis::simulator::outcome::{
    BandOutcome, EventScale, MissingStratum, NoBandTable, Outcome, PopulationOutcome,
    SimulationOutcome,
};
use crate::analysis::simulator::parameters::{risk_side, Parameters};
use crate::model::indicator::{Indicator, Threshold, ThresholdKind};
use crate::view::language::Language;
use crate::view::messages::unstandardised;
use crate::view::names;
use crate::view::simulator::sources::adjustment_note;

/// A threshold the report counts people past, with its heading.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportThreshold {
    /// `guidance`, `see-doctor` or `high-risk`: used in `data-testid`s.
    pub id: &'static str,
    /// 「受診勧奨判定値（140mmHg以上）」, 「ハイリスクの基準（160mmHg以上）」
    pub heading: String,
    pub value: f64,
}

/// One group or the combined population, with its words.
#[derive(Clone, Debug, PartialEq)]
pub struct PopulationRow {
    /// A group id, `all`, or `combined`: used in `data-testid`s.
    pub key: String,
    /// 「地域」, 「合算（地域＋職域）」
    pub label: String,
    pub people: f64,
    /// Per [`SimulationReport::thresholds`].
    pub past: Vec<Outcome>,
    /// Share (0–1) past each threshold, age-standardised; or why not.
    pub standardised: Result<Vec<Outcome>, String>,
    pub mean: Outcome,
    /// Per within-bin assumption, then per approach; `None` without a relative risk.
    pub events: Option<[[EventEstimate; 3]; 3]>,
    /// Per published band; or why not (groups cut the scale differently).
    pub bands: Result<Vec<BandOutcome>, String>,
    /// Strata left out: 「男性・70〜74歳」 (「地域・男性・70〜74歳」 in the combined row).
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimulationReport {
    pub indicator: &'static Indicator,
    /// 「北海道・男女計・40〜74歳」
    pub scope: String,
    pub fiscal_year: i32,
    pub citation: String,
    pub fictional: bool,
    pub language: Language,
    pub parameters: Parameters,
    /// What was brought into range.
    pub adjustments: Vec<String>,
    pub thresholds: Vec<ReportThreshold>,
    pub rows: Vec<PopulationRow>,
    pub slope: Option<RiskSlope>,
    pub event_scale: EventScale,
    pub standard_label: String,
    /// The standard population's source, cited in full.
    pub standard_source: String,
    /// Suppressed cells in the strata modelled, all groups.
    pub suppressed: SuppressedPeople,
}

impl SimulationReport {
    /// The figures of one run of the simulator, in `language`.
    pub fn new(outcome: &SimulationOutcome, language: Language) -> SimulationReport {
        let indicator = outcome.indicator;
        let unit = indicator.unit;
        let thresholds = outcome
            .thresholds
            .iter()
            .map(|t| ReportThreshold {
                id: t.id,
                heading: match t.kind {
                    Some(kind) => {
                        let threshold = Threshold {
                            kind,
                            value: t.value,
                            risk_side: risk_side(indicator),
                        };
                        names::threshold_heading(&threshold, unit, language)
                    }
                    None => {
                        let threshold = Threshold {
                            kind: ThresholdKind::Guidance,
                            value: t.value,
                            risk_side: risk_side(indicator),
                        };
                        language.parenthesised(
                            language.pick("ハイリスクの基準", "High-risk threshold"),
                            &names::threshold_condition(&threshold, unit, language),
                        )
                    }
                },
                value: t.value,
            })
            .collect();
        let group_ids: Vec<&str> = outcome
            .rows
            .iter()
            .map(|r| r.key.as_str())
            .filter(|key| *key != COMBINED_KEY)
            .collect();
        SimulationReport {
            indicator,
            scope: names::selection(&outcome.scope, language),
            fiscal_year: outcome.fiscal_year,
            citation: names::citation(&outcome.provenance, outcome.fiscal_year, language),
            fictional: outcome.provenance.fictional,
            language,
            parameters: outcome.parameters,
            adjustments: outcome
                .adjustments
                .iter()
                .map(|a| adjustment_note(a, indicator, language))
                .collect(),
            thresholds,
            rows: outcome
                .rows
                .iter()
                .map(|row| population_row(row, &group_ids, language))
                .collect(),
            slope: outcome.slope.clone(),
            event_scale: outcome.event_scale,
            standard_label: names::standard_label(outcome.standard, language),
            standard_source: names::standard_source(outcome.standard, language),
            suppressed: outcome.suppressed,
        }
    }
}

fn population_row(
    row: &PopulationOutcome,
    group_ids: &[&str],
    language: Language,
) -> PopulationRow {
    let label = if row.key == COMBINED_KEY {
        names::combined(group_ids.iter().copied(), language)
    } else {
        names::group(&row.key, language)
    };
    PopulationRow {
        key: row.key.clone(),
        label,
        people: row.people,
        past: row.past.clone(),
        standardised: row
            .standardised
            .clone()
            .map_err(|why| unstandardised(&why, language)),
        mean: row.mean,
        events: row.events,
        bands: row
            .bands
            .clone()
            .map_err(|why| no_band_table(why, language)),
        missing: row
            .missing
            .iter()
            .map(|m| missing_stratum(m, language))
            .collect(),
    }
}

/// 「男性・70〜74歳」, or 「地域・男性・70〜74歳」 for a stratum of a group in the combined row.
fn missing_stratum(stratum: &MissingStratum, language: Language) -> String {
    let separator = language.pick("・", ", ");
    let sex_and_band = format!(
        "{}{separator}{}",
        names::sex(stratum.sex, language),
        names::age_band(stratum.age_band, language)
    );
    match &stratum.group {
        Some(group) => format!("{}{separator}{sex_and_band}", names::group(group, language)),
        None => sex_and_band,
    }
}

fn no_band_table(why: NoBandTable, language: Language) -> String {
    match why {
        NoBandTable::NoStrata => {
            language.pick("人数のある層がありません。", "No stratum has people.")
        }
        NoBandTable::CutDifferently => language.pick(
            "層によって階級の区切りが違うため、階級ごとの表は作れません。",
            "Strata cut the scale differently, so there is no table per bin.",
        ),
    }
    .into()
}
