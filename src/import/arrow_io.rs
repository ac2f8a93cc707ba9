//! Arrow IPC in the canonical columns (see [`crate::model::CANONICAL_COLUMNS`]): the format of
//! the built-in data in `public/data/`, readable by any Arrow tool (pyarrow, arrow JS, DuckDB).
//!
//! String columns are written dictionary-encoded with 16-bit keys (every area name repeats
//! hundreds of times, and no column has more than a few hundred distinct values).
//! Provenance travels in the schema metadata. This module writes them and holds what the two
//! readers share: the page reads these files with `import::canonical_ipc` (buffers read
//! directly, no arrow-rs arrays); the columnar worker decodes other tools' files with arrow-rs
//! (`import::ipc_decoder`, behind `import::ecosystem`).

use arrow_schema::ArrowError;

use crate::model::Provenance;

pub(crate) const META_PUBLISHER: &str = "renkei.publisher";
pub(crate) const META_RELEASE: &str = "renkei.release";
pub(crate) const META_SOURCE_FILES: &str = "renkei.source_files";
pub(crate) const META_FICTIONAL: &str = "renkei.fictional";

/// Columns Renkei writes after the canonical ones: on each suppressed cell, what its row's
/// published subtotal says (`model::subtotal::SuppressedInRow`: the row's suppressed cells, their
/// people, this cell's part of an even split), null elsewhere. The page reads them as they are,
/// so it carries no subtotal logic; files from elsewhere give subtotals as rows instead (age
/// band `subtotal`), which `import::user_file` applies; `import::ecosystem` drops these columns.
pub(crate) const SUPPRESSED_IN_ROW_COLUMNS: [&str; 3] = [
    "row_suppressed_cells",
    "row_suppressed_people",
    "row_even_share_people",
];

/// Why an Arrow file could not be read as Renkei data; names the column and row.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrowProblem {
    NotArrow {
        detail: String,
    },
    MissingColumn {
        column: &'static str,
    },
    WrongType {
        column: &'static str,
        found: String,
    },
    BadValue {
        column: &'static str,
        row_number: usize,
        found: String,
    },
}

impl From<ArrowError> for ArrowProblem {
    fn from(error: ArrowError) -> Self {
        ArrowProblem::NotArrow {
            detail: error.to_string(),
        }
    }
}

pub(crate) fn not_arrow(detail: &str) -> ArrowProblem {
    ArrowProblem::NotArrow {
        detail: detail.to_string(),
    }
}

/// `(from, from + length)` if that lies inside `bytes` (offsets read from a file are checked,
/// so a corrupt one is an error, not a panic).
pub(crate) fn range_in(
    bytes: &[u8],
    from: i64,
    length: i64,
) -> Result<(usize, usize), ArrowProblem> {
    let from = usize::try_from(from).map_err(|_| not_arrow("negative offset"))?;
    let length = usize::try_from(length).map_err(|_| not_arrow("negative length"))?;
    match from.checked_add(length) {
        Some(to) if to <= bytes.len() => Ok((from, to)),
        _ => Err(not_arrow("a message outside the file")),
    }
}
/// Whether bytes look like Arrow IPC (file, or stream with its continuation marker).
pub fn looks_like_arrow(bytes: &[u8]) -> bool {
    bytes.starts_with(ARROW_FILE_MAGIC) || bytes.starts_with(&[0xFF, 0xFF, 0xFF, 0xFF])
}

pub(crate) const ARROW_FILE_MAGIC: &[u8] = b"ARROW1";
/// Provenance from a schema's metadata (`renkei.publisher`…), looked up by `get`; what is
/// absent is empty.
pub(crate) fn provenance_of<'m>(get: impl Fn(&str) -> Option<&'m String>) -> Provenance {
    Provenance {
        publisher: get(META_PUBLISHER).cloned().unwrap_or_default(),
        release: get(META_RELEASE).cloned().unwrap_or_default(),
        source_files: get(META_SOURCE_FILES)
            .map(|files| files.lines().map(str::to_string).collect())
            .unwrap_or_default(),
        fictional: get(META_FICTIONAL).is_some_and(|flag| flag == "true"),
    }
}
