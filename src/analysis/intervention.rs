//! The population approach against the high-risk approach, on a [`BinnedModel`]:
//! - population approach: every value moves by `population_shift` (in the item's unit; SBP −4);
//! - high-risk approach: of the people past `high_risk.threshold` (at or above it, or below it
//!   for HDL), a share `reach_fraction` is reached and improves by `improvement` (a fall, or a rise
//!   for HDL);
//! - both: the shift first, then the high-risk approach on the shifted values.
//!
//! Every result is an estimate from binned data (see `crate::analysis::binned`).

use crate::analysis::binned::BinnedModel;
use crate::model::indicator::RiskSide;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HighRisk {
    pub threshold: f64,
    /// 0–1
    pub reach_fraction: f64,
    /// How far a reached person's value improves, ≥ 0 (towards lower risk).
    pub improvement: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Intervention {
    /// Added to every value (negative lowers).
    pub population_shift: f64,
    pub high_risk: Option<HighRisk>,
}

impl Intervention {
    /// Parameters out of range are brought back into it (reach 0–1, improvement ≥ 0): a
    /// slider cannot produce them, a typed number or a URL can.
    pub fn clamped(self) -> Intervention {
        Intervention {
            population_shift: if self.population_shift.is_finite() {
                self.population_shift
            } else {
                0.0
            },
            high_risk: self
                .high_risk
                .filter(|h| h.threshold.is_finite())
                .map(|h| HighRisk {
                    reach_fraction: if h.reach_fraction.is_finite() {
                        h.reach_fraction.clamp(0.0, 1.0)
                    } else {
                        0.0
                    },
                    improvement: if h.improvement.is_finite() {
                        h.improvement.max(0.0)
                    } else {
                        0.0
                    },
                    ..h
                }),
        }
    }
}

/// People on the risky side of `threshold` after the intervention. `risk_side` is the item's
/// (`AtOrAbove`, or `Below` for HDL): it says which side is risky and which way the high-risk
/// approach moves people.
pub fn people_at_risk(
    model: &BinnedModel,
    intervention: &Intervention,
    threshold: f64,
    risk_side: RiskSide,
) -> f64 {
    let below = people_below_after(model, intervention, risk_side, threshold);
    match risk_side {
        RiskSide::AtOrAbove => model.total_people - below,
        RiskSide::Below => below,
    }
}

/// People whose value after the intervention is below `value`: the distribution after.
pub fn people_below_after(
    model: &BinnedModel,
    intervention: &Intervention,
    risk_side: RiskSide,
    value: f64,
) -> f64 {
    let intervention = intervention.clamped();
    // People whose shifted value y = x + shift is below v.
    let below = |v: f64| model.people_below(v - intervention.population_shift);
    let Some(h) = intervention.high_risk else {
        return below(value);
    };
    let (r, d) = (h.reach_fraction, h.improvement);
    match risk_side {
        // Eligible: y ≥ H; the reached fall to y − δ.
        RiskSide::AtOrAbove => {
            below(value.min(h.threshold))
                + (1.0 - r) * (below(value) - below(h.threshold)).max(0.0)
                + r * (below(value + d) - below(h.threshold)).max(0.0)
        }
        // Eligible: y < H; the reached rise to y + δ.
        RiskSide::Below => {
            (below(value) - below(h.threshold)).max(0.0)
                + (1.0 - r) * below(value.min(h.threshold))
                + r * below((value - d).min(h.threshold))
        }
    }
}

/// People whose value was in `[lower, upper)` before the intervention and still is after it
/// (the rest of the band's people moved out of it). Each way a person can move — not eligible,
/// eligible but not reached, reached — keeps the band for one interval of values before.
pub fn people_staying_in(
    model: &BinnedModel,
    intervention: &Intervention,
    risk_side: RiskSide,
    lower: f64,
    upper: f64,
) -> f64 {
    let intervention = intervention.clamped();
    let shift = intervention.population_shift;
    let between = |from: f64, to: f64| {
        if to > from {
            model.people_below(to) - model.people_below(from)
        } else {
            0.0
        }
    };
    // Values before whose shifted value stays in the band.
    let (from, to) = (lower.max(lower - shift), upper.min(upper - shift));
    let Some(h) = intervention.high_risk else {
        return between(from, to);
    };
    let (r, d) = (h.reach_fraction, h.improvement);
    // Eligible when the shifted value is past the threshold: value before ≥ or < this.
    let eligible_from = h.threshold - shift;
    match risk_side {
        RiskSide::AtOrAbove => {
            // The reached end at value + shift − d.
            let (reached_from, reached_to) =
                (lower.max(lower - shift + d), upper.min(upper - shift + d));
            between(from, to.min(eligible_from))
                + (1.0 - r) * between(from.max(eligible_from), to)
                + r * between(reached_from.max(eligible_from), reached_to)
        }
        RiskSide::Below => {
            let (reached_from, reached_to) =
                (lower.max(lower - shift - d), upper.min(upper - shift - d));
            between(from.max(eligible_from), to)
                + (1.0 - r) * between(from, to.min(eligible_from))
                + r * between(reached_from, reached_to.min(eligible_from))
        }
    }
}
