//! A file a user opened, whatever its kind, as canonical Arrow IPC: the one call the reader
//! worker makes. An xlsx (a zip) goes to the NDB workbook importer, Arrow IPC (file or stream)
//! and Parquet to `ecosystem` and the same checks, anything else to the tidy CSV reader
//! (`docs/data-format.md`).

#[cfg(feature = "file-formats")]
use crate::import::wide::{apply_mapping, RawTable, WideMapping, WidePreview};
#[cfg(feature = "file-formats")]
use crate::import::{arrow_io, collection, ecosystem, ndb, NotConverted, RecordProblem};
use crate::import::{tidy, ImportError, Place, SizeLimit, TooLarge};
#[cfg(feature = "file-formats")]
use crate::model::{subtotal::apply_subtotal_rows, Dataset};

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
    let to_arrow = |dataset: &Dataset| {
        arrow_io::write_ipc_file(dataset)
            .map(Converted::Arrow)
            .map_err(|error| {
                let detail = error.to_string();
                ImportError::new(file_name, Place::File, NotConverted { detail }.into())
            })
    };
    if bytes.starts_with(ZIP_MAGIC) || file_name.to_lowercase().ends_with(".xlsx") {
        return to_arrow(&ndb::import_user_workbook(bytes, file_name)?);
    }
    let columnar = if arrow_io::looks_like_arrow(bytes) {
        Some(ecosystem::read_arrow(bytes))
    } else if ecosystem::looks_like_parquet(bytes) {
        Some(ecosystem::read_parquet(bytes))
    } else {
        None
    };
    if let Some(read) = columnar {
        let mut dataset =
            read.map_err(|problem| ImportError::new(file_name, Place::File, problem))?;
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
        return to_arrow(&dataset);
    }
    if let Some(mapping) = mapping {
        let table = RawTable::read(bytes, file_name)?;
        return to_arrow(&apply_mapping(&table, mapping)?);
    }
    match tidy::import_tidy_csv_with_progress(bytes, file_name, progress) {
        Ok(dataset) => to_arrow(&dataset),
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
