//! Files as the Arrow ecosystem writes them (pyarrow, DuckDB, Polars, arrow JS): Arrow IPC
//! files and streams and Parquet, with the canonical columns in whatever physical type the
//! writer chose — integers of any width or sign, whole-number floats and decimals for counts,
//! `utf8`, `large_utf8`, `utf8_view` or dictionary strings with any key, several record batches,
//! LZ4- or ZSTD-compressed Arrow buffers, Snappy/gzip/LZ4/ZSTD-compressed Parquet. Each batch's columns are
//! converted to the canonical types and then read by the same code as Renkei's own files, so
//! one set of checks applies to every format. The conversion is written here for the few types
//! a count, a year, an edge or a name comes in: arrow-cast, which does it for every type, was
//! 1 MB of the worker's wasm (measured with twiggy), twice the rest of the worker's readers.
//!
//! Only the columnar worker links this (feature `columnar-files`): the page reads the Arrow
//! files the workers write and its own built-in files, always in the canonical types.

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use arrow_ipc::MessageHeader;
use arrow_schema::{DataType, Field, Schema};
use parquet::{arrow::arrow_reader::ParquetRecordBatchReaderBuilder, arrow::ProjectionMask};

use crate::import::arrow_io::{not_arrow, range_in, ArrowProblem, ARROW_FILE_MAGIC};
use crate::import::ipc_decoder::{self, MessageDecoder};
use crate::import::{ColumnKind, EcosystemProblem, Problem};
use crate::model::{Dataset, CANONICAL_COLUMNS};

/// Reads Arrow IPC in the canonical columns (extra columns are ignored), as a file (starts
/// with `ARROW1`: pyarrow's `ipc.new_file`, `feather.write_feather`) or as a stream
/// (`ipc.new_stream`, arrow JS `tableToIPC`'s default, DuckDB's Arrow output written out).
///
/// What such a file says about suppressed cells comes from its subtotal rows (age band
/// `subtotal`), never from columns Renkei writes for itself (those are dropped). The subtotal
/// rows are returned among the records for the caller to apply (`import::user_file` does).
pub fn read_arrow(bytes: &[u8]) -> Result<Dataset, Problem> {
    let (schema, batches) = if bytes.starts_with(ARROW_FILE_MAGIC) {
        ipc_decoder::read_file_batches(bytes)?
    } else {
        read_stream_batches(bytes)?
    };
    records_of(&schema, batches.into_iter().map(Ok))
}

/// The schema and record batches of an Arrow IPC stream: each message (a continuation marker,
/// the metadata's length, the metadata, the body) decoded by `ipc_decoder::MessageDecoder`, whose
/// checks arrow-ipc's `StreamReader` does not make (a damaged stream panicked it).
fn read_stream_batches(bytes: &[u8]) -> Result<(Arc<Schema>, Vec<RecordBatch>), ArrowProblem> {
    let word = |at: usize| {
        let word = bytes
            .get(at..at + 4)
            .ok_or_else(|| not_arrow("the stream ends early"))?;
        Ok::<_, ArrowProblem>(i32::from_le_bytes([word[0], word[1], word[2], word[3]]))
    };
    let mut position = 0;
    let mut decoder: Option<MessageDecoder> = None;
    let mut batches = Vec::new();
    // A stream ends with a zero length (after a continuation marker, or alone in the legacy
    // format) or, written by some tools, at the end of the bytes.
    while position < bytes.len() {
        let mut metadata_length = word(position)?;
        position += 4;
        if metadata_length == -1 {
            metadata_length = word(position)?;
            position += 4;
        }
        if metadata_length == 0 {
            break;
        }
        let metadata = range_in(bytes, position as i64, metadata_length.into())?;
        let message = arrow_ipc::root_as_message(&bytes[metadata.0..metadata.1])
            .map_err(|e| not_arrow(&e.to_string()))?;
        let body = range_in(bytes, metadata.1 as i64, message.bodyLength())?;
        position = body.1;
        let no_schema = || not_arrow("a batch before the schema");
        match message.header_type() {
            MessageHeader::Schema => {
                let schema = message.header_as_schema().ok_or_else(no_schema)?;
                let schema = arrow_ipc::convert::try_fb_to_schema(schema)?;
                decoder = Some(MessageDecoder::new(Arc::new(schema), bytes));
            }
            MessageHeader::DictionaryBatch => decoder
                .as_mut()
                .ok_or_else(no_schema)?
                .dictionary(message, body)?,
            MessageHeader::RecordBatch => {
                let decoder = decoder.as_ref().ok_or_else(no_schema)?;
                batches.push(decoder.record_batch(message, body)?);
            }
            _ => return Err(not_arrow("a message that is not a schema or a batch")),
        }
    }
    let decoder = decoder.ok_or_else(|| not_arrow("no schema"))?;
    Ok((decoder.schema, batches))
}

/// Reads Parquet in the canonical columns (only those are decoded; others are skipped).
/// Provenance, if any, comes from the Arrow schema metadata pyarrow stores in the file.
pub fn read_parquet(bytes: &[u8]) -> Result<Dataset, Problem> {
    let not_parquet = |error: parquet::errors::ParquetError| EcosystemProblem::NotParquet {
        detail: error.to_string(),
    };
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::copy_from_slice(bytes))
        .map_err(not_parquet)?;
    let metadata = builder.metadata().clone();
    for column in metadata
        .row_groups()
        .iter()
        .flat_map(|group| group.columns())
    {
        let codec = column.compression();
        use parquet::basic::Compression;
        if matches!(codec, Compression::BROTLI(_)) {
            let codec = format!("{codec:?}");
            let codec = codec.split('(').next().unwrap_or_default().to_string();
            return Err(EcosystemProblem::UnsupportedCompression { codec }.into());
        }
        // The parquet crate asserts these when it reads the chunk (a panic, which aborts the
        // worker): a damaged footer is refused here instead.
        let start = column
            .dictionary_page_offset()
            .unwrap_or(column.data_page_offset());
        let inside = u64::try_from(start)
            .ok()
            .zip(u64::try_from(column.compressed_size()).ok())
            .and_then(|(start, length)| start.checked_add(length))
            .is_some_and(|end| end <= bytes.len() as u64);
        if !inside || column.num_values() < 0 || column.uncompressed_size() < 0 {
            let detail = "a column chunk outside the file".to_string();
            return Err(EcosystemProblem::NotParquet { detail }.into());
        }
    }
    let schema = builder.schema().clone();
    let canonical_roots = schema
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, field)| CANONICAL_COLUMNS.contains(&field.name().as_str()))
        .map(|(index, _)| index);
    let projection =
        ProjectionMask::roots(metadata.file_metadata().schema_descr(), canonical_roots);
    let reader = builder
        .with_projection(projection)
        .with_batch_size(64 * 1024)
        .build()
        .map_err(not_parquet)?;
    let batches = reader.map(|batch| batch.map_err(|error| ArrowProblem::from(error).into()));
    records_of(&schema, batches)
}

/// The decompressed length of each compressed buffer of a batch, in the order named, each
/// checked before arrow-ipc sees it. A buffer starts with the length it claims (or −1: stored
/// as is), which arrow-ipc allocates before decompressing and trusts afterwards: a damaged
/// claim asked for 80 TB and aborted the worker, a frame shorter than its claim panicked a
/// typed read. So each frame (LZ4 or ZSTD) is decoded once here, into nothing, and must give
/// exactly what it claims; a batch beyond 1 GiB cannot be held in the worker and is refused.
pub(crate) fn decompressed_lengths(
    codec: arrow_ipc::CompressionType,
    buffers: &[&arrow_ipc::Buffer],
    body: &[u8],
) -> Result<Vec<i64>, ArrowProblem> {
    use std::io::Read;
    const MAX_BATCH_BYTES: u64 = 1 << 30;
    let damaged = || not_arrow("a compressed buffer does not hold what it claims");
    let decoded_length = |frame: &[u8], limit: u64| -> std::io::Result<u64> {
        let mut sink = std::io::sink();
        if codec == arrow_ipc::CompressionType::ZSTD {
            let decoder = zstd::stream::read::Decoder::with_buffer(frame)?;
            std::io::copy(&mut decoder.take(limit), &mut sink)
        } else {
            let decoder = lz4_flex::frame::FrameDecoder::new(frame);
            std::io::copy(&mut decoder.take(limit), &mut sink)
        }
    };
    let mut batch_bytes = 0u64;
    let mut lengths = Vec::with_capacity(buffers.len());
    for buffer in buffers {
        // Inside the body: checked by the caller.
        let stored = &body[buffer.offset() as usize..][..buffer.length() as usize];
        let Some((prefix, frame)) = stored.split_first_chunk::<8>() else {
            lengths.push(0); // an empty buffer
            continue;
        };
        let length = match i64::from_le_bytes(*prefix) {
            -1 => frame.len() as u64,
            0 => 0,
            claimed => {
                let claimed = u64::try_from(claimed).map_err(|_| damaged())?;
                if claimed > MAX_BATCH_BYTES {
                    return Err(damaged());
                }
                if decoded_length(frame, claimed + 1).map_err(|_| damaged())? != claimed {
                    return Err(damaged());
                }
                claimed
            }
        };
        batch_bytes += length;
        if batch_bytes > MAX_BATCH_BYTES {
            return Err(not_arrow("a record batch larger than 1 GiB"));
        }
        lengths.push(length as i64);
    }
    Ok(lengths)
}

fn records_of(
    schema: &Schema,
    batches: impl Iterator<Item = Result<RecordBatch, Problem>>,
) -> Result<Dataset, Problem> {
    let mut rows_before = 0;
    let mut canonical = Vec::new();
    for batch in batches {
        let batch = batch?;
        canonical.push(canonical_batch(&batch, rows_before)?);
        rows_before += batch.num_rows();
    }
    let records = ipc_decoder::read_rows(&canonical)?;
    Ok(Dataset {
        provenance: ipc_decoder::provenance(schema),
        records,
    })
}

/// The canonical columns of a batch cast to the types `ipc_decoder::read_rows` reads; other columns dropped.
/// A missing column is left for `ipc_decoder::read_rows` to name. `rows_before`: data rows in earlier batches.
fn canonical_batch(batch: &RecordBatch, rows_before: usize) -> Result<RecordBatch, Problem> {
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for name in CANONICAL_COLUMNS {
        let Some(array) = batch.column_by_name(name) else {
            continue;
        };
        let column = canonical_column(name, array, rows_before)?;
        fields.push(Field::new(name, column.data_type().clone(), true));
        columns.push(column);
    }
    let schema = Arc::new(Schema::new(fields));
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    Ok(RecordBatch::try_new_with_options(schema, columns, &options).map_err(ArrowProblem::from)?)
}

fn canonical_column(
    column: &'static str,
    array: &ArrayRef,
    rows_before: usize,
) -> Result<ArrayRef, EcosystemProblem> {
    let expected = ColumnKind::of(column);
    let unsupported = || EcosystemProblem::UnsupportedType {
        column,
        found: array.data_type().to_string(),
        expected,
    };
    let not_kind = |row: usize, found: String| EcosystemProblem::NotKind {
        column,
        row_number: rows_before + row + 1,
        found,
        expected,
    };
    if expected == ColumnKind::Text {
        return text_column(array).ok_or_else(unsupported);
    }
    if expected == ColumnKind::TrueFalse && *array.data_type() == DataType::Boolean {
        return Ok(array.clone());
    }
    let numbers = Numbers::of(array).ok_or_else(unsupported)?;
    // Whole numbers where a count, a year or a flag is meant: 12.5 people is a mistake to
    // report, not a value to round; a year must fit 32 bits, a count 64, a flag be 1 or 0.
    let whole =
        |range: std::ops::RangeInclusive<i128>| -> Result<Vec<Option<i128>>, EcosystemProblem> {
            (0..array.len())
                .map(|row| match numbers.at(row) {
                    None => Ok(None),
                    Some(Number::Whole(value)) if range.contains(&value) => Ok(Some(value)),
                    Some(Number::Real(value))
                        if value.fract() == 0.0 && range.contains(&(value as i128)) =>
                    {
                        Ok(Some(value as i128))
                    }
                    Some(other) => Err(not_kind(row, other.to_string())),
                })
                .collect()
        };
    Ok(match expected {
        ColumnKind::WholeNumber => {
            let values = whole(i32::MIN.into()..=i32::MAX.into())?;
            Arc::new(Int32Array::from_iter(
                values.into_iter().map(|v| v.map(|v| v as i32)),
            ))
        }
        ColumnKind::PeopleCount => {
            let values = whole(i64::MIN.into()..=i64::MAX.into())?;
            Arc::new(Int64Array::from_iter(
                values.into_iter().map(|v| v.map(|v| v as i64)),
            ))
        }
        ColumnKind::TrueFalse => {
            let values = whole(0..=1)?;
            Arc::new(BooleanArray::from_iter(
                values.into_iter().map(|v| v.map(|v| v == 1)),
            ))
        }
        ColumnKind::Number | ColumnKind::Text => {
            let values = (0..array.len()).map(|row| numbers.at(row).map(Number::as_f64));
            Arc::new(Float64Array::from_iter(values))
        }
    })
}

/// A text column as `ipc_decoder::read_rows` reads it: UTF-8 kept as it is (no copy), other string layouts
/// copied to UTF-8, and a dictionary kept a dictionary (2 million repeated area names are not
/// expanded) with `i32` keys and UTF-8 values. `None`: not text.
fn text_column(array: &ArrayRef) -> Option<ArrayRef> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::*;
    let utf8 = |array: &ArrayRef| -> Option<StringArray> {
        match array.data_type() {
            DataType::Utf8 => Some(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Some(array.as_string::<i64>().iter().collect()),
            DataType::Utf8View => Some(array.as_string_view().iter().collect()),
            _ => None,
        }
    };
    let DataType::Dictionary(key_type, _) = array.data_type() else {
        return utf8(array).map(|strings| Arc::new(strings) as ArrayRef);
    };
    macro_rules! keys_of {
        ($($key:ty),*) => {
            match key_type.as_ref() {
                $(t if *t == <$key>::DATA_TYPE => {
                    let dictionary = array.as_dictionary::<$key>();
                    let keys = dictionary.keys().iter().map(|k| k.and_then(|k| i32::try_from(k).ok()));
                    (Int32Array::from_iter(keys), dictionary.values().clone())
                })*
                _ => return None,
            }
        };
    }
    let (keys, values) = keys_of!(
        Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type
    );
    let values = utf8(&values)?;
    // A key beyond the values: refused as not text rather than read past the dictionary.
    let in_range = keys
        .iter()
        .flatten()
        .all(|k| usize::try_from(k).is_ok_and(|k| k < values.len()));
    if !in_range || keys.null_count() != array.null_count() {
        return None;
    }
    let dictionary = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).ok()?;
    Some(Arc::new(dictionary))
}

/// A number as a file holds it: whole (any integer width, a decimal of scale 0 or whose
/// fraction is zero) or real.
#[derive(Clone, Copy)]
enum Number {
    Whole(i128),
    Real(f64),
}

impl Number {
    fn as_f64(self) -> f64 {
        match self {
            Number::Whole(value) => value as f64,
            Number::Real(value) => value,
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Whole(value) => write!(f, "{value}"),
            Number::Real(value) => write!(f, "{value}"),
        }
    }
}

/// A numeric column of any type a tool writes counts, years and edges in.
struct Numbers<'a> {
    array: &'a ArrayRef,
    at: fn(&ArrayRef, usize) -> Number,
}

impl<'a> Numbers<'a> {
    fn of(array: &'a ArrayRef) -> Option<Numbers<'a>> {
        use arrow_array::cast::AsArray;
        use arrow_array::types::*;
        macro_rules! reader {
            ($array:expr, $($type:ty => $number:expr),* $(,)?) => {
                match $array.data_type() {
                    $(t if *t == <$type>::DATA_TYPE => {
                        (|array: &ArrayRef, row: usize| {
                            let value = array.as_primitive::<$type>().value(row);
                            $number(value)
                        }) as fn(&ArrayRef, usize) -> Number
                    })*
                    DataType::Decimal128(..) => decimal_at,
                    _ => return None,
                }
            };
        }
        let at = reader!(array,
            Int8Type => |v: i8| Number::Whole(v.into()),
            Int16Type => |v: i16| Number::Whole(v.into()),
            Int32Type => |v: i32| Number::Whole(v.into()),
            Int64Type => |v: i64| Number::Whole(v.into()),
            UInt8Type => |v: u8| Number::Whole(v.into()),
            UInt16Type => |v: u16| Number::Whole(v.into()),
            UInt32Type => |v: u32| Number::Whole(v.into()),
            UInt64Type => |v: u64| Number::Whole(v.into()),
            Float32Type => |v: f32| Number::Real(v.into()),
            Float64Type => |v: f64| Number::Real(v),
        );
        Some(Numbers { array, at })
    }

    /// The value at `row`; `None` for a null.
    fn at(&self, row: usize) -> Option<Number> {
        self.array.is_valid(row).then(|| (self.at)(self.array, row))
    }
}

/// A decimal (DuckDB's HUGEINT and SUM arrive as `decimal128(38, 0)`): whole when its fraction
/// is zero, else real.
fn decimal_at(array: &ArrayRef, row: usize) -> Number {
    use arrow_array::cast::AsArray;
    let decimals = array.as_primitive::<arrow_array::types::Decimal128Type>();
    let value = decimals.value(row);
    let scale = decimals.scale();
    let unit = 10i128.checked_pow(u32::try_from(scale).unwrap_or(u32::MAX));
    match unit {
        Some(unit) if value % unit == 0 => Number::Whole(value / unit),
        Some(unit) => Number::Real(value as f64 / unit as f64),
        // A negative or huge scale: the value times a power of ten, as a real number.
        None => Number::Real(value as f64 * 10f64.powi(-i32::from(scale))),
    }
}
