//! Arrow IPC decoded with arrow-rs into arrays, each message checked first: the columnar
//! worker's reader of files other tools write (`import::ecosystem` converts their columns to the
//! canonical types, then [`read_rows`] reads them). The page reads Renkei's own files with
//! `import::canonical_ipc` instead, which links none of this.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    AnyDictionaryArray, Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int32Array,
    Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};

use crate::import::arrow_io::{
    not_arrow, provenance_of, range_in, ArrowProblem, ARROW_FILE_MAGIC, SUPPRESSED_IN_ROW_COLUMNS,
};
use crate::import::canonical_ipc::{record_of, RowValues};
use crate::model::{Provenance, Record};
/// The schema and record batches of an Arrow IPC file, as written (`import::ecosystem` starts
/// here), each message decoded by [`MessageDecoder`].
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
/// Decodes the dictionary and record batch messages of an IPC file or stream with arrow-ipc's
/// own `read_record_batch`, as its readers do, with two differences:
/// - every buffer a message names is checked to lie inside its body first, because arrow-ipc
///   panics on one that does not (apache/arrow-rs#541) and a damaged file must get a message;
/// - a delta dictionary is refused: no tool we know writes one to a file, and merging deltas
///   needs arrow-select's concatenation kernels (87 KB gzip when this decoder was the page's).
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
/// requires, and that each column's buffers hold whole elements of their type, as many as its
/// node's rows; a column of a nested type is refused.
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
    // Compressed buffers (LZ4, ZSTD) are checked by decoding each frame once.
    let lengths: Vec<i64> = match batch.compression() {
        None => named.iter().map(|buffer| buffer.length()).collect(),
        Some(compression) => {
            crate::import::ecosystem::decompressed_lengths(compression.codec(), &named, body)?
        }
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
            DataType::Int32
            | DataType::UInt32
            | DataType::Float32
            | DataType::Date32
            | DataType::Time32(_) => &[1, 4],
            DataType::Int64
            | DataType::UInt64
            | DataType::Float64
            | DataType::Date64
            | DataType::Time64(_)
            | DataType::Timestamp(_, _)
            | DataType::Duration(_) => &[1, 8],
            DataType::Decimal128(_, _) => &[1, 16],
            DataType::Decimal256(_, _) => &[1, 32],
            DataType::Utf8 | DataType::Binary => &[1, 4, 1],
            DataType::LargeUtf8 | DataType::LargeBinary => &[1, 8, 1],
            // 16-byte views, then the batch's count of data buffers for this column.
            DataType::Utf8View | DataType::BinaryView => &[1, 16],
            _ => return None,
        })
    };
    let mut buffers = lengths.iter();
    let mut nodes = batch.nodes().into_iter().flatten();
    let mut view_data_buffers = batch.variadicBufferCounts().into_iter().flatten();
    for field in fields {
        // Nested types (lists, structs, unions, maps…) are not read: no canonical column is one,
        // and their buffers are sliced by counts this check would have to follow through every
        // child (a damaged schema that turns a column into a union made arrow-ipc panic).
        let Some(widths) = element_bytes(field.data_type()) else {
            let (name, found) = (field.name(), field.data_type());
            return Err(not_arrow(&format!("column “{name}” of type {found}")));
        };
        // The rows the column's node claims: its buffers must hold them all (arrow-ipc slices
        // them by that count and panics on a buffer too short, as a damaged stream can have).
        let Some(rows) = nodes.next().map(|node| node.length()) else {
            return Ok(());
        };
        if rows < 0 {
            return Err(bad());
        }
        let bitmap_bytes = (rows + 7) / 8;
        let data_buffers = match field.data_type() {
            DataType::Utf8View | DataType::BinaryView => view_data_buffers.next().unwrap_or(0),
            _ => 0,
        };
        let data_widths = std::iter::repeat_n(&1, usize::try_from(data_buffers).unwrap_or(0));
        for (role, width) in widths.iter().chain(data_widths).enumerate() {
            let Some(&length) = buffers.next() else {
                // Too few buffers: arrow-ipc reports that itself.
                return Ok(());
            };
            let needed = match (role, field.data_type()) {
                // A validity bitmap may be left out (no nulls); else it covers every row.
                (0, _) if length == 0 => 0,
                (0, _) | (1, DataType::Boolean) => bitmap_bytes,
                // Offsets: one more than the rows (none at all for no rows).
                (
                    1,
                    DataType::Utf8 | DataType::Binary | DataType::LargeUtf8 | DataType::LargeBinary,
                ) => {
                    if rows == 0 {
                        0
                    } else {
                        rows.saturating_add(1).saturating_mul(*width)
                    }
                }
                (1, _) => rows.saturating_mul(*width),
                _ => 0,
            };
            if length % width != 0 || length < needed {
                return Err(bad());
            }
        }
    }
    Ok(())
}
pub(crate) fn provenance(schema: &Schema) -> Provenance {
    provenance_of(|key| schema.metadata().get(key))
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
        let int = |array: &Int64Array| array.is_valid(row).then(|| array.value(row));
        out.push(record_of(RowValues {
            row_number: rows_before + row + 1,
            year: year.is_valid(row).then(|| year.value(row)),
            area_level: area_level.value(row),
            area_code: area_code.value(row),
            area_name: area_name.value(row),
            group: group.value(row),
            sex: sex.value(row),
            age_band: age_band.value(row),
            indicator: indicator.value(row),
            bin_label: bin_label.value(row),
            lower: lower.is_valid(row).then(|| lower.value(row)),
            upper: upper.is_valid(row).then(|| upper.value(row)),
            count: int(count),
            suppressed: suppressed.is_valid(row) && suppressed.value(row),
            in_row: match &in_row[..] {
                [cells, people, share] => int(cells)
                    .map(|cells| [cells, int(people).unwrap_or(0), int(share).unwrap_or(0)]),
                _ => None,
            },
        })?);
    }
    Ok(())
}

fn wrong_type(column: &'static str, array: Result<&ArrayRef, ArrowProblem>) -> ArrowProblem {
    let found = array.map(|a| a.data_type().to_string()).unwrap_or_default();
    ArrowProblem::WrongType { column, found }
}

/// A string column as `import::ecosystem` leaves it: plain, or dictionary-encoded with `i32`
/// keys, normalised once so that reading a row is an index.
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
