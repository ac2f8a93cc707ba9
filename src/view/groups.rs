//! The comparison of groups (地域 vs 職域, or insurers) in one area: a table of every group and
//! their combined population, with the difference in points from the first group, and the
//! distributions of every sex × age band cell for the small multiples. Computed here, drawn by
//! `crate::draw::small_multiples`, placed by the page.

use crate::analysis::distribution::{
    distribution, format_people, format_percent, AreaSelection, Distribution, GroupSelection,
    Selection, ThresholdShare,
};
use crate::model::indicator::{Indicator, Threshold, ThresholdKind};
use crate::model::{group_name, AgeBand, Dataset, Sex, NDB_AGE_BANDS};
use crate::view::language::Language;

pub const COMBINED_KEY: &str = "combined";

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
    pub fictional: bool,
    pub language: Language,
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
    /// 「26.0%（1,234人）」 or 「—」
    pub share: String,
    /// 「+3.2ポイント」 against the first group; empty in the first row.
    pub difference: String,
}

/// One sex × age band cell of the small multiples: a distribution per group, or why not.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub sex: Sex,
    pub age_band: AgeBand,
    pub series: Vec<Result<Distribution, String>>,
}

impl GroupComparison {
    /// `None` when the dataset has fewer than two groups (NDB data has none).
    pub fn compute(
        dataset: &Dataset,
        indicator: &'static Indicator,
        area: &AreaSelection,
        sex: Option<Sex>,
        age_band: Option<AgeBand>,
        language: Language,
    ) -> Option<Result<GroupComparison, String>> {
        let groups = dataset.named_groups();
        if groups.len() < 2 {
            return None;
        }
        // One pass picks the rows of this item and area; the 31 distributions computed from
        // them read only those (a user's file may hold a million rows).
        let probe = Selection {
            indicator: indicator.id.to_string(),
            area: area.clone(),
            group: GroupSelection::Combined,
            sex: None,
            age_band: None,
        };
        let relevant = Dataset {
            provenance: dataset.provenance.clone(),
            records: dataset
                .records
                .iter()
                .filter(|r| probe.covers_area_and_indicator(r))
                .cloned()
                .collect(),
        };
        Some(Self::compute_groups(
            &relevant, indicator, area, sex, age_band, groups, language,
        ))
    }

    fn compute_groups(
        dataset: &Dataset,
        indicator: &'static Indicator,
        area: &AreaSelection,
        sex: Option<Sex>,
        age_band: Option<AgeBand>,
        groups: Vec<String>,
        language: Language,
    ) -> Result<GroupComparison, String> {
        let select =
            |group: GroupSelection, sex: Option<Sex>, age_band: Option<AgeBand>| Selection {
                indicator: indicator.id.to_string(),
                area: area.clone(),
                group,
                sex,
                age_band,
            };
        let mut distributions = Vec::new();
        for group in groups
            .iter()
            .map(|g| GroupSelection::One(g.clone()))
            .chain([GroupSelection::Combined])
        {
            let selection = select(group, sex, age_band);
            let result = distribution(&dataset.records, &selection)
                .map_err(|error| selection.failure(&error, language))?;
            distributions.push(result);
        }
        let reference = &distributions[0];
        let rows = groups
            .iter()
            .map(|g| (g.clone(), group_name(g, language)))
            .chain([(COMBINED_KEY.to_string(), combined_label(&groups, language))])
            .zip(&distributions)
            .enumerate()
            .map(|(index, ((key, label), d))| GroupRow {
                key,
                label,
                people: format_people(d.total_people),
                thresholds: indicator
                    .thresholds
                    .iter()
                    .map(|t| threshold_cell(t, d, (index > 0).then_some(reference), language))
                    .collect(),
            })
            .collect();
        let panels = [Sex::Male, Sex::Female]
            .into_iter()
            .flat_map(|sex| NDB_AGE_BANDS.map(|band| (sex, band)))
            .map(|(sex, age_band)| Panel {
                sex,
                age_band,
                series: groups
                    .iter()
                    .map(|g| {
                        distribution(
                            &dataset.records,
                            &select(GroupSelection::One(g.clone()), Some(sex), Some(age_band)),
                        )
                        .map_err(|error| error.message(language))
                    })
                    .collect(),
            })
            .collect();
        let fiscal_year = reference.fiscal_year;
        Ok(GroupComparison {
            indicator,
            area: area.clone(),
            sex,
            age_band,
            groups,
            rows,
            panels,
            fiscal_year,
            citation: dataset.provenance.citation(fiscal_year, language),
            fictional: dataset.provenance.fictional,
            language,
        })
    }

    /// 「北海道・男女計・40〜74歳」
    pub fn scope(&self) -> String {
        Selection {
            indicator: self.indicator.id.to_string(),
            area: self.area.clone(),
            group: GroupSelection::Any,
            sex: self.sex,
            age_band: self.age_band,
        }
        .label(self.language)
    }

    /// 「受診勧奨判定値（140mmHg以上）」 for each column of the table.
    pub fn threshold_headings(&self) -> Vec<String> {
        self.indicator
            .thresholds
            .iter()
            .map(|t| t.heading(self.indicator.unit, self.language))
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
}

fn combined_label(groups: &[String], language: Language) -> String {
    let names: Vec<String> = groups.iter().map(|g| group_name(g, language)).collect();
    language.parenthesised(
        language.pick("合算", "Combined"),
        &names.join(language.pick("＋", " + ")),
    )
}

fn threshold_cell(
    threshold: &Threshold,
    d: &Distribution,
    reference: Option<&Distribution>,
    language: Language,
) -> GroupThresholdCell {
    let id = threshold.kind.id();
    let own = d.threshold_share(threshold);
    let share = match own {
        ThresholdShare::Known {
            count_people,
            share_fraction,
        } => language.parenthesised(
            &format_percent(share_fraction),
            &language.people(&format_people(count_people)),
        ),
        ThresholdShare::NotOnBinEdge => "—".to_string(),
    };
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
    use crate::import::ndb::parse_bin_label;
    use crate::model::indicator::by_id;
    use crate::model::{AreaLevel, Provenance, Record};

    fn record(group: &str, sex: Sex, bin: &str, count: u64) -> Record {
        Record {
            year: 2022,
            area_level: AreaLevel::Prefecture,
            area_code: "01".into(),
            area_name: "北海道".into(),
            group: group.into(),
            sex,
            age_band: AgeBand::new(40, 44),
            indicator: "sbp".into(),
            bin: parse_bin_label(bin).unwrap(),
            count_people: Some(count),
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
        let comparison =
            GroupComparison::compute(&dataset, sbp, &area, None, None, Language::Japanese)
                .unwrap()
                .unwrap();
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
        let english = GroupComparison::compute(&dataset, sbp, &area, None, None, Language::English)
            .unwrap()
            .unwrap();
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
        assert!(GroupComparison::compute(
            &dataset,
            sbp,
            &AreaSelection::National,
            None,
            None,
            Language::Japanese
        )
        .is_none());
        assert_eq!(format_points(0.00004, Language::Japanese), "±0.0ポイント");
        assert_eq!(format_points(0.0321, Language::Japanese), "+3.2ポイント");
        assert_eq!(format_points(0.0321, Language::English), "+3.2 points");
    }
}
