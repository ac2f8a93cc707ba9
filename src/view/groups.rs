//! The comparison of groups (地域 vs 職域, or insurers) in one area as the page shows it: a table
//! of every group and their combined population, with the difference in points from the first
//! group, and the small multiples across sex × age band. The distributions come from
//! `analysis::groups`; here are the words.

use crate::analysis::distribution::{
    AreaSelection, Distribution, GroupSelection, Selection, ThresholdShare, COMBINED_KEY,
};
use crate::analysis::groups::{GroupDistributions, NotStandardised, StandardisedThreshold};
use crate::analysis::standardise::{Estimate, StandardSource};
use crate::draw::bars::bar_layout;
use crate::draw::small_multiples::{PanelChart, SmallMultiplesChart};
use crate::model::indicator::{Indicator, Threshold, ThresholdKind};
use crate::model::text::{format_people, format_percent, format_value};
use crate::model::{AgeBand, Sex};
use crate::view::language::Language;
use crate::view::messages::{stats_error, unstandardised};
use crate::view::names;

#[derive(Clone, Debug, PartialEq)]
pub struct GroupComparison {
    pub indicator: &'static Indicator,
    pub area: AreaSelection,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
    /// Group ids compared, in the dataset's order (never `all`).
    pub groups: Vec<String>,
    /// One row per group, then the combined population.
    pub rows: Vec<GroupRow>,
    /// Men then women, each across the seven age bands.
    pub panels: Vec<Panel>,
    pub fiscal_year: i32,
    pub citation: String,
    /// How the standardised figures were made, and the standard population's source.
    pub method_notes: Vec<String>,
    pub fictional: bool,
    pub language: Language,
    /// The figures the table shows, for the CSV: each group's distribution, then the combined
    /// population's, and per threshold their standardised shares, differences and ratios.
    pub distributions: Vec<Distribution>,
    pub standardised: Vec<Result<StandardisedThreshold, NotStandardised>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    /// A group id or [`COMBINED_KEY`]: used in `data-testid`s.
    pub key: String,
    /// 「地域」, 「職域」, 「合算（地域＋職域）」
    pub label: String,
    pub people: String,
    pub thresholds: Vec<GroupThresholdCell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupThresholdCell {
    /// `guidance` or `see-doctor`.
    pub id: &'static str,
    /// Crude: 「26.0%（1,234人）」 or 「—」
    pub share: String,
    /// Crude: 「+3.2ポイント」 against the first group; empty in the first row.
    pub difference: String,
    /// Age-standardised (direct): 「24.1%（95%CI 23.8〜24.4）」, or why not.
    pub standardised: String,
    /// Age-standardised difference from the first group, with its interval; empty in the first row.
    pub standardised_difference: String,
    /// Indirect: 「112.3（95%CI 108.1〜116.6）」 against the groups combined.
    pub ratio: String,
}

/// One sex × age band cell of the small multiples: a distribution per group, or why not.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub sex: Sex,
    pub age_band: AgeBand,
    pub series: Vec<Result<Distribution, String>>,
}

impl GroupComparison {
    /// The table and panels of the distributions (`GroupDistributions::compute`) and their
    /// standardised shares (`GroupDistributions::standardised`), in `language`.
    pub fn new(
        facts: GroupDistributions,
        standardised: Vec<Result<StandardisedThreshold, NotStandardised>>,
        standard: StandardSource,
        language: Language,
    ) -> GroupComparison {
        let indicator = facts.indicator;
        let reference = &facts.distributions[0];
        let rows = facts
            .groups
            .iter()
            .map(|g| (g.clone(), names::group(g, language)))
            .chain([(
                COMBINED_KEY.to_string(),
                names::combined(facts.groups.iter().map(String::as_str), language),
            )])
            .zip(&facts.distributions)
            .enumerate()
            .map(|(index, ((key, label), d))| GroupRow {
                key,
                label,
                people: format_people(d.total_people),
                thresholds: indicator
                    .thresholds
                    .iter()
                    .zip(&standardised)
                    .map(|(t, standardised)| {
                        let mut cell =
                            threshold_cell(t, d, (index > 0).then_some(reference), language);
                        standardised_cells(&mut cell, standardised, index, language);
                        cell
                    })
                    .collect(),
            })
            .collect();
        let panels = facts
            .panels
            .into_iter()
            .map(|panel| Panel {
                sex: panel.sex,
                age_band: panel.age_band,
                series: panel
                    .series
                    .into_iter()
                    .map(|s| s.map_err(|error| stats_error(&error, language)))
                    .collect(),
            })
            .collect();
        GroupComparison {
            indicator,
            area: facts.area,
            sex: facts.sex,
            age_band: facts.age_band,
            groups: facts.groups,
            rows,
            panels,
            fiscal_year: facts.fiscal_year,
            citation: names::citation(&facts.provenance, facts.fiscal_year, language),
            method_notes: method_notes(standard, language),
            fictional: facts.provenance.fictional,
            language,
            distributions: facts.distributions,
            standardised,
        }
    }

    /// 「北海道・男女計・40〜74歳」
    pub fn scope(&self) -> String {
        let selection = Selection {
            indicator: self.indicator.id.to_string(),
            area: self.area.clone(),
            group: GroupSelection::Any,
            sex: self.sex,
            age_band: self.age_band,
        };
        names::selection(&selection, self.language)
    }

    /// 「受診勧奨判定値（140mmHg以上）」 for each column of the table.
    pub fn threshold_headings(&self) -> Vec<String> {
        self.indicator
            .thresholds
            .iter()
            .map(|t| names::threshold_heading(t, self.indicator.unit, self.language))
            .collect()
    }

    /// The threshold whose share each small panel prints: 受診勧奨判定値 where the item has one.
    pub fn panel_threshold(&self) -> Option<&'static Threshold> {
        let thresholds = self.indicator.thresholds;
        thresholds
            .iter()
            .find(|t| t.kind == ThresholdKind::SeeDoctor)
            .or(thresholds.first())
    }

    /// A sentence for screen readers.
    pub fn text_alternative(&self) -> String {
        let area = names::area_selection(&self.area, self.language);
        match self.language {
            Language::Japanese => format!(
                "{}の区分別の分布を性別・年齢階級ごとに並べた図（{area}）。",
                self.indicator.name_ja
            ),
            Language::English => format!(
                "Distributions of {} by group, one small chart per sex and age band ({area}).",
                self.indicator.name_en
            ),
        }
    }

    /// The small multiples with their words.
    pub fn chart(&self) -> SmallMultiplesChart<'_> {
        let (language, indicator) = (self.language, self.indicator);
        let area = names::area_selection(&self.area, language);
        let title = match language {
            Language::Japanese => format!(
                "{}：区分別の分布（{area}・性別×年齢階級、{}年度）",
                indicator.name_ja, self.fiscal_year
            ),
            Language::English => format!(
                "{} by group ({area}, sex × age band, FY{})",
                indicator.name_en, self.fiscal_year
            ),
        };
        let threshold = self.panel_threshold();
        let explanation = match (threshold, language) {
            (Some(t), Language::Japanese) => format!(
                "各図の数値：{}の人の割合",
                names::threshold_heading(t, indicator.unit, language)
            ),
            (Some(t), Language::English) => format!(
                "Figures: share of people past the {}",
                language.in_sentence(&names::threshold_heading(t, indicator.unit, language))
            ),
            (None, _) => language
                .pick("各図の数値：人数", "Figures: people")
                .to_string(),
        };
        let reference_width = self
            .panels
            .iter()
            .flat_map(|panel| panel.series.iter().flatten())
            .find_map(|distribution| bar_layout(distribution).reference_width);
        let unit = indicator.unit;
        let scale_note = match (reference_width, language) {
            (Some(w), Language::Japanese) => format!(
                "縦軸はすべての図で共通（{}{unit}幅あたりの人数の割合）。横軸は{}（{unit}）、縦線は判定値。",
                format_value(w),
                indicator.name_ja,
            ),
            (Some(w), Language::English) => format!(
                "One vertical scale for every panel (share of people per {} {unit}). Horizontal: {} ({unit}); vertical lines: thresholds.",
                format_value(w),
                indicator.name_en,
            ),
            (None, _) => language
                .pick(
                    "縦軸はすべての図で共通（人数の割合）。",
                    "One vertical scale for every panel (share of people).",
                )
                .to_string(),
        };
        let standardised = threshold.and_then(|t| {
            let index = indicator.thresholds.iter().position(|x| x == t)?;
            let figures: Vec<String> = self
                .rows
                .iter()
                .map(|row| format!("{} {}", row.label, row.thresholds[index].standardised))
                .collect();
            let heading = names::threshold_heading(t, indicator.unit, language);
            Some(match language {
                Language::Japanese => format!("年齢調整割合（{heading}）：{}", figures.join("、")),
                Language::English => format!(
                    "Age-standardised share ({}): {}",
                    language.in_sentence(&heading),
                    figures.join("; ")
                ),
            })
        });
        let mut footer = vec![self.citation.clone()];
        footer.extend(standardised);
        footer.extend(self.method_notes.first().cloned());
        footer.push(scale_note);
        footer.push(
            language
                .pick(
                    "両端の階層は上限・下限がないため隣の階層と同じ幅で描画（高さは目安）。",
                    "Open-ended end bins are drawn as wide as their neighbour (their height is a guide).",
                )
                .to_string(),
        );
        let panels = self
            .panels
            .iter()
            .map(|panel| PanelChart {
                label: names::age_band(panel.age_band, language),
                series: panel.series.iter().map(|s| s.as_ref().ok()).collect(),
                figures: panel
                    .series
                    .iter()
                    .zip(&self.groups)
                    .map(|(result, group)| {
                        let figure = match (result, threshold) {
                            (Err(_), _) => "—".to_string(),
                            (Ok(d), Some(t)) => match d.threshold_share(t) {
                                ThresholdShare::Known { share_fraction, .. } => {
                                    format_percent(share_fraction)
                                }
                                ThresholdShare::NotOnBinEdge => "—".to_string(),
                            },
                            (Ok(d), None) => language.people(&format_people(d.total_people)),
                        };
                        format!("{} {figure}", names::group(group, language))
                    })
                    .collect(),
            })
            .collect();
        SmallMultiplesChart {
            title,
            legend: self
                .groups
                .iter()
                .map(|g| names::group(g, language))
                .collect(),
            explanation,
            footer,
            row_labels: Sex::BOTH.map(|sex| names::sex(sex, language).to_string()),
            panels,
            threshold_value: threshold.map(|t| t.value),
            fictional_label: self
                .fictional
                .then(|| names::fictional_label(language).to_string()),
        }
    }
}

fn threshold_cell(
    threshold: &Threshold,
    d: &Distribution,
    reference: Option<&Distribution>,
    language: Language,
) -> GroupThresholdCell {
    let id = threshold.kind.id();
    let own = d.threshold_share(threshold);
    let share = names::threshold_share(own, language);
    let difference = match reference.map(|r| (r.threshold_share(threshold), own)) {
        None => String::new(),
        Some((
            ThresholdShare::Known {
                share_fraction: base,
                ..
            },
            ThresholdShare::Known {
                share_fraction: this,
                ..
            },
        )) => format_points(this - base, language),
        Some(_) => "—".to_string(),
    };
    GroupThresholdCell {
        id,
        share,
        difference,
        standardised: String::new(),
        standardised_difference: String::new(),
        ratio: String::new(),
    }
}

/// The standardised columns of one group's cell for one threshold.
fn standardised_cells(
    cell: &mut GroupThresholdCell,
    standardised: &Result<StandardisedThreshold, NotStandardised>,
    index: usize,
    language: Language,
) {
    let Ok(standardised) = standardised else {
        let dash = names::not_on_bin_edge(language);
        cell.standardised = dash.into();
        cell.ratio = dash.into();
        return;
    };
    cell.standardised = match &standardised.shares[index] {
        Ok(estimate) => estimate_text(estimate, 100.0, "%", language),
        Err(why) => unstandardised(why, language),
    };
    cell.standardised_difference = match &standardised.differences[index] {
        None => String::new(),
        Some(Ok(estimate)) => difference_text(estimate, language),
        Some(Err(why)) => unstandardised(why, language),
    };
    cell.ratio = match &standardised.ratios[index] {
        Ok(ratio) => estimate_text(&ratio.ratio, 1.0, "", language),
        Err(why) => unstandardised(why, language),
    };
}

/// 「−5.0ポイント（95%CI −5.2〜−4.7）」: a difference of standardised shares, its range where
/// suppressed cells leave one.
pub fn difference_text(estimate: &Estimate, language: Language) -> String {
    let points = match estimate.range {
        Some((low, high)) => {
            let to = language.pick("〜", " to ");
            format!(
                "{}{to}{}",
                format_points(low, language),
                format_points(high, language)
            )
        }
        None => format_points(estimate.value, language),
    };
    language.parenthesised(&points, &interval_text(estimate, 100.0, language))
}

/// 「24.1%（95%CI 23.8〜24.4）」; 「24.1〜24.9%（95%CI 23.8〜25.2）」 where suppressed cells leave
/// the point a range. `scale` turns the estimate into the figure shown (100 for percent).
pub fn estimate_text(estimate: &Estimate, scale: f64, unit: &str, language: Language) -> String {
    let dash = language.pick("〜", "–");
    // A range too narrow to show at one decimal is shown as its point.
    let point = match estimate
        .range
        .map(|(low, high)| (low * scale, high * scale))
    {
        Some((low, high)) if format!("{low:.1}") != format!("{high:.1}") => {
            format!("{low:.1}{dash}{high:.1}{unit}")
        }
        _ => format!("{:.1}{unit}", estimate.value * scale),
    };
    language.parenthesised(&point, &interval_text(estimate, scale, language))
}

/// 「95%CI 23.8〜24.4」 / "95% CI −6.6 to −6.1" (in English a dash between signed numbers would
/// read as a minus).
fn interval_text(estimate: &Estimate, scale: f64, language: Language) -> String {
    let (low, high) = estimate.interval;
    match language {
        Language::Japanese => format!("95%CI {:.1}〜{:.1}", low * scale, high * scale),
        Language::English => format!("95% CI {:.1} to {:.1}", low * scale, high * scale),
    }
}

/// How the standardised columns were made, said under the table and in the chart image.
fn method_notes(standard: StandardSource, language: Language) -> Vec<String> {
    vec![
        direct_method_note(standard, language),
        language.pick(
            "標準化該当比：間接法。合算の性・年齢階級別の割合をその区分の人数に当てはめた期待人数に対する実人数の比（合算＝100）。95%信頼区間はByarの近似（Breslow & Day 1987）。",
            "Standardised ratio: indirect method, observed people over those expected at the combined population's share in each sex and age band (combined = 100). 95% CI: Byar's approximation (Breslow & Day 1987).",
        ).into(),
        language.pick(
            "粗割合は年齢構成の違いを含む。区分の比較には年齢調整割合を用いる。",
            "Crude shares include differences in age mix; compare groups by the age-standardised shares.",
        ).into(),
    ]
}

/// How a directly standardised share and its interval are made, naming the standard
/// population: said under every table that shows one.
pub fn direct_method_note(standard: StandardSource, language: Language) -> String {
    let label = names::standard_label(standard, language);
    let source = names::standard_source(standard, language);
    match language {
        Language::Japanese => format!("年齢調整割合：直接法（性・5歳階級別の割合を基準人口で重み付け）。基準人口は{label}。出典：{source}。95%信頼区間は各層の割合の二項分散による正規近似（Chiang 1961）。差の区間は2群の分散の和から。"),
        Language::English => format!("Age-standardised share: direct method (each sex × 5-year band's share weighted by the standard population). Standard population: {label}. Source: {source}. 95% CI: normal approximation with each stratum's binomial variance (Chiang 1961); a difference's interval adds the two groups' variances."),
    }
}

/// 「+3.2ポイント」 / "+3.2 points" from a difference of fractions; 「±0.0ポイント」 when it
/// rounds to nothing.
pub fn format_points(difference_fraction: f64, language: Language) -> String {
    let points = (difference_fraction * 1000.0).round() / 10.0;
    let number = if points == 0.0 {
        "±0.0".to_string()
    } else {
        format!("{points:+.1}")
    };
    match language {
        Language::Japanese => format!("{number}ポイント"),
        Language::English => format!("{number} points"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cells::parse_bin_label;
    use crate::model::indicator::by_id;
    use crate::model::test_record;
    use crate::model::{AreaLevel, Dataset, Provenance, Record};

    fn record(group: &str, sex: Sex, bin: &str, count: u64) -> Record {
        Record {
            sex,
            ..test_record(group, parse_bin_label(bin).unwrap(), Some(count))
        }
    }

    #[test]
    fn rows_give_each_group_the_combined_population_and_point_differences() {
        let dataset = Dataset {
            provenance: Provenance::default(),
            records: vec![
                record("regional", Sex::Male, "130未満", 60),
                record("regional", Sex::Male, "130以上140未満", 20),
                record("regional", Sex::Male, "140以上", 20),
                record("occupational", Sex::Male, "130未満", 240),
                record("occupational", Sex::Male, "130以上140未満", 40),
                record("occupational", Sex::Male, "140以上", 20),
            ],
        };
        let area = AreaSelection::Area {
            level: AreaLevel::Prefecture,
            code: "01".into(),
            name: "北海道".into(),
        };
        let sbp = by_id("sbp").unwrap();
        let compute = |language| {
            GroupDistributions::compute(&dataset, sbp, &area, None, None)
                .unwrap()
                .map(|facts| {
                    let standardised = facts.standardised(&facts.standard(StandardSource::DEFAULT));
                    GroupComparison::new(facts, standardised, StandardSource::DEFAULT, language)
                })
                .unwrap()
        };
        let comparison = compute(Language::Japanese);
        let summary: Vec<(&str, &str, &str, &str)> = comparison
            .rows
            .iter()
            .map(|r| {
                (
                    r.label.as_str(),
                    r.people.as_str(),
                    r.thresholds[1].share.as_str(),
                    r.thresholds[1].difference.as_str(),
                )
            })
            .collect();
        // 受診勧奨 140+: 20/100 = 20.0%, 20/300 = 6.7%, 40/400 = 10.0%.
        assert_eq!(
            summary,
            [
                ("地域", "100", "20.0%（20人）", ""),
                ("職域", "300", "6.7%（20人）", "-13.3ポイント"),
                (
                    "合算（地域＋職域）",
                    "400",
                    "10.0%（40人）",
                    "-10.0ポイント"
                ),
            ]
        );
        // Guidance 130+: 40% vs 20%.
        assert_eq!(comparison.rows[1].thresholds[0].difference, "-20.0ポイント");
        assert_eq!(comparison.panels.len(), 14);
        assert!(comparison.panels[0].series.iter().all(Result::is_ok));
        assert!(
            comparison.panels[7].series.iter().all(Result::is_err),
            "no women"
        );
        assert_eq!(comparison.panel_threshold().unwrap().value, 140.0);
        let english = compute(Language::English);
        assert_eq!(english.rows[2].label, "Combined (Regional + Occupational)");
        assert_eq!(english.rows[1].thresholds[1].share, "6.7% (20 people)");
        assert_eq!(english.rows[1].thresholds[1].difference, "-13.3 points");
    }

    #[test]
    fn one_group_is_no_comparison() {
        let dataset = Dataset {
            provenance: Provenance::default(),
            records: vec![record("all", Sex::Male, "130未満", 1)],
        };
        let sbp = by_id("sbp").unwrap();
        assert!(
            GroupDistributions::compute(&dataset, sbp, &AreaSelection::National, None, None)
                .is_none()
        );
        assert_eq!(format_points(0.00004, Language::Japanese), "±0.0ポイント");
        assert_eq!(format_points(0.0321, Language::Japanese), "+3.2ポイント");
        assert_eq!(format_points(0.0321, Language::English), "+3.2 points");
    }
}
