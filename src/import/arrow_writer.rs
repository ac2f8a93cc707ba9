//! Renkei's Arrow IPC files written (`arrow_io` describes the format): the schema, one
//! dictionary per text column and one record batch, in the layouts `canonical_ipc` reads and
//! every Arrow tool reads (pyarrow, arrow JS, DuckDB). Written directly with arrow-ipc's
//! generated flatbuffers: arrow-rs' array builders and `FileWriter` linked its generic array code
//! (≈80 KB gzip of each reader worker). Only the reader workers and `ndb_convert` write Arrow
//! (feature `reader`), so the page and the embed page link none of it.

use std::borrow::Cow;
use std::collections::HashMap;

use arrow_ipc::{
    Block, Bool, BoolArgs, DictionaryBatch, DictionaryBatchArgs, DictionaryEncoding,
    DictionaryEncodingArgs, Endianness, Field, FieldArgs, FieldNode, FloatingPoint,
    FloatingPointArgs, Footer, FooterArgs, Int, IntArgs, KeyValue, KeyValueArgs, Message,
    MessageArgs, MessageHeader, MetadataVersion, Precision, SchemaArgs, Type, Utf8, Utf8Args,
};
use flatbuffers::{FlatBufferBuilder, WIPOffset};

use crate::import::arrow_io::{
    ARROW_FILE_MAGIC, META_FICTIONAL, META_PUBLISHER, META_RELEASE, META_SOURCE_FILES,
    SUPPRESSED_IN_ROW_COLUMNS,
};
use crate::model::{Dataset, Provenance, Record, CANONICAL_COLUMNS};

/// A column the writer cannot store: a text column with more distinct values than its 16-bit
/// dictionary keys can number, or a count beyond 64 signed bits (the readers refuse both
/// earlier, within `import::limits`; the writer still never wraps one).
#[derive(Debug, Clone, PartialEq)]
pub struct Unwritable {
    pub column: &'static str,
}

/// How each canonical column is stored: Renkei's own layouts (`canonical_ipc` reads them).
#[derive(Clone, Copy)]
enum Stored {
    Int32,
    Int64,
    Float64,
    Boolean,
    /// UTF-8 text as a dictionary with 16-bit keys: every area name repeats hundreds of times.
    Dictionary,
}

fn stored(column: &str) -> Stored {
    match column {
        "year" => Stored::Int32,
        "bin_lower" | "bin_upper" => Stored::Float64,
        "count" => Stored::Int64,
        "suppressed" => Stored::Boolean,
        _ if SUPPRESSED_IN_ROW_COLUMNS.contains(&column) => Stored::Int64,
        _ => Stored::Dictionary,
    }
}

/// A column's text in a record (the dictionary columns).
fn text_of<'r>(record: &'r Record, column: &str) -> Cow<'r, str> {
    match column {
        "area_level" => Cow::Borrowed(record.area_level.id()),
        "area_code" => Cow::Borrowed(&record.area_code),
        "area_name" => Cow::Borrowed(&record.area_name),
        "group" => Cow::Borrowed(&record.group),
        "sex" => Cow::Borrowed(record.sex.id()),
        "age_band" => Cow::Owned(record.age_band.id()),
        "indicator" => Cow::Borrowed(&record.indicator),
        _ => Cow::Borrowed(&record.bin.label),
    }
}

/// A numeric column's value in a record as its little-endian bytes (`None`: null).
fn number_of(record: &Record, column: &'static str) -> Result<Option<Vec<u8>>, Unwritable> {
    let long = |value: Option<u64>| -> Result<Option<Vec<u8>>, Unwritable> {
        value
            .map(|v| i64::try_from(v).map(|v| v.to_le_bytes().to_vec()))
            .transpose()
            .map_err(|_| Unwritable { column })
    };
    let row = record.suppressed_in_row;
    Ok(match column {
        "year" => Some(record.year.to_le_bytes().to_vec()),
        "bin_lower" => record.bin.lower.map(|v| v.to_le_bytes().to_vec()),
        "bin_upper" => record.bin.upper.map(|v| v.to_le_bytes().to_vec()),
        "count" => long(record.count_people)?,
        "row_suppressed_cells" => long(row.map(|r| u64::from(r.cells)))?,
        "row_suppressed_people" => long(row.map(|r| r.people))?,
        _ => long(row.map(|r| r.even_share_people))?,
    })
}

/// A record batch's body: its buffers, each padded to 8 bytes, and where each lies.
#[derive(Default)]
struct Body {
    bytes: Vec<u8>,
    buffers: Vec<arrow_ipc::Buffer>,
    nodes: Vec<FieldNode>,
}

impl Body {
    fn push(&mut self, data: &[u8]) {
        let offset = self.bytes.len() as i64;
        self.buffers
            .push(arrow_ipc::Buffer::new(offset, data.len() as i64));
        self.bytes.extend_from_slice(data);
        self.bytes.resize(self.bytes.len().next_multiple_of(8), 0);
    }

    /// A column of `rows` values, nulls where `valid` says so (no validity buffer if none).
    fn column(&mut self, rows: usize, valid: &[bool], values: &[u8]) {
        let nulls = valid.iter().filter(|v| !**v).count();
        self.nodes.push(FieldNode::new(rows as i64, nulls as i64));
        self.push(&if nulls == 0 { Vec::new() } else { bits(valid) });
        self.push(values);
    }

    /// The batch's flatbuffers header for these buffers.
    fn header<'f>(
        &self,
        fbb: &mut FlatBufferBuilder<'f>,
        rows: usize,
    ) -> WIPOffset<arrow_ipc::RecordBatch<'f>> {
        let nodes = fbb.create_vector(&self.nodes);
        let buffers = fbb.create_vector(&self.buffers);
        let args = arrow_ipc::RecordBatchArgs {
            length: rows as i64,
            nodes: Some(nodes),
            buffers: Some(buffers),
            ..Default::default()
        };
        arrow_ipc::RecordBatch::create(fbb, &args)
    }
}

/// Booleans packed least significant bit first, as Arrow's bitmaps are.
fn bits(values: &[bool]) -> Vec<u8> {
    let mut packed = vec![0u8; values.len().div_ceil(8)];
    for (index, _) in values.iter().enumerate().filter(|(_, v)| **v) {
        packed[index / 8] |= 1 << (index % 8);
    }
    packed
}

/// The schema's flatbuffer (written twice: in the schema message and in the footer).
/// `columns`: names in order; `provenance` travels in the metadata.
fn schema<'f>(
    fbb: &mut FlatBufferBuilder<'f>,
    columns: &[&str],
    provenance: &Provenance,
) -> WIPOffset<arrow_ipc::Schema<'f>> {
    let mut dictionary_id = 0;
    let mut fields = Vec::new();
    for &column in columns {
        let name = fbb.create_string(column);
        let int = |fbb: &mut FlatBufferBuilder<'f>, bit_width| {
            let args = IntArgs {
                bitWidth: bit_width,
                is_signed: true,
            };
            Int::create(fbb, &args)
        };
        let (type_type, type_, dictionary, nullable) = match stored(column) {
            Stored::Int32 => (Type::Int, int(fbb, 32).as_union_value(), None, false),
            Stored::Int64 => (Type::Int, int(fbb, 64).as_union_value(), None, true),
            Stored::Float64 => {
                let args = FloatingPointArgs {
                    precision: Precision::DOUBLE,
                };
                let float = FloatingPoint::create(fbb, &args).as_union_value();
                (Type::FloatingPoint, float, None, true)
            }
            Stored::Boolean => {
                let boolean = Bool::create(fbb, &BoolArgs {}).as_union_value();
                (Type::Bool, boolean, None, false)
            }
            Stored::Dictionary => {
                let index_type = Some(int(fbb, 16));
                let args = DictionaryEncodingArgs {
                    id: dictionary_id,
                    indexType: index_type,
                    ..Default::default()
                };
                dictionary_id += 1;
                let encoding = DictionaryEncoding::create(fbb, &args);
                let utf8 = Utf8::create(fbb, &Utf8Args {}).as_union_value();
                (Type::Utf8, utf8, Some(encoding), false)
            }
        };
        let children = fbb.create_vector::<WIPOffset<Field>>(&[]);
        let args = FieldArgs {
            name: Some(name),
            nullable,
            type_type,
            type_: Some(type_),
            dictionary,
            children: Some(children),
            custom_metadata: None,
        };
        fields.push(Field::create(fbb, &args));
    }
    let fields = fbb.create_vector(&fields);
    let source_files = provenance.source_files.join("\n");
    let fictional = provenance.fictional.to_string();
    let pairs = [
        (META_PUBLISHER, provenance.publisher.as_str()),
        (META_RELEASE, provenance.release.as_str()),
        (META_SOURCE_FILES, source_files.as_str()),
        (META_FICTIONAL, fictional.as_str()),
    ];
    let metadata: Vec<_> = pairs
        .iter()
        .map(|(key, value)| {
            let args = KeyValueArgs {
                key: Some(fbb.create_string(key)),
                value: Some(fbb.create_string(value)),
            };
            KeyValue::create(fbb, &args)
        })
        .collect();
    let metadata = fbb.create_vector(&metadata);
    let args = SchemaArgs {
        endianness: Endianness::Little,
        fields: Some(fields),
        custom_metadata: Some(metadata),
        features: None,
    };
    arrow_ipc::Schema::create(fbb, &args)
}

/// Appends one encapsulated message (continuation marker, header length, header padded to 8
/// bytes, body) and returns its block for the footer.
fn append_message(
    file: &mut Vec<u8>,
    header_type: MessageHeader,
    header: impl FnOnce(&mut FlatBufferBuilder) -> WIPOffset<flatbuffers::UnionWIPOffset>,
    body: &[u8],
) -> Block {
    let mut fbb = FlatBufferBuilder::new();
    let header = header(&mut fbb);
    let args = MessageArgs {
        version: MetadataVersion::V5,
        header_type,
        header: Some(header),
        bodyLength: body.len() as i64,
        custom_metadata: None,
    };
    let message = Message::create(&mut fbb, &args);
    fbb.finish(message, None);
    let data = fbb.finished_data();
    let offset = file.len() as i64;
    let padded = (8 + data.len()).next_multiple_of(8);
    file.extend_from_slice(&CONTINUATION);
    file.extend_from_slice(&((padded - 8) as i32).to_le_bytes());
    file.extend_from_slice(data);
    file.resize(offset as usize + padded, 0);
    file.extend_from_slice(body);
    Block::new(offset, padded as i32, body.len() as i64)
}

const CONTINUATION: [u8; 4] = [0xFF; 4];

/// Writes a dataset as one Arrow IPC file (see the module's documentation).
pub fn write_ipc_file(dataset: &Dataset) -> Result<Vec<u8>, Unwritable> {
    let records = &dataset.records;
    let rows = records.len();
    let suppressed_in_row = records.iter().any(|r| r.suppressed_in_row.is_some());
    let columns: Vec<&'static str> = CANONICAL_COLUMNS
        .iter()
        .chain(
            SUPPRESSED_IN_ROW_COLUMNS
                .iter()
                .filter(|_| suppressed_in_row),
        )
        .copied()
        .collect();
    let mut file = ARROW_FILE_MAGIC.to_vec();
    file.extend_from_slice(&[0, 0]);
    append_message(
        &mut file,
        MessageHeader::Schema,
        |fbb| schema(fbb, &columns, &dataset.provenance).as_union_value(),
        &[],
    );

    let mut dictionaries = Vec::new();
    let mut batch = Body::default();
    let all_valid = vec![true; rows];
    for &column in &columns {
        match stored(column) {
            Stored::Dictionary => {
                let mut keys: HashMap<Cow<str>, i16> = HashMap::new();
                let mut values = Body::default();
                let (mut offsets, mut text) = (vec![0i32], Vec::new());
                let mut key_bytes = Vec::with_capacity(rows * 2);
                for record in records {
                    let value = text_of(record, column);
                    let next = keys.len();
                    let key = match keys.get(&value) {
                        Some(key) => *key,
                        None => {
                            let key = i16::try_from(next).map_err(|_| Unwritable { column })?;
                            text.extend_from_slice(value.as_bytes());
                            offsets.push(text.len() as i32);
                            keys.insert(value, key);
                            key
                        }
                    };
                    key_bytes.extend_from_slice(&key.to_le_bytes());
                }
                let count = offsets.len() - 1;
                let offsets: Vec<u8> = offsets.iter().flat_map(|o| o.to_le_bytes()).collect();
                values.nodes.push(FieldNode::new(count as i64, 0));
                values.push(&[]);
                values.push(&offsets);
                values.push(&text);
                let id = dictionaries.len() as i64;
                dictionaries.push(append_message(
                    &mut file,
                    MessageHeader::DictionaryBatch,
                    |fbb| {
                        let data = values.header(fbb, count);
                        let args = DictionaryBatchArgs {
                            id,
                            data: Some(data),
                            isDelta: false,
                        };
                        DictionaryBatch::create(fbb, &args).as_union_value()
                    },
                    &values.bytes,
                ));
                batch.column(rows, &all_valid, &key_bytes);
            }
            Stored::Boolean => {
                let values: Vec<bool> = records.iter().map(Record::is_suppressed).collect();
                batch.column(rows, &all_valid, &bits(&values));
            }
            Stored::Int32 | Stored::Int64 | Stored::Float64 => {
                let mut valid = Vec::with_capacity(rows);
                let mut values = Vec::new();
                for record in records {
                    let number = number_of(record, column)?;
                    valid.push(number.is_some());
                    let width = if matches!(stored(column), Stored::Int32) {
                        4
                    } else {
                        8
                    };
                    values.extend(number.unwrap_or_else(|| vec![0; width]));
                }
                batch.column(rows, &valid, &values);
            }
        }
    }
    let batch_block = append_message(
        &mut file,
        MessageHeader::RecordBatch,
        |fbb| batch.header(fbb, rows).as_union_value(),
        &batch.bytes,
    );
    // End of the stream, then the footer.
    file.extend_from_slice(&CONTINUATION);
    file.extend_from_slice(&[0; 4]);
    let mut fbb = FlatBufferBuilder::new();
    let schema = schema(&mut fbb, &columns, &dataset.provenance);
    let dictionaries = fbb.create_vector(&dictionaries);
    let record_batches = fbb.create_vector(&[batch_block]);
    let args = FooterArgs {
        version: MetadataVersion::V5,
        schema: Some(schema),
        dictionaries: Some(dictionaries),
        recordBatches: Some(record_batches),
        custom_metadata: None,
    };
    let footer = Footer::create(&mut fbb, &args);
    fbb.finish(footer, None);
    let footer = fbb.finished_data();
    file.extend_from_slice(footer);
    file.extend_from_slice(&(footer.len() as i32).to_le_bytes());
    file.extend_from_slice(ARROW_FILE_MAGIC);
    Ok(file)
}
