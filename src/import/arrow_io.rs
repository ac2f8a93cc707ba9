//! Arrow IPC in the canonical columns (see [`crate::model::CANONICAL_COLUMNS`]): the format of
//! the built-in data in `public/data/`, readable by any Arrow tool (pyarrow, arrow JS, DuckDB).
//!
//! String columns are written dictionary-encoded with 16-bit keys (every area name repeats
//! hundreds of times, and no column has more than a few hundred distinct values);
//! the reader also accepts plain UTF-8 columns. Provenance travels in the schema metadata.
//! This reader takes the canonical types only (it is the page's, and small);
//! `import::ecosystem` casts what other tools write to them first.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringDictionaryBuilder,
};
use arrow_array::types::{Int16Type, Int32Type, Int8Type};
use arrow_array::{
    AnyDictionaryArray, Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int32Array,
    Int64Array, RecordBatch, StringArray,
};
use arrow_ipc::writer::FileWriter;
use arrow_schema::{ArrowError, DataType, Field, Schema};

use crate::model::subtotal::{SuppressedInRow, SUBTOTAL_AGE_BAND_ID};
use crate::model::{AgeBand, AreaLevel, Bin, Dataset, Provenance, Record, Sex, CANONICAL_COLUMNS};

const META_PUBLISHER: &str = "renkei.publisher";
const META_RELEASE: &str = "renkei.release";
const META_SOURCE_FILES: &str = "renkei.source_files";
const META_FICTIONAL: &str = "renkei.fictional";

/// Columns Renkei writes after the canonical ones: on each suppressed cell, what its row's
/// published subtotal says (`model::subtotal::SuppressedInRow`: the row's suppressed cells, their
/// people, this cell's part of an even split), null elsewhere. The page reads them as they are,
/// so it carries no subtotal logic; files from elsewhere give subtotals as rows instead (age
/// band `subtotal`), which `import::user_file` applies; `import::ecosystem` drops these columns.
const SUPPRESSED_IN_ROW_COLUMNS: [&str; 3] = [
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
    let strings = |get: &dyn Fn(&Record) -> String| -> ArrayRef {
        let mut builder = StringDictionaryBuilder::<Int16Type>::new();
        for record in records {
            builder.append_value(get(record));
        }
        Arc::new(builder.finish())
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
        strings(&|r| r.area_level.id().to_string()),
        strings(&|r| r.area_code.clone()),
        strings(&|r| r.area_name.clone()),
        strings(&|r| r.group.clone()),
        strings(&|r| r.sex.id().to_string()),
        strings(&|r| r.age_band.id()),
        strings(&|r| r.indicator.clone()),
        strings(&|r| r.bin.label.clone()),
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

/// Reads the Arrow IPC *file* format (`ARROW1`…) as Renkei writes it: the page's reader of the
/// built-in data and of the reader worker's output. A subtotal row is refused (Renkei writes
/// what subtotals say in its own columns); files from elsewhere go through
/// `import::ecosystem::read_arrow`.
pub fn read_ipc_file_format(bytes: &[u8]) -> Result<Dataset, ArrowProblem> {
    let (schema, batches) = read_file_batches(bytes)?;
    let records = read_rows(&batches)?;
    let provenance = provenance(&schema);
    if let Some(index) = records.iter().position(|r| r.age_band == AgeBand::SUBTOTAL) {
        return Err(ArrowProblem::BadValue {
            column: "age_band",
            row_number: index + 1,
            found: SUBTOTAL_AGE_BAND_ID.to_string(),
        });
    }
    Ok(Dataset {
        provenance,
        records,
    })
}

/// The schema and record batches of an Arrow IPC file, as written (the page's reader and
/// `import::ecosystem`'s start here), each message decoded by [`MessageDecoder`].
pub(crate) fn read_file_batches(
    bytes: &[u8],
) -> Result<(Arc<Schema>, Vec<RecordBatch>), ArrowProblem> {
    use arrow_ipc::reader::read_footer_length;
    if !bytes.starts_with(ARROW_FILE_MAGIC) || bytes.len() < 16 {
        return Err(not_arrow("not an Arrow IPC file"));
    }
    let tail: [u8; 10] = bytes[bytes.len() - 10..]
        .try_into()
        .map_err(|_| not_arrow("too short"))?;
    let footer_start = (bytes.len() - 10)
        .checked_sub(read_footer_length(tail)?)
        .ok_or_else(|| not_arrow("footer length"))?;
    let footer = arrow_ipc::root_as_footer(&bytes[footer_start..bytes.len() - 10])
        .map_err(|e| not_arrow(&e.to_string()))?;
    let schema = arrow_ipc::convert::try_fb_to_schema(
        footer.schema().ok_or_else(|| not_arrow("no schema"))?,
    )?;
    let mut decoder = MessageDecoder::new(Arc::new(schema), bytes);
    // (message, body) of a block: the message after its continuation marker and length.
    let message_of = |block: &arrow_ipc::Block| {
        // Offsets come from the file: checked, so a corrupt footer is an error, not a panic.
        let (offset, body_start) = range_in(bytes, block.offset(), block.metaDataLength().into())?;
        let metadata = &bytes[offset..body_start];
        let flatbuffer = match metadata.get(..4) {
            Some([0xFF, 0xFF, 0xFF, 0xFF]) => metadata.get(8..),
            _ => metadata.get(4..),
        }
        .ok_or_else(|| not_arrow("block too short"))?;
        let message =
            arrow_ipc::root_as_message(flatbuffer).map_err(|e| not_arrow(&e.to_string()))?;
        let body = range_in(bytes, body_start as i64, block.bodyLength())?;
        Ok::<_, ArrowProblem>((message, body))
    };
    for block in footer.dictionaries().into_iter().flatten() {
        let (message, body) = message_of(block)?;
        decoder.dictionary(message, body)?;
    }
    let mut batches = Vec::new();
    for block in footer.recordBatches().into_iter().flatten() {
        let (message, body) = message_of(block)?;
        batches.push(decoder.record_batch(message, body)?);
    }
    Ok((decoder.schema, batches))
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

/// Decodes the dictionary and record batch messages of an IPC file or stream with arrow-ipc's
/// own `read_record_batch`, as its readers do, with two differences:
/// - every buffer a message names is checked to lie inside its body first, because arrow-ipc
///   panics on one that does not (apache/arrow-rs#541) and a damaged file must get a message;
/// - a delta dictionary is refused: `write_ipc_file` never writes one, and merging deltas needs
///   arrow-select's concatenation kernels, which added 87 KB gzip to the first visit.
pub(crate) struct MessageDecoder {
    pub(crate) schema: Arc<Schema>,
    whole: arrow_buffer::Buffer,
    dictionaries: HashMap<i64, ArrayRef>,
}

impl MessageDecoder {
    /// `bytes`: the whole file or stream, which message bodies are ranges of.
    pub(crate) fn new(schema: Arc<Schema>, bytes: &[u8]) -> MessageDecoder {
        MessageDecoder {
            schema,
            whole: arrow_buffer::Buffer::from(bytes),
            dictionaries: HashMap::new(),
        }
    }

    /// The body `(start, end)` in the whole, its buffers checked against the fields they fill.
    fn body(
        &self,
        fields: &arrow_schema::Fields,
        batch: arrow_ipc::RecordBatch,
        (start, end): (usize, usize),
    ) -> Result<arrow_buffer::Buffer, ArrowProblem> {
        if start % 8 != 0 {
            return Err(not_arrow("a message body is not 8-byte aligned"));
        }
        check_buffers(fields, batch, &self.whole.as_slice()[start..end])?;
        Ok(self.whole.slice_with_length(start, end - start))
    }

    pub(crate) fn dictionary(
        &mut self,
        message: arrow_ipc::Message,
        body: (usize, usize),
    ) -> Result<(), ArrowProblem> {
        let dictionary = message
            .header_as_dictionary_batch()
            .ok_or_else(|| not_arrow("expected a dictionary batch"))?;
        if dictionary.isDelta() {
            return Err(not_arrow("delta dictionaries are not supported"));
        }
        // The values' type is that of the dictionary column with this id.
        #[allow(deprecated)] // arrow-ipc itself still maps dictionaries to columns by id
        let value_type = self
            .schema
            .fields()
            .iter()
            .find(|f| f.dict_id() == Some(dictionary.id()))
            .and_then(|f| match f.data_type() {
                DataType::Dictionary(_, values) => Some(values.as_ref().clone()),
                _ => None,
            })
            .ok_or_else(|| not_arrow("a dictionary no column uses"))?;
        let values_schema = Arc::new(Schema::new(vec![Field::new("values", value_type, true)]));
        let data = dictionary
            .data()
            .ok_or_else(|| not_arrow("empty dictionary"))?;
        let body = self.body(values_schema.fields(), data, body)?;
        let values = arrow_ipc::reader::read_record_batch(
            &body,
            data,
            values_schema,
            &HashMap::new(),
            None,
            &message.version(),
        )?;
        self.dictionaries
            .insert(dictionary.id(), values.column(0).clone());
        Ok(())
    }

    pub(crate) fn record_batch(
        &self,
        message: arrow_ipc::Message,
        body: (usize, usize),
    ) -> Result<RecordBatch, ArrowProblem> {
        let batch = message
            .header_as_record_batch()
            .ok_or_else(|| not_arrow("expected a record batch"))?;
        let body = self.body(self.schema.fields(), batch, body)?;
        Ok(arrow_ipc::reader::read_record_batch(
            &body,
            batch,
            self.schema.clone(),
            &self.dictionaries,
            None,
            &message.version(),
        )?)
    }
}

/// Checks that every buffer a message names lies in its body, 8-byte aligned as the format
/// requires, and that each flat column's buffers hold whole elements of their type. Columns
/// after a nested one are not checked here (arrow-ipc still validates their contents).
fn check_buffers(
    fields: &arrow_schema::Fields,
    batch: arrow_ipc::RecordBatch,
    body: &[u8],
) -> Result<(), ArrowProblem> {
    let body_length = body.len() as i64;
    let bad = || ArrowProblem::NotArrow {
        detail: "a buffer does not match its column".into(),
    };
    let named: Vec<&arrow_ipc::Buffer> = batch.buffers().into_iter().flatten().collect();
    for buffer in &named {
        let (offset, length) = (buffer.offset(), buffer.length());
        let inside = offset >= 0
            && length >= 0
            && offset % 8 == 0
            && offset
                .checked_add(length)
                .is_some_and(|end| end <= body_length);
        if !inside {
            return Err(bad());
        }
    }
    // Compressed buffers (files from elsewhere) are decoded only where feature `columnar-files`
    // links LZ4 and ZSTD (the columnar worker), which checks them; elsewhere arrow-ipc refuses
    // them.
    let lengths: Vec<i64> = match batch.compression() {
        None => named.iter().map(|buffer| buffer.length()).collect(),
        #[cfg(feature = "columnar-files")]
        Some(compression) => {
            crate::import::ecosystem::decompressed_lengths(compression.codec(), &named, body)?
        }
        #[cfg(not(feature = "columnar-files"))]
        Some(_) => return Ok(()),
    };
    // Bytes per element of each buffer of a column: validity first (a bitmap), then values.
    let element_bytes = |data_type: &DataType| -> Option<&'static [i64]> {
        let data_type = match data_type {
            DataType::Dictionary(keys, _) => keys.as_ref(),
            other => other,
        };
        Some(match data_type {
            DataType::Null => &[],
            DataType::Boolean | DataType::Int8 | DataType::UInt8 => &[1, 1],
            DataType::Int16 | DataType::UInt16 | DataType::Float16 => &[1, 2],
            DataType::Int32 | DataType::UInt32 | DataType::Float32 | DataType::Date32 => &[1, 4],
            DataType::Int64 | DataType::UInt64 | DataType::Float64 | DataType::Date64 => &[1, 8],
            DataType::Utf8 | DataType::Binary => &[1, 4, 1],
            DataType::LargeUtf8 | DataType::LargeBinary => &[1, 8, 1],
            // 16-byte views, then the batch's count of data buffers for this column. Only
            // files from elsewhere have views, and only the columnar worker reads those.
            #[cfg(feature = "columnar-files")]
            DataType::Utf8View | DataType::BinaryView => &[1, 16],
            _ => return None,
        })
    };
    let mut buffers = lengths.iter();
    #[cfg(feature = "columnar-files")]
    let mut view_data_buffers = batch.variadicBufferCounts().into_iter().flatten();
    for field in fields {
        let Some(widths) = element_bytes(field.data_type()) else {
            return Ok(());
        };
        #[cfg(feature = "columnar-files")]
        let data_buffers = match field.data_type() {
            DataType::Utf8View | DataType::BinaryView => view_data_buffers.next().unwrap_or(0),
            _ => 0,
        };
        #[cfg(not(feature = "columnar-files"))]
        let data_buffers = 0;
        let data_widths = std::iter::repeat_n(&1, usize::try_from(data_buffers).unwrap_or(0));
        for width in widths.iter().chain(data_widths) {
            match buffers.next() {
                Some(length) if length % width != 0 => return Err(bad()),
                Some(_) => {}
                // Too few buffers: arrow-ipc reports that itself.
                None => return Ok(()),
            }
        }
    }
    Ok(())
}

/// Whether bytes look like Arrow IPC (file, or stream with its continuation marker).
pub fn looks_like_arrow(bytes: &[u8]) -> bool {
    bytes.starts_with(ARROW_FILE_MAGIC) || bytes.starts_with(&[0xFF, 0xFF, 0xFF, 0xFF])
}

pub(crate) const ARROW_FILE_MAGIC: &[u8] = b"ARROW1";

pub(crate) fn provenance(schema: &Schema) -> Provenance {
    let metadata = schema.metadata();
    Provenance {
        publisher: metadata.get(META_PUBLISHER).cloned().unwrap_or_default(),
        release: metadata.get(META_RELEASE).cloned().unwrap_or_default(),
        source_files: metadata
            .get(META_SOURCE_FILES)
            .map(|files| files.lines().map(str::to_string).collect())
            .unwrap_or_default(),
        fictional: metadata
            .get(META_FICTIONAL)
            .is_some_and(|flag| flag == "true"),
    }
}

/// Records of batches in the canonical column types (`import::ecosystem` casts other files'
/// columns to them first).
pub(crate) fn read_rows(batches: &[RecordBatch]) -> Result<Vec<Record>, ArrowProblem> {
    let mut records = Vec::new();
    for batch in batches {
        read_batch(batch, records.len(), &mut records)?;
    }
    Ok(records)
}

fn read_batch(
    batch: &RecordBatch,
    rows_before: usize,
    out: &mut Vec<Record>,
) -> Result<(), ArrowProblem> {
    let column = |name: &'static str| -> Result<&ArrayRef, ArrowProblem> {
        batch
            .column_by_name(name)
            .ok_or(ArrowProblem::MissingColumn { column: name })
    };
    let text = |name: &'static str| -> Result<TextColumn, ArrowProblem> {
        TextColumn::new(name, column(name)?)
    };
    let year = column("year")?
        .as_any()
        .downcast_ref::<Int32Array>()
        .ok_or_else(|| wrong_type("year", column("year")))?;
    let floats = |name: &'static str| -> Result<&Float64Array, ArrowProblem> {
        column(name)?
            .as_any()
            .downcast_ref::<Float64Array>()
            .ok_or_else(|| wrong_type(name, column(name)))
    };
    let (lower, upper) = (floats("bin_lower")?, floats("bin_upper")?);
    let count = column("count")?
        .as_any()
        .downcast_ref::<Int64Array>()
        .ok_or_else(|| wrong_type("count", column("count")))?;
    let suppressed = column("suppressed")?
        .as_any()
        .downcast_ref::<BooleanArray>()
        .ok_or_else(|| wrong_type("suppressed", column("suppressed")))?;
    let (area_level, area_code, area_name, group) = (
        text("area_level")?,
        text("area_code")?,
        text("area_name")?,
        text("group")?,
    );
    let (sex, age_band, indicator, bin_label) = (
        text("sex")?,
        text("age_band")?,
        text("indicator")?,
        text("bin_label")?,
    );

    // Optional: what Renkei wrote about suppressed cells (absent in files from elsewhere).
    let mut in_row: Vec<&Int64Array> = Vec::new();
    for name in SUPPRESSED_IN_ROW_COLUMNS {
        if let Some(array) = batch.column_by_name(name) {
            let ints = array.as_any().downcast_ref::<Int64Array>();
            in_row.push(ints.ok_or_else(|| wrong_type(name, Ok(array)))?);
        }
    }
    for row in 0..batch.num_rows() {
        let row_number = rows_before + row + 1;
        let bad = |column: &'static str, found: &str| ArrowProblem::BadValue {
            column,
            row_number,
            found: found.to_string(),
        };
        let level_text = area_level.value(row);
        let sex_text = sex.value(row);
        let age_text = age_band.value(row);
        let is_suppressed = suppressed.is_valid(row) && suppressed.value(row);
        let count_people = if is_suppressed || count.is_null(row) {
            None
        } else {
            let value = count.value(row);
            Some(u64::try_from(value).map_err(|_| bad("count", &value.to_string()))?)
        };
        out.push(Record {
            year: if year.is_null(row) {
                return Err(bad("year", "null"));
            } else {
                year.value(row)
            },
            area_level: AreaLevel::from_id(level_text)
                .ok_or_else(|| bad("area_level", level_text))?,
            area_code: area_code.value(row).to_string(),
            area_name: area_name.value(row).to_string(),
            group: group.value(row).to_string(),
            sex: Sex::from_id(sex_text).ok_or_else(|| bad("sex", sex_text))?,
            age_band: AgeBand::parse_or_subtotal(age_text)
                .ok_or_else(|| bad("age_band", age_text))?,
            indicator: indicator.value(row).to_string(),
            bin: Bin {
                label: bin_label.value(row).to_string(),
                lower: lower.is_valid(row).then(|| lower.value(row)),
                upper: upper.is_valid(row).then(|| upper.value(row)),
            },
            suppressed_in_row: match (&in_row[..], count_people) {
                ([cells, people, share], None) if cells.is_valid(row) => {
                    let (cells, people, share) =
                        (cells.value(row), people.value(row), share.value(row));
                    let bad = || bad(SUPPRESSED_IN_ROW_COLUMNS[0], &cells.to_string());
                    Some(SuppressedInRow {
                        cells: u16::try_from(cells)
                            .ok()
                            .filter(|c| *c > 0)
                            .ok_or_else(bad)?,
                        people: u64::try_from(people).map_err(|_| bad())?,
                        even_share_people: u64::try_from(share)
                            .ok()
                            .filter(|s| *s <= people as u64)
                            .ok_or_else(bad)?,
                    })
                }
                _ => None,
            },
            count_people,
        });
    }
    Ok(())
}

fn wrong_type(column: &'static str, array: Result<&ArrayRef, ArrowProblem>) -> ArrowProblem {
    let found = array.map(|a| a.data_type().to_string()).unwrap_or_default();
    ArrowProblem::WrongType { column, found }
}

/// A string column, plain or dictionary-encoded with any small signed key. Dictionary keys
/// are normalised once so that reading a row is an index, whatever the key width.
struct TextColumn<'a> {
    array: &'a ArrayRef,
    values: &'a StringArray,
    dictionary_keys: Option<Vec<usize>>,
}

impl<'a> TextColumn<'a> {
    fn new(name: &'static str, array: &'a ArrayRef) -> Result<TextColumn<'a>, ArrowProblem> {
        let any = array.as_any();
        let as_strings = |values: &'a ArrayRef| values.as_any().downcast_ref::<StringArray>();
        let found = if let Some(plain) = any.downcast_ref::<StringArray>() {
            Some((plain, None))
        } else if let Some(dict) = any.downcast_ref::<DictionaryArray<Int8Type>>() {
            as_strings(dict.values()).map(|v| (v, Some(dict.normalized_keys())))
        } else if let Some(dict) = any.downcast_ref::<DictionaryArray<Int16Type>>() {
            as_strings(dict.values()).map(|v| (v, Some(dict.normalized_keys())))
        } else if let Some(dict) = any.downcast_ref::<DictionaryArray<Int32Type>>() {
            as_strings(dict.values()).map(|v| (v, Some(dict.normalized_keys())))
        } else {
            None
        };
        let (values, dictionary_keys) = found.ok_or_else(|| ArrowProblem::WrongType {
            column: name,
            found: array.data_type().to_string(),
        })?;
        Ok(TextColumn {
            array,
            values,
            dictionary_keys,
        })
    }

    /// The text at `row`; a null reads as empty.
    fn value(&self, row: usize) -> &'a str {
        if self.array.is_null(row) {
            return "";
        }
        let index = self.dictionary_keys.as_ref().map_or(row, |keys| keys[row]);
        if self.values.is_null(index) {
            ""
        } else {
            self.values.value(index)
        }
    }
}
