//! Expected events under a log-linear risk per unit of an indicator, before and after an
//! intervention, and where the events come from (the prevention paradox: most arise among the
//! many below the high-risk threshold). Defaults are taken only from published cohorts and carry
//! their source; an item without one has none, and the user must give the slope.

use crate::binned::BinnedModel;
use crate::indicator::RiskSide;
use crate::simulate::Intervention;

/// Relative risk `exp(log_rr_per_unit × (value − from_value))` above `from_value` (1 below it),
/// or over the whole range when `from_value` is `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskSlope {
    pub log_rr_per_unit: f64,
    pub from_value: Option<f64>,
    /// 「脳卒中・虚血性心疾患死亡（40〜69歳）」
    pub outcome_ja: &'static str,
    /// The publication the slope comes from.
    pub source_ja: &'static str,
}

/// The cited default slope for an item, if a published cohort gives one.
pub fn default_slope(indicator_id: &str) -> Option<RiskSlope> {
    match indicator_id {
        // 20 mmHg lower usual SBP ≈ half the stroke and IHD mortality at ages 40–69.
        "sbp" => Some(RiskSlope {
            log_rr_per_unit: std::f64::consts::LN_2 / 20.0,
            from_value: None,
            outcome_ja: "脳卒中・虚血性心疾患による死亡（40〜69歳）",
            source_ja: "Prospective Studies Collaboration. Lancet 2002;360:1903–13（通常血圧20mmHg低いと死亡がおよそ半分）",
        }),
        // Per 5 kg/m² above 25: all-cause mortality ×1.29.
        "bmi" => Some(RiskSlope {
            log_rr_per_unit: 1.29f64.ln() / 5.0,
            from_value: Some(25.0),
            outcome_ja: "全死亡（BMI 25以上の範囲）",
            source_ja: "Prospective Studies Collaboration. Lancet 2009;373:1083–96（BMI 25以上で5kg/m²あたり全死亡1.29倍）",
        }),
        _ => None,
    }
}

impl RiskSlope {
    fn relative_risk(&self, value: f64) -> f64 {
        let excess = match self.from_value {
            Some(from) => (value - from).max(0.0),
            None => value,
        };
        (self.log_rr_per_unit * excess).exp()
    }
}

/// Expected events in relative units (people × relative risk; only ratios are meaningful
/// unless a baseline rate is given), and the share of them among people who were not past the
/// high-risk threshold before the intervention.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventEstimate {
    pub events_before: f64,
    pub events_after: f64,
    pub share_below_threshold_before: f64,
    pub share_below_threshold_after: f64,
}

impl EventEstimate {
    /// Fraction (0–1) of the expected events averted.
    pub fn averted_fraction(&self) -> f64 {
        if self.events_before > 0.0 {
            1.0 - self.events_after / self.events_before
        } else {
            0.0
        }
    }
}

/// Integrates over the model's quantiles (2,000 equal slices of people): each slice moves as
/// the intervention says; a reached share of an eligible slice improves.
pub fn expected_events(
    model: &BinnedModel,
    intervention: &Intervention,
    risk_side: RiskSide,
    slope: &RiskSlope,
    high_risk_threshold: f64,
) -> EventEstimate {
    const SLICES: usize = 2000;
    let intervention = intervention.clamped();
    let people_per_slice = model.total_people / SLICES as f64;
    let past = |value: f64, threshold: f64| match risk_side {
        RiskSide::AtOrAbove => value >= threshold,
        RiskSide::Below => value < threshold,
    };
    let (mut before, mut after, mut before_below, mut after_below) = (0.0, 0.0, 0.0, 0.0);
    for slice in 0..SLICES {
        let value = model.quantile((slice as f64 + 0.5) / SLICES as f64);
        let shifted = value + intervention.population_shift;
        let risk_before = slope.relative_risk(value);
        let risk_after = match intervention.high_risk {
            Some(h) if past(shifted, h.threshold) => {
                let improved = match risk_side {
                    RiskSide::AtOrAbove => shifted - h.improvement,
                    RiskSide::Below => shifted + h.improvement,
                };
                (1.0 - h.reach_fraction) * slope.relative_risk(shifted)
                    + h.reach_fraction * slope.relative_risk(improved)
            }
            _ => slope.relative_risk(shifted),
        };
        before += risk_before * people_per_slice;
        after += risk_after * people_per_slice;
        if !past(value, high_risk_threshold) {
            before_below += risk_before * people_per_slice;
            after_below += risk_after * people_per_slice;
        }
    }
    EventEstimate {
        events_before: before,
        events_after: after,
        share_below_threshold_before: before_below / before,
        share_below_threshold_after: if after > 0.0 {
            after_below / after
        } else {
            0.0
        },
    }
}
