//! The distributions behind a comparison of groups (地域 vs 職域, or insurers) in one area: each
//! group's and their combined population's, and every sex × age band cell per group for the
//! small multiples. Numbers only; `view::groups` writes the table and the chart's words.

use crate::analysis::distribution::{
    distribution, AreaSelection, Distribution, GroupSelection, Selection, SelectionFailure,
    StatsError,
};
use crate::model::indicator::Indicator;
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
