//! What the simulator's figures rest on, and the words around its controls: the sources list,
//! the parameters' names, the defaults' note and what was brought into range.

use crate::analysis::binned::WithinBin;
use crate::analysis::distribution::COMBINED_KEY;
use crate::analysis::risk::RiskSlope;
use crate::analysis::simulator::outcome::EventScale;
use crate::analysis::simulator::parameters::{
    risk_side, Adjustment, AdjustmentKind, ParameterName,
};
use crate::model::indicator::{Indicator, RiskSide};
use crate::model::text::{format_people, format_value};
use crate::view::language::Language;
use crate::view::names;
use crate::view::simulator::SimulationReport;

impl SimulationReport {
    /// What the figures rest on, shown under the results and in the chart image.
    pub fn sources(&self) -> Vec<String> {
        let language = self.language;
        let unit = self.indicator.unit;
        let mut lines = vec![
            self.citation.clone(),
            language.pick(
                "人数・割合・平均はすべて階級別の公表人数からの推計：階級ごとに正規分布・対数正規分布・対数ロジスティック分布（最も当てはまりの良いもの）の形で人を配分し、各階級の人数は公表値と一致させています（現状の値で判定値が階級の境目にあるものは公表値そのもの）。性・年齢階級ごとに推計して合計しています。",
                "People, shares and means are all estimated from the published counts per bin: people are spread within each bin along a normal, log-normal or log-logistic shape (whichever fits best), keeping every bin’s published count (figures now at a threshold that is a bin edge are the published counts). Each sex and age band is estimated, then summed.",
            ).into(),
        ];
        if let Some(line) = self.range_note() {
            lines.push(line);
        }
        if let Some(slope) = &self.slope {
            let step = format_value(slope.step_units);
            // Age-specific: each decade's relative risk, of the decades the strata begin in.
            let rr = match slope.relative_risk_by_decade {
                Some(by_decade) => by_decade[..4]
                    .iter()
                    .enumerate()
                    .map(|(decade, rr)| match language {
                        Language::Japanese => format!("{}0代 {:.2}", decade + 4, rr),
                        Language::English => format!("{:.2} in their {}0s", rr, decade + 4),
                    })
                    .collect::<Vec<_>>()
                    .join(language.list_separator()),
                None => format_value(slope.relative_risk_per_step),
            };
            let upward = risk_side(self.indicator) == RiskSide::AtOrAbove;
            lines.push(match language {
                Language::Japanese => format!(
                    "発症の推計：リスクは値が{step}{unit}{}動くごとに{rr}倍（対数線形{}）。出典：{}",
                    if upward { "上に" } else { "下に" },
                    slope
                        .from_value
                        .map(|v| format!("、{}{unit}より高リスク側のみ", format_value(v)))
                        .unwrap_or_default(),
                    language.pick(slope.source[0], slope.source[1])
                ),
                Language::English => format!(
                    "Events estimated with a risk ×{rr} for every {step} {unit} {} (log-linear{}). Source: {}",
                    if upward { "higher" } else { "lower" },
                    slope
                        .from_value
                        .map(|v| format!(", only on the risky side of {} {unit}", format_value(v)))
                        .unwrap_or_default(),
                    language.pick(slope.source[0], slope.source[1])
                ),
            });
            lines.extend(self.event_limits(slope));
            if let Some(reference) = slope.excess_from.map(format_value) {
                lines.push(match language {
                    Language::Japanese => format!("予防のパラドックスの行は、{reference}{unit}の人のリスクを上回る超過発症で数えています（この値より低リスク側ではリスクの低下が確かめられていないため）。"),
                    Language::English => format!("The prevention-paradox row counts excess events, above the risk at {reference} {unit} (below it, on the safe side, lower risk is not established)."),
                });
            }
        }
        lines.push(match language {
            Language::Japanese => {
                format!(
                    "年齢調整割合：直接法、基準人口は{}（{}）。",
                    self.standard_label, self.standard_source
                )
            }
            Language::English => format!(
                "Age-standardised shares: direct method; standard population: {} ({}).",
                self.standard_label, self.standard_source
            ),
        });
        let missing: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.key != COMBINED_KEY)
            .flat_map(|r| r.missing.iter().map(String::as_str))
            .collect();
        let suppressed = self.suppressed;
        if suppressed.cells > 0 {
            let (cells, restored) = (suppressed.cells, format_people(suppressed.restored_people));
            let split = format_people(suppressed.split_evenly_people);
            lines.push(match language {
                Language::Japanese => format!(
                    "秘匿セル {cells} 個（10人未満など）：公表されている中計から {restored} 人は正確に復元。年齢階級の内訳が分からない {split} 人は、行の秘匿セルに等分したと仮定して推計に含めた（推計）。"
                ),
                Language::English => format!(
                    "{cells} suppressed cells (fewer than 10 people, etc.): the published subtotals (中計) restore {restored} people exactly; {split} people whose age band they do not give are counted as if split evenly between their row's suppressed cells (an estimate)."
                ),
            });
        }
        if suppressed.unbounded_cells > 0 {
            let cells = suppressed.unbounded_cells;
            lines.push(match language {
                Language::Japanese => format!(
                    "中計のない秘匿セル {cells} 個の人は人数に含まれていません（0人として推計）。"
                ),
                Language::English => format!(
                    "The people of {cells} suppressed cells without a published subtotal are not counted (estimated as 0)."
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

impl SimulationReport {
    /// What the events rest on besides the slope, and what they leave out: the age and sex
    /// gradient (rates by stratum), one slope for every age, and one reading for the usual level.
    fn event_limits(&self, slope: &RiskSlope) -> Vec<String> {
        let language = self.language;
        let mut lines = vec![match self.event_scale {
            EventScale::ByStratum => language.pick(
                "性・年齢階級ごとの発生率（利用者の入力）を各層の現在の発症数とし、層の中ではリスクの倍率に比例して配分しています。",
                "Each sex and age band’s rate (the user’s input) gives its events now, spread within the stratum in proportion to relative risk.",
            ).into(),
            EventScale::MissingStratumRate { sex, age_band } => match language {
                Language::Japanese => format!("{}・{}の発生率が入力されていないため、性・年齢階級別の発生率は使っていません。", names::sex(sex, language), names::age_band(age_band, language)),
                Language::English => format!("No rate is given for {}, {}, so the rates by sex and age band are not used.", names::sex(sex, language), names::age_band(age_band, language)),
            },
            _ => language.pick(
                "性・年齢階級別の発生率が入力されていないため、同じ値の人は性・年齢によらず同じリスクとしています（年齢・性による発症の差は反映されません）。",
                "Without rates by sex and age band, people at the same value have the same risk whatever their sex and age (the difference in events by age and sex is not reflected).",
            ).into(),
        }];
        if slope.relative_risk_by_decade.is_none() && self.indicator.id == "sbp" {
            lines.push(language.pick(
                "1つの傾きを40〜74歳の全員に使うのは単純化です（PSC 2002では若い年代ほど傾きが急です。年齢別の傾きは「リスクの傾き」で選べます）。",
                "One slope for everyone aged 40–74 is a simplification (in PSC 2002 the slope is steeper at younger ages; age-specific slopes can be chosen under “Slope of the risk”).",
            ).into());
        }
        let ratio = self.parameters.dilution_ratio;
        lines.push(if ratio < 1.0 {
            match language {
                Language::Japanese => format!("回帰希釈：傾きは通常の値（長期の平均）に対するもので、1回の健診の値は通常の値より平均から離れやすいため、通常の値を「層の平均 + {r} ×（値 − 層の平均）」としてリスクを計算しています（回帰希釈比 {r}。MacMahon S, et al. Lancet 1990;335:765–74）。", r = format_value(ratio)),
                Language::English => format!("Regression dilution: the slope refers to usual levels (long-term averages), and one checkup reading lies further from the mean than the usual level, so risk is computed at “stratum mean + {r} × (reading − stratum mean)” (regression-dilution ratio {r}; MacMahon S, et al. Lancet 1990;335:765–74).", r = format_value(ratio)),
            }
        } else {
            language.pick(
                "傾きは通常の値（長期の平均）に対するものですが、1回の健診の値をそのまま通常の値とみなしています。値の高い人ほどリスクが大きめに出ます（回帰希釈比で調整できます）。",
                "The slope refers to usual levels (long-term averages), but one checkup reading is taken as the usual level: the risk of people with high readings comes out somewhat too high (the regression-dilution ratio adjusts for it).",
            ).into()
        });
        lines
    }

    /// What 「幅」 means, and which assumption drives it: the three figures behind the first
    /// group's people past the see-a-doctor threshold (or the first one) after the population
    /// approach.
    pub(crate) fn range_note(&self) -> Option<String> {
        let language = self.language;
        let row = self.rows.first()?;
        let threshold = self
            .thresholds
            .iter()
            .position(|t| t.id == "see-doctor")
            .unwrap_or(0);
        let figure = row.past.get(threshold)?.after[0];
        let each = WithinBin::ALL
            .iter()
            .zip(figure.0)
            .map(|(&within, people)| {
                format!(
                    "{}{}{}",
                    within_bin_name(within, language),
                    language.pick(" ", ": "),
                    language.people(&format_people(people.round().max(0.0) as u64))
                )
            })
            .collect::<Vec<_>>()
            .join(language.list_separator());
        let heading = &self.thresholds[threshold].heading;
        let driver = within_bin_name(figure.furthest_from_fitted(), language);
        Some(match language {
            Language::Japanese => format!(
                "「幅」は、階級の中で人がどう分布するかの仮定（{}・{}・{}）を変えたときの推計の範囲です（上の数字は当てはめた分布形による値）。例：{heading}の集団アプローチ後の人数は、{each}。幅を主に決めているのは「{driver}」の仮定です。",
                within_bin_name(WithinBin::FittedShape, language),
                within_bin_name(WithinBin::MonotoneCumulative, language),
                within_bin_name(WithinBin::Even, language),
            ),
            Language::English => format!(
                "“Range” is what the estimate becomes under other assumptions about how people are spread inside each bin ({}, {}, {}); the figure above it uses the fitted shape. For example, people past the {} after the population approach: {each}. The range is set mostly by the “{driver}” assumption.",
                within_bin_name(WithinBin::FittedShape, language),
                within_bin_name(WithinBin::MonotoneCumulative, language),
                within_bin_name(WithinBin::Even, language),
                language.in_sentence(heading),
            ),
        })
    }
}

/// 「当てはめた分布形」 / "fitted shape"
fn within_bin_name(within: WithinBin, language: Language) -> &'static str {
    match within {
        WithinBin::FittedShape => language.pick("当てはめた分布形", "fitted shape"),
        WithinBin::MonotoneCumulative => language.pick(
            "累積人数の単調な補間",
            "monotone interpolation of the cumulative counts",
        ),
        WithinBin::Even => language.pick("階級内で均等", "even within bins"),
    }
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
        ParameterName::DilutionRatio => language
            .pick("回帰希釈比（0.1〜1）", "Regression-dilution ratio (0.1–1)")
            .into(),
    }
}

/// Notes on the defaults shown next to the parameters.
pub fn default_note(indicator: &Indicator, language: Language) -> String {
    if indicator.id == "sbp" {
        language.pick(
            "初期値：健康日本21（第三次）（令和5年厚生労働省告示第207号）の目標「高血圧の改善：収縮期血圧の平均値（40歳以上、内服加療中の者を含む、年齢調整値）をベースライン値から5mmHg低下（令和14年度）」を全員に、160mmHg以上の人の半数に15mmHgの低下を比べます。",
            "Defaults: Health Japan 21 (third term, MHLW Notice No. 207 of 2023)’s target “lower the mean systolic blood pressure (ages 40+, treated people included, age-adjusted) by 5 mmHg from the baseline by FY2032” for everyone, against a 15 mmHg fall for half of those at 160 mmHg or more.",
        ).into()
    } else {
        language.pick(
            "この項目には国の数値目標がないため、初期値は「変化なし」です。値を入れて比べてください。",
            "There is no national target for this item, so the defaults are “no change”. Enter values to compare.",
        ).into()
    }
}

/// What the page says of a parameter brought into range.
pub fn adjustment_note(
    adjustment: &Adjustment,
    indicator: &Indicator,
    language: Language,
) -> String {
    let name = parameter_name(adjustment.parameter, indicator.unit, language);
    match adjustment.change {
        AdjustmentKind::NotANumber { set_to } => {
            let set = format_value(set_to);
            match language {
                Language::Japanese => format!("{name}が数ではないため {set} にしました。"),
                Language::English => format!("{name} is not a number, so it was set to {set}."),
            }
        }
        AdjustmentKind::OutOfRange {
            value,
            range: (low, high),
            set_to,
        } => {
            let (value, low, high, set) = (
                format_value(value),
                format_value(low),
                format_value(high),
                format_value(set_to),
            );
            match language {
                Language::Japanese => {
                    format!("{name} {value} は範囲（{low}〜{high}）の外のため {set} にしました。")
                }
                Language::English => format!(
                    "{name} {value} is outside the range ({low} to {high}), so it was set to {set}."
                ),
            }
        }
    }
}
