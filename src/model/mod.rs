//! The tidy aggregate data model: one [`Record`] per
//! (year, area level, area code, area name, group, sex, age band, indicator, bin, count).
//!
//! The canonical column names used wherever the model is written to a file are listed in
//! [`CANONICAL_COLUMNS`]; they are part of the public data format.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::indicator::format_value;
use crate::view::language::{Language, Message};

pub mod indicator;
pub mod prefecture;

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
    ("all", "全体", "All"),
    ("regional", "地域", "Regional"),
    ("occupational", "職域", "Occupational"),
    ("kokuho", "市町村国保", "Municipal NHI"),
    ("kyokai_kenpo", "協会けんぽ", "Kyokai Kenpo"),
    ("kenpo_kumiai", "健保組合", "Health insurance societies"),
    ("kyosai", "共済組合", "Mutual aid associations"),
];

/// 「地域」 / "Regional" for `regional`; a group a user named itself is shown as written.
pub fn group_name(id: &str, language: Language) -> String {
    KNOWN_GROUPS
        .iter()
        .find(|(known, _, _)| *known == id)
        .map_or_else(
            || id.to_string(),
            |(_, japanese, english)| language.pick(*japanese, *english).to_string(),
        )
}

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

    pub fn name(self, language: Language) -> &'static str {
        match self {
            AreaLevel::National => language.pick("全国", "National"),
            AreaLevel::Prefecture => language.pick("都道府県", "Prefectures"),
            AreaLevel::SecondaryMedicalArea => {
                language.pick("二次医療圏", "Secondary medical areas")
            }
            AreaLevel::Municipality => language.pick("市町村", "Municipalities"),
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

    pub fn name(self, language: Language) -> &'static str {
        match self {
            Sex::Male => language.pick("男性", "Men"),
            Sex::Female => language.pick("女性", "Women"),
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

    /// Canonical id such as `40-44`.
    pub fn id(self) -> String {
        format!("{}-{}", self.from_years, self.to_years)
    }

    /// Reads `40-44`, `40～44歳`, `40〜44`, `４０－４４歳` (full-width digits are accepted).
    pub fn parse(text: &str) -> Option<AgeBand> {
        let text = to_ascii_width(text);
        let text = text.trim().trim_end_matches('歳');
        let (from, to) = text.split_once(['-', '~', '〜', '～', '－'])?;
        let from_years: u8 = from.trim().parse().ok()?;
        let to_years: u8 = to.trim().trim_end_matches('歳').parse().ok()?;
        (from_years <= to_years).then_some(AgeBand {
            from_years,
            to_years,
        })
    }

    pub fn label(self, language: Language) -> String {
        match language {
            Language::Japanese => format!("{}〜{}歳", self.from_years, self.to_years),
            Language::English => format!("{}–{} years", self.from_years, self.to_years),
        }
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

    /// The label shown: in Japanese exactly as published; in English written from the edges
    /// (「130以上140未満」 → "130 to <140"), categorical labels as published.
    pub fn display_label(&self, language: Language) -> String {
        match (language, self.lower, self.upper) {
            (Language::Japanese, _, _) | (_, None, None) => self.label.clone(),
            (Language::English, Some(lower), Some(upper)) => {
                format!("{} to <{}", format_value(lower), format_value(upper))
            }
            (Language::English, Some(lower), None) => format!("≥{}", format_value(lower)),
            (Language::English, None, Some(upper)) => format!("<{}", format_value(upper)),
        }
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
    let mut first_origin: HashMap<CellKey<'a>, Origin> = HashMap::new();
    for (origin, record) in records {
        if let Some(first) = first_origin.insert(record.cell_key(), origin) {
            return Some((first, origin));
        }
    }
    None
}

/// Within a stratum, numeric bins must not overlap and categorical bins must not mix with
/// them. `Origin` says where a record came from (a line, a file and line), for the error.
pub fn check_bins<'a, Origin: Copy>(
    records: impl IntoIterator<Item = (Origin, &'a Record)>,
) -> Result<(), (Origin, Message)> {
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
            return Err((
                *origin,
                Message::new(
                    "数値の階級と数値でない階級が同じ層に混在しています。",
                    "Numeric and non-numeric bins are mixed in one stratum.",
                ),
            ));
        }
        bins.sort_by(|(_, a), (_, b)| {
            a.lower
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&b.lower.unwrap_or(f64::NEG_INFINITY))
        });
        for pair in bins.windows(2) {
            let ((_, low), (origin, high)) = (pair[0], pair[1]);
            let low_end = low.upper.unwrap_or(f64::INFINITY);
            let high_start = high.lower.unwrap_or(f64::NEG_INFINITY);
            if high_start < low_end - 1e-9 {
                return Err((
                    origin,
                    Message::new(
                        format!(
                            "階級「{}」が同じ層の階級「{}」と重なっています。",
                            high.label, low.label
                        ),
                        format!(
                            "Bin “{}” overlaps bin “{}” of the same stratum.",
                            high.label, low.label
                        ),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Where a dataset's numbers come from; shown beside every figure and kept in exported files.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Provenance {
    /// Publisher and series, e.g. 「厚生労働省 NDBオープンデータ」.
    pub publisher: String,
    /// Release within the series, e.g. 「第10回」.
    pub release: String,
    /// Workbook or file names the rows were read from.
    pub source_files: Vec<String>,
    /// Made up for demonstration from real totals (see `crate::import::example`): every chart, table
    /// and export of it carries [`FICTIONAL_LABEL_JA`].
    pub fictional: bool,
}

/// The label every view of fictional data carries, on screen and inside every image.
pub const FICTIONAL_LABEL_JA: &str = "架空データ（操作説明用）";
pub const FICTIONAL_LABEL_EN: &str = "Fictional data (for demonstration)";

pub fn fictional_label(language: Language) -> &'static str {
    language.pick(FICTIONAL_LABEL_JA, FICTIONAL_LABEL_EN)
}

/// The ministry's series in English; any other publisher as written.
fn publisher_in_english(publisher: &str) -> String {
    match publisher {
        crate::import::ndb::NDB_PUBLISHER => "MHLW NDB Open Data".to_string(),
        _ => publisher.to_string(),
    }
}

/// 「第10回」 → "10th release"; anything else as written.
pub(crate) fn release_in_english(release: &str) -> String {
    let number = release
        .strip_prefix('第')
        .and_then(|rest| rest.strip_suffix('回'))
        .and_then(|digits| digits.parse::<u32>().ok());
    match number {
        Some(number) => {
            let suffix = match (number % 10, number % 100) {
                (1, n) if n != 11 => "st",
                (2, n) if n != 12 => "nd",
                (3, n) if n != 13 => "rd",
                _ => "th",
            };
            format!("{number}{suffix} release")
        }
        None => release.to_string(),
    }
}

impl Provenance {
    /// The line printed under every chart and table: 「出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）」.
    /// A file the user opened has no known release: it is named instead.
    pub fn citation(&self, fiscal_year: i32, language: Language) -> String {
        match language {
            Language::Japanese => self.citation_japanese(fiscal_year),
            Language::English => self.citation_english(fiscal_year),
        }
    }

    fn citation_english(&self, fiscal_year: i32) -> String {
        let files = self.source_files.join("”, “");
        let publisher = publisher_in_english(&self.publisher);
        let release = release_in_english(&self.release);
        if self.fictional {
            format!(
                "{FICTIONAL_LABEL_EN}: counts of {publisher} {release} (specific health checkups, FY{fiscal_year}) split between regional and occupational by a fixed rule. Not the values of any real region or workplace"
            )
        } else if self.publisher.is_empty() {
            format!("Source: the file “{files}” you opened (FY{fiscal_year})")
        } else if self.release.is_empty() {
            format!(
                "Source: {publisher} (the file “{files}” you opened) (specific health checkups, FY{fiscal_year})"
            )
        } else {
            format!("Source: {publisher}, {release} (specific health checkups, FY{fiscal_year})")
        }
    }

    fn citation_japanese(&self, fiscal_year: i32) -> String {
        if self.fictional {
            format!(
                "{FICTIONAL_LABEL_JA}：{} {}（{}年度 特定健診）の人数を一定の規則で地域・職域に分けた架空の値。実在の地域・職域の値ではありません",
                self.publisher, self.release, fiscal_year
            )
        } else if self.publisher.is_empty() {
            format!(
                "出典：読み込んだファイル「{}」（{}年度）",
                self.source_files.join("」「"),
                fiscal_year
            )
        } else if self.release.is_empty() {
            format!(
                "出典：{}（読み込んだファイル「{}」）（{}年度 特定健診）",
                self.publisher,
                self.source_files.join("」「"),
                fiscal_year
            )
        } else {
            format!(
                "出典：{} {}（{}年度 特定健診）",
                self.publisher, self.release, fiscal_year
            )
        }
    }
}

/// Records read from one source, with where they came from.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dataset {
    pub provenance: Provenance,
    pub records: Vec<Record>,
}

impl Dataset {
    /// The groups present, in order of first appearance.
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for record in &self.records {
            if !groups.contains(&record.group) {
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

/// Folds full-width ASCII (digits, letters, signs: U+FF01–U+FF5E) and the ideographic space to
/// their ASCII forms, because government files mix both widths for the same text.
pub fn to_ascii_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
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

    #[test]
    fn citations_are_written_in_both_languages() {
        let provenance = Provenance {
            publisher: "厚生労働省 NDBオープンデータ".into(),
            release: "第10回".into(),
            source_files: vec![],
            fictional: false,
        };
        assert_eq!(
            provenance.citation(2022, Language::Japanese),
            "出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）"
        );
        assert_eq!(
            provenance.citation(2022, Language::English),
            "Source: MHLW NDB Open Data, 10th release (specific health checkups, FY2022)"
        );
        assert_eq!(release_in_english("第11回"), "11th release");
        assert_eq!(release_in_english("第2回"), "2nd release");
    }

    #[test]
    fn english_bin_labels_are_written_from_the_edges() {
        let bin = |lower, upper| Bin {
            label: "130以上140未満".into(),
            lower,
            upper,
        };
        assert_eq!(
            bin(Some(130.0), Some(140.0)).display_label(Language::English),
            "130 to <140"
        );
        assert_eq!(
            bin(Some(5.6), None).display_label(Language::English),
            "≥5.6"
        );
        assert_eq!(
            bin(Some(130.0), Some(140.0)).display_label(Language::Japanese),
            "130以上140未満"
        );
    }

    #[test]
    fn full_width_ascii_is_folded() {
        assert_eq!(to_ascii_width("ＬＤＬ１２０　x"), "LDL120 x");
    }
}
