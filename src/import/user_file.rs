//! A file a user opened, whatever its kind, as canonical Arrow IPC: the one call the reader
//! worker makes. An xlsx (a zip) goes to the NDB workbook importer, Arrow IPC (file or stream)
//! to the Arrow reader and the same checks, anything else to the tidy CSV reader
//! (`docs/data-format.md`).

use crate::import::wide::{apply_mapping, RawTable, WideMapping, WidePreview};
use crate::import::{arrow_io, collection, ndb, tidy};
use crate::view::language::Message;

/// What a file became: canonical Arrow IPC, or a table whose columns the user must map.
#[derive(Debug)]
pub enum Converted {
    Arrow(Vec<u8>),
    NeedsMapping(WidePreview),
}

/// The page refuses larger files before reading them (each reader has its own, lower limit).
pub const MAX_USER_FILE_BYTES: usize = tidy::MAX_TIDY_CSV_BYTES;

/// `mapping`: how to read a wide table, once the user has confirmed it. `progress` hears the
/// fraction (0–1) read so far, where the reader can tell (CSV).
pub fn user_file_to_arrow(
    bytes: &[u8],
    file_name: &str,
    mapping: Option<&WideMapping>,
    progress: &mut dyn FnMut(f64),
) -> Result<Converted, Message> {
    const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
    let to_arrow = |dataset: &crate::model::Dataset| {
        arrow_io::write_ipc_file(dataset)
            .map(Converted::Arrow)
            .map_err(|error| arrow_io::not_converted(file_name, &error))
    };
    if bytes.starts_with(ZIP_MAGIC) || file_name.to_lowercase().ends_with(".xlsx") {
        return ndb::user_workbook_to_arrow(bytes, file_name).map(Converted::Arrow);
    }
    if arrow_io::looks_like_arrow(bytes) {
        let mut dataset =
            arrow_io::read_ipc_file(bytes).map_err(|error| error.message().about(file_name))?;
        if dataset.records.is_empty() {
            return Err(
                Message::new("データ行がありません。", "There are no data rows.").about(file_name),
            );
        }
        collection::check_dataset(&dataset, file_name)?;
        // What the page cites is the file the user opened, whatever the metadata says.
        dataset.provenance.source_files = vec![file_name.to_string()];
        return to_arrow(&dataset);
    }
    if let Some(mapping) = mapping {
        let table = RawTable::read(bytes, file_name).map_err(|error| error.message())?;
        let dataset = apply_mapping(&table, mapping).map_err(|error| error.message())?;
        return to_arrow(&dataset);
    }
    match tidy::import_tidy_csv_with_progress(bytes, file_name, progress) {
        Ok(dataset) => to_arrow(&dataset),
        // The header (line 1) was not the tidy format's: a wide table goes to the mapping step.
        Err(error) if error.line_number == Some(1) => {
            match RawTable::read(bytes, file_name)
                .ok()
                .and_then(|t| t.wide_preview())
            {
                Some(preview) => Ok(Converted::NeedsMapping(preview)),
                None => Err(error.message()),
            }
        }
        Err(error) => Err(error.message()),
    }
}

/// The page's message for a file over [`MAX_USER_FILE_BYTES`], before its bytes are read.
pub fn too_large_message(file_name: &str, byte_count: usize) -> Message {
    tidy::too_large(byte_count, MAX_USER_FILE_BYTES).about(file_name)
}
