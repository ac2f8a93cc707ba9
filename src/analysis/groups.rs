//! The distributions behind a comparison of groups (地域 vs 職域, or insurers) in one area: each
//! group's and their combined population's, and every sex × age band cell per group for the
//! small multiples, and each group's shares age-standardised (directly, with the difference from
//! the first group, and indirectly against the groups combined). Numbers only; `view::groups`
//! writes the table and the chart's words.

use crate::analysis::distribution::{
    distribution, AreaSelection, Distribution, GroupSelection, Selection, SelectionFailure,
    StatsError,
};
use crate::analysis::standardise::{
    difference_of, direct_share, indirect_ratio, Estimate, StandardPopulation, StandardSource,
    StandardisedRatio, StratumCount, Unstandardised,
};
use crate::model::indicator::{Indicator, Threshold};
use crate::model::{AgeBand, Dataset, Provenance, Sex, NDB_AGE_BANDS};

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDistributions {
    pub indicator: &'static Indicator,
    pub area: AreaSelection,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
    /// Group ids compared, in the dataset's order (never `all`).
    pub groups: Vec<String>,
    /// One per group, then the combined population.
    pub distributions: Vec<Distribution>,
    /// Men then women, each across the seven age bands.
    pub panels: Vec<Panel>,
    pub fiscal_year: i32,
    pub provenance: Provenance,
}

/// One sex × age band cell of the small multiples: a distribution per group, or why not.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub sex: Sex,
    pub age_band: AgeBand,
    pub series: Vec<Result<Distribution, StatsError>>,
}

impl GroupDistributions {
    /// `None` when the dataset has fewer than two groups (NDB data has none).
    pub fn compute(
        dataset: &Dataset,
        indicator: &'static Indicator,
        area: &AreaSelection,
        sex: Option<Sex>,
        age_band: Option<AgeBand>,
    ) -> Option<Result<GroupDistributions, SelectionFailure>> {
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
        let relevant: Vec<_> = dataset
            .records
            .iter()
            .filter(|r| probe.covers_area_and_indicator(r))
            .cloned()
            .collect();
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
            match distribution(&relevant, &selection) {
                Ok(result) => distributions.push(result),
                Err(problem) => return Some(Err(SelectionFailure { selection, problem })),
            }
        }
        let panels = [Sex::Male, Sex::Female]
            .into_iter()
            .flat_map(|sex| NDB_AGE_BANDS.map(|band| (sex, band)))
            .map(|(sex, age_band)| Panel {
                sex,
                age_band,
                series: groups
                    .iter()
                    .map(|g| {
                        let one = GroupSelection::One(g.clone());
                        distribution(&relevant, &select(one, Some(sex), Some(age_band)))
                    })
                    .collect(),
            })
            .collect();
        let fiscal_year = distributions[0].fiscal_year;
        Some(Ok(GroupDistributions {
            indicator,
            area: area.clone(),
            sex,
            age_band,
            groups,
            distributions,
            panels,
            fiscal_year,
            provenance: dataset.provenance.clone(),
        }))
    }
}

/// The groups' shares past one threshold, age-standardised: one entry per group, then the
/// combined population (the order of `GroupDistributions::distributions`).
#[derive(Clone, Debug, PartialEq)]
pub struct StandardisedThreshold {
    pub threshold: &'static Threshold,
    /// Direct method, against the chosen standard population.
    pub shares: Vec<Result<Estimate, Unstandardised>>,
    /// Each group's standardised share minus the first group's (`None` for the first).
    pub differences: Vec<Option<Result<Estimate, Unstandardised>>>,
    /// Indirect method: 100 × observed / expected at the combined population's stratum shares.
    pub ratios: Vec<Result<StandardisedRatio, Unstandardised>>,
}

/// Why a threshold's shares cannot be standardised at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotStandardised {
    /// The threshold falls inside a bin of some stratum.
    NotOnBinEdge,
}

impl GroupDistributions {
    /// The standard population a choice names: a fixed one, or the groups shown together.
    pub fn standard(&self, source: StandardSource) -> StandardPopulation {
        match source {
            StandardSource::Fixed(fixed) => StandardPopulation::fixed(fixed),
            StandardSource::Shown => StandardPopulation::shown(self.panels.iter().map(|panel| {
                let people = panel.series.iter().flatten().map(|d| d.total_people as f64);
                (panel.sex, panel.age_band, people.sum())
            })),
        }
    }

    /// Every threshold of the item, standardised over the sex × age band strata of the
    /// selection (both sexes or one; every age band or one) with `standard`'s weights.
    pub fn standardised(
        &self,
        standard: &StandardPopulation,
    ) -> Vec<Result<StandardisedThreshold, NotStandardised>> {
        self.indicator
            .thresholds
            .iter()
            .map(|threshold| self.standardise_threshold(threshold, standard))
            .collect()
    }

    fn standardise_threshold(
        &self,
        threshold: &'static Threshold,
        standard: &StandardPopulation,
    ) -> Result<StandardisedThreshold, NotStandardised> {
        // The strata of the selection that the data have at all (a user's file may hold some
        // age bands only): a stratum one group lacks and another has is not skipped, and says so.
        let panels: Vec<&Panel> = self
            .panels
            .iter()
            .filter(|p| self.sex.is_none_or(|sex| p.sex == sex))
            .filter(|p| self.age_band.is_none_or(|band| p.age_band == band))
            .filter(|p| {
                p.series
                    .iter()
                    .any(|d| d.as_ref().is_ok_and(|d| d.total_people > 0))
            })
            .collect();
        // Strata per group, in the panels' order; a stratum without people counts 0 people.
        let mut per_group: Vec<Vec<StratumCount>> = vec![Vec::new(); self.groups.len()];
        for panel in &panels {
            for (group, series) in per_group.iter_mut().zip(&panel.series) {
                let stratum =
                    StratumCount::of(panel.sex, panel.age_band, series.as_ref().ok(), threshold)
                        .map_err(|_| NotStandardised::NotOnBinEdge)?;
                group.push(stratum);
            }
        }
        let combined: Vec<StratumCount> = (0..panels.len())
            .map(|i| {
                let first = per_group[0][i];
                StratumCount {
                    people: per_group.iter().map(|g| g[i].people).sum(),
                    past_people: per_group.iter().map(|g| g[i].past_people).sum(),
                    share_range: None,
                    ..first
                }
            })
            .collect();
        let populations: Vec<&Vec<StratumCount>> =
            per_group.iter().chain(std::iter::once(&combined)).collect();
        let shares: Vec<Result<Estimate, Unstandardised>> = populations
            .iter()
            .map(|strata| direct_share(strata, standard))
            .collect();
        let differences = shares
            .iter()
            .enumerate()
            .map(|(index, share)| (index > 0).then(|| difference_of(share, &shares[0])))
            .collect();
        let ratios = populations
            .iter()
            .map(|strata| indirect_ratio(strata, &combined))
            .collect();
        Ok(StandardisedThreshold {
            threshold,
            shares,
            differences,
            ratios,
        })
    }
}
