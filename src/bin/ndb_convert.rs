//! Converts the committed NDB workbooks (`data/ndb/`) into the built-in Arrow IPC files and
//! their catalogue (`public/data/`). Run from the repository root:
//!
//!     cargo run --release --bin ndb_convert
//!
//! It also writes the example dataset 「架空データ（操作説明用）」 (`renkei::import::example`) from the
//! FY2022 prefecture counts. `tests/builtin_data.rs` re-imports the workbooks and checks every
//! committed file against them.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = convert::run(std::path::Path::new(".")) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod convert {
    use std::path::Path;

    use renkei::import::arrow_io::write_ipc_file;
    use renkei::import::example::fictional_groups;
    use renkei::import::manifest::{
        built_in_file, Manifest, ManifestEntry, SecondaryAreaEntry, EXAMPLE_RELEASE, MANIFEST_FILE,
    };
    use renkei::import::ndb::{import_workbook, NdbProblem, NdbWorkbook};
    use renkei::model::{AreaLevel, Dataset};

    /// (folder under data/ndb, release, workbook-name filter): FY2022 for four items, FY2021 for
    /// every item the importer supports. The 0012609xx variants of FY2021 are left out: their
    /// much larger counts are of a population the ministry's page does not make clear.
    const SOURCES: [(&str, &str, &[&str]); 2] = [
        (
            "ndb10_tokutei_kenshin_R4",
            "第10回",
            &["SBP_pref", "HbA1c_pref", "BMI_pref", "LDL_pref"],
        ),
        ("ndb9_tokutei_kenshin_FY2021", "第9回", &["001258"]),
    ];

    /// The release whose prefecture counts the example dataset splits (`renkei::import::example`).
    const EXAMPLE_FROM_RELEASE: &str = "第10回";

    pub fn run(root: &Path) -> Result<(), String> {
        let out_dir = root.join("public/data");
        std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
        let mut datasets = Vec::new();
        let mut secondary_medical_areas = Vec::new();
        let mut example_sources = Vec::new();
        for (folder, release, filters) in SOURCES {
            let dir = root.join("data/ndb").join(folder);
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    name.ends_with(".xlsx") && filters.iter().any(|f| name.contains(f))
                })
                .collect();
            paths.sort();
            for path in paths {
                let file_name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string();
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let workbook = match import_workbook(&bytes, &file_name, release) {
                    Ok(workbook) => workbook,
                    Err(error)
                        if matches!(
                            error.problem,
                            NdbProblem::UnsupportedLayout { .. } | NdbProblem::MeansNotDistribution
                        ) =>
                    {
                        eprintln!("skipped: {}", error);
                        continue;
                    }
                    Err(error) => return Err(error.to_string()),
                };
                if workbook.area_level == AreaLevel::SecondaryMedicalArea
                    && secondary_medical_areas.is_empty()
                {
                    secondary_medical_areas = area_list(&workbook);
                }
                if release == EXAMPLE_FROM_RELEASE && workbook.area_level == AreaLevel::Prefecture {
                    example_sources.push((file_name.clone(), workbook.clone()));
                }
                datasets.push(write_entry(
                    &out_dir,
                    release,
                    &workbook,
                    &workbook.dataset,
                    file_name,
                )?);
            }
        }
        // Listed after the real releases, so the page opens on real data.
        for (file_name, workbook) in example_sources {
            let example = fictional_groups(&workbook.dataset);
            datasets.push(write_entry(
                &out_dir,
                EXAMPLE_RELEASE,
                &workbook,
                &example,
                file_name,
            )?);
        }
        let manifest = Manifest {
            datasets,
            secondary_medical_areas,
        };
        let json = serde_json::to_string(&manifest).map_err(|e| e.to_string())?;
        std::fs::write(out_dir.join(MANIFEST_FILE), json + "\n").map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Writes `dataset` (made from `workbook`) under its `manifest::built_in_file` name and
    /// returns its catalogue entry.
    fn write_entry(
        out_dir: &Path,
        release: &str,
        workbook: &NdbWorkbook,
        dataset: &Dataset,
        source_file: String,
    ) -> Result<ManifestEntry, String> {
        let out_name = built_in_file(release, workbook.area_level, workbook.indicator.id)
            .ok_or_else(|| format!("{release}: not a release the data folder can name"))?;
        let arrow = write_ipc_file(dataset).map_err(|e| format!("{out_name}: {e}"))?;
        std::fs::write(out_dir.join(&out_name), &arrow).map_err(|e| format!("{out_name}: {e}"))?;
        println!(
            "{out_name}: {} rows, {} bytes ← {source_file}",
            dataset.records.len(),
            arrow.len()
        );
        Ok(ManifestEntry {
            release: release.to_string(),
            fiscal_year: workbook.fiscal_year,
            area_level: workbook.area_level.id().to_string(),
            indicator: workbook.indicator.id.to_string(),
            file: out_name,
            source_files: vec![source_file],
            row_count: dataset.records.len(),
            byte_count: arrow.len(),
        })
    }

    fn area_list(workbook: &NdbWorkbook) -> Vec<SecondaryAreaEntry> {
        let mut areas: Vec<SecondaryAreaEntry> = Vec::new();
        for record in &workbook.dataset.records {
            if !areas
                .iter()
                .any(|a| a.code == record.area_code && a.name == record.area_name)
            {
                areas.push(SecondaryAreaEntry {
                    code: record.area_code.clone(),
                    name: record.area_name.clone(),
                });
            }
        }
        areas
    }
}
