//! A file a user opened, whatever its kind, as canonical Arrow IPC: the one call the reader
//! worker makes. An xlsx (a zip) goes to the NDB workbook importer, Arrow IPC (file or stream)
//! and Parquet to `ecosystem` and the same checks, anything else to the tidy CSV reader
//! (`docs/data-format.md`).

#[cfg(feature = "file-formats")]
use crate::import::wide::{apply_mapping, RawTable, WideMapping, WidePreview};
#[cfg(feature = "file-formats")]
use crate::import::{arrow_io, collection, ecosystem, ndb, NotConverted, Problem, RecordProblem};
use crate::import::{tidy, ImportError, Place, SizeLimit, TooLarge};
#[cfg(feature = "file-formats")]
use crate::model::{subtotal::apply_subtotal_rows, Dataset};

/// How a reader worker turns a file into [`Converted`]: its bytes, its name, a wide table's
/// confirmed mapping, and a hearer of progress (0–1).
#[cfg(feature = "file-formats")]
pub type Convert =
    fn(&[u8], &str, Option<&WideMapping>, &mut dyn FnMut(f64)) -> Result<Converted, ImportError>;

/// What a file became: canonical Arrow IPC, or a table whose columns the user must map.
#[cfg(feature = "file-formats")]
#[derive(Debug)]
pub enum Converted {
    Arrow(Vec<u8>),
    NeedsMapping(WidePreview),
}

/// The page refuses larger files before reading them (each reader has its own, lower limit).
pub const MAX_USER_FILE_BYTES: usize = tidy::MAX_TIDY_CSV_BYTES;

/// `mapping`: how to read a wide table, once the user has confirmed it. `progress` hears the
/// fraction (0–1) read so far, where the reader can tell (CSV). Only the reader worker calls
/// this (feature `file-formats`); the page needs only the size limit below.
#[cfg(feature = "file-formats")]
pub fn user_file_to_arrow(
    bytes: &[u8],
    file_name: &str,
    mapping: Option<&WideMapping>,
    progress: &mut dyn FnMut(f64),
) -> Result<Converted, ImportError> {
    const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
    if bytes.starts_with(ZIP_MAGIC) || file_name.to_lowercase().ends_with(".xlsx") {
        return to_arrow(&ndb::import_user_workbook(bytes, file_name)?, file_name);
    }
    if arrow_io::looks_like_arrow(bytes) {
        return columnar_to_arrow(ecosystem::read_arrow(bytes), file_name);
    }
    // In the browser the reader worker hands Parquet to the Parquet worker
    // (`web::parquet_relay`); native builds read it here.
    #[cfg(feature = "parquet-files")]
    if ecosystem::looks_like_parquet(bytes) {
        return parquet_file_to_arrow(bytes, file_name, mapping, progress);
    }
    if let Some(mapping) = mapping {
        let table = RawTable::read(bytes, file_name)?;
        return to_arrow(&apply_mapping(&table, mapping)?, file_name);
    }
    match tidy::import_tidy_csv_with_progress(bytes, file_name, progress) {
        Ok(dataset) => to_arrow(&dataset, file_name),
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

/// The Parquet worker's conversion, in the shape of [`user_file_to_arrow`] (the worker's
/// `run` takes either): it reads Parquet only, so that worker links no other reader.
#[cfg(feature = "parquet-files")]
pub fn parquet_file_to_arrow(
    bytes: &[u8],
    file_name: &str,
    _mapping: Option<&WideMapping>,
    _progress: &mut dyn FnMut(f64),
) -> Result<Converted, ImportError> {
    columnar_to_arrow(ecosystem::read_parquet(bytes), file_name)
}

/// An Arrow or Parquet file's records checked as every file's are: its subtotal rows applied,
/// each record checked, the file cited by the name the user gave it.
#[cfg(feature = "file-formats")]
fn columnar_to_arrow(
    read: Result<Dataset, Problem>,
    file_name: &str,
) -> Result<Converted, ImportError> {
    let mut dataset = read.map_err(|problem| ImportError::new(file_name, Place::File, problem))?;
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
    collection::check_dataset(&dataset, file_name).map_err(ImportError::widen)?;
    // What the page cites is the file the user opened, whatever the metadata says.
    dataset.provenance.source_files = vec![file_name.to_string()];
    to_arrow(&dataset, file_name)
}

#[cfg(feature = "file-formats")]
fn to_arrow(dataset: &Dataset, file_name: &str) -> Result<Converted, ImportError> {
    arrow_io::write_ipc_file(dataset)
        .map(Converted::Arrow)
        .map_err(|error| {
            let detail = error.to_string();
            ImportError::new(file_name, Place::File, NotConverted { detail }.into())
        })
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
