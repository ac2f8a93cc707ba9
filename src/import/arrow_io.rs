//! Arrow IPC in the canonical columns (see [`crate::model::CANONICAL_COLUMNS`]): the format of
//! the built-in data in `public/data/`, readable by any Arrow tool (pyarrow, arrow JS, DuckDB).
//!
//! String columns are written dictionary-encoded with 16-bit keys (every area name repeats
//! hundreds of times, and no column has more than a few hundred distinct values).
//! Provenance travels in the schema metadata. This module writes them and holds what the two
//! readers share: the page reads these files with `import::canonical_ipc` (buffers read
//! directly, no arrow-rs arrays); the columnar worker decodes other tools' files with arrow-rs
//! (`import::ipc_decoder`, behind `import::ecosystem`).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringDictionaryBuilder,
};
use arrow_array::types::Int16Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_ipc::writer::FileWriter;
use arrow_schema::{ArrowError, DataType, Field, Schema};

use crate::model::{Dataset, Provenance, Record, CANONICAL_COLUMNS};

const META_PUBLISHER: &str = "renkei.publisher";
const META_RELEASE: &str = "renkei.release";
const META_SOURCE_FILES: &str = "renkei.source_files";
const META_FICTIONAL: &str = "renkei.fictional";

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

/// `suppressed_in_row`: whether the [`SUPPRESSED_IN_ROW_COLUMNS`] are written (only where some
/// cell has something to say, so a file without suppression is no larger for them).
fn schema(provenance: &Provenance, suppressed_in_row: bool) -> Schema {
    let dictionary = || DataType::Dictionary(Box::new(DataType::Int16), Box::new(DataType::Utf8));
    let fields: Vec<Field> = CANONICAL_COLUMNS
        .iter()
        .map(|&name| match name {
            "year" => Field::new(name, DataType::Int32, false),
            "bin_lower" | "bin_upper" => Field::new(name, DataType::Float64, true),
            "count" => Field::new(name, DataType::Int64, true),
            "suppressed" => Field::new(name, DataType::Boolean, false),
            _ => Field::new(name, dictionary(), false),
        })
        .chain(
            SUPPRESSED_IN_ROW_COLUMNS
                .iter()
                .filter(|_| suppressed_in_row)
                .map(|&name| Field::new(name, DataType::Int64, true)),
        )
        .collect();
    let metadata = HashMap::from([
        (META_PUBLISHER.to_string(), provenance.publisher.clone()),
        (META_RELEASE.to_string(), provenance.release.clone()),
        (
            META_SOURCE_FILES.to_string(),
            provenance.source_files.join("\n"),
        ),
        (META_FICTIONAL.to_string(), provenance.fictional.to_string()),
    ]);
    Schema::new(fields).with_metadata(metadata)
}

/// Writes a dataset as one Arrow IPC file (one record batch).
pub fn write_ipc_file(dataset: &Dataset) -> Result<Vec<u8>, ArrowError> {
    let records = &dataset.records;
    let suppressed_in_row = records.iter().any(|r| r.suppressed_in_row.is_some());
    let schema = Arc::new(schema(&dataset.provenance, suppressed_in_row));
    // `append`, not `append_value`: past 32,767 distinct texts in one column (a crafted file's
    // bin labels) the 16-bit keys overflow, an error here, a panic there.
    let strings = |get: &dyn Fn(&Record) -> String| -> Result<ArrayRef, ArrowError> {
        let mut builder = StringDictionaryBuilder::<Int16Type>::new();
        for record in records {
            builder.append(get(record))?;
        }
        Ok(Arc::new(builder.finish()))
    };
    let mut year = Int32Builder::new();
    let mut lower = Float64Builder::new();
    let mut upper = Float64Builder::new();
    let mut count = Int64Builder::new();
    let mut suppressed = BooleanBuilder::new();
    let mut in_row = [
        Int64Builder::new(),
        Int64Builder::new(),
        Int64Builder::new(),
    ];
    for record in records {
        year.append_value(record.year);
        lower.append_option(record.bin.lower);
        upper.append_option(record.bin.upper);
        count.append_option(record.count_people.map(|c| c as i64));
        suppressed.append_value(record.is_suppressed());
        let row = record.suppressed_in_row;
        in_row[0].append_option(row.map(|r| i64::from(r.cells)));
        in_row[1].append_option(row.map(|r| r.people as i64));
        in_row[2].append_option(row.map(|r| r.even_share_people as i64));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(year.finish()),
        strings(&|r| r.area_level.id().to_string())?,
        strings(&|r| r.area_code.clone())?,
        strings(&|r| r.area_name.clone())?,
        strings(&|r| r.group.clone())?,
        strings(&|r| r.sex.id().to_string())?,
        strings(&|r| r.age_band.id())?,
        strings(&|r| r.indicator.clone())?,
        strings(&|r| r.bin.label.clone())?,
        Arc::new(lower.finish()),
        Arc::new(upper.finish()),
        Arc::new(count.finish()),
        Arc::new(suppressed.finish()),
    ];
    let columns: Vec<ArrayRef> = columns
        .into_iter()
        .chain(
            in_row
                .map(|mut builder| Arc::new(builder.finish()) as ArrayRef)
                .into_iter()
                .filter(|_| suppressed_in_row),
        )
        .collect();
    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    let mut bytes = Vec::new();
    let mut writer = FileWriter::try_new(&mut bytes, &schema)?;
    writer.write(&batch)?;
    writer.finish()?;
    drop(writer);
    Ok(bytes)
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
