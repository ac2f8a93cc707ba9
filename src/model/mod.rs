//! The tidy aggregate data model: one [`Record`] per
//! (year, area level, area code, area name, group, sex, age band, indicator, bin, count), the
//! checkup items ([`indicator`]) and the prefectures ([`prefecture`]). It knows no file format
//! and writes no sentence: names it holds in both languages are data (`[Japanese, English]`
//! pairs), which the `view` layer picks from.
//!
//! The canonical column names used wherever the model is written to a file are listed in
//! [`CANONICAL_COLUMNS`]; they are part of the public data format.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub mod indicator;
pub mod prefecture;
pub mod published_mean;
pub mod standard_population;
pub mod subtotal;
pub mod text;

/// Column names, in order, of every file Renkei writes (and of its Arrow IPC schema).
pub const CANONICAL_COLUMNS: [&str; 13] = [
    "year",
    "area_level",
    "area_code",
    "area_name",
    "group",
    "sex",
    "age_band",
    "indicator",
    "bin_label",
    "bin_lower",
    "bin_upper",
    "count",
    "suppressed",
];

/// `group` of rows that count everyone who had a checkup, whatever their insurer (NDB data).
pub const GROUP_ALL: &str = "all";

/// (group id, Japanese name, English name): the groups `docs/data-format.md` defines; other ids
/// are user text.
pub const KNOWN_GROUPS: [(&str, &str, &str); 7] = [
    (GROUP_ALL, "全体", "All"),
    (REGIONAL, "地域", "Regional"),
    (OCCUPATIONAL, "職域", "Occupational"),
    ("kokuho", "市町村国保", "Municipal NHI"),
    ("kyokai_kenpo", "協会けんぽ", "Kyokai Kenpo"),
    ("kenpo_kumiai", "健保組合", "Health insurance societies"),
    ("kyosai", "共済組合", "Mutual aid associations"),
];

/// Ids of the two groups the report compares, and the example dataset uses.
pub const REGIONAL: &str = "regional";
pub const OCCUPATIONAL: &str = "occupational";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AreaLevel {
    National,
    Prefecture,
    SecondaryMedicalArea,
    Municipality,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 4] = [
        AreaLevel::National,
        AreaLevel::Prefecture,
        AreaLevel::SecondaryMedicalArea,
        AreaLevel::Municipality,
    ];

    pub fn id(self) -> &'static str {
        match self {
            AreaLevel::National => "national",
            AreaLevel::Prefecture => "prefecture",
            AreaLevel::SecondaryMedicalArea => "secondary_medical_area",
            AreaLevel::Municipality => "municipality",
        }
    }

    pub fn from_id(id: &str) -> Option<AreaLevel> {
        AreaLevel::ALL.into_iter().find(|level| level.id() == id)
    }

    /// [Japanese, English]: 「都道府県」, "Prefectures". Files write the Japanese one.
    pub fn names(self) -> [&'static str; 2] {
        match self {
            AreaLevel::National => ["全国", "National"],
            AreaLevel::Prefecture => ["都道府県", "Prefectures"],
            AreaLevel::SecondaryMedicalArea => ["二次医療圏", "Secondary medical areas"],
            AreaLevel::Municipality => ["市町村", "Municipalities"],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub const BOTH: [Sex; 2] = [Sex::Male, Sex::Female];

    pub fn id(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn from_id(id: &str) -> Option<Sex> {
        Sex::BOTH.into_iter().find(|sex| sex.id() == id)
    }

    /// [Japanese, English]: 「男性」, "Men".
    pub fn names(self) -> [&'static str; 2] {
        match self {
            Sex::Male => ["男性", "Men"],
            Sex::Female => ["女性", "Women"],
        }
    }
}

/// A five-year (or any) age band, both ends in whole years and included: 40–44 is `40..=44`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AgeBand {
    pub from_years: u8,
    pub to_years: u8,
}

/// The seven bands of 特定健診 (ages 40–74) in the order the ministry publishes them.
pub const NDB_AGE_BANDS: [AgeBand; 7] = [
    AgeBand::new(40, 44),
    AgeBand::new(45, 49),
    AgeBand::new(50, 54),
    AgeBand::new(55, 59),
    AgeBand::new(60, 64),
    AgeBand::new(65, 69),
    AgeBand::new(70, 74),
];

impl AgeBand {
    pub const fn new(from_years: u8, to_years: u8) -> AgeBand {
        AgeBand {
            from_years,
            to_years,
        }
    }

    /// What a subtotal row (中計, see [`subtotal`]) carries from a reader to
    /// [`subtotal::apply_subtotals`]: a band no text parses to (it ends before it starts).
    pub const SUBTOTAL: AgeBand = AgeBand::new(u8::MAX, 0);

    /// Canonical id such as `40-44` (`subtotal` for [`AgeBand::SUBTOTAL`]).
    pub fn id(self) -> String {
        if self == AgeBand::SUBTOTAL {
            return subtotal::SUBTOTAL_AGE_BAND_ID.to_string();
        }
        format!("{}-{}", self.from_years, self.to_years)
    }

    /// [`AgeBand::parse`], and a subtotal row's mark (`subtotal`, 「中計」) as
    /// [`AgeBand::SUBTOTAL`]: what a reader of the tidy format accepts.
    pub fn parse_or_subtotal(text: &str) -> Option<AgeBand> {
        if subtotal::is_subtotal_age_band(text) {
            Some(AgeBand::SUBTOTAL)
        } else {
            AgeBand::parse(text)
        }
    }

    /// Reads `40-44`, `40～44歳`, `40〜44`, `４０－４４歳` (full-width digits are accepted).
    pub fn parse(text: &str) -> Option<AgeBand> {
        let text = text::to_ascii_width(text);
        let text = text.trim().trim_end_matches('歳');
        let (from, to) = text.split_once(['-', '~', '〜', '～', '－'])?;
        let from_years: u8 = from.trim().parse().ok()?;
        let to_years: u8 = to.trim().trim_end_matches('歳').parse().ok()?;
        (from_years <= to_years).then_some(AgeBand {
            from_years,
            to_years,
        })
    }
}

/// A value band of an indicator. Numeric bands include their lower edge and exclude their upper
/// edge; either may be open. Categorical bands (urine test results such as `＋＋`) have no edges.
/// The label is kept exactly as published so every figure can be traced to its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    pub label: String,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

impl Bin {
    pub fn is_categorical(&self) -> bool {
        self.lower.is_none() && self.upper.is_none()
    }
}

/// One aggregate cell. `count_people` is `None` when the publisher suppressed the cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub year: i32,
    pub area_level: AreaLevel,
    pub area_code: String,
    pub area_name: String,
    pub group: String,
    pub sex: Sex,
    pub age_band: AgeBand,
    pub indicator: String,
    pub bin: Bin,
    pub count_people: Option<u64>,
    /// For a suppressed cell, what its row's published subtotal says about it (see
    /// [`subtotal`]); `None` for a published cell or where no subtotal was published.
    pub suppressed_in_row: Option<subtotal::SuppressedInRow>,
}

/// A cell for unit tests, which change only the fields they are about: Hokkaido (prefecture),
/// FY2022, men 40–44, systolic blood pressure.
#[cfg(test)]
pub(crate) fn test_record(group: &str, bin: Bin, count_people: Option<u64>) -> Record {
    Record {
        year: 2022,
        area_level: AreaLevel::Prefecture,
        area_code: "01".into(),
        area_name: "北海道".into(),
        group: group.into(),
        sex: Sex::Male,
        age_band: AgeBand::new(40, 44),
        indicator: "sbp".into(),
        bin,
        count_people,
        suppressed_in_row: None,
    }
}

impl Record {
    pub fn is_suppressed(&self) -> bool {
        self.count_people.is_none()
    }

    /// Everything that names a stratum: all of a cell's key but its bin.
    pub fn stratum_key(&self) -> StratumKey<'_> {
        StratumKey {
            year: self.year,
            area_level: self.area_level,
            area_code: &self.area_code,
            area_name: &self.area_name,
            group: &self.group,
            sex: self.sex,
            age_band: self.age_band,
            indicator: &self.indicator,
        }
    }

    /// A cell is one bin of one stratum: two rows with one cell key are duplicates.
    pub fn cell_key(&self) -> CellKey<'_> {
        CellKey {
            stratum: self.stratum_key(),
            bin_label: &self.bin.label,
        }
    }
}

/// The fields naming a stratum, borrowed from a record (hashing it allocates nothing, which
/// matters for files of a million rows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StratumKey<'a> {
    year: i32,
    area_level: AreaLevel,
    area_code: &'a str,
    area_name: &'a str,
    group: &'a str,
    sex: Sex,
    age_band: AgeBand,
    indicator: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CellKey<'a> {
    stratum: StratumKey<'a>,
    bin_label: &'a str,
}

/// The first two records (by `Origin`) that are the same cell, if any.
pub fn first_duplicate_cell<'a, Origin: Copy>(
    records: impl IntoIterator<Item = (Origin, &'a Record)>,
) -> Option<(Origin, Origin)> {
    let records = records.into_iter();
    // Sized once: growing a table of two million keys rehashes every key several times.
    let mut first_origin: HashMap<CellKey<'a>, Origin> =
        HashMap::with_capacity(records.size_hint().0);
    for (origin, record) in records {
        if let Some(first) = first_origin.insert(record.cell_key(), origin) {
            return Some((first, origin));
        }
    }
    None
}

/// The positions of `bins` in ascending order of their lower edges (an open lower edge
/// first). Equal edges overlap, which every caller refuses, so their order does not matter.
pub fn lower_edge_order<'a>(bins: impl Iterator<Item = &'a Bin>) -> Vec<usize> {
    let mut keyed: Vec<(f64, usize)> = bins
        .map(|bin| bin.lower.unwrap_or(f64::NEG_INFINITY))
        .enumerate()
        .map(|(index, lower)| (lower, index))
        .collect();
    sort_by_key_value(&mut keyed);
    keyed.into_iter().map(|(_, index)| index).collect()
}

/// Sorts (key, value) pairs by key: the one sort of the page's code — the bins' order, the
/// trend's years and edges. Each sort of another type or closure adds its own copy of the
/// sorting code (several KB) to a download; a module fetched later calls this one.
pub fn sort_by_key_value(keyed: &mut [(f64, usize)]) {
    keyed.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
}

/// Why the bins of one stratum do not fit together.
#[derive(Clone, Debug, PartialEq)]
pub enum BinProblem {
    /// Numeric and categorical bins in one stratum.
    MixedNumericAndCategorical,
    /// `bin` starts below the end of `overlapped`.
    Overlap { bin: String, overlapped: String },
}

/// Within a stratum, numeric bins must not overlap and categorical bins must not mix with
/// them. `Origin` says where a record came from (a line, a file and line), for the error.
pub fn check_bins<'a, Origin: Copy>(
    records: impl IntoIterator<Item = (Origin, &'a Record)>,
) -> Result<(), (Origin, BinProblem)> {
    let mut strata: HashMap<StratumKey<'a>, Vec<(Origin, &Bin)>> = HashMap::new();
    for (origin, record) in records {
        strata
            .entry(record.stratum_key())
            .or_default()
            .push((origin, &record.bin));
    }
    for bins in strata.values_mut() {
        let categorical = bins.iter().filter(|(_, bin)| bin.is_categorical()).count();
        if categorical == bins.len() {
            continue;
        }
        if let Some((origin, _)) = bins.iter().find(|(_, bin)| bin.is_categorical()) {
            return Err((*origin, BinProblem::MixedNumericAndCategorical));
        }
        let order = lower_edge_order(bins.iter().map(|(_, bin)| *bin));
        let sorted: Vec<(Origin, &Bin)> = order.into_iter().map(|i| bins[i]).collect();
        for pair in sorted.windows(2) {
            let ((_, low), (origin, high)) = (pair[0], pair[1]);
            let low_end = low.upper.unwrap_or(f64::INFINITY);
            let high_start = high.lower.unwrap_or(f64::NEG_INFINITY);
            if high_start < low_end - 1e-9 {
                return Err((
                    origin,
                    BinProblem::Overlap {
                        bin: high.label.clone(),
                        overlapped: low.label.clone(),
                    },
                ));
            }
        }
    }
    Ok(())
}

/// The publisher line of the ministry's NDB open data, as the importer writes it into a
/// dataset's provenance.
pub const NDB_PUBLISHER: &str = "厚生労働省 NDBオープンデータ";

/// Where a dataset's numbers come from; shown beside every figure and kept in exported files.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Provenance {
    /// Publisher and series, e.g. 「厚生労働省 NDBオープンデータ」.
    pub publisher: String,
    /// Release within the series, e.g. 「第10回」.
    pub release: String,
    /// Workbook or file names the rows were read from.
    pub source_files: Vec<String>,
    /// Made up for demonstration from real totals (see `crate::import::example`): every chart,
    /// table and export of it carries the fictional-data label.
    pub fictional: bool,
}

/// Records read from one source, with where they came from.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dataset {
    pub provenance: Provenance,
    pub records: Vec<Record>,
}

impl Dataset {
    /// The groups present, in order of first appearance (the last one looked at first: records
    /// come group by group, so this is one scan per group, not per record).
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for record in &self.records {
            if groups.last() != Some(&record.group) && !groups.contains(&record.group) {
                groups.push(record.group.clone());
            }
        }
        groups
    }

    /// The named groups (地域, 職域…), without `all` (the rows of data that have no groups).
    pub fn named_groups(&self) -> Vec<String> {
        let mut groups = self.groups();
        groups.retain(|g| g != GROUP_ALL);
        groups
    }
}

impl fmt::Display for AreaLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands_parse_from_every_published_spelling() {
        for text in ["40-44", "40～44歳", "40〜44歳", "４０～４４歳", " 40 - 44 "] {
            assert_eq!(AgeBand::parse(text), Some(AgeBand::new(40, 44)), "{text}");
        }
        assert_eq!(AgeBand::parse("中計"), None);
        assert_eq!(AgeBand::parse("44-40"), None);
        assert_eq!(AgeBand::new(70, 74).id(), "70-74");
    }

    #[test]
    fn ids_round_trip() {
        for level in AreaLevel::ALL {
            assert_eq!(AreaLevel::from_id(level.id()), Some(level));
        }
        for sex in Sex::BOTH {
            assert_eq!(Sex::from_id(sex.id()), Some(sex));
        }
    }
}
