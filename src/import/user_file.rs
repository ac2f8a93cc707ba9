//! A file a user opened, whatever its kind, as canonical Arrow IPC: the call the reader workers
//! make. An xlsx (a zip) goes to the NDB workbook importer, a wide table to the mapping step,
//! anything else to the tidy CSV reader; Arrow IPC (file or stream) and Parquet go to
//! `ecosystem` and the same checks, which in the browser the columnar worker runs
//! (`docs/data-format.md`).

#[cfg(feature = "reader")]
use crate::import::collection;
#[cfg(feature = "reader")]
use crate::import::tidy;
#[cfg(feature = "reader")]
use crate::import::wide::{apply_mapping, RawTable, WideMapping, WidePreview};
#[cfg(feature = "reader")]
use crate::import::{arrow_writer, ndb, NotConverted};
#[cfg(feature = "columnar-files")]
use crate::import::{ecosystem, Problem, RecordProblem};
use crate::import::{ImportError, Place, SizeLimit, TooLarge};
#[cfg(feature = "columnar-files")]
use crate::model::subtotal::apply_subtotal_rows;
#[cfg(feature = "reader")]
use crate::model::{AreaLevel, Dataset, Provenance, Record};
#[cfg(feature = "reader")]
use std::collections::HashMap;

/// How a reader worker turns a file into [`Converted`]: its bytes, its name, a wide table's
/// confirmed mapping, and a hearer of progress (0–1).
#[cfg(feature = "reader")]
pub type Convert =
    fn(&[u8], &str, Option<&WideMapping>, &mut dyn FnMut(f64)) -> Result<Converted, ImportError>;

/// What a file became: canonical Arrow IPC, or a table whose columns the user must map.
#[cfg(feature = "reader")]
#[derive(Debug)]
pub enum Converted {
    Arrow(Vec<u8>),
    NeedsMapping(WidePreview),
}

/// Whether bytes are Arrow IPC (file, or stream with its continuation marker) or Parquet
/// (`PAR1` at both ends): what the reader worker hands to the columnar worker.
pub fn looks_columnar(bytes: &[u8]) -> bool {
    let parquet = bytes.len() >= 8 && bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1");
    parquet || crate::import::arrow_io::looks_like_arrow(bytes)
}

/// The page refuses larger files before reading them, however they come (picked, dropped or
/// named by `?data=`); each reader has its own limit below it (CSV and wide tables 100 MB,
/// workbooks 30 MB). Arrow and Parquet files have no lower one: 2 million rows as pyarrow
/// writes them are 242 MB (the benchmark's file, which opens); 5 million rows, the most a file
/// may hold (`limits::MAX_ROWS`), are refused by their count in the columnar worker.
pub const MAX_USER_FILE_BYTES: usize = 256 * 1024 * 1024;

/// `mapping`: how to read a wide table, once the user has confirmed it. `progress` hears the
/// fraction (0–1) read so far, where the reader can tell (CSV). Only the reader worker calls
/// this (feature `reader`); the page needs only the size limit below.
#[cfg(feature = "reader")]
pub fn user_file_to_arrow(
    bytes: &[u8],
    file_name: &str,
    mapping: Option<&WideMapping>,
    progress: &mut dyn FnMut(f64),
) -> Result<Converted, ImportError> {
    const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
    if bytes.starts_with(ZIP_MAGIC) || file_name.to_lowercase().ends_with(".xlsx") {
        let dataset = ndb::import_user_workbook(bytes, file_name)?;
        collection::check_dataset(&dataset, file_name).map_err(ImportError::widen)?;
        return to_arrow(dataset, file_name);
    }
    // In the browser the reader worker hands these to the columnar worker
    // (`web::columnar_relay`); native builds read them here.
    #[cfg(feature = "columnar-files")]
    if looks_columnar(bytes) {
        return columnar_file_to_arrow(bytes, file_name, mapping, progress);
    }
    if let Some(mapping) = mapping {
        let table = RawTable::read(bytes, file_name)?;
        return to_arrow(apply_mapping(&table, mapping)?, file_name);
    }
    match tidy::import_tidy_csv_with_progress(bytes, file_name, progress) {
        Ok(dataset) => to_arrow(dataset, file_name),
        // The header (line 1) was not the tidy format's: a wide table goes to the mapping step.
        Err(
            error @ ImportError {
                place: Place::Line { line: Some(1), .. },
                ..
            },
        ) => match RawTable::read(bytes, file_name)
            .ok()
            .and_then(|t| t.wide_preview())
        {
            Some(preview) => Ok(Converted::NeedsMapping(preview)),
            None => Err(error),
        },
        Err(error) => Err(error),
    }
}

/// The columnar worker's conversion, in the shape of [`user_file_to_arrow`] (a worker's `run`
/// takes either): Arrow IPC or Parquet, their records checked as every file's are (subtotal
/// rows applied, each record checked, the file cited by the name the user gave it). It reads
/// nothing else, so that worker links no other reader.
#[cfg(feature = "columnar-files")]
pub fn columnar_file_to_arrow(
    bytes: &[u8],
    file_name: &str,
    _mapping: Option<&WideMapping>,
    progress: &mut dyn FnMut(f64),
) -> Result<Converted, ImportError> {
    // Fractions done after each step: the steps' shares of the time 2 million rows took
    // (reading 22 %, subtotals 16 %, checks 49 %, writing the Arrow 13 %).
    const READ: f64 = 0.22;
    const SUBTOTALS: f64 = 0.38;
    const CHECKED: f64 = 0.87;
    let read: Result<Dataset, Problem> = if crate::import::arrow_io::looks_like_arrow(bytes) {
        ecosystem::read_arrow(bytes)
    } else {
        ecosystem::read_parquet(bytes)
    };
    let mut dataset = read.map_err(|problem| ImportError::new(file_name, Place::File, problem))?;
    progress(READ);
    let rows = dataset.records.into_iter().enumerate();
    dataset.records = apply_subtotal_rows(rows.map(|(i, r)| (i + 1, r)).collect()).map_err(
        |(row, problem)| {
            let problem = RecordProblem::Subtotal(problem).into();
            ImportError::new(file_name, Place::Row(row), problem)
        },
    )?;
    if dataset.records.is_empty() {
        let problem = RecordProblem::NoDataRows.into();
        return Err(ImportError::new(file_name, Place::File, problem));
    }
    progress(SUBTOTALS);
    collection::check_dataset(&dataset, file_name).map_err(ImportError::widen)?;
    progress(CHECKED);
    to_arrow(dataset, file_name)
}

/// The dataset as the page receives it: cited by the name of the file the user opened, never
/// by a publisher its contents claim (a workbook's title, an Arrow file's metadata); only the
/// built-in files may cite the ministry. The page drops a publisher again when it merges
/// (`collection::merge_files`).
#[cfg(feature = "reader")]
fn to_arrow(mut dataset: Dataset, file_name: &str) -> Result<Converted, ImportError> {
    // The name as the page shows and exports it: without characters that hide or reorder text,
    // and within the length of any other name.
    let shown_name: String = file_name
        .chars()
        .filter(|c| !collection::is_hidden_control(*c))
        .take(crate::import::limits::MAX_TEXT_CHARS)
        .collect();
    dataset.provenance = Provenance {
        source_files: vec![shown_name],
        fictional: dataset.provenance.fictional,
        ..Provenance::default()
    };
    in_canonical_order(&mut dataset.records);
    arrow_writer::write_ipc_file(&dataset)
        .map(Converted::Arrow)
        .map_err(|arrow_writer::Unwritable { column }| {
            ImportError::new(file_name, Place::File, NotConverted { column }.into())
        })
}

/// Records in the order the page reads fastest: each area's records together and, within an
/// area, each group's, areas and groups in the order they first appear (the file's order kept
/// otherwise). The page's scans over areas and groups look at the last one first, so a file whose
/// areas alternate row by row costs it no more than one written area by area
/// (`view::screen::keys_for_user_data`, `Dataset::groups`).
#[cfg(feature = "reader")]
fn in_canonical_order(records: &mut Vec<Record>) {
    let mut keys: Vec<(usize, usize, usize)> = {
        let mut areas: HashMap<(AreaLevel, &str, &str), usize> = HashMap::new();
        let mut groups: HashMap<&str, usize> = HashMap::new();
        records
            .iter()
            .enumerate()
            .map(|(row, r)| {
                let next_area = areas.len();
                let area = (r.area_level, r.area_code.as_str(), r.area_name.as_str());
                let next_group = groups.len();
                let area = *areas.entry(area).or_insert(next_area);
                let group = *groups.entry(r.group.as_str()).or_insert(next_group);
                (area, group, row)
            })
            .collect()
    };
    if keys.windows(2).all(|pair| pair[0] <= pair[1]) {
        return;
    }
    keys.sort_unstable();
    let mut taken: Vec<Option<Record>> = records.drain(..).map(Some).collect();
    records.extend(keys.into_iter().filter_map(|(_, _, row)| taken[row].take()));
}

/// A file over [`MAX_USER_FILE_BYTES`], refused by the page before its bytes are read.
pub fn too_large(file_name: &str, byte_count: usize) -> ImportError<TooLarge> {
    ImportError::new(
        file_name,
        Place::File,
        TooLarge {
            byte_count,
            limit_bytes: MAX_USER_FILE_BYTES,
            kind: SizeLimit::AggregateTable,
        },
    )
}
