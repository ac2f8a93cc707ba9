//! The files a user opened, each checked on its own and against the others, merged into the
//! one dataset the page shows. A cell present in two files is refused, never summed: two files
//! that both count 40–44-year-old men of one area are a mistake the user has to see.

use std::collections::{HashMap, HashSet};

use crate::import::cells::{FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR};
use crate::import::limits::{self, Counted};
use crate::import::{ImportError, Place, RecordProblem};
use crate::model::indicator;
use crate::model::{check_bins, first_duplicate_cell, BinProblem, Dataset, Provenance, Record};
use crate::model::{AgeBand, Bin, Sex, StratumKey, GROUP_ALL};

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
            if ids.last() != Some(&group) && !ids.contains(&group) {
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
/// every record as [`check_record`], the file within [`limits`], no cell twice, bins of a
/// stratum not overlapping.
pub fn check_dataset(dataset: &Dataset, file_name: &str) -> Result<(), ImportError<RecordProblem>> {
    // Rows counted as u64, as the CSV readers count lines: one instantiation of each generic
    // check serves every reader of a worker (a second, for usize, measured +1.7 KB gzip).
    let numbered = || (1u64..).zip(&dataset.records);
    let at_row = |(row, problem)| ImportError::new(file_name, Place::Row(row as usize), problem);
    check_records(numbered()).map_err(at_row)?;
    if let Some((first_row, row)) = first_duplicate_cell(numbered()) {
        let first_row = first_row as usize;
        return Err(at_row((row, RecordProblem::DuplicateRow { first_row })));
    }
    check_bins(numbered()).map_err(|(row, problem)| at_row((row, RecordProblem::Bins(problem))))
}

/// The checks of one record every reader's records end in, whatever the format: a known item, a
/// fiscal year in range, finite edges of a plausible size (checked before the texts: a label made
/// from an absurd edge is long) with the lower below the upper by at
/// least [`limits::MIN_BIN_WIDTH`] (after any rounding: the record holds the rounded edges), a
/// count within [`limits::MAX_COUNT_PEOPLE`] and texts within [`limits::MAX_TEXT_CHARS`] without
/// [`is_hidden_control`] characters.
pub fn check_record(record: &Record) -> Result<(), RecordProblem> {
    let Some(indicator) = indicator::by_id(&record.indicator) else {
        let id = record
            .indicator
            .chars()
            .take(limits::MAX_TEXT_CHARS)
            .collect();
        return Err(RecordProblem::UnknownIndicator { id });
    };
    if !(FIRST_FISCAL_YEAR..=LAST_FISCAL_YEAR).contains(&record.year) {
        return Err(RecordProblem::Year { year: record.year });
    }
    let Bin { lower, upper, .. } = record.bin;
    for edge in [lower, upper].into_iter().flatten() {
        let plausible = match indicator.plausible_edges {
            Some(_) => indicator.edge_is_plausible(edge),
            None => edge.abs() <= limits::MAX_EDGE_MAGNITUDE,
        };
        if !plausible {
            let indicator = indicator.id;
            return Err(RecordProblem::ImplausibleEdge { indicator, edge });
        }
    }
    // Both edges are finite here: a NaN or infinite edge failed the check above.
    if let (Some(lower), Some(upper)) = (lower, upper) {
        if upper - lower < limits::MIN_BIN_WIDTH {
            let label = record
                .bin
                .label
                .chars()
                .take(limits::MAX_TEXT_CHARS)
                .collect();
            return Err(RecordProblem::BinTooNarrow {
                label,
                lower,
                upper,
            });
        }
    }
    let texts = [
        ("area_code", &record.area_code),
        ("area_name", &record.area_name),
        ("group", &record.group),
        ("bin_label", &record.bin.label),
    ];
    for (column, text) in texts {
        let chars = text.chars().count();
        if chars > limits::MAX_TEXT_CHARS {
            return Err(RecordProblem::TextTooLong { column, chars });
        }
        if let Some(hidden) = text.chars().find(|c| is_hidden_control(*c)) {
            let code_point = u32::from(hidden);
            return Err(RecordProblem::ControlCharacter { column, code_point });
        }
    }
    match record.count_people {
        Some(count) if count > limits::MAX_COUNT_PEOPLE => {
            Err(RecordProblem::CountTooLarge { count })
        }
        _ => Ok(()),
    }
}

/// A character no name needs that can hide or disguise text: control characters (which also
/// make an SVG export invalid XML) and the bidirectional overrides and marks (U+202E can make
/// 「gpj.exe」 read as 「exe.jpg」).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Every record as [`check_record`], and the file within the [`limits`] on rows, groups,
/// areas, fiscal years and bins per stratum (counted with sets: a crafted file of 20,000 groups
/// costs one pass, not 20,000). `Origin` says where a record came from (a line, a row).
pub fn check_records<'a, Origin: Copy>(
    records: impl Iterator<Item = (Origin, &'a Record)>,
) -> Result<(), (Origin, RecordProblem)> {
    let mut groups = HashSet::new();
    let mut areas = HashSet::new();
    let mut years = HashSet::new();
    let mut bins_per_stratum: HashMap<StratumKey<'a>, usize> = HashMap::new();
    for (row, (origin, record)) in records.enumerate() {
        check_record(record).map_err(|problem| (origin, problem))?;
        let bins = bins_per_stratum.entry(record.stratum_key()).or_default();
        *bins += 1;
        groups.insert(record.group.as_str());
        areas.insert((
            record.area_level,
            record.area_code.as_str(),
            record.area_name.as_str(),
        ));
        years.insert(record.year);
        let counts = [
            (Counted::Rows, row + 1),
            (Counted::BinsPerStratum, *bins),
            (Counted::Groups, groups.len()),
            (Counted::Areas, areas.len()),
            (Counted::Years, years.len()),
        ];
        if let Some((counted, found)) = counts.into_iter().find(|(c, n)| *n > c.limit()) {
            return Err((origin, RecordProblem::TooMany { counted, found }));
        }
    }
    Ok(())
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
    /// More rows, areas or groups in all the files together than one file may hold
    /// (`limits`): the page holds the rows at once and lists the areas and groups.
    TooManyTogether { counted: Counted, found: usize },
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

/// The rows of files of `row_counts` together, refused past the limit of one file's rows: the
/// page holds them all at once (checked before any is copied).
pub fn rows_together(row_counts: impl Iterator<Item = usize>) -> Result<usize, MergeProblem> {
    let found = row_counts.sum();
    if found > limits::MAX_ROWS {
        return Err(MergeProblem::TooManyTogether {
            counted: Counted::Rows,
            found,
        });
    }
    Ok(found)
}

/// The areas and groups of the files' `records` together, refused past the limits of one
/// file's (each file was held to them alone): the page lists them in its menus, and 50 files
/// of a link, each within the limits, would otherwise give 250,000 areas.
fn areas_and_groups_together(records: &[Record]) -> Result<(), MergeProblem> {
    let areas: HashSet<_> = records
        .iter()
        .map(|r| (r.area_level, r.area_code.as_str(), r.area_name.as_str()))
        .collect();
    let groups: HashSet<&str> = records.iter().map(|r| r.group.as_str()).collect();
    match [
        (Counted::Areas, areas.len()),
        (Counted::Groups, groups.len()),
    ]
    .into_iter()
    .find(|&(counted, found)| found > counted.limit())
    {
        Some((counted, found)) => Err(MergeProblem::TooManyTogether { counted, found }),
        None => Ok(()),
    }
}

/// A problem of the files together, named by the file that went past a limit: the last one
/// opened.
fn named_by_last(files: &[LoadedFile], problem: MergeProblem) -> ImportError<MergeProblem> {
    let last = files.last().map_or("", |f| f.file_name.as_str());
    ImportError::new(last, Place::File, problem)
}

/// Every file's rows in one dataset, ungrouped rows relabelled; its provenance names every
/// file. Fails, naming both files, when a cell is in two files or their bins overlap.
pub fn merge_files(files: &[LoadedFile]) -> Result<Dataset, ImportError<MergeProblem>> {
    let row_count = rows_together(files.iter().map(|f| f.dataset.records.len()))
        .map_err(|problem| named_by_last(files, problem))?;
    let mut records = Vec::with_capacity(row_count);
    let mut origin = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        for (row_index, read) in file.dataset.records.iter().enumerate() {
            let mut record = read.clone();
            // Relabelled only when the user assigned a group: a million-row file's records keep
            // their own text, not one more copy each.
            let group = file.group_of(&read.group);
            if group != read.group {
                record.group = group.to_string();
            }
            records.push(record);
            origin.push((file_index, row_index + 1));
        }
    }
    // Each file was checked on its own when it was read; with one file there is nothing to
    // check across, and a million-row file merges at the cost of a copy.
    if files.len() > 1 {
        check_across_files(files, &records, &origin)?;
    }
    // A user's file is cited by its name, never by the publisher its contents claim (an Arrow
    // file's metadata or a workbook's title can name the ministry): only the built-in files,
    // which the app identifies itself, cite a publisher.
    Ok(Dataset {
        provenance: Provenance {
            // As the worker named each file: without characters that hide or reorder text.
            source_files: files
                .iter()
                .map(|f| {
                    f.dataset
                        .provenance
                        .source_files
                        .first()
                        .unwrap_or(&f.file_name)
                        .clone()
                })
                .collect(),
            // Example data opened as a file stays labelled, whatever it is merged with.
            fictional: files.iter().any(|f| f.dataset.provenance.fictional),
            ..Provenance::default()
        },
        records,
    })
}

/// Too many areas or groups together, a cell in two files, or bins of two files overlapping in
/// one stratum.
fn check_across_files(
    files: &[LoadedFile],
    records: &[Record],
    origin: &[(usize, usize)],
) -> Result<(), ImportError<MergeProblem>> {
    areas_and_groups_together(records).map_err(|problem| named_by_last(files, problem))?;
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
