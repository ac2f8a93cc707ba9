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

    use renkei::import::arrow_writer::write_ipc_file;
    use renkei::import::example::fictional_groups;
    use renkei::import::manifest::{
        built_in_file, Manifest, ManifestEntry, SecondaryAreaEntry, EXAMPLE_RELEASE, MANIFEST_FILE,
        SECONDARY_AREAS_FILE,
    };
    use renkei::import::ndb::{
        import_workbook, NdbProblem, NdbWorkbook, BUILT_IN_RELEASES, SECOND_PUBLICATIONS,
    };
    use renkei::model::{AreaLevel, Dataset};

    /// The release whose prefecture counts the example dataset splits (`renkei::import::example`).
    const EXAMPLE_FROM_RELEASE: &str = "第10回";

    pub fn run(root: &Path) -> Result<(), String> {
        let out_dir = root.join("public/data");
        std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
        let mut datasets = Vec::new();
        let mut secondary_medical_areas = Vec::new();
        let mut example_sources = Vec::new();
        for (release, folder) in BUILT_IN_RELEASES {
            let dir = root.join("data/ndb").join(folder);
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    name.ends_with(".xlsx")
                        && !SECOND_PUBLICATIONS.iter().any(|id| name.starts_with(id))
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
                if datasets.iter().any(|entry: &ManifestEntry| {
                    entry.release == release
                        && entry.area_level == workbook.area_level.id()
                        && entry.indicator == workbook.indicator.id
                }) {
                    return Err(format!(
                        "{file_name}: a second workbook of {release} for {} ({}); list it in SECOND_PUBLICATIONS",
                        workbook.indicator.id,
                        workbook.area_level.id()
                    ));
                }
                if workbook.area_level == AreaLevel::SecondaryMedicalArea {
                    // One list serves every year: a year with other areas needs a list per year.
                    let areas = area_list(&workbook);
                    if secondary_medical_areas.is_empty() {
                        secondary_medical_areas = areas;
                    } else if areas != secondary_medical_areas {
                        return Err(format!(
                            "{file_name}: its secondary medical areas differ from the other releases'"
                        ));
                    }
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
        write_json(&out_dir.join(MANIFEST_FILE), &Manifest { datasets })?;
        write_json(
            &out_dir.join(SECONDARY_AREAS_FILE),
            &secondary_medical_areas,
        )
    }

    fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), String> {
        let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
        std::fs::write(path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))
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
        let arrow = write_ipc_file(dataset).map_err(|e| format!("{out_name}: {e:?}"))?;
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
            source_files: vec![source_file],
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
