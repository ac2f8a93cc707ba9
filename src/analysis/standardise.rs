//! Age standardisation of shares (the people past a threshold among those checked), so that
//! groups or areas with different age mixes can be compared:
//!
//! - **direct**: each sex × age band stratum's share weighted by a standard population's
//!   people in it; 95 % confidence interval from the binomial variance of each stratum's share,
//!   `Var = Σ wᵢ² pᵢ(1 − pᵢ) / nᵢ` with the weights summing to 1, normal approximation
//!   (Chiang 1961; Breslow & Day 1987, vol. II, ch. 2). Strata here hold thousands of people,
//!   where the approximation is close;
//! - **indirect**: the standardised ratio `100 × O / E`, where `E = Σ nᵢ rᵢ` applies a
//!   reference population's stratum shares `rᵢ` to the group's people (標準化該当比, as KDB's
//!   standardised ratios); 95 % interval by Byar's approximation to the exact Poisson limits of
//!   `O` (Breslow & Day 1987, vol. II, p. 69), within 0.2 % of exact for `O ≥ 10`.
//!
//! Where suppressed cells leave a stratum's count as a range, each figure carries the range of
//! its point estimate, and the interval covers both ends.

use crate::analysis::distribution::{distribution_of, Distribution, Selection, ThresholdShare};
use crate::model::indicator::Threshold;
use crate::model::standard_population::FixedStandard;
use crate::model::{AgeBand, Record, Sex, NDB_AGE_BANDS};

/// The normal quantile of a two-sided 95 % interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// The population that weights the strata in direct standardisation.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardPopulation {
    pub source: StandardSource,
    pub people: Vec<(Sex, AgeBand, f64)>,
}

/// Which population a standard is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StandardSource {
    Fixed(FixedStandard),
    /// The populations shown, together (the simulator's alternative).
    Shown,
}

impl StandardSource {
    /// What the page standardises to unless told otherwise.
    pub const DEFAULT: StandardSource = StandardSource::Fixed(FixedStandard::Census2020);
    pub const ALL: [StandardSource; 3] = [
        StandardSource::Fixed(FixedStandard::Census2020),
        StandardSource::Fixed(FixedStandard::NdbExaminees2022),
        StandardSource::Shown,
    ];

    /// The id in links and saved views.
    pub fn id(self) -> &'static str {
        match self {
            StandardSource::Fixed(standard) => standard.id(),
            StandardSource::Shown => "shown",
        }
    }

    /// Also reads `national`, which older links wrote for the national NDB examinees.
    pub fn from_id(id: &str) -> Option<StandardSource> {
        match id {
            "national" => Some(StandardSource::Fixed(FixedStandard::NdbExaminees2022)),
            _ => StandardSource::ALL.into_iter().find(|s| s.id() == id),
        }
    }
}

impl StandardPopulation {
    pub fn fixed(standard: FixedStandard) -> StandardPopulation {
        StandardPopulation {
            source: StandardSource::Fixed(standard),
            people: standard.people(),
        }
    }
}

/// Why a figure is not age-standardised.
#[derive(Clone, Debug, PartialEq)]
pub enum Unstandardised {
    OneAgeBand,
    /// A stratum the standard population weighs has no people here.
    NoPeople {
        sex: Sex,
        age_band: AgeBand,
    },
    EmptyStandard,
    /// The threshold falls inside a bin of some stratum.
    ThresholdInsideBin,
}

/// One sex × age band stratum of a group: people checked, and people past a threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StratumCount {
    pub sex: Sex,
    pub age_band: AgeBand,
    pub people: f64,
    pub past_people: f64,
    /// Where suppressed cells may or may not be in the stratum: the lowest and highest share.
    pub share_range: Option<(f64, f64)>,
}

impl StratumCount {
    /// A stratum's people and people past `threshold`, from its distribution (`None`: nobody
    /// there — no rows, or every cell suppressed).
    pub fn of(
        sex: Sex,
        age_band: AgeBand,
        distribution: Option<&Distribution>,
        threshold: &Threshold,
    ) -> Result<StratumCount, Unstandardised> {
        let mut stratum = StratumCount {
            sex,
            age_band,
            people: 0.0,
            past_people: 0.0,
            share_range: None,
        };
        if let Some(d) = distribution {
            match d.threshold_share(threshold) {
                ThresholdShare::Known {
                    count_people,
                    range,
                    ..
                } => {
                    stratum.people = d.total_people as f64;
                    stratum.past_people = count_people as f64;
                    stratum.share_range = range.map(|r| (r.low_fraction, r.high_fraction));
                }
                ThresholdShare::NotOnBinEdge => return Err(Unstandardised::ThresholdInsideBin),
            }
        }
        Ok(stratum)
    }

    fn share(&self) -> f64 {
        if self.people > 0.0 {
            self.past_people / self.people
        } else {
            0.0
        }
    }

    fn share_ends(&self) -> (f64, f64) {
        self.share_range.unwrap_or((self.share(), self.share()))
    }
}

/// An estimate with its 95 % confidence interval, and the range its point may take where
/// suppressed cells are split in unknown ways (`None` where it does not depend on them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub range: Option<(f64, f64)>,
    pub interval: (f64, f64),
    /// Of the point, where the interval is symmetric around it (direct method, differences):
    /// a difference's interval is made from its terms'. `None` for Byar's limits.
    pub standard_error: Option<f64>,
}

/// Sex × age band strata, each with its distribution or `None` where nobody can be counted.
pub type SelectionStrata = Vec<(Sex, AgeBand, Option<Distribution>)>;

/// A selection's strata — both sexes unless it names one, every age band unless it names one.
/// A stratum whose rows cannot make a distribution (none, every cell suppressed, or rows that
/// contradict each other) is `None`: the standardised figure then names the stratum it lacks
/// rather than guess.
pub fn selection_strata(records: &[Record], selection: &Selection) -> SelectionStrata {
    let sexes = selection.sex.map_or(Sex::BOTH.to_vec(), |sex| vec![sex]);
    let bands = selection
        .age_band
        .map_or(NDB_AGE_BANDS.to_vec(), |band| vec![band]);
    // One pass sorts the selection's rows by stratum; each stratum reads only its own.
    let mut rows: Vec<(Sex, AgeBand, Vec<&Record>)> = Vec::new();
    for record in records
        .iter()
        .filter(|r| selection.covers_area_and_indicator(r))
    {
        match rows
            .iter_mut()
            .find(|(sex, band, _)| *sex == record.sex && *band == record.age_band)
        {
            Some((_, _, picked)) => picked.push(record),
            None => rows.push((record.sex, record.age_band, vec![record])),
        }
    }
    let mut strata = Vec::new();
    for &sex in &sexes {
        for &age_band in &bands {
            let stratum = Selection {
                sex: Some(sex),
                age_band: Some(age_band),
                ..selection.clone()
            };
            let mut picked = rows
                .iter()
                .filter(|(s, b, _)| *s == sex && *b == age_band)
                .flat_map(|(_, _, picked)| picked.iter().copied());
            strata.push((sex, age_band, distribution_of(&mut picked, &stratum).ok()));
        }
    }
    strata
}

/// Per threshold, a selection's share directly standardised to `standard`, or why not.
pub fn standardised_shares(
    strata: &SelectionStrata,
    thresholds: &[Threshold],
    standard: &StandardPopulation,
) -> Vec<Result<Estimate, Unstandardised>> {
    // One band needs no standardising, wherever its thresholds fall.
    let one_band = strata.iter().all(|(_, band, _)| *band == strata[0].1);
    thresholds
        .iter()
        .map(|threshold| {
            if one_band {
                return Err(Unstandardised::OneAgeBand);
            }
            let counts = strata
                .iter()
                .map(|(sex, band, d)| StratumCount::of(*sex, *band, d.as_ref(), threshold))
                .collect::<Result<Vec<_>, _>>()?;
            direct_share(&counts, standard)
        })
        .collect()
}

/// Selections compared side by side (the first screen's), age-standardised: per selection and
/// threshold the directly standardised share, and the first selection's minus the second's.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardisedSelections {
    pub standard: StandardSource,
    /// Per selection, per threshold.
    pub shares: Vec<Vec<Result<Estimate, Unstandardised>>>,
    /// Per threshold, the first minus the second (empty with one selection).
    pub differences: Vec<Result<Estimate, Unstandardised>>,
}

impl StandardisedSelections {
    pub fn compute(
        strata: &[SelectionStrata],
        thresholds: &[Threshold],
        source: StandardSource,
    ) -> StandardisedSelections {
        let standard = StandardPopulation::chosen(source, strata.iter());
        let shares: Vec<Vec<Result<Estimate, Unstandardised>>> = strata
            .iter()
            .map(|s| standardised_shares(s, thresholds, &standard))
            .collect();
        let differences = match &shares[..] {
            [first, second] => first
                .iter()
                .zip(second)
                .map(|(a, b)| difference_of(a, b))
                .collect(),
            _ => Vec::new(),
        };
        StandardisedSelections {
            standard: source,
            shares,
            differences,
        }
    }
}

impl StandardPopulation {
    /// The standard a choice names: a fixed population, or the strata shown together.
    pub fn chosen<'a>(
        source: StandardSource,
        shown: impl Iterator<Item = &'a SelectionStrata>,
    ) -> StandardPopulation {
        match source {
            StandardSource::Fixed(fixed) => StandardPopulation::fixed(fixed),
            StandardSource::Shown => {
                StandardPopulation::shown(shown.flatten().map(|(sex, band, d)| {
                    (
                        *sex,
                        *band,
                        d.as_ref().map_or(0.0, |d| d.total_people as f64),
                    )
                }))
            }
        }
    }

    /// The populations shown as their own standard: their people summed per sex × age band.
    pub fn shown(strata: impl Iterator<Item = (Sex, AgeBand, f64)>) -> StandardPopulation {
        let mut people: Vec<(Sex, AgeBand, f64)> = Vec::new();
        for (sex, band, n) in strata {
            match people.iter_mut().find(|(s, b, _)| *s == sex && *b == band) {
                Some(entry) => entry.2 += n,
                None => people.push((sex, band, n)),
            }
        }
        StandardPopulation {
            source: StandardSource::Shown,
            people,
        }
    }
}

/// Direct standardisation of a share over the standard's strata of the sexes (and age band)
/// present in `strata`.
pub fn direct_share(
    strata: &[StratumCount],
    standard: &StandardPopulation,
) -> Result<Estimate, Unstandardised> {
    let mut bands: Vec<AgeBand> = Vec::new();
    for stratum in strata {
        if !bands.contains(&stratum.age_band) {
            bands.push(stratum.age_band);
        }
    }
    if bands.len() < 2 {
        return Err(Unstandardised::OneAgeBand);
    }
    let mut weighed: Vec<(f64, StratumCount)> = Vec::new();
    for &(sex, age_band, weight) in &standard.people {
        if !(strata.iter().any(|s| s.sex == sex) && bands.contains(&age_band)) {
            continue;
        }
        let stratum = strata
            .iter()
            .find(|s| s.sex == sex && s.age_band == age_band && s.people > 0.0)
            .ok_or(Unstandardised::NoPeople { sex, age_band })?;
        weighed.push((weight, *stratum));
    }
    let weight_total: f64 = weighed.iter().map(|(w, _)| w).sum();
    if weight_total <= 0.0 {
        return Err(Unstandardised::EmptyStandard);
    }
    let (mut value, mut low, mut high, mut variance) = (0.0, 0.0, 0.0, 0.0);
    for (weight, stratum) in &weighed {
        let w = weight / weight_total;
        let p = stratum.share();
        let (p_low, p_high) = stratum.share_ends();
        value += w * p;
        low += w * p_low;
        high += w * p_high;
        variance += w * w * p * (1.0 - p) / stratum.people;
    }
    let standard_error = variance.sqrt();
    let half_width = Z_95 * standard_error;
    let ranged = weighed.iter().any(|(_, s)| s.share_range.is_some());
    Ok(Estimate {
        value,
        range: ranged.then_some((low, high)),
        // A share lies in 0–1 whatever the normal approximation says near its ends.
        interval: ((low - half_width).max(0.0), (high + half_width).min(1.0)),
        standard_error: Some(standard_error),
    })
}

/// The difference `a − b` of two groups' directly standardised shares (independent groups:
/// the variances add).
pub fn difference(a: &Estimate, b: &Estimate) -> Estimate {
    let (a_low, a_high) = a.range.unwrap_or((a.value, a.value));
    let (b_low, b_high) = b.range.unwrap_or((b.value, b.value));
    let variance = |e: &Estimate| e.standard_error.map_or(0.0, |se| se * se);
    let standard_error = (variance(a) + variance(b)).sqrt();
    let half_width = Z_95 * standard_error;
    let (low, high) = (a_low - b_high, a_high - b_low);
    Estimate {
        value: a.value - b.value,
        range: (a.range.is_some() || b.range.is_some()).then_some((low, high)),
        interval: (low - half_width, high + half_width),
        standard_error: Some(standard_error),
    }
}

/// [`difference`] of two standardised shares, or why either has none.
pub fn difference_of(
    a: &Result<Estimate, Unstandardised>,
    b: &Result<Estimate, Unstandardised>,
) -> Result<Estimate, Unstandardised> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok(difference(a, b)),
        (Err(why), _) | (_, Err(why)) => Err(why.clone()),
    }
}

/// The indirectly standardised ratio (100 = the reference's stratum shares) of a group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StandardisedRatio {
    pub observed_people: f64,
    pub expected_people: f64,
    /// `100 × O / E`, its range and Byar's 95 % interval.
    pub ratio: Estimate,
}

/// `reference`: the strata whose shares give the expected people (e.g. the groups combined).
pub fn indirect_ratio(
    strata: &[StratumCount],
    reference: &[StratumCount],
) -> Result<StandardisedRatio, Unstandardised> {
    let (mut observed, mut observed_low, mut observed_high, mut expected) = (0.0, 0.0, 0.0, 0.0);
    for stratum in strata.iter().filter(|s| s.people > 0.0) {
        let base = reference
            .iter()
            .find(|r| r.sex == stratum.sex && r.age_band == stratum.age_band && r.people > 0.0)
            .ok_or(Unstandardised::NoPeople {
                sex: stratum.sex,
                age_band: stratum.age_band,
            })?;
        let (low, high) = stratum.share_ends();
        observed += stratum.past_people;
        observed_low += low * stratum.people;
        observed_high += high * stratum.people;
        expected += stratum.people * base.share();
    }
    if expected <= 0.0 {
        return Err(Unstandardised::EmptyStandard);
    }
    let ranged = strata.iter().any(|s| s.share_range.is_some());
    let (lower, _) = byar_interval(observed_low);
    let (_, upper) = byar_interval(observed_high);
    Ok(StandardisedRatio {
        observed_people: observed,
        expected_people: expected,
        ratio: Estimate {
            value: 100.0 * observed / expected,
            range: ranged.then_some((
                100.0 * observed_low / expected,
                100.0 * observed_high / expected,
            )),
            interval: (100.0 * lower / expected, 100.0 * upper / expected),
            standard_error: None,
        },
    })
}

/// Byar's approximation to the exact 95 % Poisson limits of an observed count.
pub fn byar_interval(observed: f64) -> (f64, f64) {
    let lower = if observed > 0.0 {
        observed * (1.0 - 1.0 / (9.0 * observed) - Z_95 / (3.0 * observed.sqrt())).powi(3)
    } else {
        0.0
    };
    let next = observed + 1.0;
    let upper = next * (1.0 - 1.0 / (9.0 * next) + Z_95 / (3.0 * next.sqrt())).powi(3);
    (lower.max(0.0), upper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NDB_AGE_BANDS;

    fn stratum(sex: Sex, band: usize, people: f64, share: f64) -> StratumCount {
        StratumCount {
            sex,
            age_band: NDB_AGE_BANDS[band],
            people,
            past_people: people * share,
            share_range: None,
        }
    }

    /// Same share in every stratum, different age mixes: crude shares differ, standardised
    /// ones do not.
    #[test]
    fn identical_rates_with_different_age_mixes_standardise_to_no_difference() {
        let rates = [0.05, 0.08, 0.12, 0.18, 0.25, 0.33, 0.40];
        let young: Vec<StratumCount> = (0..7)
            .map(|b| stratum(Sex::Male, b, 10_000.0 / (b as f64 + 1.0), rates[b]))
            .collect();
        let old: Vec<StratumCount> = (0..7)
            .map(|b| stratum(Sex::Male, b, 1_000.0 * (b as f64 + 1.0), rates[b]))
            .collect();
        let crude = |s: &[StratumCount]| {
            s.iter().map(|s| s.past_people).sum::<f64>() / s.iter().map(|s| s.people).sum::<f64>()
        };
        assert!((crude(&old) - crude(&young)).abs() > 0.05);
        let standard = StandardPopulation::fixed(FixedStandard::Census2020);
        let a = direct_share(&old, &standard).unwrap();
        let b = direct_share(&young, &standard).unwrap();
        let d = difference(&a, &b);
        assert!(d.value.abs() < 1e-12, "{d:?}");
        assert!(d.interval.0 < 0.0 && d.interval.1 > 0.0);
        let combined: Vec<StratumCount> = young
            .iter()
            .zip(&old)
            .map(|(y, o)| StratumCount {
                people: y.people + o.people,
                past_people: y.past_people + o.past_people,
                ..*y
            })
            .collect();
        let ratio = indirect_ratio(&old, &combined).unwrap();
        assert!((ratio.ratio.value - 100.0).abs() < 1e-9);
    }

    #[test]
    fn the_direct_interval_is_the_binomial_variance_of_the_weighted_shares() {
        let strata = [
            stratum(Sex::Female, 0, 400.0, 0.1),
            stratum(Sex::Female, 6, 100.0, 0.5),
        ];
        let standard = StandardPopulation {
            source: StandardSource::Shown,
            people: vec![
                (Sex::Female, NDB_AGE_BANDS[0], 3.0),
                (Sex::Female, NDB_AGE_BANDS[6], 1.0),
            ],
        };
        let e = direct_share(&strata, &standard).unwrap();
        // 0.75 × 0.1 + 0.25 × 0.5; variance 0.75² × 0.09 / 400 + 0.25² × 0.25 / 100
        assert!((e.value - 0.2).abs() < 1e-12);
        let se = (0.5625 * 0.09 / 400.0 + 0.0625 * 0.25 / 100.0_f64).sqrt();
        assert!((e.interval.0 - (0.2 - Z_95 * se)).abs() < 1e-12);
        assert!((e.interval.1 - (0.2 + Z_95 * se)).abs() < 1e-12);
    }

    /// A share near 0 has its interval cut at 0, but a difference uses the standard errors.
    #[test]
    fn a_difference_adds_the_variances_even_where_a_share_is_cut_at_zero() {
        let near_zero = Estimate {
            value: 0.001,
            range: None,
            interval: (0.0, 0.0206),
            standard_error: Some(0.01),
        };
        let other = Estimate {
            value: 0.2,
            range: None,
            interval: (0.1804, 0.2196),
            standard_error: Some(0.01),
        };
        let d = difference(&other, &near_zero);
        let half_width = Z_95 * (0.0002_f64).sqrt();
        assert!((d.value - 0.199).abs() < 1e-12);
        assert!((d.interval.0 - (0.199 - half_width)).abs() < 1e-12, "{d:?}");
        assert!((d.interval.1 - (0.199 + half_width)).abs() < 1e-12, "{d:?}");
    }

    /// Byar's limits against the exact Poisson limits of 10 events, χ²(0.025; 20)/2 = 4.795
    /// and χ²(0.975; 22)/2 = 18.390 (any χ² table).
    #[test]
    fn byar_is_within_a_fifth_of_a_percent_of_the_exact_limits_at_ten() {
        let (lower, upper) = byar_interval(10.0);
        assert!((lower / 4.7954 - 1.0).abs() < 0.002, "{lower}");
        assert!((upper / 18.3904 - 1.0).abs() < 0.002, "{upper}");
        assert_eq!(byar_interval(0.0).0, 0.0);
    }

    #[test]
    fn a_missing_stratum_or_one_band_is_said_not_hidden() {
        let standard = StandardPopulation::fixed(FixedStandard::Census2020);
        let one = [stratum(Sex::Male, 0, 10.0, 0.1)];
        assert_eq!(
            direct_share(&one, &standard),
            Err(Unstandardised::OneAgeBand)
        );
        let gap = [
            stratum(Sex::Male, 0, 10.0, 0.1),
            stratum(Sex::Male, 1, 0.0, 0.0),
        ];
        assert_eq!(
            direct_share(&gap, &standard),
            Err(Unstandardised::NoPeople {
                sex: Sex::Male,
                age_band: NDB_AGE_BANDS[1]
            })
        );
    }
}
