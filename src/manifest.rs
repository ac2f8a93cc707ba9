//! The catalogue of built-in datasets (`public/data/manifest.json`): which Arrow file holds
//! which release, area level and indicator, and where its numbers come from. The browser
//! fetches it first and then only the files a chart needs.

use serde::{Deserialize, Serialize};

pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

    /// Releases present, newest first: (release, fiscal year).
    pub fn releases(&self) -> Vec<(String, i32)> {
        let mut releases: Vec<(String, i32)> = Vec::new();
        for entry in &self.datasets {
            if !releases.iter().any(|(r, _)| *r == entry.release) {
                releases.push((entry.release.clone(), entry.fiscal_year));
            }
        }
        releases.sort_by(|a, b| b.1.cmp(&a.1));
        releases
    }

    pub fn find(&self, release: &str, area_level: &str, indicator: &str) -> Option<&ManifestEntry> {
        self.datasets.iter().find(|e| {
            e.release == release && e.area_level == area_level && e.indicator == indicator
        })
    }

    /// Indicators of a release with prefecture data, in catalogue order.
    pub fn indicators(&self, release: &str) -> Vec<&'static crate::indicator::Indicator> {
        crate::indicator::INDICATORS
            .iter()
            .filter(|i| self.find(release, "prefecture", i.id).is_some())
            .collect()
    }
}
