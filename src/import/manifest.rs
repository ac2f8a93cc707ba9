//! The catalogue of built-in datasets (`public/data/manifest.json`): which Arrow file holds
//! which release, area level and indicator, and where its numbers come from. The browser
//! fetches it first and then only the files a chart needs.

use serde::{Deserialize, Serialize};

use crate::import::{ImportError, Place};
use crate::model::indicator::{Indicator, INDICATORS};
use crate::model::prefecture;
use crate::model::{AreaLevel, Dataset, Record};

pub const MANIFEST_FILE: &str = "manifest.json";

/// The secondary medical areas' codes and names, so the area menu can list them before their
/// data is fetched. A file of its own, fetched once a release with such data is chosen: the
/// first screen's release has none, and the list would be half the catalogue's bytes.
pub const SECONDARY_AREAS_FILE: &str = "secondary_medical_areas.json";

/// The release a link that names none shows: the newest built in (the catalogue lists it first;
/// `tests/builtin_data.rs` checks they agree).
pub const NEWEST_RELEASE: &str = "第10回";

/// The release id of the example dataset (`crate::import::example`). Its value is also the
/// Japanese label the page shows for it, but the code compares ids, never labels.
pub const EXAMPLE_RELEASE: &str = "架空データ（操作説明用）";

/// Releases made of files the user opened: 「読み込んだファイル（2022年度）」, one per fiscal year.
pub const USER_RELEASE_PREFIX: &str = "読み込んだファイル";

/// Files of the user's catalogue are keys, not files: `user:2022`.
const USER_FILE_PREFIX: &str = "user:";

/// Whether a catalogue entry's `file` is the user's merged data of a year, not a built-in file.
pub fn is_user_file(file: &str) -> bool {
    file.starts_with(USER_FILE_PREFIX)
}

/// The key of the user's merged data of a fiscal year.
fn user_file(fiscal_year: i32) -> String {
    format!("{USER_FILE_PREFIX}{fiscal_year}")
}

/// Whether a release is made of files the user opened.
pub fn is_user_release(release: &str) -> bool {
    release.starts_with(USER_RELEASE_PREFIX)
}

/// The built-in file of a release, area level and item: 「第10回」 → `ndb_r10_prefecture_sbp.arrow`,
/// the example → `example_prefecture_sbp.arrow`. The converter names every file with this, so
/// the catalogue need not list file names and the embed page finds its one file without
/// fetching the catalogue. `None` for a release that is not built in.
pub fn built_in_file(release: &str, area_level: AreaLevel, indicator: &str) -> Option<String> {
    built_in_file_of_level(release, area_level.id(), indicator)
}

fn built_in_file_of_level(release: &str, area_level: &str, indicator: &str) -> Option<String> {
    let prefix = if release == EXAMPLE_RELEASE {
        "example".to_string()
    } else {
        let number: u32 = release
            .strip_prefix('第')?
            .strip_suffix('回')?
            .parse()
            .ok()?;
        format!("ndb_r{number}")
    };
    Some(format!("{prefix}_{area_level}_{indicator}.arrow"))
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub datasets: Vec<ManifestEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// 「第10回」
    pub release: String,
    pub fiscal_year: i32,
    /// `prefecture` or `secondary_medical_area` (see `AreaLevel::id`).
    pub area_level: String,
    pub indicator: String,
    pub source_files: Vec<String>,
}

impl ManifestEntry {
    /// File name inside `public/data/`, or the key of the user's merged data of the year
    /// (`user:2022`). Derived, not listed: the catalogue is part of every first visit.
    pub fn file(&self) -> String {
        if is_user_release(&self.release) {
            user_file(self.fiscal_year)
        } else {
            built_in_file_of_level(&self.release, &self.area_level, &self.indicator)
                .unwrap_or_default()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecondaryAreaEntry {
    pub code: String,
    pub name: String,
}

impl SecondaryAreaEntry {
    /// The prefecture an area lies in: the one whose code starts its four-digit code (「0101」 →
    /// 北海道); `None` for the pseudo-area of unknown residence, which has no code.
    pub fn prefecture(&self) -> Option<&'static str> {
        prefecture::PREFECTURES
            .iter()
            .find(|(code, _)| self.code.len() == 4 && self.code.starts_with(code))
            .map(|(_, name)| *name)
    }
}

/// Reads `SECONDARY_AREAS_FILE`.
pub fn secondary_areas_from_json(
    text: &str,
) -> Result<Vec<SecondaryAreaEntry>, ImportError<CatalogueUnreadable>> {
    serde_json::from_str(text).map_err(|error| {
        let detail = error.to_string();
        let file = SECONDARY_AREAS_FILE;
        ImportError::new(file, Place::File, CatalogueUnreadable { file, detail })
    })
}

/// The catalogue (or the list of areas) is not the JSON the converter writes (the serde error
/// says where).
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogueUnreadable {
    pub file: &'static str,
    pub detail: String,
}

impl Manifest {
    pub fn from_json(text: &str) -> Result<Manifest, ImportError<CatalogueUnreadable>> {
        serde_json::from_str(text).map_err(|error| {
            let detail = error.to_string();
            let file = MANIFEST_FILE;
            ImportError::new(file, Place::File, CatalogueUnreadable { file, detail })
        })
    }

    /// Releases present, in catalogue order (the converter lists the newest first; files the
    /// user opens are put in front): (release, fiscal year).
    pub fn releases(&self) -> Vec<(String, i32)> {
        let mut releases: Vec<(String, i32)> = Vec::new();
        for entry in &self.datasets {
            if !releases.iter().any(|(r, _)| *r == entry.release) {
                releases.push((entry.release.clone(), entry.fiscal_year));
            }
        }
        releases
    }

    pub fn find(&self, release: &str, area_level: &str, indicator: &str) -> Option<&ManifestEntry> {
        self.datasets.iter().find(|e| {
            e.release == release && e.area_level == area_level && e.indicator == indicator
        })
    }

    /// Whether a release has data by secondary medical area (for any item).
    pub fn has_secondary_areas(&self, release: &str) -> bool {
        self.datasets
            .iter()
            .any(|e| e.release == release && e.area_level == AreaLevel::SecondaryMedicalArea.id())
    }

    /// Indicators a release has data for (at any area level), in catalogue order.
    pub fn indicators(&self, release: &str) -> Vec<&'static Indicator> {
        INDICATORS
            .iter()
            .filter(|i| {
                self.datasets
                    .iter()
                    .any(|e| e.release == release && e.indicator == i.id)
            })
            .collect()
    }
}

/// The files a user opened (merged), offered like built-in releases: one release per fiscal
/// year, because figures are never summed across years, and one catalogue entry per (area level,
/// indicator) in it. Returns the entries and, for each entry's `file` key, its dataset.
pub fn user_catalogue(merged: Dataset) -> (Vec<ManifestEntry>, Vec<(String, Dataset)>) {
    // Records are moved, not copied: a user's file may hold a million of them.
    let mut by_year: std::collections::BTreeMap<i32, Vec<Record>> = Default::default();
    for record in merged.records {
        by_year.entry(record.year).or_default().push(record);
    }
    let mut entries: Vec<ManifestEntry> = Vec::new();
    let mut datasets = Vec::new();
    for (year, records) in by_year.into_iter().rev() {
        let key = user_file(year);
        let mut levels_and_indicators: Vec<(AreaLevel, &str)> = Vec::new();
        for record in &records {
            let pair = (record.area_level, record.indicator.as_str());
            if !levels_and_indicators.contains(&pair) {
                levels_and_indicators.push(pair);
            }
        }
        entries.extend(
            levels_and_indicators
                .into_iter()
                .map(|(level, indicator)| ManifestEntry {
                    release: format!("{USER_RELEASE_PREFIX}（{year}年度）"),
                    fiscal_year: year,
                    area_level: level.id().to_string(),
                    indicator: indicator.to_string(),
                    source_files: merged.provenance.source_files.clone(),
                }),
        );
        let dataset = Dataset {
            provenance: merged.provenance.clone(),
            records,
        };
        datasets.push((key, dataset));
    }
    (entries, datasets)
}
