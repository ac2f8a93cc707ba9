//! The simulator as a council reads it: for one area, sex and age band, every group (地域, 職域…)
//! and their combined population, before and after the population approach, the high-risk
//! approach and both — people past each threshold, age-standardised shares, the mean, people
//! moving out of each band, expected events and where they arise.
//!
//! Two steps, so a slider stays fast: [`SimulatorInput::prepare`] fits the binned model of every
//! sex × age band stratum of every group once per selection; [`simulate`] reruns the intervention
//! on those models for each parameter change. Groups are modelled stratum by stratum and summed,
//! so the combined population is the sum of its groups and age standardisation uses the same
//! strata. Every figure is an estimate from binned data (`crate::analysis::binned`), except the counts
//! "before" at a threshold that is a bin edge, which equal the published counts.

use crate::analysis::binned::BinnedModel;
use crate::analysis::distribution::{
    distribution, AreaSelection, BinCount, Distribution, GroupSelection, Selection, StatsError,
};
use crate::analysis::intervention::{
    people_at_risk, people_below_after, people_staying_in, HighRisk, Intervention,
};
use crate::analysis::risk::{default_slope, expected_events, EventEstimate, RiskSlope};
use crate::draw::chart::{ChartSeries, DistributionChart};
use crate::model::indicator::{format_value, Indicator, RiskSide, ThresholdKind};
use crate::model::{group_name, AgeBand, Bin, Dataset, Sex, GROUP_ALL, NDB_AGE_BANDS};
use crate::view::language::Language;

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

    pub fn name(self, language: Language) -> &'static str {
        match self {
            Approach::Population => language.pick("集団アプローチ", "Population approach"),
            Approach::HighRisk => language.pick("ハイリスクアプローチ", "High-risk approach"),
            Approach::Both => language.pick("両方", "Both"),
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
}

/// 「全員の変化（mmHg）」 / "Change for everyone (mmHg)".
pub fn parameter_name(name: ParameterName, unit: &str, language: Language) -> String {
    let with_unit = |japanese: &str, english: &str| {
        language.parenthesised(language.pick(japanese, english), unit)
    };
    match name {
        ParameterName::PopulationShift => with_unit("全員の変化", "Change for everyone"),
        ParameterName::HighRiskThreshold => with_unit("ハイリスクの基準", "High-risk threshold"),
        ParameterName::Reach => language
            .pick("対象者に届く割合（%）", "Share of them reached (%)")
            .into(),
        ParameterName::Improvement => with_unit("届いた人の改善", "Improvement of those reached"),
        ParameterName::RelativeRisk => language.pick("リスクの倍率", "Relative risk").into(),
        ParameterName::BaselineRate => language.pick("現在の発生率", "Current event rate").into(),
    }
}

/// Why the simulator does not run on an item.
pub fn unavailable_reason(indicator: &Indicator, language: Language) -> Option<String> {
    if indicator.plausible_edges.is_none() {
        return Some(
            language
                .pick(
                    "数値の階級ではない項目（尿検査など）はシミュレーションできません。",
                    "Items without numeric bins (urine tests, etc.) cannot be simulated.",
                )
                .into(),
        );
    }
    if indicator.thresholds.is_empty() {
        return Some(match language {
            Language::Japanese => format!(
                "「{}」には判定値がないため、どちらの側が高リスクかを本アプリは決めていません。シミュレーションは判定値のある項目（血圧・HbA1c・空腹時血糖・BMI・脂質）で行えます。",
                indicator.name_ja
            ),
            Language::English => format!(
                "{} has no checkup threshold, so this app does not decide which side is high risk. The simulator runs on items with thresholds (blood pressure, HbA1c, fasting glucose, BMI, lipids).",
                indicator.name_en
            ),
        });
    }
    None
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

/// The defaults: for SBP, 健康日本21 (second term)'s national target of a 4 mmHg lower mean for
/// everyone, against half of those ≥160 reached and lowered by 15 mmHg; for other items no
/// change until the user sets one, because no national target gives one.
pub fn default_parameters(indicator: &Indicator) -> Parameters {
    let slope = default_slope(indicator.id);
    let relative_risk_per_step = slope.map(|s| s.relative_risk_per_step);
    if indicator.id == "sbp" {
        return Parameters {
            population_shift: -4.0,
            high_risk_threshold: 160.0,
            reach_fraction: 0.5,
            improvement: 15.0,
            relative_risk_per_step,
            baseline_rate_per_100k: None,
        };
    }
    Parameters {
        population_shift: 0.0,
        high_risk_threshold: reference_value(indicator),
        reach_fraction: 0.5,
        improvement: 0.0,
        relative_risk_per_step,
        baseline_rate_per_100k: None,
    }
}

/// Notes on the defaults shown next to the parameters.
pub fn default_note(indicator: &Indicator, language: Language) -> String {
    if indicator.id == "sbp" {
        language.pick(
            "初期値：健康日本21（第二次）の目標「収縮期血圧の平均値 4mmHg 低下」を全員に、160mmHg以上の人の半数に15mmHgの低下を比べます。",
            "Defaults: Health Japan 21 (second term)’s target of a 4 mmHg lower mean systolic blood pressure for everyone, against a 15 mmHg fall for half of those at 160 mmHg or more.",
        ).into()
    } else {
        language.pick(
            "この項目には国の数値目標がないため、初期値は「変化なし」です。値を入れて比べてください。",
            "There is no national target for this item, so the defaults are “no change”. Enter values to compare.",
        ).into()
    }
}

impl Parameters {
    /// Brings each parameter into its range; says what was changed (a typed number or a URL can
    /// be out of range, a slider cannot).
    pub fn checked(self, indicator: &Indicator, language: Language) -> (Parameters, Vec<String>) {
        let limits = limits(indicator);
        let unit = indicator.unit;
        let mut notes = Vec::new();
        let mut fit = |value: f64, (low, high): (f64, f64), name: &str, fallback: f64| -> f64 {
            if !value.is_finite() {
                let set = format_value(fallback);
                notes.push(match language {
                    Language::Japanese => format!("{name}が数ではないため {set} にしました。"),
                    Language::English => format!("{name} is not a number, so it was set to {set}."),
                });
                return fallback;
            }
            let clamped = value.clamp(low, high);
            if clamped != value {
                let (value, low, high, set) = (
                    format_value(value),
                    format_value(low),
                    format_value(high),
                    format_value(clamped),
                );
                notes.push(match language {
                    Language::Japanese => format!(
                        "{name} {value} は範囲（{low}〜{high}）の外のため {set} にしました。"
                    ),
                    Language::English => format!(
                        "{name} {value} is outside the range ({low} to {high}), so it was set to {set}."
                    ),
                });
            }
            clamped
        };
        let defaults = default_parameters(indicator);
        let checked = Parameters {
            population_shift: fit(
                self.population_shift,
                (-limits.shift_max_abs, limits.shift_max_abs),
                &parameter_name(ParameterName::PopulationShift, unit, language),
                0.0,
            ),
            high_risk_threshold: fit(
                self.high_risk_threshold,
                limits.threshold_range,
                &parameter_name(ParameterName::HighRiskThreshold, unit, language),
                defaults.high_risk_threshold,
            ),
            // In percent, as the page asks for it.
            reach_fraction: fit(
                self.reach_fraction * 100.0,
                (0.0, 100.0),
                &parameter_name(ParameterName::Reach, unit, language),
                0.0,
            ) / 100.0,
            improvement: fit(
                self.improvement,
                (0.0, limits.improvement_max),
                &parameter_name(ParameterName::Improvement, unit, language),
                0.0,
            ),
            relative_risk_per_step: self.relative_risk_per_step.map(|rr| {
                fit(
                    rr,
                    limits.relative_risk_range,
                    &parameter_name(ParameterName::RelativeRisk, unit, language),
                    defaults.relative_risk_per_step.unwrap_or(1.0),
                )
            }),
            baseline_rate_per_100k: self.baseline_rate_per_100k.map(|rate| {
                fit(
                    rate,
                    (0.0, limits.baseline_rate_max_per_100k),
                    &parameter_name(ParameterName::BaselineRate, unit, language),
                    0.0,
                )
            }),
        };
        (checked, notes)
    }
}

/// One sex × age band of one group, modelled.
#[derive(Clone, Debug, PartialEq)]
struct FittedStratum {
    sex: Sex,
    age_band: AgeBand,
    bins: Vec<Bin>,
    model: BinnedModel,
    /// `BinnedModel::people_grid`, for the events.
    people_grid: Vec<(f64, f64)>,
}

/// A group (or the whole data when it has no groups), stratum by stratum.
#[derive(Clone, Debug, PartialEq)]
struct FittedPopulation {
    key: String,
    label: String,
    strata: Vec<FittedStratum>,
    /// Strata with no people to model: 「男性・70〜74歳」
    missing: Vec<String>,
    /// Suppressed cells in the strata modelled (their people are missing from the counts).
    suppressed_cells: usize,
}

/// Everything [`simulate`] needs for one selection, fitted once.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulatorInput {
    pub indicator: &'static Indicator,
    /// 「北海道・男女計・40〜74歳」
    pub scope: String,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
    pub fiscal_year: i32,
    pub citation: String,
    pub fictional: bool,
    /// Of every text the report writes.
    pub language: Language,
    populations: Vec<FittedPopulation>,
}

const GRID_SLICES: usize = 1000;

impl SimulatorInput {
    /// Fits every stratum of every group of `dataset` in `area` for the chosen sex and age band.
    pub fn prepare(
        dataset: &Dataset,
        indicator: &'static Indicator,
        area: &AreaSelection,
        sex: Option<Sex>,
        age_band: Option<AgeBand>,
        language: Language,
    ) -> Result<SimulatorInput, String> {
        if let Some(reason) = unavailable_reason(indicator, language) {
            return Err(reason);
        }
        let probe = Selection {
            indicator: indicator.id.to_string(),
            area: area.clone(),
            group: GroupSelection::Any,
            sex,
            age_band,
        };
        let records: Vec<_> = dataset
            .records
            .iter()
            .filter(|r| probe.covers_area_and_indicator(r))
            .cloned()
            .collect();
        let groups = dataset.named_groups();
        // No groups (NDB data), or one: the data are one population.
        let populations: Vec<(String, String, GroupSelection)> = if groups.len() < 2 {
            let label = groups
                .first()
                .map_or(group_name(GROUP_ALL, language), |g| group_name(g, language));
            vec![(
                groups.first().cloned().unwrap_or(GROUP_ALL.to_string()),
                label,
                GroupSelection::Any,
            )]
        } else {
            groups
                .iter()
                .map(|g| {
                    (
                        g.clone(),
                        group_name(g, language),
                        GroupSelection::One(g.clone()),
                    )
                })
                .collect()
        };
        let sexes: Vec<Sex> = sex.map_or(Sex::BOTH.to_vec(), |s| vec![s]);
        let bands: Vec<AgeBand> = age_band.map_or(NDB_AGE_BANDS.to_vec(), |b| vec![b]);
        let mut fitted = Vec::new();
        let mut fiscal_year = None;
        for (key, label, group) in populations {
            let mut strata = Vec::new();
            let mut missing = Vec::new();
            let mut suppressed_cells = 0;
            for &sex in &sexes {
                for &age_band in &bands {
                    let selection = Selection {
                        indicator: indicator.id.to_string(),
                        area: area.clone(),
                        group: group.clone(),
                        sex: Some(sex),
                        age_band: Some(age_band),
                    };
                    let stratum_label = format!(
                        "{}{}{}",
                        sex.name(language),
                        language.pick("・", ", "),
                        age_band.label(language)
                    );
                    let distribution = match distribution(&records, &selection) {
                        Ok(d) if d.total_people > 0 => d,
                        Ok(_) | Err(StatsError::NoRows | StatsError::AllSuppressed { .. }) => {
                            missing.push(stratum_label);
                            continue;
                        }
                        Err(error) => return Err(selection.failure(&error, language)),
                    };
                    fiscal_year.get_or_insert(distribution.fiscal_year);
                    suppressed_cells += distribution.suppressed_cell_count;
                    let model = BinnedModel::fit(&distribution).map_err(|e| e.message(language))?;
                    strata.push(FittedStratum {
                        sex,
                        age_band,
                        bins: distribution.bins.iter().map(|b| b.bin.clone()).collect(),
                        people_grid: model.people_grid(GRID_SLICES),
                        model,
                    });
                }
            }
            fitted.push(FittedPopulation {
                key,
                label,
                strata,
                missing,
                suppressed_cells,
            });
        }
        let Some(fiscal_year) = fiscal_year else {
            return Err(match language {
                Language::Japanese => format!(
                    "{}：人数のある層がありません（すべて秘匿か、データがありません）。",
                    probe.label(language)
                ),
                Language::English => format!(
                    "{}: no stratum has people (all suppressed, or no data).",
                    probe.label(language)
                ),
            });
        };
        Ok(SimulatorInput {
            indicator,
            scope: probe.label(language),
            sex,
            age_band,
            fiscal_year,
            citation: dataset.provenance.citation(fiscal_year, language),
            fictional: dataset.provenance.fictional,
            language,
            populations: fitted,
        })
    }

    /// Whether the report has a combined row (the data have two or more groups).
    fn has_groups(&self) -> bool {
        self.populations.len() > 1
    }
}

/// The population that weights the strata in age standardisation (direct method).
#[derive(Clone, Debug, PartialEq)]
pub struct StandardPopulation {
    /// 「全国（NDB 2022年度の受診者）」
    pub label: String,
    pub people: Vec<(Sex, AgeBand, f64)>,
}

impl StandardPopulation {
    /// The national NDB population of an item and year: every prefecture row summed per sex
    /// and age band (`dataset` is a prefecture-level NDB file).
    pub fn national(
        dataset: &Dataset,
        indicator: &Indicator,
        language: Language,
    ) -> Result<StandardPopulation, String> {
        let mut people = Vec::new();
        let mut year = None;
        for sex in Sex::BOTH {
            for age_band in NDB_AGE_BANDS {
                let selection = Selection {
                    indicator: indicator.id.to_string(),
                    area: AreaSelection::National,
                    group: GroupSelection::Any,
                    sex: Some(sex),
                    age_band: Some(age_band),
                };
                let d = distribution(&dataset.records, &selection)
                    .map_err(|e| selection.failure(&e, language))?;
                year.get_or_insert(d.fiscal_year);
                people.push((sex, age_band, d.total_people as f64));
            }
        }
        Ok(StandardPopulation {
            label: match language {
                Language::Japanese => format!(
                    "全国（NDB {}年度・{}の受診者）",
                    year.unwrap_or_default(),
                    indicator.name_ja
                ),
                Language::English => format!(
                    "Japan (people checked for {}, NDB FY{})",
                    indicator.name_en,
                    year.unwrap_or_default()
                ),
            },
            people,
        })
    }

    /// The shown groups together, stratum by stratum.
    pub fn shown(input: &SimulatorInput) -> StandardPopulation {
        let mut people: Vec<(Sex, AgeBand, f64)> = Vec::new();
        for stratum in input.populations.iter().flat_map(|p| &p.strata) {
            match people
                .iter_mut()
                .find(|(s, b, _)| *s == stratum.sex && *b == stratum.age_band)
            {
                Some(entry) => entry.2 += stratum.model.total_people,
                None => people.push((stratum.sex, stratum.age_band, stratum.model.total_people)),
            }
        }
        StandardPopulation {
            label: input
                .language
                .pick("表示中の集団の合計", "the populations shown, together")
                .into(),
            people,
        }
    }
}

/// One figure before and after each approach.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Outcome {
    pub before: f64,
    /// In the order of [`Approach::ALL`].
    pub after: [f64; 3],
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

/// A threshold the report counts people past.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportThreshold {
    /// `guidance`, `see-doctor` or `high-risk`.
    pub id: &'static str,
    /// 「受診勧奨判定値（140mmHg以上）」, 「ハイリスクの基準（160mmHg以上）」
    pub heading: String,
    pub value: f64,
}

/// One band of the published bins, before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct BandOutcome {
    pub bin: Bin,
    pub people: Outcome,
    /// People of this band before who are outside it after, per approach.
    pub moved_out: [f64; 3],
}

/// One group or the combined population.
#[derive(Clone, Debug, PartialEq)]
pub struct PopulationOutcome {
    /// A group id, `all`, or `combined`: used in `data-testid`s.
    pub key: String,
    pub label: String,
    pub people: f64,
    /// Per [`SimulationReport::thresholds`].
    pub past: Vec<Outcome>,
    /// Share (0–1) past each threshold, age-standardised; or why not.
    pub standardised: Result<Vec<Outcome>, String>,
    pub mean: Outcome,
    /// Per approach; `None` without a relative risk.
    pub events: Option<[EventEstimate; 3]>,
    /// Per published band; or why not (groups cut the scale differently).
    pub bands: Result<Vec<BandOutcome>, String>,
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimulationReport {
    pub indicator: &'static Indicator,
    pub scope: String,
    pub fiscal_year: i32,
    pub citation: String,
    pub fictional: bool,
    pub language: Language,
    pub parameters: Parameters,
    /// What was brought into range.
    pub adjustments: Vec<String>,
    pub thresholds: Vec<ReportThreshold>,
    pub rows: Vec<PopulationOutcome>,
    pub slope: Option<RiskSlope>,
    pub standard_label: String,
    /// Suppressed cells in the strata modelled, all groups.
    pub suppressed_cells: usize,
}

pub const COMBINED_KEY: &str = crate::view::groups::COMBINED_KEY;

/// Reruns the three approaches on the fitted strata.
pub fn simulate(
    input: &SimulatorInput,
    parameters: &Parameters,
    standard: &StandardPopulation,
) -> SimulationReport {
    let indicator = input.indicator;
    let language = input.language;
    let side = risk_side(indicator);
    let (parameters, adjustments) = parameters.checked(indicator, language);
    let limits = limits(indicator);
    let mut thresholds: Vec<ReportThreshold> = indicator
        .thresholds
        .iter()
        .map(|t| ReportThreshold {
            id: t.kind.id(),
            heading: t.heading(indicator.unit, language),
            value: t.value,
        })
        .collect();
    if !thresholds
        .iter()
        .any(|t| t.value == parameters.high_risk_threshold)
    {
        let threshold = crate::model::indicator::Threshold {
            kind: ThresholdKind::Guidance,
            value: parameters.high_risk_threshold,
            risk_side: side,
        };
        thresholds.push(ReportThreshold {
            id: "high-risk",
            heading: language.parenthesised(
                language.pick("ハイリスクの基準", "High-risk threshold"),
                &threshold.condition(indicator.unit, language),
            ),
            value: parameters.high_risk_threshold,
        });
    }
    let slope = parameters
        .relative_risk_per_step
        .map(|rr| RiskSlope::with_relative_risk(indicator.id, limits.risk_step_units, rr));
    let interventions = Approach::ALL.map(|a| a.intervention(&parameters));

    let stratum_outcomes = |stratum: &FittedStratum| -> StratumOutcome {
        let model = &stratum.model;
        let past = thresholds
            .iter()
            .map(|t| Outcome {
                before: people_at_risk(model, &Intervention::default(), t.value, side),
                after: interventions.map(|i| people_at_risk(model, &i, t.value, side)),
            })
            .collect();
        let events = slope.as_ref().map(|slope| {
            interventions.map(|i| {
                expected_events(
                    &stratum.people_grid,
                    &i,
                    side,
                    slope,
                    parameters.high_risk_threshold,
                )
            })
        });
        let bands = stratum
            .bins
            .iter()
            .map(|bin| {
                let lower = bin.lower.unwrap_or(f64::NEG_INFINITY);
                let upper = bin.upper.unwrap_or(f64::INFINITY);
                let in_band = |i: &Intervention| {
                    below_after(model, i, side, upper) - below_after(model, i, side, lower)
                };
                let before = in_band(&Intervention::default());
                BandOutcome {
                    bin: bin.clone(),
                    people: Outcome {
                        before,
                        after: interventions.map(|i| in_band(&i)),
                    },
                    moved_out: interventions
                        .map(|i| before - people_staying_in(model, &i, side, lower, upper)),
                }
            })
            .collect();
        let mean = stratum
            .people_grid
            .iter()
            .map(|(value, people)| value * people)
            .sum::<f64>()
            / model.total_people;
        StratumOutcome {
            sex: stratum.sex,
            age_band: stratum.age_band,
            people: model.total_people,
            past,
            events,
            bands,
            mean_times_people: Outcome {
                before: mean * model.total_people,
                after: interventions.map(|i| {
                    (mean + mean_change(&stratum.people_grid, &i, side)) * model.total_people
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
            summarise(
                p.key.clone(),
                p.label.clone(),
                strata,
                thresholds.len(),
                standard,
                input.age_band.is_some(),
                p.missing.clone(),
                language,
            )
        })
        .collect();
    if input.has_groups() {
        let all: Vec<StratumOutcome> = per_population
            .iter()
            .flat_map(|(_, s)| s.iter().cloned())
            .collect();
        let labels: Vec<&str> = input.populations.iter().map(|p| p.label.as_str()).collect();
        let missing = input
            .populations
            .iter()
            .flat_map(|p| {
                p.missing
                    .iter()
                    .map(move |m| format!("{}{}{m}", p.label, language.pick("・", ", ")))
            })
            .collect();
        rows.push(summarise(
            COMBINED_KEY.into(),
            language.parenthesised(
                language.pick("合算", "Combined"),
                &labels.join(language.pick("＋", " + ")),
            ),
            &all,
            thresholds.len(),
            standard,
            input.age_band.is_some(),
            missing,
            language,
        ));
    }
    SimulationReport {
        indicator,
        scope: input.scope.clone(),
        fiscal_year: input.fiscal_year,
        citation: input.citation.clone(),
        fictional: input.fictional,
        language,
        parameters,
        adjustments,
        thresholds,
        rows,
        slope,
        standard_label: standard.label.clone(),
        suppressed_cells: input.populations.iter().map(|p| p.suppressed_cells).sum(),
    }
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
    events: Option<[EventEstimate; 3]>,
    bands: Vec<BandOutcome>,
    mean_times_people: Outcome,
}

#[allow(clippy::too_many_arguments)]
fn summarise(
    key: String,
    label: String,
    strata: &[StratumOutcome],
    threshold_count: usize,
    standard: &StandardPopulation,
    one_age_band: bool,
    missing: Vec<String>,
    language: Language,
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
    let mean = Outcome {
        before: mean_total.before / people,
        after: mean_total.after.map(|m| m / people),
    };
    let events = strata
        .iter()
        .map(|s| s.events)
        .try_fold([EventEstimate::default(); 3], |sum, events| {
            events.map(|e| [0, 1, 2].map(|i| sum[i] + e[i]))
        });
    PopulationOutcome {
        key,
        label,
        people,
        past,
        standardised: standardise(strata, threshold_count, standard, one_age_band, language),
        mean,
        events: if strata.is_empty() { None } else { events },
        bands: sum_bands(strata, language),
        missing,
    }
}

/// Direct method: each stratum's share weighted by the standard population's people in it.
fn standardise(
    strata: &[StratumOutcome],
    threshold_count: usize,
    standard: &StandardPopulation,
    one_age_band: bool,
    language: Language,
) -> Result<Vec<Outcome>, String> {
    if one_age_band {
        return Err(language
            .pick(
                "年齢階級を1つ選んでいるため、年齢調整はしません。",
                "One age band is chosen, so there is no age standardisation.",
            )
            .into());
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
            return Err(match language {
                Language::Japanese => format!(
                    "{}・{}の人数がない（秘匿など）ため、年齢調整できません。",
                    sex.name(language),
                    age_band.label(language)
                ),
                Language::English => format!(
                    "{}, {} have no people (suppressed, etc.), so shares cannot be age-standardised.",
                    sex.name(language),
                    age_band.label(language)
                ),
            });
        }
        weight_total += weight;
        for (t, share) in shares.iter_mut().enumerate() {
            let past = in_stratum
                .iter()
                .fold(Outcome::default(), |sum, s| sum + s.past[t]);
            *share = *share
                + Outcome {
                    before: weight * past.before / people,
                    after: past.after.map(|a| weight * a / people),
                };
        }
    }
    if weight_total <= 0.0 {
        return Err(language
            .pick(
                "基準人口に人数がないため、年齢調整できません。",
                "The standard population has no people, so shares cannot be age-standardised.",
            )
            .into());
    }
    Ok(shares
        .into_iter()
        .map(|s| Outcome {
            before: s.before / weight_total,
            after: s.after.map(|a| a / weight_total),
        })
        .collect())
}

fn sum_bands(strata: &[StratumOutcome], language: Language) -> Result<Vec<BandOutcome>, String> {
    let Some(first) = strata.first() else {
        return Err(language
            .pick("人数のある層がありません。", "No stratum has people.")
            .into());
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
            return Err(language
                .pick(
                    "層によって階級の区切りが違うため、階級ごとの表は作れません。",
                    "Strata cut the scale differently, so there is no table per bin.",
                )
                .into());
        }
        for (sum, band) in bands.iter_mut().zip(&stratum.bands) {
            sum.people = sum.people + band.people;
            sum.moved_out = [0, 1, 2].map(|i| sum.moved_out[i] + band.moved_out[i]);
        }
    }
    Ok(bands)
}

/// One line of a results table: a measure, then now and each approach.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// Used in `data-testid`s: `past-see-doctor`, `events-averted`, `band-3`…
    pub id: String,
    pub label: String,
    /// Now, then [`Approach::ALL`].
    pub cells: [String; 4],
}

/// 「151,721人」: an estimate of people, rounded to whole people.
fn people_estimate(people: f64, language: Language) -> String {
    language.people(&crate::analysis::distribution::format_people(
        people.round().max(0.0) as u64,
    ))
}

/// 「−49,017」, 「+1,234」, 「±0」: a change with its sign, as `format` shows its size.
fn signed(value: f64, format: impl Fn(f64) -> String) -> String {
    let shown = format(value.abs());
    if !shown.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("±{shown}")
    } else if value < 0.0 {
        format!("−{shown}")
    } else {
        format!("+{shown}")
    }
}

fn whole(value: f64) -> String {
    crate::analysis::distribution::format_people(value.round() as u64)
}

/// 「1,234件」 / "1,234 events"
fn events(formatted: &str, language: Language) -> String {
    match language {
        Language::Japanese => format!("{formatted}件"),
        Language::English => format!("{formatted} events"),
    }
}

impl SimulationReport {
    /// Column headings: now, then each approach with its parameters.
    pub fn column_headings(&self) -> [String; 4] {
        let language = self.language;
        let p = &self.parameters;
        let unit = self.indicator.unit;
        let shift_value = signed(p.population_shift, |v| format_value(round_to(v, 0.01)));
        let direction = match risk_side(self.indicator) {
            RiskSide::AtOrAbove => "−",
            RiskSide::Below => "+",
        };
        let threshold = format_value(p.high_risk_threshold);
        let reach = format_percent_plain(p.reach_fraction);
        let improvement = format_value(round_to(p.improvement, 0.01));
        let (shift, high_risk) =
            match (language, risk_side(self.indicator)) {
                (Language::Japanese, side) => (
                    format!("全員 {shift_value}{unit}"),
                    format!(
                        "{threshold}{unit}{}の{reach}に{direction}{improvement}{unit}",
                        if side == RiskSide::AtOrAbove {
                            "以上"
                        } else {
                            "未満"
                        }
                    ),
                ),
                (Language::English, side) => {
                    (
                        format!("everyone {shift_value} {unit}"),
                        format!(
                    "{direction}{improvement} {unit} for {reach} of those {}{threshold} {unit}",
                    if side == RiskSide::AtOrAbove { "≥" } else { "<" }
                ),
                    )
                }
            };
        let separator = language.pick("、", "; ");
        [
            language.pick("現状", "Now").into(),
            language.parenthesised(Approach::Population.name(language), &shift),
            language.parenthesised(Approach::HighRisk.name(language), &high_risk),
            language.parenthesised(
                Approach::Both.name(language),
                &format!("{shift}{separator}{high_risk}"),
            ),
        ]
    }

    /// The results of one group (or the combined population).
    pub fn table_rows(&self, row: &PopulationOutcome) -> Vec<TableRow> {
        let language = self.language;
        let people = row.people;
        let mut rows = Vec::new();
        for (threshold, outcome) in self.thresholds.iter().zip(&row.past) {
            let share = |n: f64| crate::analysis::distribution::format_percent(n / people);
            rows.push(TableRow {
                id: format!("past-{}", threshold.id),
                label: match language {
                    Language::Japanese => format!("{}の人数（割合）", threshold.heading),
                    Language::English => format!(
                        "People past the {} (share)",
                        language.in_sentence(&threshold.heading)
                    ),
                },
                cells: cells(
                    outcome,
                    |n| language.parenthesised(&people_estimate(n, language), &share(n)),
                    |n, before| {
                        format!(
                            "{}\n{}",
                            language.parenthesised(&people_estimate(n, language), &share(n)),
                            language.people(&signed(n - before, whole))
                        )
                    },
                ),
            });
        }
        match &row.standardised {
            Ok(shares) => {
                for (threshold, outcome) in self.thresholds.iter().zip(shares) {
                    rows.push(TableRow {
                        id: format!("standardised-{}", threshold.id),
                        label: format!(
                            "{}{}",
                            language.pick("年齢調整割合：", "Age-standardised share: "),
                            threshold.heading
                        ),
                        cells: cells(
                            outcome,
                            crate::analysis::distribution::format_percent,
                            |s, before| {
                                let points = signed((s - before) * 100.0, |v| format!("{v:.1}"));
                                format!(
                                    "{}\n{points}{}",
                                    crate::analysis::distribution::format_percent(s),
                                    language.pick("ポイント", " points")
                                )
                            },
                        ),
                    });
                }
            }
            Err(reason) => rows.push(TableRow {
                id: "standardised".into(),
                label: language
                    .pick("年齢調整割合", "Age-standardised share")
                    .into(),
                cells: [reason.clone(), "—".into(), "—".into(), "—".into()],
            }),
        }
        let unit = self.indicator.unit;
        let unit_spaced = match language {
            Language::Japanese => unit.to_string(),
            Language::English => format!(" {unit}"),
        };
        let decimals = if limits(self.indicator).slider_step < 1.0 {
            2
        } else {
            1
        };
        rows.push(TableRow {
            id: "mean".into(),
            label: language.pick("平均値", "Mean").into(),
            cells: cells(
                &row.mean,
                |m| format!("{m:.decimals$}{unit_spaced}"),
                |m, before| {
                    format!(
                        "{m:.decimals$}{unit_spaced}\n{}{unit_spaced}",
                        signed(m - before, |v| format!("{v:.decimals$}"))
                    )
                },
            ),
        });
        match (&row.events, &self.slope) {
            (Some(estimates), Some(slope)) => {
                let averted = |i: usize| estimates[i].averted_fraction();
                rows.push(TableRow {
                    id: "events-averted".into(),
                    label: match language {
                        Language::Japanese => {
                            format!("予想される{}の減少", slope.outcome(language))
                        }
                        Language::English => {
                            format!("Expected change in {}", slope.outcome(language))
                        }
                    },
                    cells: [
                        "—".into(),
                        averted_text(averted(0), language),
                        averted_text(averted(1), language),
                        averted_text(averted(2), language),
                    ],
                });
                // A rate the user gives fixes the scale: events now = rate × people.
                let events_now = self
                    .parameters
                    .baseline_rate_per_100k
                    .map(|rate| (rate, rate * people / 100_000.0));
                let events_after = |i: usize, now: f64| {
                    if estimates[i].events_before > 0.0 {
                        now * estimates[i].events_after / estimates[i].events_before
                    } else {
                        0.0
                    }
                };
                if let Some((rate, now)) = events_now {
                    let count_after = |after: f64| {
                        format!(
                            "{}\n{}",
                            events(&whole(after), language),
                            events(&signed(after - now, whole), language)
                        )
                    };
                    rows.push(TableRow {
                        id: "events-count".into(),
                        label: match language {
                            Language::Japanese => format!(
                                "{}の数（1年あたり、現在の発生率 10万人あたり{}として）",
                                slope.outcome(language),
                                format_value(rate)
                            ),
                            Language::English => format!(
                                "Number of {} (per year, at a current rate of {} per 100,000)",
                                slope.outcome(language),
                                format_value(rate)
                            ),
                        },
                        cells: [
                            events(&whole(now), language),
                            count_after(events_after(0, now)),
                            count_after(events_after(1, now)),
                            count_after(events_after(2, now)),
                        ],
                    });
                }
                // The share, and with a rate the events it stands for.
                let paradox = |share: f64, count: Option<f64>| match count {
                    Some(count) => format!(
                        "{}\n{}",
                        crate::analysis::distribution::format_percent(share),
                        events(&whole(share * count), language)
                    ),
                    None => crate::analysis::distribution::format_percent(share),
                };
                let now = events_now.map(|(_, now)| now);
                let threshold = format_value(self.parameters.high_risk_threshold);
                rows.push(TableRow {
                    id: "events-not-past-threshold".into(),
                    label: match (language, risk_side(self.indicator)) {
                        (Language::Japanese, side) => format!(
                            "そのうち{threshold}{unit}{}の人から生じる割合（予防のパラドックス）",
                            if side == RiskSide::AtOrAbove { "未満" } else { "以上" }
                        ),
                        (Language::English, side) => format!(
                            "Share of them arising among people {}{threshold} {unit} (the prevention paradox)",
                            if side == RiskSide::AtOrAbove { "<" } else { "≥" }
                        ),
                    },
                    cells: [
                        paradox(estimates[0].share_not_past_threshold_before(), now),
                        paradox(
                            estimates[0].share_not_past_threshold_after(),
                            now.map(|n| events_after(0, n)),
                        ),
                        paradox(
                            estimates[1].share_not_past_threshold_after(),
                            now.map(|n| events_after(1, n)),
                        ),
                        paradox(
                            estimates[2].share_not_past_threshold_after(),
                            now.map(|n| events_after(2, n)),
                        ),
                    ],
                });
            }
            _ => rows.push(TableRow {
                id: "events-averted".into(),
                label: language
                    .pick("予想される発症の減少", "Expected change in events")
                    .into(),
                cells: [
                    language.pick(
                        "この項目には出典のあるリスクの既定値がありません。リスクの倍率を入力すると計算します。",
                        "This item has no cited default risk. Enter a relative risk to compute it.",
                    ).into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                ],
            }),
        }
        rows
    }

    /// People per published band: now, and after each approach with those who moved out.
    pub fn band_rows(&self, row: &PopulationOutcome) -> Result<Vec<TableRow>, String> {
        let language = self.language;
        let bands = row.bands.as_ref().map_err(Clone::clone)?;
        let unit = self.indicator.unit;
        Ok(bands
            .iter()
            .enumerate()
            .map(|(index, band)| TableRow {
                id: format!("band-{index}"),
                label: match language {
                    Language::Japanese => format!("{}{unit}", band.bin.label),
                    Language::English => {
                        format!("{} {unit}", band.bin.display_label(language))
                    }
                },
                cells: [
                    people_estimate(band.people.before, language),
                    band_cell(band, 0, language),
                    band_cell(band, 1, language),
                    band_cell(band, 2, language),
                ],
            })
            .collect())
    }

    /// What the figures rest on, shown under the results and in the chart image.
    pub fn sources(&self) -> Vec<String> {
        let language = self.language;
        let unit = self.indicator.unit;
        let mut lines = vec![
            self.citation.clone(),
            language.pick(
                "人数・割合・平均はすべて階級別の公表人数からの推計：階級ごとに正規分布または対数正規分布（当てはまりの良い方）の形で人を配分し、各階級の人数は公表値と一致させています（現状の値で判定値が階級の境目にあるものは公表値そのもの）。性・年齢階級ごとに推計して合計しています。",
                "People, shares and means are all estimated from the published counts per bin: people are spread within each bin along a normal or log-normal shape (whichever fits better), keeping every bin’s published count (figures now at a threshold that is a bin edge are the published counts). Each sex and age band is estimated, then summed.",
            ).into(),
        ];
        if let Some(slope) = &self.slope {
            let step = format_value(slope.step_units);
            let rr = format_value(slope.relative_risk_per_step);
            let upward = risk_side(self.indicator) == RiskSide::AtOrAbove;
            lines.push(match language {
                Language::Japanese => format!(
                    "発症の推計：リスクは値が{step}{unit}{}動くごとに{rr}倍（対数線形{}）。出典：{}",
                    if upward { "上に" } else { "下に" },
                    slope
                        .from_value
                        .map(|v| format!("、{}{unit}より高リスク側のみ", format_value(v)))
                        .unwrap_or_default(),
                    slope.source(language)
                ),
                Language::English => format!(
                    "Events estimated with a risk ×{rr} for every {step} {unit} {} (log-linear{}). Source: {}",
                    if upward { "higher" } else { "lower" },
                    slope
                        .from_value
                        .map(|v| format!(", only on the risky side of {} {unit}", format_value(v)))
                        .unwrap_or_default(),
                    slope.source(language)
                ),
            });
        }
        lines.push(match language {
            Language::Japanese => {
                format!("年齢調整割合：直接法、基準人口は{}。", self.standard_label)
            }
            Language::English => format!(
                "Age-standardised shares: direct method; standard population: {}.",
                self.standard_label
            ),
        });
        let missing: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.key != COMBINED_KEY)
            .flat_map(|r| r.missing.iter().map(String::as_str))
            .collect();
        if self.suppressed_cells > 0 {
            lines.push(match language {
                Language::Japanese => format!(
                    "秘匿セル {} 個（10人未満など）の人は人数に含まれていません（0人として推計）。",
                    self.suppressed_cells
                ),
                Language::English => format!(
                    "The people of {} suppressed cells (fewer than 10 people, etc.) are not counted (estimated as 0).",
                    self.suppressed_cells
                ),
            });
        }
        if !missing.is_empty() {
            let missing = missing.join(language.list_separator());
            lines.push(match language {
                Language::Japanese => {
                    format!("人数のない層（すべて秘匿など）は推計に含めていません：{missing}")
                }
                Language::English => format!(
                    "Strata without people (all suppressed, etc.) are left out of the estimates: {missing}"
                ),
            });
        }
        lines
    }
}

fn cells(
    outcome: &Outcome,
    now: impl Fn(f64) -> String,
    after: impl Fn(f64, f64) -> String,
) -> [String; 4] {
    [
        now(outcome.before),
        after(outcome.after[0], outcome.before),
        after(outcome.after[1], outcome.before),
        after(outcome.after[2], outcome.before),
    ]
}

fn averted_text(fraction: f64, language: Language) -> String {
    let percent = crate::analysis::distribution::format_percent(fraction.abs());
    match language {
        _ if fraction.abs() < 0.0005 => language.pick("変化なし", "no change").into(),
        Language::Japanese if fraction > 0.0 => format!("{percent}減"),
        Language::Japanese => format!("{percent}増"),
        Language::English if fraction > 0.0 => format!("{percent} fewer"),
        Language::English => format!("{percent} more"),
    }
}

fn band_cell(band: &BandOutcome, approach: usize, language: Language) -> String {
    format!(
        "{}\n{}{}",
        people_estimate(band.people.after[approach], language),
        language.pick("この階級から移った人 ", "moved out of this bin: "),
        people_estimate(band.moved_out[approach], language)
    )
}

fn round_to(value: f64, step: f64) -> f64 {
    (value / step).round() * step
}

/// 「50%」
fn format_percent_plain(fraction: f64) -> String {
    format!("{}%", format_value(round_to(fraction * 100.0, 0.1)))
}

/// The before/after chart of one population and approach: the published bins now (filled) and
/// after (outline, an estimate in whole people).
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationChart {
    pub indicator: &'static Indicator,
    pub title: String,
    pub before_label: String,
    pub before: Distribution,
    pub after_label: String,
    pub after: Distribution,
    pub citation: String,
    pub notes: Vec<String>,
    pub fictional: bool,
    pub language: Language,
}

impl SimulationChart {
    pub fn chart(&self) -> DistributionChart<'_> {
        DistributionChart {
            title: self.title.clone(),
            indicator: self.indicator,
            primary: ChartSeries {
                label: self.before_label.clone(),
                distribution: &self.before,
            },
            comparison: Some(ChartSeries {
                label: self.after_label.clone(),
                distribution: &self.after,
            }),
            citation: self.citation.clone(),
            notes: self.notes.clone(),
            fictional: self.fictional,
            language: self.language,
        }
    }
}

impl SimulationReport {
    /// The chart of the row `key` after `approach`; why not when its bands cannot be summed.
    pub fn chart(&self, key: &str, approach: Approach) -> Result<SimulationChart, String> {
        let row = self
            .rows
            .iter()
            .find(|r| r.key == key)
            .or(self.rows.first())
            .ok_or(
                self.language
                    .pick("結果がありません。", "There are no results."),
            )?;
        let bands = row.bands.as_ref().map_err(Clone::clone)?;
        let index = Approach::ALL
            .iter()
            .position(|a| *a == approach)
            .unwrap_or(0);
        let to_distribution = |people: Vec<f64>| {
            let counts = whole_people(&people);
            Distribution {
                fiscal_year: self.fiscal_year,
                total_people: counts.iter().sum(),
                cell_count: counts.len(),
                suppressed_cell_count: 0,
                bins: bands
                    .iter()
                    .zip(counts)
                    .map(|(band, count_people)| BinCount {
                        bin: band.bin.clone(),
                        count_people,
                        suppressed_cell_count: 0,
                    })
                    .collect(),
            }
        };
        let language = self.language;
        let headings = self.column_headings();
        let mut notes = self.sources()[1..2].to_vec();
        notes.push(language.pick(
            "枠線は介入後の推計（階級ごとの人数は整数に丸めて、合計は現状と同じ）。",
            "The outline is the estimate after the approach (people per bin rounded to whole people; the total is as now).",
        ).into());
        Ok(SimulationChart {
            indicator: self.indicator,
            title: match language {
                Language::Japanese => format!(
                    "{}の分布：現状と{}後（{}年度、推計）",
                    self.indicator.name_ja,
                    approach.name(language),
                    self.fiscal_year
                ),
                Language::English => format!(
                    "{}: now and after {} (FY{}, estimate)",
                    self.indicator.name_en,
                    match approach {
                        Approach::Population => "the population approach",
                        Approach::HighRisk => "the high-risk approach",
                        Approach::Both => "both approaches",
                    },
                    self.fiscal_year
                ),
            },
            before_label: [
                self.scope.as_str(),
                &row.label,
                language.pick("現状", "now"),
            ]
            .join(language.pick("・", ", ")),
            before: to_distribution(bands.iter().map(|b| b.people.before).collect()),
            after_label: headings[index + 1].clone(),
            after: to_distribution(bands.iter().map(|b| b.people.after[index]).collect()),
            citation: self.citation.clone(),
            notes,
            fictional: self.fictional,
            language,
        })
    }
}

/// Rounds people per band to whole people keeping their rounded total (largest remainders
/// get the leftover people), so the chart's shares add up like the table's.
fn whole_people(people: &[f64]) -> Vec<u64> {
    let total = people.iter().sum::<f64>().round().max(0.0) as u64;
    let mut counts: Vec<u64> = people.iter().map(|p| p.max(0.0).floor() as u64).collect();
    let mut order: Vec<usize> = (0..people.len()).collect();
    order.sort_by(|&a, &b| {
        (people[b] - people[b].floor()).total_cmp(&(people[a] - people[a].floor()))
    });
    let missing = total.saturating_sub(counts.iter().sum());
    for &i in order.iter().cycle().take(missing as usize) {
        counts[i] += 1;
    }
    counts
}
