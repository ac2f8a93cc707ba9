//! The files a user opened, each checked on its own and against the others, merged into the
//! one dataset the page shows. A cell present in two files is refused, never summed: two files
//! that both count 40–44-year-old men of one area are a mistake the user has to see.

use crate::import::{ImportError, Place, RecordProblem};
use crate::model::indicator;
use crate::model::{check_bins, first_duplicate_cell, BinProblem, Dataset, Provenance, Record};
use crate::model::{AgeBand, Bin, Sex, GROUP_ALL};

/// One opened file. Rows without a group (an NDB workbook, a CSV without 区分) take
/// `group_for_ungrouped` when the user has said whose file it is (地域, 職域…).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    pub file_name: String,
    pub dataset: Dataset,
    pub group_for_ungrouped: Option<String>,
}

impl LoadedFile {
    pub fn new(file_name: &str, dataset: Dataset) -> LoadedFile {
        LoadedFile {
            file_name: file_name.to_string(),
            dataset,
            group_for_ungrouped: None,
        }
    }

    /// Whether some rows say nothing about whose they are.
    pub fn has_ungrouped_rows(&self) -> bool {
        self.dataset.records.iter().any(|r| r.group == GROUP_ALL)
    }

    /// The groups the file contributes (ungrouped rows under the group the user gave), in
    /// order of first appearance.
    pub fn group_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for record in &self.dataset.records {
            let group = self.group_of(&record.group);
            if !ids.contains(&group) {
                ids.push(group);
            }
        }
        ids
    }

    fn group_of<'a>(&'a self, group: &'a str) -> &'a str {
        match &self.group_for_ungrouped {
            Some(assigned) if group == GROUP_ALL => assigned,
            _ => group,
        }
    }
}

/// Checks a dataset whatever reader made it (the CSV reader checks the same with line numbers):
/// no cell twice, bins of a stratum not overlapping, bin edges meant in the item's unit.
pub fn check_dataset(dataset: &Dataset, file_name: &str) -> Result<(), ImportError<RecordProblem>> {
    let at_row = |row: usize, problem| ImportError::new(file_name, Place::Row(row), problem);
    let numbered = || dataset.records.iter().enumerate().map(|(i, r)| (i + 1, r));
    if let Some((first_row, row)) = first_duplicate_cell(numbered()) {
        return Err(at_row(row, RecordProblem::DuplicateRow { first_row }));
    }
    for (row, record) in numbered() {
        if let Some(indicator) = indicator::by_id(&record.indicator) {
            for edge in [record.bin.lower, record.bin.upper].into_iter().flatten() {
                if !indicator.edge_is_plausible(edge) {
                    let indicator = indicator.id;
                    return Err(at_row(
                        row,
                        RecordProblem::ImplausibleEdge { indicator, edge },
                    ));
                }
            }
        }
    }
    check_bins(numbered()).map_err(|(row, problem)| at_row(row, RecordProblem::Bins(problem)))
}

/// Why the user's files do not merge; the error's file and row are the later file's.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeProblem {
    /// The cell is also in `first_file`, at `first_row`; `same_count` when both say the same
    /// number (the same file opened twice, most likely).
    SameCell {
        first_file: String,
        first_row: usize,
        cell: CellOfFile,
        same_count: bool,
    },
    /// Bins of the two files overlap in one stratum.
    Bins(BinProblem),
}

/// What names a cell to the user: area, group, sex, age band and bin.
#[derive(Clone, Debug, PartialEq)]
pub struct CellOfFile {
    pub area_name: String,
    pub group: String,
    pub sex: Sex,
    pub age_band: AgeBand,
    pub bin: Bin,
}

/// Every file's rows in one dataset, ungrouped rows relabelled; its provenance names every
/// file. Fails, naming both files, when a cell is in two files or their bins overlap.
pub fn merge_files(files: &[LoadedFile]) -> Result<Dataset, ImportError<MergeProblem>> {
    let mut records = Vec::new();
    let mut origin = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        for (row_index, record) in file.dataset.records.iter().enumerate() {
            let mut record = record.clone();
            record.group = file.group_of(&record.group).to_string();
            records.push(record);
            origin.push((file_index, row_index + 1));
        }
    }
    // Each file was checked on its own when it was read; with one file there is nothing to
    // check across, and a million-row file merges at the cost of a copy.
    if files.len() > 1 {
        check_across_files(files, &records, &origin)?;
    }
    // A publisher (and release) is cited only when every file names the same one.
    let common = |field: fn(&Provenance) -> &String| -> String {
        let first = files.first().map(|f| field(&f.dataset.provenance).clone());
        first
            .filter(|value| files.iter().all(|f| field(&f.dataset.provenance) == value))
            .unwrap_or_default()
    };
    Ok(Dataset {
        provenance: Provenance {
            publisher: common(|p| &p.publisher),
            release: common(|p| &p.release),
            source_files: files.iter().map(|f| f.file_name.clone()).collect(),
            // Example data opened as a file stays labelled, whatever it is merged with.
            fictional: files.iter().any(|f| f.dataset.provenance.fictional),
        },
        records,
    })
}

/// A cell in two files, or bins of two files overlapping in one stratum.
fn check_across_files(
    files: &[LoadedFile],
    records: &[Record],
    origin: &[(usize, usize)],
) -> Result<(), ImportError<MergeProblem>> {
    if let Some((first, index)) = first_duplicate_cell(records.iter().enumerate()) {
        let (first_file, first_row) = origin[first];
        let (file, row) = origin[index];
        let record = &records[index];
        return Err(ImportError::new(
            &files[file].file_name,
            Place::Row(row),
            MergeProblem::SameCell {
                first_file: files[first_file].file_name.clone(),
                first_row,
                cell: CellOfFile {
                    area_name: record.area_name.clone(),
                    group: record.group.clone(),
                    sex: record.sex,
                    age_band: record.age_band,
                    bin: record.bin.clone(),
                },
                same_count: records[first].count_people == record.count_people,
            },
        ));
    }
    check_bins(records.iter().enumerate()).map_err(|(index, problem)| {
        let (file, row) = origin[index];
        ImportError::new(
            &files[file].file_name,
            Place::Row(row),
            MergeProblem::Bins(problem),
        )
    })
}
