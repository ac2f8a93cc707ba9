//! The strata of one selection, modelled once (so a slider move only reruns the outcomes), and
//! the standard populations of age standardisation.

use crate::analysis::binned::{BinnedModel, ModelError};
use crate::analysis::distribution::{
    distribution, AreaSelection, GroupSelection, Selection, SelectionFailure, StatsError,
    SuppressedPeople,
};
use crate::analysis::simulator::parameters::{unavailable, Unavailable};
use crate::analysis::standardise::{StandardPopulation, StandardSource};
use crate::model::indicator::Indicator;
use crate::model::{AgeBand, Bin, Dataset, Provenance, Sex, GROUP_ALL, NDB_AGE_BANDS};

/// One sex × age band of one group, modelled.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FittedStratum {
    pub(super) sex: Sex,
    pub(super) age_band: AgeBand,
    pub(super) bins: Vec<Bin>,
    /// One per within-bin assumption, in the order of `WithinBin::ALL`.
    pub(super) models: [BinnedModel; 3],
    /// Each model's `BinnedModel::people_grid`, for the mean and the events.
    pub(super) people_grids: [Vec<(f64, f64)>; 3],
}

impl FittedStratum {
    pub(super) fn people(&self) -> f64 {
        self.models[0].total_people
    }
}

/// A group (or the whole data when it has no groups), stratum by stratum.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct FittedPopulation {
    /// The group id (`all` for data without groups).
    pub(super) key: String,
    pub(super) strata: Vec<FittedStratum>,
    /// Strata with no people to model (all suppressed, or no rows).
    pub(super) missing: Vec<(Sex, AgeBand)>,
    /// Suppressed cells in the strata modelled, and how their people were counted.
    pub(super) suppressed: SuppressedPeople,
}

/// Everything `outcome::simulate` needs for one selection, fitted once.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulatorInput {
    pub indicator: &'static Indicator,
    /// The area, sex and age band simulated (every group).
    pub scope: Selection,
    pub fiscal_year: i32,
    pub provenance: Provenance,
    pub(super) populations: Vec<FittedPopulation>,
}

/// Why a selection cannot be simulated.
#[derive(Clone, Debug, PartialEq)]
pub enum SimulatorError {
    Unavailable {
        indicator: &'static Indicator,
        reason: Unavailable,
    },
    /// A stratum's rows cannot make a distribution (other than having no people).
    Stratum(SelectionFailure),
    Model(ModelError),
    /// No stratum of the selection has people (all suppressed, or no data).
    NoPeople {
        scope: Selection,
    },
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
    ) -> Result<SimulatorInput, SimulatorError> {
        if let Some(reason) = unavailable(indicator) {
            return Err(SimulatorError::Unavailable { indicator, reason });
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
        let populations: Vec<(String, GroupSelection)> = if groups.len() < 2 {
            let key = groups.first().cloned().unwrap_or(GROUP_ALL.to_string());
            vec![(key, GroupSelection::Any)]
        } else {
            groups
                .iter()
                .map(|g| (g.clone(), GroupSelection::One(g.clone())))
                .collect()
        };
        let sexes: Vec<Sex> = sex.map_or(Sex::BOTH.to_vec(), |s| vec![s]);
        let bands: Vec<AgeBand> = age_band.map_or(NDB_AGE_BANDS.to_vec(), |b| vec![b]);
        let mut fitted = Vec::new();
        let mut fiscal_year = None;
        for (key, group) in populations {
            let mut strata = Vec::new();
            let mut missing = Vec::new();
            let mut suppressed = SuppressedPeople::default();
            for &sex in &sexes {
                for &age_band in &bands {
                    let selection = Selection {
                        indicator: indicator.id.to_string(),
                        area: area.clone(),
                        group: group.clone(),
                        sex: Some(sex),
                        age_band: Some(age_band),
                    };
                    let distribution = match distribution(&records, &selection) {
                        Ok(d) if d.bins.iter().any(|b| b.people_estimate() > 0.0) => d,
                        Ok(_) | Err(StatsError::NoRows | StatsError::AllSuppressed { .. }) => {
                            missing.push((sex, age_band));
                            continue;
                        }
                        Err(problem) => {
                            let failure = SelectionFailure { selection, problem };
                            return Err(SimulatorError::Stratum(failure));
                        }
                    };
                    fiscal_year.get_or_insert(distribution.fiscal_year);
                    suppressed.add(&distribution);
                    let models = BinnedModel::fit_each_assumption(&distribution)
                        .map_err(SimulatorError::Model)?;
                    strata.push(FittedStratum {
                        sex,
                        age_band,
                        bins: distribution.bins.iter().map(|b| b.bin.clone()).collect(),
                        people_grids: models.each_ref().map(|m| m.people_grid(GRID_SLICES)),
                        models,
                    });
                }
            }
            fitted.push(FittedPopulation {
                key,
                strata,
                missing,
                suppressed,
            });
        }
        let Some(fiscal_year) = fiscal_year else {
            return Err(SimulatorError::NoPeople { scope: probe });
        };
        Ok(SimulatorInput {
            indicator,
            scope: probe,
            fiscal_year,
            provenance: dataset.provenance.clone(),
            populations: fitted,
        })
    }

    /// Whether the report has a combined row (the data have two or more groups).
    pub(super) fn has_groups(&self) -> bool {
        self.populations.len() > 1
    }

    /// The standard population a choice names: a fixed one, or the shown groups together.
    pub fn standard(&self, source: StandardSource) -> StandardPopulation {
        match source {
            StandardSource::Fixed(fixed) => StandardPopulation::fixed(fixed),
            StandardSource::Shown => self.shown_standard(),
        }
    }

    /// The shown groups together, stratum by stratum: a standard population.
    fn shown_standard(&self) -> StandardPopulation {
        let strata = self.populations.iter().flat_map(|p| &p.strata);
        StandardPopulation::shown(strata.map(|s| (s.sex, s.age_band, s.people())))
    }
}
