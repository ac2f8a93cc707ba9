//! The simulator as a council reads it: for one area, sex and age band, every group (地域, 職域…)
//! and their combined population, before and after the population approach, the high-risk
//! approach and both — people past each threshold, age-standardised shares, the mean, people
//! moving out of each band, expected events and where they arise.
//!
//! Two steps, so a slider stays fast: [`SimulatorInput::prepare`] fits the binned model of every
//! sex × age band stratum of every group once per selection; [`simulate`] reruns the intervention
//! on those models for each parameter change. Groups are modelled stratum by stratum and summed,
//! so the combined population is the sum of its groups and age standardisation uses the same
//! strata. Every figure is an estimate from binned data (`crate::binned`), except the counts
//! "before" at a threshold that is a bin edge, which equal the published counts.

use crate::binned::BinnedModel;
use crate::chart::{ChartSeries, DistributionChart};
use crate::indicator::{format_value, Indicator, RiskSide, ThresholdKind};
use crate::model::{group_name_ja, AgeBand, Bin, Dataset, Sex, GROUP_ALL, NDB_AGE_BANDS};
use crate::risk::{default_slope, expected_events, EventEstimate, RiskSlope};
use crate::simulate::{
    people_at_risk, people_below_after, people_staying_in, HighRisk, Intervention,
};
use crate::stats::{
    distribution, AreaSelection, BinCount, Distribution, GroupSelection, Selection, StatsError,
};

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

    pub fn name_ja(self) -> &'static str {
        match self {
            Approach::Population => "集団アプローチ",
            Approach::HighRisk => "ハイリスクアプローチ",
            Approach::Both => "両方",
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

/// Why the simulator does not run on an item.
pub fn unavailable_reason_ja(indicator: &Indicator) -> Option<String> {
    if indicator.plausible_edges.is_none() {
        return Some("数値の階級ではない項目（尿検査など）はシミュレーションできません。".into());
    }
    if indicator.thresholds.is_empty() {
        return Some(format!(
            "「{}」には判定値がないため、どちらの側が高リスクかを本アプリは決めていません。シミュレーションは判定値のある項目（血圧・HbA1c・空腹時血糖・BMI・脂質）で行えます。",
            indicator.name_ja
        ));
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
pub fn default_note_ja(indicator: &Indicator) -> String {
    if indicator.id == "sbp" {
        "初期値：健康日本21（第二次）の目標「収縮期血圧の平均値 4mmHg 低下」を全員に、160mmHg以上の人の半数に15mmHgの低下を比べます。".into()
    } else {
        "この項目には国の数値目標がないため、初期値は「変化なし」です。値を入れて比べてください。"
            .into()
    }
}

impl Parameters {
    /// Brings each parameter into its range; says what was changed (a typed number or a URL can
    /// be out of range, a slider cannot).
    pub fn checked(self, indicator: &Indicator) -> (Parameters, Vec<String>) {
        let limits = limits(indicator);
        let unit = indicator.unit;
        let mut notes = Vec::new();
        let mut fit = |value: f64, (low, high): (f64, f64), name: &str, fallback: f64| -> f64 {
            if !value.is_finite() {
                notes.push(format!(
                    "{name}が数ではないため {} にしました。",
                    format_value(fallback)
                ));
                return fallback;
            }
            let clamped = value.clamp(low, high);
            if clamped != value {
                notes.push(format!(
                    "{name} {} は範囲（{}〜{}）の外のため {} にしました。",
                    format_value(value),
                    format_value(low),
                    format_value(high),
                    format_value(clamped)
                ));
            }
            clamped
        };
        let defaults = default_parameters(indicator);
        let checked = Parameters {
            population_shift: fit(
                self.population_shift,
                (-limits.shift_max_abs, limits.shift_max_abs),
                &format!("全員の変化（{unit}）"),
                0.0,
            ),
            high_risk_threshold: fit(
                self.high_risk_threshold,
                limits.threshold_range,
                &format!("ハイリスクの基準（{unit}）"),
                defaults.high_risk_threshold,
            ),
            // In percent, as the page asks for it.
            reach_fraction: fit(
                self.reach_fraction * 100.0,
                (0.0, 100.0),
                "対象者に届く割合（%）",
                0.0,
            ) / 100.0,
            improvement: fit(
                self.improvement,
                (0.0, limits.improvement_max),
                &format!("届いた人の改善（{unit}）"),
                0.0,
            ),
            relative_risk_per_step: self.relative_risk_per_step.map(|rr| {
                fit(
                    rr,
                    limits.relative_risk_range,
                    "リスクの倍率",
                    defaults.relative_risk_per_step.unwrap_or(1.0),
                )
            }),
            baseline_rate_per_100k: self.baseline_rate_per_100k.map(|rate| {
                fit(
                    rate,
                    (0.0, limits.baseline_rate_max_per_100k),
                    "現在の発生率",
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
    label_ja: String,
    strata: Vec<FittedStratum>,
    /// Strata with no people to model: 「男性・70〜74歳」
    missing_ja: Vec<String>,
    /// Suppressed cells in the strata modelled (their people are missing from the counts).
    suppressed_cells: usize,
}

/// Everything [`simulate`] needs for one selection, fitted once.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulatorInput {
    pub indicator: &'static Indicator,
    /// 「北海道・男女計・40〜74歳」
    pub scope_ja: String,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
    pub fiscal_year: i32,
    pub citation: String,
    pub fictional: bool,
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
    ) -> Result<SimulatorInput, String> {
        if let Some(reason) = unavailable_reason_ja(indicator) {
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
                .map_or("全体".to_string(), |g| group_name_ja(g));
            vec![(
                groups.first().cloned().unwrap_or(GROUP_ALL.to_string()),
                label,
                GroupSelection::Any,
            )]
        } else {
            groups
                .iter()
                .map(|g| (g.clone(), group_name_ja(g), GroupSelection::One(g.clone())))
                .collect()
        };
        let sexes: Vec<Sex> = sex.map_or(Sex::BOTH.to_vec(), |s| vec![s]);
        let bands: Vec<AgeBand> = age_band.map_or(NDB_AGE_BANDS.to_vec(), |b| vec![b]);
        let mut fitted = Vec::new();
        let mut fiscal_year = None;
        for (key, label_ja, group) in populations {
            let mut strata = Vec::new();
            let mut missing_ja = Vec::new();
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
                    let stratum_label = format!("{}・{}", sex.name_ja(), age_band.label_ja());
                    let distribution = match distribution(&records, &selection) {
                        Ok(d) if d.total_people > 0 => d,
                        Ok(_) | Err(StatsError::NoRows | StatsError::AllSuppressed { .. }) => {
                            missing_ja.push(stratum_label);
                            continue;
                        }
                        Err(error) => {
                            return Err(format!("{}：{}", selection.label_ja(), error.message_ja()))
                        }
                    };
                    fiscal_year.get_or_insert(distribution.fiscal_year);
                    suppressed_cells += distribution.suppressed_cell_count;
                    let model = BinnedModel::fit(&distribution).map_err(|e| e.message_ja())?;
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
                label_ja,
                strata,
                missing_ja,
                suppressed_cells,
            });
        }
        let Some(fiscal_year) = fiscal_year else {
            return Err(format!(
                "{}：人数のある層がありません（すべて秘匿か、データがありません）。",
                probe.label_ja()
            ));
        };
        Ok(SimulatorInput {
            indicator,
            scope_ja: probe.label_ja(),
            sex,
            age_band,
            fiscal_year,
            citation: dataset.provenance.citation_ja(fiscal_year),
            fictional: dataset.provenance.fictional,
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
    pub label_ja: String,
    pub people: Vec<(Sex, AgeBand, f64)>,
}

impl StandardPopulation {
    /// The national NDB population of an item and year: every prefecture row summed per sex
    /// and age band (`dataset` is a prefecture-level NDB file).
    pub fn national(
        dataset: &Dataset,
        indicator: &Indicator,
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
                    .map_err(|e| format!("{}：{}", selection.label_ja(), e.message_ja()))?;
                year.get_or_insert(d.fiscal_year);
                people.push((sex, age_band, d.total_people as f64));
            }
        }
        Ok(StandardPopulation {
            label_ja: format!(
                "全国（NDB {}年度・{}の受診者）",
                year.unwrap_or_default(),
                indicator.name_ja
            ),
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
            label_ja: "表示中の集団の合計".into(),
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
    pub heading_ja: String,
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
    pub label_ja: String,
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
    pub missing_ja: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimulationReport {
    pub indicator: &'static Indicator,
    pub scope_ja: String,
    pub fiscal_year: i32,
    pub citation: String,
    pub fictional: bool,
    pub parameters: Parameters,
    /// What was brought into range.
    pub adjustments_ja: Vec<String>,
    pub thresholds: Vec<ReportThreshold>,
    pub rows: Vec<PopulationOutcome>,
    pub slope: Option<RiskSlope>,
    pub standard_label_ja: String,
    /// Suppressed cells in the strata modelled, all groups.
    pub suppressed_cells: usize,
}

pub const COMBINED_KEY: &str = crate::groups::COMBINED_KEY;

/// Reruns the three approaches on the fitted strata.
pub fn simulate(
    input: &SimulatorInput,
    parameters: &Parameters,
    standard: &StandardPopulation,
) -> SimulationReport {
    let indicator = input.indicator;
    let side = risk_side(indicator);
    let (parameters, adjustments_ja) = parameters.checked(indicator);
    let limits = limits(indicator);
    let mut thresholds: Vec<ReportThreshold> = indicator
        .thresholds
        .iter()
        .map(|t| ReportThreshold {
            id: t.kind.id(),
            heading_ja: t.heading_ja(indicator.unit),
            value: t.value,
        })
        .collect();
    if !thresholds
        .iter()
        .any(|t| t.value == parameters.high_risk_threshold)
    {
        let condition = match side {
            RiskSide::AtOrAbove => "以上",
            RiskSide::Below => "未満",
        };
        thresholds.push(ReportThreshold {
            id: "high-risk",
            heading_ja: format!(
                "ハイリスクの基準（{}{}{condition}）",
                format_value(parameters.high_risk_threshold),
                indicator.unit
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
                p.label_ja.clone(),
                strata,
                thresholds.len(),
                standard,
                input.age_band.is_some(),
                p.missing_ja.clone(),
            )
        })
        .collect();
    if input.has_groups() {
        let all: Vec<StratumOutcome> = per_population
            .iter()
            .flat_map(|(_, s)| s.iter().cloned())
            .collect();
        let labels: Vec<&str> = input
            .populations
            .iter()
            .map(|p| p.label_ja.as_str())
            .collect();
        let missing = input
            .populations
            .iter()
            .flat_map(|p| {
                p.missing_ja
                    .iter()
                    .map(move |m| format!("{}・{m}", p.label_ja))
            })
            .collect();
        rows.push(summarise(
            COMBINED_KEY.into(),
            format!("合算（{}）", labels.join("＋")),
            &all,
            thresholds.len(),
            standard,
            input.age_band.is_some(),
            missing,
        ));
    }
    SimulationReport {
        indicator,
        scope_ja: input.scope_ja.clone(),
        fiscal_year: input.fiscal_year,
        citation: input.citation.clone(),
        fictional: input.fictional,
        parameters,
        adjustments_ja,
        thresholds,
        rows,
        slope,
        standard_label_ja: standard.label_ja.clone(),
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

fn summarise(
    key: String,
    label_ja: String,
    strata: &[StratumOutcome],
    threshold_count: usize,
    standard: &StandardPopulation,
    one_age_band: bool,
    missing_ja: Vec<String>,
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
        label_ja,
        people,
        past,
        standardised: standardise(strata, threshold_count, standard, one_age_band),
        mean,
        events: if strata.is_empty() { None } else { events },
        bands: sum_bands(strata),
        missing_ja,
    }
}

/// Direct method: each stratum's share weighted by the standard population's people in it.
fn standardise(
    strata: &[StratumOutcome],
    threshold_count: usize,
    standard: &StandardPopulation,
    one_age_band: bool,
) -> Result<Vec<Outcome>, String> {
    if one_age_band {
        return Err("年齢階級を1つ選んでいるため、年齢調整はしません。".into());
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
            return Err(format!(
                "{}・{}の人数がない（秘匿など）ため、年齢調整できません。",
                sex.name_ja(),
                age_band.label_ja()
            ));
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
        return Err("基準人口に人数がないため、年齢調整できません。".into());
    }
    Ok(shares
        .into_iter()
        .map(|s| Outcome {
            before: s.before / weight_total,
            after: s.after.map(|a| a / weight_total),
        })
        .collect())
}

fn sum_bands(strata: &[StratumOutcome]) -> Result<Vec<BandOutcome>, String> {
    let Some(first) = strata.first() else {
        return Err("人数のある層がありません。".into());
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
            return Err("層によって階級の区切りが違うため、階級ごとの表は作れません。".into());
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
    pub label_ja: String,
    /// Now, then [`Approach::ALL`].
    pub cells: [String; 4],
}

/// 「151,721人」: an estimate of people, rounded to whole people.
fn people_ja(people: f64) -> String {
    format!(
        "{}人",
        crate::stats::format_people(people.round().max(0.0) as u64)
    )
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
    crate::stats::format_people(value.round() as u64)
}

impl SimulationReport {
    /// Column headings: now, then each approach with its parameters.
    pub fn column_headings_ja(&self) -> [String; 4] {
        let p = &self.parameters;
        let unit = self.indicator.unit;
        let shift = format!(
            "全員 {}{unit}",
            signed(p.population_shift, |v| format_value(round_to(v, 0.01)))
        );
        let side = match risk_side(self.indicator) {
            RiskSide::AtOrAbove => "以上",
            RiskSide::Below => "未満",
        };
        let direction = match risk_side(self.indicator) {
            RiskSide::AtOrAbove => "−",
            RiskSide::Below => "+",
        };
        let high_risk = format!(
            "{}{unit}{side}の{}に{direction}{}{unit}",
            format_value(p.high_risk_threshold),
            format_percent_plain(p.reach_fraction),
            format_value(round_to(p.improvement, 0.01))
        );
        [
            "現状".into(),
            format!("{}（{shift}）", Approach::Population.name_ja()),
            format!("{}（{high_risk}）", Approach::HighRisk.name_ja()),
            format!("{}（{shift}、{high_risk}）", Approach::Both.name_ja()),
        ]
    }

    /// The results of one group (or the combined population).
    pub fn table_rows(&self, row: &PopulationOutcome) -> Vec<TableRow> {
        let people = row.people;
        let mut rows = Vec::new();
        for (threshold, outcome) in self.thresholds.iter().zip(&row.past) {
            let share = |n: f64| crate::stats::format_percent(n / people);
            rows.push(TableRow {
                id: format!("past-{}", threshold.id),
                label_ja: format!("{}の人数（割合）", threshold.heading_ja),
                cells: cells(
                    outcome,
                    |n| format!("{}（{}）", people_ja(n), share(n)),
                    |n, before| {
                        format!(
                            "{}（{}）\n{}人",
                            people_ja(n),
                            share(n),
                            signed(n - before, whole)
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
                        label_ja: format!("年齢調整割合：{}", threshold.heading_ja),
                        cells: cells(outcome, crate::stats::format_percent, |s, before| {
                            format!(
                                "{}\n{}ポイント",
                                crate::stats::format_percent(s),
                                signed((s - before) * 100.0, |v| format!("{v:.1}"))
                            )
                        }),
                    });
                }
            }
            Err(reason) => rows.push(TableRow {
                id: "standardised".into(),
                label_ja: "年齢調整割合".into(),
                cells: [reason.clone(), "—".into(), "—".into(), "—".into()],
            }),
        }
        let unit = self.indicator.unit;
        let decimals = if limits(self.indicator).slider_step < 1.0 {
            2
        } else {
            1
        };
        rows.push(TableRow {
            id: "mean".into(),
            label_ja: "平均値".into(),
            cells: cells(
                &row.mean,
                |m| format!("{m:.decimals$}{unit}"),
                |m, before| {
                    format!(
                        "{m:.decimals$}{unit}\n{}{unit}",
                        signed(m - before, |v| format!("{v:.decimals$}"))
                    )
                },
            ),
        });
        match (&row.events, &self.slope) {
            (Some(events), Some(slope)) => {
                let averted = |i: usize| events[i].averted_fraction();
                rows.push(TableRow {
                    id: "events-averted".into(),
                    label_ja: format!("予想される{}の減少", slope.outcome_ja),
                    cells: [
                        "—".into(),
                        averted_ja(averted(0)),
                        averted_ja(averted(1)),
                        averted_ja(averted(2)),
                    ],
                });
                // A rate the user gives fixes the scale: events now = rate × people.
                let events_now = self
                    .parameters
                    .baseline_rate_per_100k
                    .map(|rate| (rate, rate * people / 100_000.0));
                let events_after = |i: usize, now: f64| {
                    if events[i].events_before > 0.0 {
                        now * events[i].events_after / events[i].events_before
                    } else {
                        0.0
                    }
                };
                if let Some((rate, now)) = events_now {
                    rows.push(TableRow {
                        id: "events-count".into(),
                        label_ja: format!(
                            "{}の数（1年あたり、現在の発生率 10万人あたり{}として）",
                            slope.outcome_ja,
                            format_value(rate)
                        ),
                        cells: [
                            format!("{}件", whole(now)),
                            events_count_ja(events_after(0, now), now),
                            events_count_ja(events_after(1, now), now),
                            events_count_ja(events_after(2, now), now),
                        ],
                    });
                }
                let condition = match risk_side(self.indicator) {
                    RiskSide::AtOrAbove => "未満",
                    RiskSide::Below => "以上",
                };
                // The share, and with a rate the events it stands for.
                let paradox = |share: f64, events: Option<f64>| match events {
                    Some(events) => format!(
                        "{}\n{}件",
                        crate::stats::format_percent(share),
                        whole(share * events)
                    ),
                    None => crate::stats::format_percent(share),
                };
                let now = events_now.map(|(_, now)| now);
                rows.push(TableRow {
                    id: "events-not-past-threshold".into(),
                    label_ja: format!(
                        "そのうち{}{}{condition}の人から生じる割合（予防のパラドックス）",
                        format_value(self.parameters.high_risk_threshold),
                        unit
                    ),
                    cells: [
                        paradox(events[0].share_not_past_threshold_before(), now),
                        paradox(
                            events[0].share_not_past_threshold_after(),
                            now.map(|n| events_after(0, n)),
                        ),
                        paradox(
                            events[1].share_not_past_threshold_after(),
                            now.map(|n| events_after(1, n)),
                        ),
                        paradox(
                            events[2].share_not_past_threshold_after(),
                            now.map(|n| events_after(2, n)),
                        ),
                    ],
                });
            }
            _ => rows.push(TableRow {
                id: "events-averted".into(),
                label_ja: "予想される発症の減少".into(),
                cells: [
                    "この項目には出典のあるリスクの既定値がありません。リスクの倍率を入力すると計算します。".into(),
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
        let bands = row.bands.as_ref().map_err(Clone::clone)?;
        Ok(bands
            .iter()
            .enumerate()
            .map(|(index, band)| TableRow {
                id: format!("band-{index}"),
                label_ja: format!("{}{}", band.bin.label, self.indicator.unit),
                cells: [
                    people_ja(band.people.before),
                    band_cell(band, 0),
                    band_cell(band, 1),
                    band_cell(band, 2),
                ],
            })
            .collect())
    }

    /// What the figures rest on, shown under the results and in the chart image.
    pub fn sources_ja(&self) -> Vec<String> {
        let mut lines = vec![
            self.citation.clone(),
            "人数・割合・平均はすべて階級別の公表人数からの推計：階級ごとに正規分布または対数正規分布（当てはまりの良い方）の形で人を配分し、各階級の人数は公表値と一致させています（現状の値で判定値が階級の境目にあるものは公表値そのもの）。性・年齢階級ごとに推計して合計しています。".into(),
        ];
        if let Some(slope) = &self.slope {
            lines.push(format!(
                "発症の推計：リスクは値が{}{}{}動くごとに{}倍（対数線形{}）。出典：{}",
                format_value(slope.step_units),
                self.indicator.unit,
                match risk_side(self.indicator) {
                    RiskSide::AtOrAbove => "上に",
                    RiskSide::Below => "下に",
                },
                format_value(slope.relative_risk_per_step),
                slope
                    .from_value
                    .map(|v| format!(
                        "、{}{}より高リスク側のみ",
                        format_value(v),
                        self.indicator.unit
                    ))
                    .unwrap_or_default(),
                slope.source_ja
            ));
        }
        lines.push(format!(
            "年齢調整割合：直接法、基準人口は{}。",
            self.standard_label_ja
        ));
        let missing: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.key != COMBINED_KEY)
            .flat_map(|r| r.missing_ja.iter().map(String::as_str))
            .collect();
        if self.suppressed_cells > 0 {
            lines.push(format!(
                "秘匿セル {} 個（10人未満など）の人は人数に含まれていません（0人として推計）。",
                self.suppressed_cells
            ));
        }
        if !missing.is_empty() {
            lines.push(format!(
                "人数のない層（すべて秘匿など）は推計に含めていません：{}",
                missing.join("、")
            ));
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

fn averted_ja(fraction: f64) -> String {
    if fraction.abs() < 0.0005 {
        "変化なし".into()
    } else if fraction > 0.0 {
        format!("{}減", crate::stats::format_percent(fraction))
    } else {
        format!("{}増", crate::stats::format_percent(-fraction))
    }
}

fn events_count_ja(after: f64, now: f64) -> String {
    format!("{}件\n{}件", whole(after), signed(after - now, whole))
}

fn band_cell(band: &BandOutcome, approach: usize) -> String {
    format!(
        "{}\nこの階級から移った人 {}",
        people_ja(band.people.after[approach]),
        people_ja(band.moved_out[approach])
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
            .ok_or("結果がありません。")?;
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
        let headings = self.column_headings_ja();
        let mut notes = self.sources_ja()[1..2].to_vec();
        notes.push("枠線は介入後の推計（階級ごとの人数は整数に丸めて、合計は現状と同じ）。".into());
        Ok(SimulationChart {
            indicator: self.indicator,
            title: format!(
                "{}の分布：現状と{}後（{}年度、推計）",
                self.indicator.name_ja,
                approach.name_ja(),
                self.fiscal_year
            ),
            before_label: format!("{}・{}・現状", self.scope_ja, row.label_ja),
            before: to_distribution(bands.iter().map(|b| b.people.before).collect()),
            after_label: headings[index + 1].clone(),
            after: to_distribution(bands.iter().map(|b| b.people.after[index]).collect()),
            citation: self.citation.clone(),
            notes,
            fictional: self.fictional,
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
