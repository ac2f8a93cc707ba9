//! The catalogue of built-in datasets (`public/data/manifest.json`): which Arrow file holds
//! which release, area level and indicator, and where its numbers come from. The browser
//! fetches it first and then only the files a chart needs.

use serde::{Deserialize, Serialize};

pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub datasets: Vec<ManifestEntry>,
    /// Every secondary medical area, so the area menu can list them before their data is fetched.
    pub secondary_medical_areas: Vec<SecondaryAreaEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// 「第10回」
    pub release: String,
    pub fiscal_year: i32,
    /// `prefecture` or `secondary_medical_area` (see `AreaLevel::id`).
    pub area_level: String,
    pub indicator: String,
    /// File name inside `public/data/`.
    pub file: String,
    pub source_files: Vec<String>,
    pub row_count: usize,
    pub byte_count: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecondaryAreaEntry {
    pub code: String,
    pub name: String,
    pub prefecture: String,
}

impl Manifest {
    pub fn from_json(text: &str) -> Result<Manifest, String> {
        serde_json::from_str(text)
            .map_err(|error| format!("データ目録（{MANIFEST_FILE}）を読めません：{error}"))
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

    /// Indicators a release has data for (at any area level), in catalogue order.
    pub fn indicators(&self, release: &str) -> Vec<&'static crate::indicator::Indicator> {
        crate::indicator::INDICATORS
            .iter()
            .filter(|i| {
                self.datasets
                    .iter()
                    .any(|e| e.release == release && e.indicator == i.id)
            })
            .collect()
    }
}

/// Catalogue entries for a dataset the user opened, one per (area level, indicator) it holds,
/// so it is offered like a built-in release. `key` names the dataset in the page's cache;
/// `ordinal` keeps two files of one name apart.
pub fn user_entries(
    dataset: &crate::model::Dataset,
    file_name: &str,
    key: &str,
    ordinal: usize,
) -> Vec<ManifestEntry> {
    let mut entries: Vec<ManifestEntry> = Vec::new();
    for record in &dataset.records {
        let level = record.area_level.id();
        if entries
            .iter()
            .any(|e| e.area_level == level && e.indicator == record.indicator)
        {
            continue;
        }
        entries.push(ManifestEntry {
            release: format!("読込{ordinal}：{file_name}"),
            fiscal_year: record.year,
            area_level: level.to_string(),
            indicator: record.indicator.clone(),
            file: key.to_string(),
            source_files: vec![file_name.to_string()],
            row_count: dataset.records.len(),
            byte_count: 0,
        });
    }
    entries
}
