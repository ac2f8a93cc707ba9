//! Then vs now, and what the change looks like: two fiscal years of one selection — their
//! distributions overlaid, the share and people past each 判定値 in each, and the observed
//! change beside what a shift of everyone (a) and an improvement of only the people past the
//! 受診勧奨判定値 (b) predict from the earlier year (`analysis::change`). Its tables' and
//! chart's words.

use crate::analysis::change::{
    compare_years, ChangeError, Resemblance, ThresholdChange, YearChange,
};
use crate::analysis::distribution::ThresholdShare;
use crate::analysis::standardise::{difference, Estimate, StandardPopulation, StandardSource};
use crate::analysis::trend::TrendYear;
use crate::draw::distribution_chart::DistributionChart;
use crate::model::indicator::RiskSide;
use crate::model::text::format_people;
use crate::model::{AgeBand, Sex};
use crate::view::groups::{direct_method_note, estimate_text, format_points};
use crate::view::language::Language;
use crate::view::names;
use crate::view::screen::{distribution_chart, ChartText};
use crate::view::trend::{TrendData, TrendFigures, TREND_STANDARD};

/// The figures of two years of one selection (no words).
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeFigures {
    /// The two years as a trend of two: their distributions in the bins both share, people,
    /// crude and standardised shares, 全国's, the citation.
    pub years: TrendFigures,
    pub change: Result<YearChange, ChangeError>,
}

/// A table: a caption, column headings, and rows whose first cell heads the row.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeTable {
    pub caption: String,
    pub headings: Vec<String>,
    /// Row after row, `headings.len()` cells each (one vector: a vector of rows would share
    /// its code with another module's and move it into a chunk both download).
    pub cells: Vec<String>,
}

impl ChangeTable {
    pub fn rows(&self) -> impl Iterator<Item = &[String]> {
        self.cells.chunks(self.headings.len().max(1))
    }
}

/// The view in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeScreen {
    /// The share and people past each threshold in both years, and their change.
    pub shares: ChangeTable,
    /// Observed vs the two predictions, standardised (or the one stratum); `None` where the
    /// item cannot be compared so (`why_not` says why).
    pub predictions: Option<ChangeTable>,
    /// The same per sex × age band.
    pub strata: Option<ChangeTable>,
    /// Which prediction the change resembles, or why there is none, said as a description.
    pub verdict: String,
    pub notes: Vec<String>,
}

impl ChangeFigures {
    /// `before` and `after`: two fiscal years of the same trend (the earlier first).
    pub fn compute(
        indicator: &'static crate::model::indicator::Indicator,
        selection: crate::analysis::distribution::Selection,
        before: &TrendData,
        after: &TrendData,
    ) -> ChangeFigures {
        let change = compare_years(
            &before.selection_level.records,
            &after.selection_level.records,
            &selection,
            indicator.thresholds,
            &StandardPopulation::fixed(TREND_STANDARD),
        );
        ChangeFigures {
            years: TrendFigures::compute(indicator, selection, &[before.clone(), after.clone()]),
            change,
        }
    }

    fn standardised(&self) -> bool {
        self.years.selection.age_band.is_none()
    }

    fn year_label(&self, index: usize, language: Language) -> String {
        let year = &self.years.area.years[index];
        self.years.release_label(year.fiscal_year, language)
    }

    /// The two years' distributions overlaid (the later filled, the earlier outlined), crude
    /// shares as on the first screen; `None` where a year has no distribution.
    pub fn chart(&self, language: Language) -> Option<DistributionChart<'_>> {
        let (before, after) = (
            self.years.area.years.first()?,
            self.years.area.years.get(1)?,
        );
        let who = names::selection(&self.years.selection, language);
        let item = names::indicator(self.years.indicator, language);
        let (first, second) = (self.year_label(0, language), self.year_label(1, language));
        // The years alone (the legend names the releases): the chart's title does not wrap.
        let (first_year, second_year) = (before.fiscal_year, after.fiscal_year);
        let title = match language {
            Language::Japanese => {
                format!("{item}の分布：{first_year}年度と{second_year}年度（{who}）")
            }
            Language::English => format!("{item} in FY{first_year} and FY{second_year} ({who})"),
        };
        let mut notes = vec![language
            .pick(
                "分布は粗割合（年齢調整なし）。",
                "The distributions are crude shares (not age-standardised).",
            )
            .to_string()];
        if self.years.area.bins_merged {
            notes.push(bins_merged_note(language).into());
        }
        Some(distribution_chart(ChartText {
            title,
            indicator: self.years.indicator,
            primary: (second, after.distribution.as_ref().ok()?),
            comparison: Some((first, before.distribution.as_ref().ok()?)),
            citation: &self.years.citation(language),
            notes: &notes,
            fictional: self.years.fictional,
            language,
        }))
    }

    pub fn screen(&self, language: Language) -> ChangeScreen {
        let (predictions, strata) = match &self.change {
            Ok(change) => (
                Some(self.predictions(change, language)),
                Some(self.strata(change, language)),
            ),
            Err(_) => (None, None),
        };
        ChangeScreen {
            shares: self.shares(language),
            predictions,
            strata,
            verdict: self.verdict(language),
            notes: self.notes(language),
        }
    }

    // Pushed one by one: the first version's arrays of Strings (`vec![…]`, `[String; 4]`) shared
    // their drop code with two other modules, which moved it into a chunk they download.
    #[allow(clippy::vec_init_then_push)]
    fn shares(&self, language: Language) -> ChangeTable {
        let (first, second) = (self.year_label(0, language), self.year_label(1, language));
        let share_heading = |year: &str| {
            if self.standardised() {
                match language {
                    Language::Japanese => format!("{year} 年齢調整割合（95%CI）"),
                    Language::English => format!("{year} age-standardised (95% CI)"),
                }
            } else {
                match language {
                    Language::Japanese => format!("{year} 割合"),
                    Language::English => format!("{year} share"),
                }
            }
        };
        let crude_heading = |year: &str| match language {
            Language::Japanese => format!("{year} 粗割合（人数）"),
            Language::English => format!("{year} crude (people)"),
        };
        let mut headings = Vec::new();
        headings.push(language.pick("判定値", "Threshold").to_string());
        headings.push(share_heading(&first));
        headings.push(share_heading(&second));
        headings.push(
            language
                .pick("割合の変化", "Change of the share")
                .to_string(),
        );
        if self.standardised() {
            headings.push(crude_heading(&first));
            headings.push(crude_heading(&second));
        }
        headings.push(language.pick("人数の変化", "Change in people").to_string());
        let years = &self.years.area.years;
        let unit = self.years.indicator.unit;
        let mut cells = Vec::new();
        for (index, threshold) in self.years.indicator.thresholds.iter().enumerate() {
            cells.push(names::threshold_heading(threshold, unit, language));
            if self.standardised() {
                cells.push(standardised_text(&years[0], index, language));
                cells.push(standardised_text(&years[1], index, language));
                cells.push(
                    match (&years[0].standardised[index], &years[1].standardised[index]) {
                        (Ok(before), Ok(after)) => {
                            change_text(&difference(after, before), language)
                        }
                        _ => not_computable(language).into(),
                    },
                );
            }
            cells.push(crude_text(&years[0], index, language));
            cells.push(crude_text(&years[1], index, language));
            if !self.standardised() {
                cells.push(crude_change_text(&years[0], &years[1], index, language));
            }
            cells.push(people_change_text(&years[0], &years[1], index, language));
        }
        let who = names::selection(&self.years.selection, language);
        ChangeTable {
            caption: match language {
                Language::Japanese => format!("判定値以上の人：{first}と{second}（{who}）"),
                Language::English => {
                    format!("People past each threshold: {first} and {second} ({who})")
                }
            },
            headings,
            cells,
        }
    }

    fn predictions(&self, change: &YearChange, language: Language) -> ChangeTable {
        let (first, second) = (self.year_label(0, language), self.year_label(1, language));
        let mut headings = Vec::new();
        headings.push(language.pick("判定値", "Threshold").to_string());
        headings.push(match language {
            Language::Japanese => format!("{first}（モデル）"),
            Language::English => format!("{first} (model)"),
        });
        headings.push(match language {
            Language::Japanese => format!("{second}（観察）"),
            Language::English => format!("{second} (observed)"),
        });
        headings.push(shift_heading(
            change.mean_change,
            self.years.indicator.unit,
            language,
        ));
        headings.push(high_risk_heading(change, self.years.indicator, language));
        let unit = self.years.indicator.unit;
        let mut cells = Vec::new();
        for (threshold, t) in self
            .years
            .indicator
            .thresholds
            .iter()
            .zip(&change.standardised)
        {
            cells.push(names::threshold_heading(threshold, unit, language));
            push_threshold_change(&mut cells, t, language);
        }
        let who = names::selection(&self.years.selection, language);
        // How the strata are weighed together: every age band (standardised), the two sexes
        // of one band (by the standard's people), or one stratum (nothing to weigh).
        let selection = &self.years.selection;
        let basis = match (selection.age_band, selection.sex) {
            (None, _) => language.pick("、年齢調整", ", age-standardised"),
            (Some(_), None) => language.pick(
                "、男女を基準人口で重み付け",
                ", the sexes weighted by the standard population",
            ),
            (Some(_), Some(_)) => "",
        };
        ChangeTable {
            caption: match language {
                Language::Japanese => {
                    format!("観察された変化と、{first}から予測した二つの変化（{who}{basis}）")
                }
                Language::English => format!(
                    "The observed change and two changes predicted from {first} ({who}{basis})"
                ),
            },
            headings,
            cells,
        }
    }

    fn strata(&self, change: &YearChange, language: Language) -> ChangeTable {
        let unit = self.years.indicator.unit;
        let mut headings = Vec::new();
        for [japanese, english] in [
            ["性・年齢", "Sex, age"],
            ["判定値", "Threshold"],
            ["平均値の変化（モデル）", "Change of the mean (model)"],
            ["前（モデル）", "Before (model)"],
            ["後（観察）", "After (observed)"],
            ["(a) 全体の移動", "(a) Shift"],
            ["(b) ハイリスク者の改善", "(b) High-risk"],
        ] {
            headings.push(language.pick(japanese, english).to_string());
        }
        let mut cells = Vec::new();
        for stratum in &change.strata {
            let who = stratum_name(stratum.sex, stratum.age_band, language);
            let mean_change = assumptions_text(stratum.mean_change, Some(unit), language);
            for (threshold, t) in self
                .years
                .indicator
                .thresholds
                .iter()
                .zip(&stratum.thresholds)
            {
                cells.push(who.clone());
                cells.push(names::threshold_condition(threshold, unit, language));
                cells.push(mean_change.clone());
                push_threshold_change(&mut cells, t, language);
            }
        }
        ChangeTable {
            caption: language
                .pick(
                    "性・年齢階級別の観察と予測",
                    "Observed and predicted by sex and age band",
                )
                .to_string(),
            headings,
            cells,
        }
    }

    fn verdict(&self, language: Language) -> String {
        let change = match &self.change {
            Ok(change) => change,
            Err(ChangeError::NotComparable) => {
                return language.pick(
                    "この項目は判定値・数値の階層がないため、二つの予測とは比べられません。",
                    "This item has no threshold or numeric bins, so it cannot be compared with the two predictions.",
                ).into();
            }
            Err(ChangeError::NoCommonStratum) => {
                return language.pick(
                    "両方の年度に人数のある性・年齢階級がないため、予測と比べられません。",
                    "No sex and age band has people in both years, so the change cannot be compared with the predictions.",
                ).into();
            }
        };
        let shape = match (change.resembles, change.high_risk_improvement[0]) {
            (Resemblance::PopulationShift, _) => language.pick(
                "観察された変化は (a) 全員が平均値の変化だけ移動した形（集団アプローチが目指す分布全体の移動）に近い形です。",
                "The observed change resembles (a), everyone moving by the change of the mean (the whole-distribution shift a population approach aims for).",
            ),
            (Resemblance::HighRisk, _) => language.pick(
                "観察された変化は (b) 受診勧奨判定値以上の人だけが改善した形（ハイリスクアプローチの効果の形）に近い形です。",
                "The observed change resembles (b), only the people past the see-a-doctor threshold improving (the shape of a high-risk approach's effect).",
            ),
            (Resemblance::Unclear, None) => language.pick(
                "平均値が悪い方向へ動いたため、(b) の予測は作れません。観察された変化の形は判断しません。",
                "The mean moved the unfavourable way, so (b) cannot be predicted; the shape of the change is not judged.",
            ),
            (Resemblance::Unclear, Some(_)) => language.pick(
                "観察された変化は (a) と (b) のどちらにも特に近くありません（二つの予測の差が小さいか、どちらも同じくらい外れています）。",
                "The observed change is not clearly closer to (a) or (b): the two predictions differ too little, or both miss it about equally.",
            ),
        };
        let caution = language.pick(
            "これは分布の変化の形の記述で、取り組みの効果を示すものではありません。",
            "This describes the shape of the change; it does not show what caused it.",
        );
        format!("{shape}{}{caution}", language.pick("", " "))
    }

    fn notes(&self, language: Language) -> Vec<String> {
        let mut notes = vec![self.years.citation(language)];
        if self.standardised() {
            notes.push(direct_method_note(
                StandardSource::Fixed(TREND_STANDARD),
                language,
            ));
        }
        notes.push(language.pick(
            "割合の変化の95%CIは2年度を独立の標本として計算（同じ人が多く受診するため、実際より広めになります）。人数の変化は粗の人数の差です。",
            "The 95% CI of a change treats the two years as independent samples (many people attend both years, so it is on the wide side). The change in people is the difference of crude counts.",
        ).into());
        notes.push(language.pick(
            "予測の方法：前の年度の性・年齢階級ごとの分布に、階層内の人の分布の3つの仮定（当てはめた分布形・累積の単調補間・階層内で一様）でモデルを作り、(a) 全員の値を平均値の変化（各層を基準人口で重み付けた平均）だけ動かす、(b) 受診勧奨判定値以上の人だけを一律に改善させて同じだけ平均値を動かす、の二つを計算しました。予測は3つの仮定の範囲（当てはめた分布形の値が最初）、「前（モデル）」は判定値が階層の境目のため実数と一致します。非公表のセルの人数は、公表された中計から分かる人数を行内で均等に割り振った推計でモデルに入れています。",
            "How the predictions are made: each sex and age band's distribution of the earlier year is modelled under three within-bin assumptions (the fitted shape, a monotone interpolation of the cumulative counts, even within bins); (a) moves everyone by the change of the mean (the strata weighted by the standard population), (b) improves only the people past the see-a-doctor threshold, all by the same amount, moving the mean as much. Predictions show the range over the three assumptions (the fitted shape first); “before (model)” equals the counts, the thresholds being bin edges. Suppressed cells enter the models as an estimate: the people the published subtotals give, split evenly within their row.",
        ).into());
        if let Ok(change) = &self.change {
            if !change.missing_strata.is_empty() {
                let missing: Vec<String> = change
                    .missing_strata
                    .iter()
                    .map(|(sex, band)| stratum_name(*sex, *band, language))
                    .collect();
                notes.push(match language {
                    Language::Japanese => format!(
                        "予測に含まれない性・年齢階級（どちらかの年度に人数がない）：{}。",
                        missing.join("、")
                    ),
                    Language::English => format!(
                        "Sex and age bands left out of the predictions (no people in one of the years): {}.",
                        missing.join(", ")
                    ),
                });
            }
        }
        if self.years.area.bins_merged {
            notes.push(bins_merged_note(language).into());
        }
        notes.push(language.pick(
            "変化には取り組み以外の理由も含まれます：受診する人の変化（特定健診の実施率は全国で2008年度38.9%から2022年度58.1%へ上昇し、保険者により大きく異なる）、測定方法の変化、住民の年齢構成の変化（年齢調整で除けるのは性・年齢階級の構成だけです）。",
            "A change has reasons other than what was done: changes in who attends (participation in Japan rose from 38.9% in FY2008 to 58.1% in FY2022 and differs widely by insurer), in measurement, and in the population's age (standardisation removes only the mix of sex and age bands).",
        ).into());
        notes
    }
}

/// 「男性・40〜44歳」.
fn stratum_name(sex: Sex, band: AgeBand, language: Language) -> String {
    let separator = language.pick("・", ", ");
    format!(
        "{}{separator}{}",
        names::sex(sex, language),
        names::age_band(band, language)
    )
}

fn bins_merged_note(language: Language) -> &'static str {
    language.pick(
        "年度により検査値の階層が異なるため（BMIは第6回から30以上を3階層に分割）、両年度に共通の階層にまとめています。",
        "The bins differ between the years (BMI's ≥30 was split into three from the 6th release): both years are shown in the bins they share.",
    )
}

fn not_computable(language: Language) -> &'static str {
    language.pick("—（算出不可）", "— (not computable)")
}

fn standardised_text(year: &TrendYear, index: usize, language: Language) -> String {
    match &year.standardised[index] {
        Ok(estimate) => estimate_text(estimate, 100.0, "%", language),
        Err(_) => not_computable(language).into(),
    }
}

fn crude_text(year: &TrendYear, index: usize, language: Language) -> String {
    match year.crude[index] {
        Some(share) => names::threshold_share(share, language),
        None => language.pick("—（データなし）", "— (no data)").into(),
    }
}

/// A change of a standardised share: 「−1.2ポイント（95%CI −1.4〜−1.0）」, with the range the
/// suppressed cells allow when they matter.
fn change_text(estimate: &Estimate, language: Language) -> String {
    let dash = language.pick("〜", " to ");
    let point = match estimate.range {
        Some((low, high)) if (high - low) * 1000.0 >= 1.0 => {
            format!(
                "{}{dash}{}",
                format_points(low, language),
                format_points(high, language)
            )
        }
        _ => format_points(estimate.value, language),
    };
    let (low, high) = estimate.interval;
    let interval = match language {
        Language::Japanese => format!("95%CI {:+.1}〜{:+.1}", low * 100.0, high * 100.0),
        Language::English => format!("95% CI {:+.1} to {:+.1}", low * 100.0, high * 100.0),
    };
    language.parenthesised(&point, &interval)
}

/// The people past a threshold as the lowest and highest count the suppressed cells allow.
fn people_bounds(share: Option<ThresholdShare>) -> Option<(i64, i64, f64, f64)> {
    match share? {
        ThresholdShare::Known {
            count_people,
            share_fraction,
            range: None,
        } => Some((
            count_people as i64,
            count_people as i64,
            share_fraction,
            share_fraction,
        )),
        ThresholdShare::Known {
            range: Some(range), ..
        } => Some((
            range.low_count_people as i64,
            range.high_count_people as i64,
            range.low_fraction,
            range.high_fraction,
        )),
        ThresholdShare::NotOnBinEdge => None,
    }
}

/// The change of the crude share (one age band: nothing to standardise), as a range where
/// suppressed cells leave one.
fn crude_change_text(
    before: &TrendYear,
    after: &TrendYear,
    index: usize,
    language: Language,
) -> String {
    match (
        people_bounds(before.crude[index]),
        people_bounds(after.crude[index]),
    ) {
        (Some((.., b_low, b_high)), Some((.., a_low, a_high))) => {
            let (low, high) = (a_low - b_high, a_high - b_low);
            if ((high - low) * 1000.0).round() == 0.0 {
                format_points(low, language)
            } else {
                let dash = language.pick("〜", " to ");
                format!(
                    "{}{dash}{}",
                    format_points(low, language),
                    format_points(high, language)
                )
            }
        }
        _ => not_computable(language).into(),
    }
}

/// 「−12,345人」, or the range the suppressed cells allow.
fn people_change_text(
    before: &TrendYear,
    after: &TrendYear,
    index: usize,
    language: Language,
) -> String {
    let signed = |n: i64| {
        let sign = match n.signum() {
            1 => "+",
            -1 => "−",
            _ => "±",
        };
        format!("{sign}{}", format_people(n.unsigned_abs()))
    };
    match (
        people_bounds(before.crude[index]),
        people_bounds(after.crude[index]),
    ) {
        (Some((b_low, b_high, ..)), Some((a_low, a_high, ..))) => {
            let (low, high) = (a_low - b_high, a_high - b_low);
            let text = if low == high {
                signed(low)
            } else {
                format!(
                    "{}{}{}",
                    signed(low),
                    language.pick("〜", " to "),
                    signed(high)
                )
            };
            language.people(&text)
        }
        _ => not_computable(language).into(),
    }
}

/// A figure per within-bin assumption, the fitted shape's first, with the range over the three
/// where it shows at the decimals printed: a share (0–1; `change_unit` `None`)
/// 「23.4%（23.1〜23.6）」, or a signed change in `change_unit` 「+2.3mmHg（+2.2〜+2.4）」.
fn assumptions_text(values: [f64; 3], change_unit: Option<&str>, language: Language) -> String {
    let share = change_unit.is_none();
    let unit = change_unit.unwrap_or("%");
    let values = if share {
        values.map(|v| v * 100.0)
    } else {
        values
    };
    let (low, high) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(*v), h.max(*v))
        });
    let decimals = if !share && values[0].abs() < 1.0 {
        2
    } else {
        1
    };
    let number = |v: f64| {
        if share {
            format!("{v:.decimals$}")
        } else {
            format!("{v:+.decimals$}")
        }
    };
    let space = if share { "" } else { language.pick("", " ") };
    let point = format!("{}{space}{unit}", number(values[0]));
    if number(low) == number(high) {
        return point;
    }
    let range = format!(
        "{}{}{}",
        number(low),
        language.pick("〜", " to "),
        number(high)
    );
    language.parenthesised(&point, &range)
}

/// The before, observed after and the two predictions of one threshold, as cells of a row.
fn push_threshold_change(cells: &mut Vec<String>, t: &ThresholdChange, language: Language) {
    cells.push(format!("{:.1}%", t.before * 100.0));
    cells.push(format!("{:.1}%", t.after * 100.0));
    cells.push(assumptions_text(t.shift, None, language));
    cells.push(match t.high_risk {
        [Some(a), Some(b), Some(c)] => assumptions_text([a, b, c], None, language),
        _ => language.pick("—（予測不可）", "— (no prediction)").into(),
    });
}

/// 「(a) 全員が −2.3mmHg 移動」.
fn shift_heading(mean_change: [f64; 3], unit: &str, language: Language) -> String {
    let by = assumptions_text(mean_change, Some(unit), language);
    match language {
        Language::Japanese => format!("(a) 全員が平均値の変化 {by} だけ移動"),
        Language::English => format!("(a) Everyone moves by the mean's change, {by}"),
    }
}

/// 「(b) 140mmHg以上の人だけが一律に 8.1mmHg 改善」.
fn high_risk_heading(
    change: &YearChange,
    indicator: &crate::model::indicator::Indicator,
    language: Language,
) -> String {
    let Some(threshold) = indicator.thresholds.last() else {
        return String::new();
    };
    let condition = names::threshold_condition(threshold, indicator.unit, language);
    let improvement = match change.high_risk_improvement {
        [Some(a), Some(b), Some(c)] => {
            // An improvement lowers values past a threshold at or above, raises them below one.
            let sign = if threshold.risk_side == RiskSide::AtOrAbove {
                -1.0
            } else {
                1.0
            };
            Some(assumptions_text(
                [a, b, c].map(|v| v * sign),
                Some(indicator.unit),
                language,
            ))
        }
        _ => None,
    };
    match (language, improvement) {
        (Language::Japanese, Some(by)) => format!("(b) {condition}の人だけが一律に {by} 改善"),
        (Language::English, Some(by)) => {
            format!("(b) Only people {condition} improve, all by {by}")
        }
        (Language::Japanese, None) => format!("(b) {condition}の人だけが改善"),
        (Language::English, None) => format!("(b) Only people {condition} improve"),
    }
}

#[cfg(test)]
mod tests {
    use super::assumptions_text;
    use crate::view::language::Language;

    #[test]
    fn a_figure_shows_its_range_over_the_assumptions_only_where_it_shows() {
        let japanese = Language::Japanese;
        let share = assumptions_text([0.2341, 0.2312, 0.2360], None, japanese);
        assert_eq!(share, "23.4%（23.1〜23.6）");
        assert_eq!(assumptions_text([0.2341; 3], None, japanese), "23.4%");
        // HbA1c's unit is 「%」 too: a change in it stays a signed change, not a share.
        let hba1c = assumptions_text([-0.05, -0.04, -0.06], Some("%"), japanese);
        assert_eq!(hba1c, "-0.05%（-0.06〜-0.04）");
        let sbp = assumptions_text([2.34, 2.21, 2.38], Some("mmHg"), Language::English);
        assert_eq!(sbp, "+2.3 mmHg (+2.2 to +2.4)");
    }
}
