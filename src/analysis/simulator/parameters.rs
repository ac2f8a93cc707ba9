//! What the user sets in the simulator, its sensible range per item, and the defaults.

use crate::analysis::intervention::{HighRisk, Intervention};
use crate::analysis::risk::{default_slope, AgeSpecificOutcome, StratumRates};
use crate::model::indicator::{Indicator, RiskSide, ThresholdKind};

/// The three ways compared with the situation now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approach {
    Population,
    HighRisk,
    Both,
}

impl Approach {
    pub const ALL: [Approach; 3] = [Approach::Population, Approach::HighRisk, Approach::Both];

    /// `population`, `high-risk`, `both`: used in `data-testid`s.
    pub fn id(self) -> &'static str {
        match self {
            Approach::Population => "population",
            Approach::HighRisk => "high-risk",
            Approach::Both => "both",
        }
    }

    pub fn from_id(id: &str) -> Option<Approach> {
        Approach::ALL.into_iter().find(|a| a.id() == id)
    }

    pub fn intervention(self, parameters: &Parameters) -> Intervention {
        let high_risk = HighRisk {
            threshold: parameters.high_risk_threshold,
            reach_fraction: parameters.reach_fraction,
            improvement: parameters.improvement,
        };
        match self {
            Approach::Population => Intervention {
                population_shift: parameters.population_shift,
                high_risk: None,
            },
            Approach::HighRisk => Intervention {
                population_shift: 0.0,
                high_risk: Some(high_risk),
            },
            Approach::Both => Intervention {
                population_shift: parameters.population_shift,
                high_risk: Some(high_risk),
            },
        }
    }
}

/// What the user sets. Units are the item's (`population_shift` −4 = 4 mmHg lower).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parameters {
    pub population_shift: f64,
    pub high_risk_threshold: f64,
    /// 0–1
    pub reach_fraction: f64,
    /// How far a reached person's value improves (a fall; a rise for HDL), ≥ 0.
    pub improvement: f64,
    /// Relative risk per `Limits::risk_step_units` towards the risky side; `None`: no events.
    pub relative_risk_per_step: Option<f64>,
    /// Events per 100,000 people per year now; `None`: relative figures only.
    pub baseline_rate_per_100k: Option<f64>,
    /// SBP: PSC 2002's age-specific slopes for this outcome instead of one slope.
    pub age_specific: Option<AgeSpecificOutcome>,
    /// Regression-dilution ratio (0.1–1) between a checkup reading and the usual level the
    /// slope refers to; 1 takes the reading as the usual level.
    pub dilution_ratio: f64,
    /// Events now per sex × age band; given, they replace `baseline_rate_per_100k`.
    pub stratum_rates_per_100k: StratumRates,
}

/// Sensible ranges of the parameters for an item, and the sliders' steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// The shift lies within ±this.
    pub shift_max_abs: f64,
    pub improvement_max: f64,
    pub threshold_range: (f64, f64),
    pub slider_step: f64,
    /// The relative risk is given per this many units.
    pub risk_step_units: f64,
    pub relative_risk_range: (f64, f64),
    pub baseline_rate_max_per_100k: f64,
}

/// The parameters as the page names them, for its labels and for what `Parameters::checked` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterName {
    PopulationShift,
    HighRiskThreshold,
    Reach,
    Improvement,
    RelativeRisk,
    BaselineRate,
    DilutionRatio,
}

/// Why the simulator does not run on an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// Categorical bins (urine tests): no scale to shift.
    NotNumeric,
    /// No 判定値: the app does not decide which side is high risk.
    NoThreshold,
}

/// Whether the simulator runs on an item.
pub fn unavailable(indicator: &Indicator) -> Option<Unavailable> {
    if indicator.plausible_edges.is_none() {
        Some(Unavailable::NotNumeric)
    } else if indicator.thresholds.is_empty() {
        Some(Unavailable::NoThreshold)
    } else {
        None
    }
}

/// The value that sets an item's scale: its 受診勧奨判定値, else its 保健指導判定値.
fn reference_value(indicator: &Indicator) -> f64 {
    indicator
        .thresholds
        .iter()
        .find(|t| t.kind == ThresholdKind::SeeDoctor)
        .or(indicator.thresholds.first())
        .map_or(100.0, |t| t.value)
}

/// The side of an item's thresholds the risk lies on (`Below` for HDL).
pub fn risk_side(indicator: &Indicator) -> RiskSide {
    indicator
        .thresholds
        .first()
        .map_or(RiskSide::AtOrAbove, |t| t.risk_side)
}

pub fn limits(indicator: &Indicator) -> Limits {
    let reference = reference_value(indicator);
    // A quarter of the item's 受診勧奨判定値 (35 mmHg for SBP, 1.6 % for HbA1c) is beyond any
    // shift a programme achieves, yet keeps a typo (−400) from being simulated.
    let span = reference * 0.25;
    Limits {
        shift_max_abs: span,
        improvement_max: span,
        threshold_range: indicator.plausible_edges.unwrap_or((0.0, 1000.0)),
        slider_step: if reference < 50.0 { 0.1 } else { 1.0 },
        risk_step_units: default_slope(indicator.id)
            .map_or(if reference < 10.0 { 1.0 } else { 10.0 }, |s| s.step_units),
        relative_risk_range: (0.1, 10.0),
        baseline_rate_max_per_100k: 100_000.0,
    }
}

/// The defaults: for SBP, 健康日本21 (third term)'s national target of a 5 mmHg lower mean
/// (age-adjusted, ages 40 and over, from the baseline, by FY2032) for everyone, against half of those ≥160 reached and lowered by 15 mmHg; for other items no
/// change until the user sets one, because no national target gives one.
pub fn default_parameters(indicator: &Indicator) -> Parameters {
    let (population_shift, high_risk_threshold, improvement) = if indicator.id == "sbp" {
        (-5.0, 160.0, 15.0)
    } else {
        (0.0, reference_value(indicator), 0.0)
    };
    Parameters {
        population_shift,
        high_risk_threshold,
        reach_fraction: 0.5,
        improvement,
        relative_risk_per_step: default_slope(indicator.id).map(|s| s.relative_risk_per_step),
        // No rate, one slope, readings taken as usual levels.
        baseline_rate_per_100k: None,
        age_specific: None,
        dilution_ratio: 1.0,
        stratum_rates_per_100k: StratumRates::default(),
    }
}

/// A parameter brought into its range, and how: what the page says under the controls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adjustment {
    pub parameter: ParameterName,
    pub change: AdjustmentKind,
}

/// Values as the page asks for them (the reach in percent).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AdjustmentKind {
    NotANumber {
        set_to: f64,
    },
    OutOfRange {
        value: f64,
        range: (f64, f64),
        set_to: f64,
    },
}

impl Parameters {
    /// Brings each parameter into its range; says what was changed (a typed number or a URL can
    /// be out of range, a slider cannot).
    pub fn checked(self, indicator: &Indicator) -> (Parameters, Vec<Adjustment>) {
        let limits = limits(indicator);
        let mut adjustments = Vec::new();
        let mut fit = |value: f64, range: (f64, f64), parameter, fallback: f64| -> f64 {
            if !value.is_finite() {
                let change = AdjustmentKind::NotANumber { set_to: fallback };
                adjustments.push(Adjustment { parameter, change });
                return fallback;
            }
            // Not `f64::clamp`: its check of the range formats floats on failure, code the page
            // would download for a range that is never reversed (`limits` makes each low to high).
            let clamped = value.max(range.0).min(range.1);
            if clamped != value {
                let change = AdjustmentKind::OutOfRange {
                    value,
                    range,
                    set_to: clamped,
                };
                adjustments.push(Adjustment { parameter, change });
            }
            clamped
        };
        let defaults = default_parameters(indicator);
        let rates = (0.0, limits.baseline_rate_max_per_100k);
        let checked = Parameters {
            population_shift: fit(
                self.population_shift,
                (-limits.shift_max_abs, limits.shift_max_abs),
                ParameterName::PopulationShift,
                0.0,
            ),
            high_risk_threshold: fit(
                self.high_risk_threshold,
                limits.threshold_range,
                ParameterName::HighRiskThreshold,
                defaults.high_risk_threshold,
            ),
            // In percent, as the page asks for it.
            reach_fraction: fit(
                self.reach_fraction * 100.0,
                (0.0, 100.0),
                ParameterName::Reach,
                0.0,
            ) / 100.0,
            improvement: fit(
                self.improvement,
                (0.0, limits.improvement_max),
                ParameterName::Improvement,
                0.0,
            ),
            relative_risk_per_step: self.relative_risk_per_step.map(|rr| {
                fit(
                    rr,
                    limits.relative_risk_range,
                    ParameterName::RelativeRisk,
                    defaults.relative_risk_per_step.unwrap_or(1.0),
                )
            }),
            baseline_rate_per_100k: self
                .baseline_rate_per_100k
                .map(|rate| fit(rate, rates, ParameterName::BaselineRate, 0.0)),
            // Cited only for SBP.
            age_specific: self.age_specific.filter(|_| indicator.id == "sbp"),
            dilution_ratio: fit(
                self.dilution_ratio,
                (0.1, 1.0),
                ParameterName::DilutionRatio,
                1.0,
            ),
            stratum_rates_per_100k: self
                .stratum_rates_per_100k
                .map(|rate| fit(rate, rates, ParameterName::BaselineRate, 0.0)),
        };
        (checked, adjustments)
    }
}
