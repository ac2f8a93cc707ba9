//! From records to what a chart and a table show: the distribution of one selection, shares
//! per bin and shares on the risky side of each threshold. Every number shown on screen is
//! computed here.

use crate::model::indicator::{RiskSide, Threshold};
use crate::model::{lower_edge_order, AgeBand, AreaLevel, Bin, Record, Sex, GROUP_ALL};

/// Which area a selection covers. The national total is computed from the prefecture rows
/// (the pseudo-prefecture 都道府県判別不可 included), because NDB publishes no national row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AreaSelection {
    National,
    Area {
        level: AreaLevel,
        code: String,
        name: String,
    },
}

impl AreaSelection {
    fn covers(&self, record: &Record) -> bool {
        match self {
            AreaSelection::National => record.area_level == AreaLevel::Prefecture,
            AreaSelection::Area { level, code, name } => {
                record.area_level == *level
                    && record.area_code == *code
                    && record.area_name == *name
            }
        }
    }
}

/// The key of [`GroupSelection::Combined`] wherever a key names it: menus, links, test ids of
/// table rows.
pub const COMBINED_KEY: &str = "combined";

/// Which group's rows a selection takes (地域, 職域, an insurer…).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum GroupSelection {
    /// Whatever group the rows have; rows of several groups are an error, never summed.
    #[default]
    Any,
    One(String),
    /// Every group except `all`, summed: the area's whole population, which is what a council is
    /// responsible for, when the groups are disjoint (residents' and workers' insurers).
    Combined,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Selection {
    pub indicator: String,
    pub area: AreaSelection,
    pub group: GroupSelection,
    /// `None`: both sexes.
    pub sex: Option<Sex>,
    /// `None`: every age band (40–74 for 特定健診).
    pub age_band: Option<AgeBand>,
}

impl Selection {
    /// Whether a record is of this selection's item and area, whatever its group, sex and age.
    pub fn covers_area_and_indicator(&self, record: &Record) -> bool {
        record.indicator == self.indicator && self.area.covers(record)
    }

    fn covers(&self, record: &Record) -> bool {
        let group_matches = match &self.group {
            GroupSelection::Any => true,
            GroupSelection::One(group) => record.group == *group,
            GroupSelection::Combined => record.group != GROUP_ALL,
        };
        record.indicator == self.indicator
            && group_matches
            && self.area.covers(record)
            && self.sex.is_none_or(|sex| record.sex == sex)
            && self.age_band.is_none_or(|band| record.age_band == band)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BinCount {
    pub bin: Bin,
    /// People known to be in this bin: the published cells, and the suppressed cells whose
    /// number the published subtotals give exactly for this selection (`restored_people`).
    pub count_people: u64,
    pub restored_people: u64,
    /// Between 0 and this many more people are in this bin: suppressed cells whose row's
    /// subtotal gives their sum, but not how much of it falls in this selection's age bands.
    pub bounded_people_up_to: u64,
    /// What `bounded_people_up_to` holds if each row's suppressed people are split evenly
    /// between its suppressed cells: an estimate, for models that need one number.
    pub bounded_people_even_split: u64,
    /// Suppressed cells, as published.
    pub suppressed_cell_count: usize,
    /// Suppressed cells about which nothing is published (no subtotal, or it is suppressed too).
    pub unbounded_cell_count: usize,
}

/// The people of one selection, per bin, bins in ascending order (categorical bins in the
/// order published).
#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    pub fiscal_year: i32,
    pub bins: Vec<BinCount>,
    /// People known to be in the selection (the bins' `count_people`).
    pub total_people: u64,
    pub cell_count: usize,
    pub suppressed_cell_count: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatsError {
    NoRows,
    AllSuppressed {
        cell_count: usize,
    },
    MixedYears {
        years: Vec<i32>,
    },
    /// Rows of several groups (e.g. 地域 and 職域) matched: they are never summed silently,
    /// because a file may hold a total next to its parts.
    MixedGroups {
        groups: Vec<String>,
    },
    /// Rows summed (groups combined, prefectures into 全国) cut the scale differently: their
    /// bins overlap, and no honest distribution can be made without an estimate.
    InconsistentBins {
        first: String,
        second: String,
    },
}

/// A selection whose distribution cannot be made, and why: what a page says about one of the
/// selections it shows (「北海道・男女計・40〜74歳：…」).
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionFailure {
    pub selection: Selection,
    pub problem: StatsError,
}

/// Share of people on the risky side of a threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ThresholdShare {
    Known {
        /// From the people known to be in the selection.
        count_people: u64,
        share_fraction: f64,
        /// Where people of suppressed cells may or may not belong to the selection
        /// (`BinCount::bounded_people_up_to`), the share lies in this range, whatever their split.
        range: Option<ShareRange>,
    },
    /// A bin straddles the threshold: the count cannot be read from the bins without an estimate.
    NotOnBinEdge,
}

/// What a set of distributions holds of suppressed cells, for the notes under their figures.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct SuppressedPeople {
    /// Suppressed cells, as published.
    pub cells: usize,
    /// People of suppressed cells known exactly from the published subtotals.
    pub restored_people: u64,
    /// People the subtotals bound without saying which selection holds them (each
    /// distribution's bound; summed).
    pub bounded_people_up_to: u64,
    /// The bounded people a model counts, each row's split evenly between its suppressed cells.
    pub split_evenly_people: u64,
    /// Suppressed cells about which nothing is published: no one counted.
    pub unbounded_cells: usize,
}

impl SuppressedPeople {
    pub fn add(&mut self, d: &Distribution) {
        self.cells += d.suppressed_cell_count;
        for bin in &d.bins {
            self.restored_people += bin.restored_people;
            self.bounded_people_up_to += bin.bounded_people_up_to;
            self.split_evenly_people += bin.bounded_people_even_split;
            self.unbounded_cells += bin.unbounded_cell_count;
        }
    }

    pub fn of<'a>(distributions: impl IntoIterator<Item = &'a Distribution>) -> SuppressedPeople {
        let mut total = SuppressedPeople::default();
        for d in distributions {
            total.add(d);
        }
        total
    }

    pub fn plus(mut self, other: SuppressedPeople) -> SuppressedPeople {
        self.cells += other.cells;
        self.restored_people += other.restored_people;
        self.bounded_people_up_to += other.bounded_people_up_to;
        self.split_evenly_people += other.split_evenly_people;
        self.unbounded_cells += other.unbounded_cells;
        self
    }
}

/// The lowest and highest share (and count past the threshold) the suppressed cells allow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShareRange {
    pub low_fraction: f64,
    pub high_fraction: f64,
    pub low_count_people: u64,
    pub high_count_people: u64,
}

pub fn distribution(records: &[Record], selection: &Selection) -> Result<Distribution, StatsError> {
    distribution_of(&mut records.iter(), selection)
}

/// [`distribution`] of records picked elsewhere (one copy of the code serves both: the page
/// carries it once).
pub fn distribution_of(
    records: &mut dyn Iterator<Item = &Record>,
    selection: &Selection,
) -> Result<Distribution, StatsError> {
    let mut bins: Vec<BinCount> = Vec::new();
    let mut years: Vec<i32> = Vec::new();
    let mut groups: Vec<&str> = Vec::new();
    let mut cell_count = 0;
    for record in records.filter(|r| selection.covers(r)) {
        cell_count += 1;
        if !years.contains(&record.year) {
            years.push(record.year);
        }
        if !groups.contains(&record.group.as_str()) {
            groups.push(&record.group);
        }
        let index = match bins.iter().position(|b| b.bin.label == record.bin.label) {
            Some(index) => index,
            None => {
                bins.push(BinCount {
                    bin: record.bin.clone(),
                    count_people: 0,
                    restored_people: 0,
                    bounded_people_up_to: 0,
                    bounded_people_even_split: 0,
                    suppressed_cell_count: 0,
                    unbounded_cell_count: 0,
                });
                bins.len() - 1
            }
        };
        let bin = &mut bins[index];
        match (record.count_people, record.suppressed_in_row) {
            (Some(count), _) => bin.count_people += count,
            (None, row) => {
                bin.suppressed_cell_count += 1;
                match row {
                    // A row's cells differ only by age band: a selection of every band holds
                    // all of them (their parts add up to the row's sum), and one cell alone
                    // in its row is its row's sum.
                    Some(row) if selection.age_band.is_none() || row.cells == 1 => {
                        let people = if row.cells == 1 {
                            row.people
                        } else {
                            row.even_share_people
                        };
                        bin.count_people += people;
                        bin.restored_people += people;
                    }
                    Some(row) => {
                        bin.bounded_people_up_to += row.people;
                        bin.bounded_people_even_split += row.even_share_people;
                    }
                    None => bin.unbounded_cell_count += 1,
                }
            }
        }
    }
    if cell_count == 0 {
        return Err(StatsError::NoRows);
    }
    if years.len() > 1 {
        years.sort_unstable();
        return Err(StatsError::MixedYears { years });
    }
    if groups.len() > 1 && selection.group == GroupSelection::Any {
        let groups = groups.into_iter().map(str::to_string).collect();
        return Err(StatsError::MixedGroups { groups });
    }
    let suppressed_cell_count: usize = bins.iter().map(|b| b.suppressed_cell_count).sum();
    let known_people: u64 = bins.iter().map(|b| b.count_people).sum();
    let bounded_people: u64 = bins.iter().map(|b| b.bounded_people_up_to).sum();
    if suppressed_cell_count == cell_count && known_people == 0 && bounded_people == 0 {
        return Err(StatsError::AllSuppressed { cell_count });
    }
    if bins.iter().all(|b| !b.bin.is_categorical()) {
        let order = lower_edge_order(bins.iter().map(|b| &b.bin));
        let mut unsorted: Vec<Option<BinCount>> = bins.into_iter().map(Some).collect();
        bins = order
            .into_iter()
            .filter_map(|i| unsorted[i].take())
            .collect();
        for pair in bins.windows(2) {
            let (low, high) = (&pair[0].bin, &pair[1].bin);
            if high.lower.unwrap_or(f64::NEG_INFINITY) < low.upper.unwrap_or(f64::INFINITY) - 1e-9 {
                return Err(StatsError::InconsistentBins {
                    first: low.label.clone(),
                    second: high.label.clone(),
                });
            }
        }
    }
    Ok(Distribution {
        fiscal_year: years[0],
        total_people: known_people,
        bins,
        cell_count,
        suppressed_cell_count,
    })
}

impl BinCount {
    /// A bin of people known exactly (a simulated or model distribution).
    pub fn exact(bin: Bin, count_people: u64) -> BinCount {
        BinCount {
            bin,
            count_people,
            restored_people: 0,
            bounded_people_up_to: 0,
            bounded_people_even_split: 0,
            suppressed_cell_count: 0,
            unbounded_cell_count: 0,
        }
    }

    /// The people a model of the bin starts from: those known, and the bounded ones split
    /// evenly (see [`BinCount::bounded_people_even_split`]).
    pub fn people_estimate(&self) -> f64 {
        (self.count_people + self.bounded_people_even_split) as f64
    }
}

impl Distribution {
    /// Fraction (0–1) of the counted people in each bin.
    pub fn share_fractions(&self) -> Vec<f64> {
        self.bins
            .iter()
            .map(|b| {
                if self.total_people == 0 {
                    0.0
                } else {
                    b.count_people as f64 / self.total_people as f64
                }
            })
            .collect()
    }

    pub fn threshold_share(&self, threshold: &Threshold) -> ThresholdShare {
        let t = threshold.value;
        let (mut risky_people, mut risky_bounded, mut other_bounded) = (0, 0, 0);
        for bin_count in &self.bins {
            let lower = bin_count.bin.lower.unwrap_or(f64::NEG_INFINITY);
            let upper = bin_count.bin.upper.unwrap_or(f64::INFINITY);
            if bin_count.bin.is_categorical() || (lower < t && t < upper) {
                return ThresholdShare::NotOnBinEdge;
            }
            let risky = match threshold.risk_side {
                RiskSide::AtOrAbove => lower >= t,
                RiskSide::Below => upper <= t,
            };
            if risky {
                risky_people += bin_count.count_people;
                risky_bounded += bin_count.bounded_people_up_to;
            } else {
                other_bounded += bin_count.bounded_people_up_to;
            }
        }
        let other_people = self.total_people - risky_people;
        let fraction = |risky: u64, other: u64| {
            let total = risky + other;
            if total == 0 {
                0.0
            } else {
                risky as f64 / total as f64
            }
        };
        // The share grows with the risky bins' people and falls with the others': its ends
        // put every bounded person on one side only.
        let range = (risky_bounded + other_bounded > 0).then(|| ShareRange {
            low_fraction: fraction(risky_people, other_people + other_bounded),
            high_fraction: fraction(risky_people + risky_bounded, other_people),
            low_count_people: risky_people,
            high_count_people: risky_people + risky_bounded,
        });
        ThresholdShare::Known {
            count_people: risky_people,
            share_fraction: fraction(risky_people, other_people),
            range,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cells::parse_bin_label;
    use crate::model::indicator::{by_id, ThresholdKind};
    use crate::model::test_record;
    use crate::model::GROUP_ALL;

    fn record(area: (&str, &str), sex: Sex, age: AgeBand, bin: &str, count: Option<u64>) -> Record {
        Record {
            area_code: area.0.to_string(),
            area_name: area.1.to_string(),
            sex,
            age_band: age,
            ..test_record(GROUP_ALL, parse_bin_label(bin).unwrap(), count)
        }
    }

    fn sample() -> Vec<Record> {
        let young = AgeBand::new(40, 44);
        let old = AgeBand::new(70, 74);
        vec![
            record(("01", "北海道"), Sex::Male, young, "140以上", Some(10)),
            record(
                ("01", "北海道"),
                Sex::Male,
                young,
                "130以上140未満",
                Some(20),
            ),
            record(("01", "北海道"), Sex::Male, young, "130未満", Some(70)),
            record(("01", "北海道"), Sex::Female, old, "140以上", None),
            record(
                ("01", "北海道"),
                Sex::Female,
                old,
                "130以上140未満",
                Some(30),
            ),
            record(("01", "北海道"), Sex::Female, old, "130未満", Some(70)),
            record(
                ("", "都道府県判別不可"),
                Sex::Male,
                young,
                "140以上",
                Some(5),
            ),
            record(
                ("", "都道府県判別不可"),
                Sex::Male,
                young,
                "130以上140未満",
                Some(5),
            ),
            record(
                ("", "都道府県判別不可"),
                Sex::Male,
                young,
                "130未満",
                Some(10),
            ),
        ]
    }

    fn select(area: AreaSelection, sex: Option<Sex>) -> Selection {
        Selection {
            group: GroupSelection::Any,
            indicator: "sbp".to_string(),
            area,
            sex,
            age_band: None,
        }
    }

    #[test]
    fn bins_come_out_ascending_and_summed() {
        let hokkaido = AreaSelection::Area {
            level: AreaLevel::Prefecture,
            code: "01".into(),
            name: "北海道".into(),
        };
        let d = distribution(&sample(), &select(hokkaido, None)).unwrap();
        let labels: Vec<&str> = d.bins.iter().map(|b| b.bin.label.as_str()).collect();
        assert_eq!(labels, ["130未満", "130以上140未満", "140以上"]);
        assert_eq!(
            d.bins.iter().map(|b| b.count_people).collect::<Vec<_>>(),
            [140, 50, 10]
        );
        assert_eq!(
            (d.total_people, d.cell_count, d.suppressed_cell_count),
            (200, 6, 1)
        );
    }

    #[test]
    fn national_total_sums_every_prefecture_row_including_unknown() {
        let d = distribution(&sample(), &select(AreaSelection::National, Some(Sex::Male))).unwrap();
        assert_eq!(d.total_people, 120);
        let sbp = by_id("sbp").unwrap();
        let see_doctor = sbp
            .thresholds
            .iter()
            .find(|t| t.kind == ThresholdKind::SeeDoctor)
            .unwrap();
        assert_eq!(
            d.threshold_share(see_doctor),
            ThresholdShare::Known {
                count_people: 15,
                share_fraction: 15.0 / 120.0,
                range: None,
            }
        );
        let guidance = sbp
            .thresholds
            .iter()
            .find(|t| t.kind == ThresholdKind::Guidance)
            .unwrap();
        assert_eq!(
            d.threshold_share(guidance),
            ThresholdShare::Known {
                count_people: 40,
                share_fraction: 40.0 / 120.0,
                range: None,
            }
        );
    }

    #[test]
    fn low_is_risky_counts_the_bins_below() {
        let d = distribution(&sample(), &select(AreaSelection::National, Some(Sex::Male))).unwrap();
        let below_130 = Threshold {
            kind: ThresholdKind::Guidance,
            value: 130.0,
            risk_side: RiskSide::Below,
        };
        assert_eq!(
            d.threshold_share(&below_130),
            ThresholdShare::Known {
                count_people: 80,
                share_fraction: 80.0 / 120.0,
                range: None,
            }
        );
    }

    #[test]
    fn a_threshold_inside_a_bin_is_not_guessed() {
        let d = distribution(&sample(), &select(AreaSelection::National, None)).unwrap();
        let inside = Threshold {
            kind: ThresholdKind::Guidance,
            value: 135.0,
            risk_side: RiskSide::AtOrAbove,
        };
        assert_eq!(d.threshold_share(&inside), ThresholdShare::NotOnBinEdge);
    }

    #[test]
    fn groups_are_never_summed_silently() {
        let mut records = sample();
        records[0].group = "regional".into();
        records[1].group = "occupational".into();
        let error = distribution(&records, &select(AreaSelection::National, None)).unwrap_err();
        assert_eq!(
            error,
            StatsError::MixedGroups {
                groups: vec!["regional".into(), "occupational".into(), "all".into()]
            }
        );
        // Said in words by `view::messages` (tested there).

        let mut regional = select(AreaSelection::National, None);
        regional.group = GroupSelection::One("regional".into());
        assert_eq!(distribution(&records, &regional).unwrap().total_people, 10);
        let mut combined = select(AreaSelection::National, None);
        combined.group = GroupSelection::Combined;
        assert_eq!(
            distribution(&records, &combined).unwrap().total_people,
            30,
            "regional + occupational, not all"
        );
    }

    #[test]
    fn groups_cut_differently_are_not_combined() {
        let mut records = sample();
        records[0].group = "regional".into();
        records[1].group = "occupational".into();
        records[1].bin = parse_bin_label("125以上135未満").unwrap();
        records[2].group = "regional".into(); // 130未満 overlaps 125–135
        let mut combined = select(AreaSelection::National, None);
        combined.group = GroupSelection::Combined;
        let error = distribution(&records, &combined).unwrap_err();
        assert!(
            matches!(error, StatsError::InconsistentBins { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn empty_and_fully_suppressed_selections_say_so() {
        let nowhere = AreaSelection::Area {
            level: AreaLevel::Prefecture,
            code: "13".into(),
            name: "東京都".into(),
        };
        assert_eq!(
            distribution(&sample(), &select(nowhere, None)),
            Err(StatsError::NoRows)
        );
        let records = vec![record(
            ("01", "北海道"),
            Sex::Male,
            AgeBand::new(40, 44),
            "140以上",
            None,
        )];
        let error = distribution(&records, &select(AreaSelection::National, None)).unwrap_err();
        assert_eq!(error, StatsError::AllSuppressed { cell_count: 1 });
    }
}
