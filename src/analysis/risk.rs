//! Expected events under a log-linear risk per unit of an indicator, before and after an
//! intervention, and where the events come from (the prevention paradox: most arise among the
//! many below the high-risk threshold). Defaults are taken only from published cohorts and carry
//! their source; an item without one has none, and the user must give the slope.

use crate::analysis::intervention::Intervention;
use crate::model::indicator::RiskSide;
use crate::model::{AgeBand, Sex, NDB_AGE_BANDS};

/// Relative risk `relative_risk_per_step` for every `step_units` towards the risky side (higher,
/// or lower for HDL), counted from `from_value` (risk flat on the safe side of it) or over the
/// whole range when `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskSlope {
    pub relative_risk_per_step: f64,
    pub step_units: f64,
    pub from_value: Option<f64>,
    /// The level whose risk is the reference of *excess* events (those above it, on the risky
    /// side): where the cited cohort saw the risk stop falling. `None`: no reference is cited,
    /// and the prevention paradox is told with all events.
    pub excess_from: Option<f64>,
    /// 「脳卒中・虚血性心疾患による死亡（40〜69歳）」, in Japanese and English.
    pub outcome: [&'static str; 2],
    /// The publication the slope comes from, or that the user gave it.
    pub source: [&'static str; 2],
    /// The cited relative risk per step for each decade of age at risk from 40 (40–49 … 80–89),
    /// used instead of `relative_risk_per_step` where the literature gives one per age.
    pub relative_risk_by_decade: Option<[f64; 5]>,
}

/// The outcomes PSC 2002 gives age-specific slopes for (usual SBP; similar for men and women).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeSpecificOutcome {
    Stroke,
    IschaemicHeartDisease,
}

impl AgeSpecificOutcome {
    pub const ALL: [AgeSpecificOutcome; 2] = [
        AgeSpecificOutcome::Stroke,
        AgeSpecificOutcome::IschaemicHeartDisease,
    ];

    /// `stroke`, `ihd`: in links and `data-testid`s.
    pub fn id(self) -> &'static str {
        match self {
            AgeSpecificOutcome::Stroke => "stroke",
            AgeSpecificOutcome::IschaemicHeartDisease => "ihd",
        }
    }

    pub fn from_id(id: &str) -> Option<AgeSpecificOutcome> {
        AgeSpecificOutcome::ALL.into_iter().find(|o| o.id() == id)
    }

    /// PSC 2002's hazard ratios for 20 mmHg lower usual SBP at ages 40–49, 50–59, 60–69,
    /// 70–79 and 80–89 (its age-specific figure for stroke and IHD mortality).
    fn hazard_ratios_per_20_mmhg_lower(self) -> [f64; 5] {
        match self {
            AgeSpecificOutcome::Stroke => [0.36, 0.38, 0.43, 0.50, 0.67],
            AgeSpecificOutcome::IschaemicHeartDisease => [0.49, 0.50, 0.54, 0.60, 0.67],
        }
    }

    /// 「脳卒中による死亡」 / "deaths from stroke"
    pub fn outcome(self) -> [&'static str; 2] {
        match self {
            AgeSpecificOutcome::Stroke => ["脳卒中による死亡", "deaths from stroke"],
            AgeSpecificOutcome::IschaemicHeartDisease => [
                "虚血性心疾患による死亡",
                "deaths from ischaemic heart disease",
            ],
        }
    }

    /// The cited age-specific slope of SBP for this outcome.
    pub fn slope(self) -> RiskSlope {
        RiskSlope {
            // A lower pressure divides the risk by the hazard ratio: a higher one multiplies
            // it by the inverse (log-linear).
            relative_risk_per_step: 1.0 / self.hazard_ratios_per_20_mmhg_lower()[0],
            step_units: 20.0,
            from_value: None,
            excess_from: Some(115.0),
            outcome: self.outcome(),
            source: [
                "Prospective Studies Collaboration. Lancet 2002;360:1903–13（年齢別：通常収縮期血圧20mmHg低下あたりのハザード比）",
                "Prospective Studies Collaboration. Lancet 2002;360:1903–13 (age-specific hazard ratios per 20 mmHg lower usual systolic pressure)",
            ],
            relative_risk_by_decade: Some(self.hazard_ratios_per_20_mmhg_lower().map(|hr| 1.0 / hr)),
        }
    }
}

/// What a slope the user typed cites.
pub const USER_SLOPE_SOURCE: [&str; 2] = [
    "利用者の入力（出典のある既定値はありません）",
    "the user’s input (there is no cited default)",
];
const USER_SLOPE_OUTCOME: [&str; 2] = ["利用者が想定した発症", "events the user assumed"];

/// The cited default slope for an item, if a published cohort gives one.
pub fn default_slope(indicator_id: &str) -> Option<RiskSlope> {
    match indicator_id {
        // 20 mmHg lower usual SBP ≈ half the stroke and IHD mortality at ages 40–69.
        // The association is log-linear down to at least 115 mmHg: excess events above that.
        "sbp" => Some(RiskSlope {
            relative_risk_per_step: 2.0,
            step_units: 20.0,
            from_value: None,
            excess_from: Some(115.0),
            outcome: [
                "脳卒中・虚血性心疾患による死亡（40〜69歳）",
                "deaths from stroke and ischaemic heart disease (ages 40–69)",
            ],
            source: [
                "Prospective Studies Collaboration. Lancet 2002;360:1903–13（通常血圧が20mmHg低いと死亡がおよそ半分）",
                "Prospective Studies Collaboration. Lancet 2002;360:1903–13 (20 mmHg lower usual blood pressure: about half the deaths)",
            ],
            relative_risk_by_decade: None,
        }),
        // Per 5 kg/m² above 25: all-cause mortality ×1.29.
        "bmi" => Some(RiskSlope {
            relative_risk_per_step: 1.29,
            step_units: 5.0,
            from_value: Some(25.0),
            excess_from: Some(25.0),
            outcome: [
                "全死亡（BMI 25以上の範囲）",
                "deaths from all causes (BMI 25 and over)",
            ],
            source: [
                "Prospective Studies Collaboration. Lancet 2009;373:1083–96（BMI 25以上で5kg/m²あたり全死亡1.29倍）",
                "Prospective Studies Collaboration. Lancet 2009;373:1083–96 (above BMI 25, all-cause mortality ×1.29 per 5 kg/m²)",
            ],
            relative_risk_by_decade: None,
        }),
        _ => None,
    }
}

impl RiskSlope {
    /// The item's cited slope with the user's relative risk per step; a slope the user gives for
    /// an item without a default cites the user.
    pub fn with_relative_risk(
        indicator_id: &str,
        step_units: f64,
        relative_risk_per_step: f64,
    ) -> RiskSlope {
        match default_slope(indicator_id) {
            Some(cited) if cited.relative_risk_per_step == relative_risk_per_step => cited,
            Some(cited) => RiskSlope {
                relative_risk_per_step,
                source: USER_SLOPE_SOURCE,
                ..cited
            },
            None => RiskSlope {
                relative_risk_per_step,
                step_units,
                from_value: None,
                excess_from: None,
                outcome: USER_SLOPE_OUTCOME,
                source: USER_SLOPE_SOURCE,
                relative_risk_by_decade: None,
            },
        }
    }

    /// The slope for people of an age band: its decade's where the slope is age-specific (a
    /// band is given the decade it starts in; before 40, the 40s'; from 80, the 80s'), else the
    /// one slope.
    pub fn for_age_band(&self, band: AgeBand) -> RiskSlope {
        let mut slope = self.clone();
        if let Some(by_decade) = self.relative_risk_by_decade {
            let decade = usize::from(band.from_years.clamp(40, 80) / 10 - 4);
            slope.relative_risk_per_step = by_decade[decade];
        }
        slope
    }

    /// ln(relative risk) per unit towards the risky side.
    pub fn log_rr_per_unit(&self) -> f64 {
        self.relative_risk_per_step.ln() / self.step_units
    }

    fn relative_risk(&self, value: f64, risk_side: RiskSide) -> f64 {
        let towards_risk = match risk_side {
            RiskSide::AtOrAbove => value - self.from_value.unwrap_or(0.0),
            RiskSide::Below => self.from_value.unwrap_or(0.0) - value,
        };
        let excess = match self.from_value {
            Some(_) => towards_risk.max(0.0),
            None => towards_risk,
        };
        (self.log_rr_per_unit() * excess).exp()
    }
}

/// Current event rates per 100,000 a year by sex and by 特定健診's seven age bands, as the user
/// gives them (e.g. 人口動態統計's death rates): each stratum's rate is its events now, spread
/// over its people by their relative risk.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct StratumRates(pub [[Option<f64>; 7]; 2]);

impl StratumRates {
    pub fn is_given(&self) -> bool {
        self.0.iter().flatten().any(Option::is_some)
    }

    /// The rate of a stratum; `None` when not given or the band is not one of the seven.
    pub fn of(&self, sex: Sex, band: AgeBand) -> Option<f64> {
        let band = NDB_AGE_BANDS.iter().position(|b| *b == band)?;
        self.0[sex as usize][band]
    }

    /// Every rate through `change`.
    pub fn map(self, mut change: impl FnMut(f64) -> f64) -> StratumRates {
        StratumRates(self.0.map(|rates| rates.map(|rate| rate.map(&mut change))))
    }
}

/// Expected events in relative units (people × relative risk; only ratios mean something until a
/// baseline rate is given), and those among people not past the high-risk threshold: before the
/// intervention by their value before, after it by their value after. All four add up across
/// strata.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct EventEstimate {
    pub events_before: f64,
    pub events_after: f64,
    pub events_before_not_past_threshold: f64,
    pub events_after_not_past_threshold: f64,
    /// The same four for excess events (above the risk at `RiskSlope::excess_from`).
    pub excess: ExcessEvents,
}

/// Excess events (relative units), before and after, and among people not past the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ExcessEvents {
    pub before: f64,
    pub after: f64,
    pub before_not_past_threshold: f64,
    pub after_not_past_threshold: f64,
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

    /// Fraction (0–1) of the events before that arise among people not past the threshold.
    pub fn share_not_past_threshold_before(&self) -> f64 {
        ratio(self.events_before_not_past_threshold, self.events_before)
    }

    /// Fraction (0–1) of the events after that arise among people not past the threshold.
    pub fn share_not_past_threshold_after(&self) -> f64 {
        ratio(self.events_after_not_past_threshold, self.events_after)
    }

    /// Fraction (0–1) of the excess events before that arise among people not past the
    /// threshold: Rose's prevention paradox.
    pub fn excess_share_not_past_threshold_before(&self) -> f64 {
        ratio(self.excess.before_not_past_threshold, self.excess.before)
    }

    pub fn excess_share_not_past_threshold_after(&self) -> f64 {
        ratio(self.excess.after_not_past_threshold, self.excess.after)
    }

    /// Fraction (0–1) of all events before that are excess events.
    pub fn excess_fraction_before(&self) -> f64 {
        ratio(self.excess.before, self.events_before)
    }

    pub fn excess_fraction_after(&self) -> f64 {
        ratio(self.excess.after, self.events_after)
    }
}

impl EventEstimate {
    /// Every figure × `factor` (relative units into events per year).
    pub fn scaled(self, factor: f64) -> EventEstimate {
        let excess = self.excess;
        EventEstimate {
            events_before: self.events_before * factor,
            events_after: self.events_after * factor,
            events_before_not_past_threshold: self.events_before_not_past_threshold * factor,
            events_after_not_past_threshold: self.events_after_not_past_threshold * factor,
            excess: ExcessEvents {
                before: excess.before * factor,
                after: excess.after * factor,
                before_not_past_threshold: excess.before_not_past_threshold * factor,
                after_not_past_threshold: excess.after_not_past_threshold * factor,
            },
        }
    }
}

impl std::ops::Add for EventEstimate {
    type Output = EventEstimate;

    fn add(self, other: EventEstimate) -> EventEstimate {
        EventEstimate {
            events_before: self.events_before + other.events_before,
            events_after: self.events_after + other.events_after,
            events_before_not_past_threshold: self.events_before_not_past_threshold
                + other.events_before_not_past_threshold,
            events_after_not_past_threshold: self.events_after_not_past_threshold
                + other.events_after_not_past_threshold,
            excess: ExcessEvents {
                before: self.excess.before + other.excess.before,
                after: self.excess.after + other.excess.after,
                before_not_past_threshold: self.excess.before_not_past_threshold
                    + other.excess.before_not_past_threshold,
                after_not_past_threshold: self.excess.after_not_past_threshold
                    + other.excess.after_not_past_threshold,
            },
        }
    }
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// Where a checkup reading puts a person's *usual* level, which cited slopes refer to: one
/// reading strays further from the stratum's mean than the usual level does (regression
/// dilution, MacMahon et al. 1990), so the usual level expected is
/// `mean + dilution_ratio × (reading − mean)`. A ratio of 1 takes the reading as the usual level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UsualLevel {
    pub stratum_mean: f64,
    /// 0–1
    pub dilution_ratio: f64,
}

impl UsualLevel {
    /// How far the usual level lies nearer the mean than the reading (0 at a ratio of 1, so a
    /// reading is then taken bit for bit).
    fn pulled_towards_mean(self, reading: f64) -> f64 {
        (1.0 - self.dilution_ratio) * (reading - self.stratum_mean)
    }
}

/// Sums over a grid of (value, people) (`BinnedModel::people_grid`), once per intervention: each
/// slice moves as the intervention says; a reached share of an eligible slice improves. One
/// pass for all of them, so each slice's risk before is computed once. Who is past a threshold
/// is decided by the reading; the risk, by the usual level, which an intervention changes by
/// as much as it changes the reading.
pub fn expected_events<const N: usize>(
    people_grid: &[(f64, f64)],
    interventions: [Intervention; N],
    risk_side: RiskSide,
    slope: &RiskSlope,
    high_risk_threshold: f64,
    usual: UsualLevel,
) -> [EventEstimate; N] {
    let interventions = interventions.map(|i| i.clamped());
    let past = |value: f64, threshold: f64| match risk_side {
        RiskSide::AtOrAbove => value >= threshold,
        RiskSide::Below => value < threshold,
    };
    let improved = |value: f64, by: f64| match risk_side {
        RiskSide::AtOrAbove => value - by,
        RiskSide::Below => value + by,
    };
    // Relative risk above that at `excess_from` (0 on its safe side); all of it without one.
    let reference_risk = slope
        .excess_from
        .map_or(0.0, |reference| slope.relative_risk(reference, risk_side));
    let excess = |risk: f64| (risk - reference_risk).max(0.0);
    let mut estimates = [EventEstimate::default(); N];
    for &(value, people) in people_grid {
        let pulled = usual.pulled_towards_mean(value);
        let relative_risk = slope.relative_risk(value - pulled, risk_side);
        let risk_before = relative_risk * people;
        let excess_before = excess(relative_risk) * people;
        let not_past_before = !past(value, high_risk_threshold);
        for (estimate, intervention) in estimates.iter_mut().zip(&interventions) {
            estimate.events_before += risk_before;
            estimate.excess.before += excess_before;
            if not_past_before {
                estimate.events_before_not_past_threshold += risk_before;
                estimate.excess.before_not_past_threshold += excess_before;
            }
            let shifted = value + intervention.population_shift;
            // (value after, share of the slice's people)
            let outcomes = match intervention.high_risk {
                Some(h) if past(shifted, h.threshold) => [
                    (shifted, 1.0 - h.reach_fraction),
                    (improved(shifted, h.improvement), h.reach_fraction),
                ],
                _ => [(shifted, 1.0), (shifted, 0.0)],
            };
            // A share of nobody adds nothing: skipping it halves the work of the common case
            // (the slider reruns this for every slice of every stratum).
            for (value_after, share) in outcomes.into_iter().filter(|(_, share)| *share > 0.0) {
                let relative_risk = slope.relative_risk(value_after - pulled, risk_side);
                let risk_after = relative_risk * people * share;
                let excess_after = excess(relative_risk) * people * share;
                estimate.events_after += risk_after;
                estimate.excess.after += excess_after;
                if !past(value_after, high_risk_threshold) {
                    estimate.events_after_not_past_threshold += risk_after;
                    estimate.excess.after_not_past_threshold += excess_after;
                }
            }
        }
    }
    estimates
}
