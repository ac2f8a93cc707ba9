//! A file a user opened, whatever its kind, as canonical Arrow IPC: the one call the reader
//! worker makes. An xlsx (a zip) goes to the NDB workbook importer, Arrow IPC (file or stream)
//! to the Arrow reader and the same checks, anything else to the tidy CSV reader
//! (`docs/data-format.md`).

use crate::{arrow_io, collection, ndb, tidy};

/// The page refuses larger files before reading them (each reader has its own, lower limit).
pub const MAX_USER_FILE_BYTES: usize = tidy::MAX_TIDY_CSV_BYTES;

/// `progress` hears the fraction (0–1) read so far, where the reader can tell (CSV).
pub fn user_file_to_arrow(
    bytes: &[u8],
    file_name: &str,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<u8>, String> {
    const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
    if bytes.starts_with(ZIP_MAGIC) || file_name.to_lowercase().ends_with(".xlsx") {
        return ndb::user_workbook_to_arrow(bytes, file_name);
    }
    if arrow_io::looks_like_arrow(bytes) {
        let mut dataset = arrow_io::read_ipc_file(bytes)
            .map_err(|error| format!("{file_name}：{}", error.message_ja()))?;
        if dataset.records.is_empty() {
            return Err(format!("{file_name}：データ行がありません。"));
        }
        collection::check_dataset(&dataset, file_name)?;
        // What the page cites is the file the user opened, whatever the metadata says.
        dataset.provenance.source_files = vec![file_name.to_string()];
        return arrow_io::write_ipc_file(&dataset)
            .map_err(|error| format!("{file_name}：変換できません（{error}）。"));
    }
    let dataset = tidy::import_tidy_csv_with_progress(bytes, file_name, progress)
        .map_err(|error| error.message_ja())?;
    arrow_io::write_ipc_file(&dataset)
        .map_err(|error| format!("{file_name}：変換できません（{error}）。"))
}

/// The page's message for a file over [`MAX_USER_FILE_BYTES`], before its bytes are read.
pub fn too_large_message(file_name: &str, byte_count: usize) -> String {
    format!(
        "{file_name}：ファイルが大きすぎます（{:.1} MB、上限 {} MB）。集計済みの表を読み込んでください。",
        byte_count as f64 / 1_048_576.0,
        MAX_USER_FILE_BYTES / 1_048_576
    )
}
