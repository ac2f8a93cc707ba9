//! The page's reader of Renkei's own Arrow IPC files — the built-in data in `public/data/` and
//! what the workers write — read straight from their buffers into records.
//!
//! Why not arrow-rs' `read_record_batch`: it builds arrays of every Arrow type through one
//! generic path, which was ≈100 KB gzip of the page's 512 KB of wasm and 113 KB of the embed
//! page's 232 (measured by leaving it out). Renkei writes six layouts only (`arrow_io::schema`),
//! so this reader takes those and refuses any other by its column: 32- and 64-bit integers,
//! 64-bit floats, booleans, UTF-8 text and UTF-8 dictionaries with 8-, 16- or 32-bit keys.
//! The file's structure (footer, schema, messages) is read with arrow-ipc's generated
//! flatbuffers accessors after the tables this reader reads are verified (`verified`, below),
//! and every offset, length and dictionary key is checked before use, so a damaged file is an
//! error, never a panic or a read outside the file. Files other tools write go through
//! `import::ecosystem` (arrow-rs, in the columnar worker), which converts them to these layouts.
//! `tests/native/canonical_ipc.rs` holds this reader to arrow-rs' own on every built-in file
//! and on damaged copies.

use std::collections::HashMap;

use arrow_ipc::{Block, Footer, Message, Precision, Type};
use flatbuffers::{ForwardsUOffset, InvalidFlatbuffer, Vector, Verifiable, Verifier};

use crate::import::arrow_io::{
    not_arrow, provenance_of, range_in, ArrowProblem, ARROW_FILE_MAGIC, SUPPRESSED_IN_ROW_COLUMNS,
};
use crate::model::subtotal::{SuppressedInRow, SUBTOTAL_AGE_BAND_ID};
use crate::model::{AgeBand, AreaLevel, Bin, Dataset, Record, Sex, CANONICAL_COLUMNS};

/// What a footer or message that fails flatbuffers' verification is called. The verifier's own
/// trace (a field path and an offset) says nothing to a council member, and formatting it would
/// put its code on the page's first visit.
const DAMAGED_STRUCTURE: &str = "the file's structure is damaged";

/// Reads the Arrow IPC *file* format (`ARROW1`…) as Renkei writes it. A subtotal row is refused
/// (Renkei writes what subtotals say in its own columns).
pub fn read_ipc_file_format(bytes: &[u8]) -> Result<Dataset, ArrowProblem> {
    if !bytes.starts_with(ARROW_FILE_MAGIC) || bytes.len() < 16 {
        return Err(not_arrow("not an Arrow IPC file"));
    }
    let footer_length = bytes
        .get(bytes.len() - 10..bytes.len() - 6)
        .and_then(|word| word.try_into().ok())
        .map(i32::from_le_bytes)
        .and_then(|length| usize::try_from(length).ok())
        .ok_or_else(|| not_arrow("footer length"))?;
    let footer_start = (bytes.len() - 10)
        .checked_sub(footer_length)
        .ok_or_else(|| not_arrow("footer length"))?;
    let footer = verified::footer(&bytes[footer_start..bytes.len() - 10])?;
    let schema = footer.schema().ok_or_else(|| not_arrow("no schema"))?;
    let metadata: HashMap<String, String> = schema
        .custom_metadata()
        .into_iter()
        .flatten()
        .filter_map(|pair| Some((pair.key()?.to_string(), pair.value()?.to_string())))
        .collect();
    let columns = schema
        .fields()
        .into_iter()
        .flatten()
        .map(|field| {
            let name = field.name().unwrap_or_default();
            layout_of(&field).map(|layout| (name, layout))
        })
        .collect::<Result<Vec<_>, _>>()?;

    let mut dictionaries: HashMap<i64, Vec<String>> = HashMap::new();
    for block in footer.dictionaries().into_iter().flatten() {
        let (message, body) = message_of(bytes, block)?;
        let dictionary = message
            .header_as_dictionary_batch()
            .ok_or_else(|| not_arrow("expected a dictionary batch"))?;
        if dictionary.isDelta() {
            return Err(not_arrow("delta dictionaries are not supported"));
        }
        let data = dictionary
            .data()
            .ok_or_else(|| not_arrow("empty dictionary"))?;
        let mut buffers = Buffers::new(data, body)?;
        let values = buffers.column(Layout::Utf8, 0)?;
        let texts = (0..buffers.rows)
            .map(|row| values.utf8(row).map(str::to_string))
            .collect::<Result<Vec<_>, _>>()?;
        dictionaries.insert(dictionary.id(), texts);
    }

    let mut records = Vec::new();
    for block in footer.recordBatches().into_iter().flatten() {
        let (message, body) = message_of(bytes, block)?;
        let batch = message
            .header_as_record_batch()
            .ok_or_else(|| not_arrow("expected a record batch"))?;
        let mut buffers = Buffers::new(batch, body)?;
        let batch_columns = columns
            .iter()
            .enumerate()
            .map(|(index, &(name, layout))| {
                let mut data = buffers.column(layout, index)?;
                // Looked up once per column, not once per cell.
                if let Layout::Dictionary { id, .. } = layout {
                    data.dictionary = dictionaries.get(&id).map_or(&[], Vec::as_slice);
                }
                Ok((name, data))
            })
            .collect::<Result<Vec<_>, ArrowProblem>>()?;
        read_batch(&batch_columns, buffers.rows, &mut records)?;
    }
    if let Some(index) = records.iter().position(|r| r.age_band == AgeBand::SUBTOTAL) {
        return Err(ArrowProblem::BadValue {
            column: "age_band",
            row_number: index + 1,
            found: SUBTOTAL_AGE_BAND_ID.to_string(),
        });
    }
    Ok(Dataset {
        provenance: provenance_of(|key| metadata.get(key)),
        records,
    })
}

/// How a column's values lie in its buffers.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    Int32,
    Int64,
    Float64,
    Boolean,
    Utf8,
    /// Keys of `key_bytes` (1, 2 or 4), signed, into the UTF-8 dictionary `id`.
    Dictionary {
        id: i64,
        key_bytes: usize,
    },
}

impl Layout {
    /// Arrow's name of the layout, for a refusal.
    fn name(self) -> &'static str {
        match self {
            Layout::Int32 => "Int32",
            Layout::Int64 => "Int64",
            Layout::Float64 => "Float64",
            Layout::Boolean => "Boolean",
            Layout::Utf8 => "Utf8",
            Layout::Dictionary { .. } => "Dictionary",
        }
    }

    /// Bytes per value in the values buffer (booleans are bits: 0 here).
    fn value_bytes(self) -> usize {
        match self {
            Layout::Int32 | Layout::Utf8 => 4,
            Layout::Int64 | Layout::Float64 => 8,
            Layout::Boolean => 0,
            Layout::Dictionary { key_bytes, .. } => key_bytes,
        }
    }
}

fn layout_of(field: &arrow_ipc::Field) -> Result<Layout, ArrowProblem> {
    let type_type = field.type_type();
    if let Some(encoding) = field.dictionary() {
        let key = encoding.indexType();
        let key_bytes = key.filter(|k| k.is_signed()).map(|k| k.bitWidth() / 8);
        return match (type_type, key_bytes) {
            (Type::Utf8, Some(key_bytes @ (1 | 2 | 4))) => Ok(Layout::Dictionary {
                id: encoding.id(),
                key_bytes: key_bytes as usize,
            }),
            _ => Err(wrong_type(field, "Dictionary")),
        };
    }
    let int = field.type_as_int().map(|i| (i.bitWidth(), i.is_signed()));
    let precision = field.type_as_floating_point().map(|f| f.precision());
    match (type_type, int, precision) {
        (Type::Int, Some((32, true)), _) => Ok(Layout::Int32),
        (Type::Int, Some((64, true)), _) => Ok(Layout::Int64),
        (Type::FloatingPoint, _, Some(Precision::DOUBLE)) => Ok(Layout::Float64),
        (Type::Bool, _, _) => Ok(Layout::Boolean),
        (Type::Utf8, _, _) => Ok(Layout::Utf8),
        (Type::Int, Some((bits, signed)), _) => {
            let sign = if signed { "" } else { "U" };
            Err(wrong_type(field, &format!("{sign}Int{bits}")))
        }
        (other, _, _) => Err(wrong_type(field, other.variant_name().unwrap_or("?"))),
    }
}

/// A column of a type this reader does not take, named by the canonical name it has (the
/// problem's column is a `'static` name) or, for any other column, in the detail.
fn wrong_type(field: &arrow_ipc::Field, found: &str) -> ArrowProblem {
    let name = field.name().unwrap_or_default();
    let known = CANONICAL_COLUMNS.iter().chain(&SUPPRESSED_IN_ROW_COLUMNS);
    match known.into_iter().find(|&&column| column == name) {
        Some(column) => ArrowProblem::WrongType {
            column,
            found: found.to_string(),
        },
        None => not_arrow(&format!("column “{name}” of type {found}")),
    }
}

/// (message, body range in `bytes`) of a footer block: the message after its continuation
/// marker and length. Offsets come from the file and are checked.
fn message_of<'a>(bytes: &'a [u8], block: &Block) -> Result<(Message<'a>, &'a [u8]), ArrowProblem> {
    let (offset, body_start) = range_in(bytes, block.offset(), block.metaDataLength().into())?;
    let metadata = &bytes[offset..body_start];
    let flatbuffer = match metadata.get(..4) {
        Some([0xFF, 0xFF, 0xFF, 0xFF]) => metadata.get(8..),
        _ => metadata.get(4..),
    }
    .ok_or_else(|| not_arrow("block too short"))?;
    let message = verified::message(flatbuffer)?;
    let (start, end) = range_in(bytes, body_start as i64, block.bodyLength())?;
    Ok((message, &bytes[start..end]))
}

/// The footer and messages, verified table by table where this reader reads them.
///
/// Why not arrow-ipc's `root_as_footer`/`root_as_message`: their verifiers visit every table the
/// Arrow format defines — a field's 27 types, nested children, tensors and sparse tensors —
/// and were 16 KB gzip of the page's first visit and of the embed page (measured by leaving them
/// out), for tables this reader never reads. The checks below walk the footer, schema, field and
/// message tables with flatbuffers' own `Verifier`, and hand every table they reach whose every
/// member is read (`Block`, `KeyValue`, `DictionaryEncoding`, `Int`, `FloatingPoint`,
/// `RecordBatch`, `DictionaryBatch`) to arrow-ipc's generated verifier.
///
/// **The rule that keeps this sound**: a generated accessor reads without bounds checks, so this
/// reader may call only accessors of members verified here. Left unverified, and never read:
/// the footer's and message's version, custom metadata and body length, the schema's endianness
/// and features, a field's children and custom metadata, and the tables of the types and message
/// headers not listed in `FieldCheck` and `MessageCheck` (a column of such a type is refused by
/// the type's number alone, `Type::variant_name`).
pub mod verified {
    use super::*;

    pub fn footer(flatbuffer: &[u8]) -> Result<Footer<'_>, ArrowProblem> {
        root::<FooterCheck>(flatbuffer)?;
        // SAFETY: the members of the footer this reader reads are verified (rule above).
        Ok(unsafe { arrow_ipc::root_as_footer_unchecked(flatbuffer) })
    }

    pub fn message(flatbuffer: &[u8]) -> Result<Message<'_>, ArrowProblem> {
        root::<MessageCheck>(flatbuffer)?;
        // SAFETY: the members of the message this reader reads are verified (rule above).
        Ok(unsafe { arrow_ipc::root_as_message_unchecked(flatbuffer) })
    }

    /// What `flatbuffers::root` verifies before it follows the root offset, with the checks below.
    fn root<T: Verifiable>(flatbuffer: &[u8]) -> Result<(), ArrowProblem> {
        let options = flatbuffers::VerifierOptions::default();
        let mut verifier = Verifier::new(&options, flatbuffer);
        <ForwardsUOffset<T>>::run_verifier(&mut verifier, 0)
            .map_err(|_| not_arrow(DAMAGED_STRUCTURE))
    }

    type Tables<T> = ForwardsUOffset<Vector<'static, ForwardsUOffset<T>>>;
    type Blocks = ForwardsUOffset<Vector<'static, Block>>;

    struct FooterCheck;

    impl Verifiable for FooterCheck {
        fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
            v.visit_table(pos)?
                .visit_field::<ForwardsUOffset<SchemaCheck>>("schema", Footer::VT_SCHEMA, false)?
                .visit_field::<Blocks>("dictionaries", Footer::VT_DICTIONARIES, false)?
                .visit_field::<Blocks>("recordBatches", Footer::VT_RECORDBATCHES, false)?
                .finish();
            Ok(())
        }
    }

    struct SchemaCheck;

    impl Verifiable for SchemaCheck {
        fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
            v.visit_table(pos)?
                .visit_field::<Tables<FieldCheck>>("fields", arrow_ipc::Schema::VT_FIELDS, false)?
                .visit_field::<Tables<arrow_ipc::KeyValue>>(
                    "custom_metadata",
                    arrow_ipc::Schema::VT_CUSTOM_METADATA,
                    false,
                )?
                .finish();
            Ok(())
        }
    }

    struct FieldCheck;

    impl Verifiable for FieldCheck {
        fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
            use arrow_ipc::Field;
            v.visit_table(pos)?
                .visit_field::<ForwardsUOffset<&str>>("name", Field::VT_NAME, false)?
                .visit_union::<Type, _>(
                    "type_type",
                    Field::VT_TYPE_TYPE,
                    "type_",
                    Field::VT_TYPE_,
                    false,
                    |key, v, pos| match key {
                        Type::Int => {
                            v.verify_union_variant::<ForwardsUOffset<arrow_ipc::Int>>("Int", pos)
                        }
                        Type::FloatingPoint => v
                            .verify_union_variant::<ForwardsUOffset<arrow_ipc::FloatingPoint>>(
                                "FloatingPoint",
                                pos,
                            ),
                        // Read by its number only.
                        _ => Ok(()),
                    },
                )?
                .visit_field::<ForwardsUOffset<arrow_ipc::DictionaryEncoding>>(
                    "dictionary",
                    Field::VT_DICTIONARY,
                    false,
                )?
                .finish();
            Ok(())
        }
    }

    struct MessageCheck;

    impl Verifiable for MessageCheck {
        fn run_verifier(v: &mut Verifier, pos: usize) -> Result<(), InvalidFlatbuffer> {
            use arrow_ipc::MessageHeader;
            v.visit_table(pos)?
                .visit_union::<MessageHeader, _>(
                    "header_type",
                    Message::VT_HEADER_TYPE,
                    "header",
                    Message::VT_HEADER,
                    false,
                    |key, v, pos| match key {
                        MessageHeader::RecordBatch => v
                            .verify_union_variant::<ForwardsUOffset<arrow_ipc::RecordBatch>>(
                                "RecordBatch",
                                pos,
                            ),
                        MessageHeader::DictionaryBatch => v.verify_union_variant::<ForwardsUOffset<
                            arrow_ipc::DictionaryBatch,
                        >>(
                            "DictionaryBatch", pos
                        ),
                        // A schema, tensor or sparse tensor: not read (`header_as_*` gives
                        // `None`, and the block is refused).
                        _ => Ok(()),
                    },
                )?
                .finish();
            Ok(())
        }
    }
}

/// A record batch's (or a dictionary's) buffers, taken column by column in schema order.
struct Buffers<'a> {
    batch: arrow_ipc::RecordBatch<'a>,
    body: &'a [u8],
    rows: usize,
    next_buffer: usize,
}

impl<'a> Buffers<'a> {
    fn new(batch: arrow_ipc::RecordBatch<'a>, body: &'a [u8]) -> Result<Self, ArrowProblem> {
        if batch.compression().is_some() {
            return Err(not_arrow("compressed buffers"));
        }
        let rows = usize::try_from(batch.length()).map_err(|_| not_arrow("negative length"))?;
        Ok(Buffers {
            batch,
            body,
            rows,
            next_buffer: 0,
        })
    }

    fn buffer(&mut self) -> Result<&'a [u8], ArrowProblem> {
        let buffer = self
            .batch
            .buffers()
            .and_then(|buffers| buffers.iter().nth(self.next_buffer))
            .ok_or_else(|| not_arrow("too few buffers"))?;
        self.next_buffer += 1;
        let (start, end) = range_in(self.body, buffer.offset(), buffer.length())?;
        Ok(&self.body[start..end])
    }

    /// The `index`th column's buffers, checked to hold `rows` values of `layout`.
    fn column(&mut self, layout: Layout, index: usize) -> Result<ColumnData<'a>, ArrowProblem> {
        let node = self
            .batch
            .nodes()
            .and_then(|nodes| nodes.iter().nth(index))
            .ok_or_else(|| not_arrow("too few columns"))?;
        let rows = self.rows;
        let short = || not_arrow("a buffer is shorter than its column");
        if usize::try_from(node.length()).ok() != Some(rows) {
            return Err(not_arrow("a column's length is not the batch's"));
        }
        let bitmap_bytes = rows.div_ceil(8);
        let validity = self.buffer()?;
        let validity = match (validity.len(), node.null_count()) {
            (0, 0) => None,
            (length, _) if length >= bitmap_bytes => Some(validity),
            _ => return Err(short()),
        };
        let values = self.buffer()?;
        let needed = match layout {
            Layout::Boolean => Some(bitmap_bytes),
            // One offset more than rows.
            Layout::Utf8 => rows.checked_add(1).and_then(|n| n.checked_mul(4)),
            _ => rows.checked_mul(layout.value_bytes()),
        };
        if needed.is_none_or(|needed| values.len() < needed) {
            return Err(short());
        }
        let text = match layout {
            Layout::Utf8 => self.buffer()?,
            _ => &[],
        };
        Ok(ColumnData {
            layout,
            validity,
            values,
            text,
            dictionary: &[],
        })
    }
}

/// One column of one batch, its buffers checked to hold the batch's rows.
struct ColumnData<'a> {
    layout: Layout,
    validity: Option<&'a [u8]>,
    values: &'a [u8],
    /// The UTF-8 bytes of a text column.
    text: &'a [u8],
    /// The values a dictionary column's keys point into.
    dictionary: &'a [String],
}

impl<'a> ColumnData<'a> {
    fn is_valid(&self, row: usize) -> bool {
        self.validity.is_none_or(|bits| bit(bits, row))
    }

    /// The little-endian value `row` of `N` bytes.
    fn word<const N: usize>(&self, row: usize) -> Option<[u8; N]> {
        let start = row.checked_mul(N)?;
        self.values
            .get(start..start.checked_add(N)?)?
            .try_into()
            .ok()
    }

    fn int(&self, row: usize) -> Option<i64> {
        if !self.is_valid(row) {
            return None;
        }
        match self.layout {
            Layout::Int32 => self.word(row).map(|w| i64::from(i32::from_le_bytes(w))),
            Layout::Int64 => self.word(row).map(i64::from_le_bytes),
            _ => None,
        }
    }

    fn float(&self, row: usize) -> Option<f64> {
        match self.layout {
            Layout::Float64 if self.is_valid(row) => self.word(row).map(f64::from_le_bytes),
            _ => None,
        }
    }

    fn flag(&self, row: usize) -> bool {
        self.layout == Layout::Boolean && self.is_valid(row) && bit(self.values, row)
    }

    /// The text at `row` of a UTF-8 column (a null reads as empty); an offset outside the text
    /// or bytes that are not UTF-8 are errors.
    fn utf8(&self, row: usize) -> Result<&'a str, ArrowProblem> {
        if !self.is_valid(row) {
            return Ok("");
        }
        let offset = |at: usize| {
            self.word::<4>(at)
                .map(i32::from_le_bytes)
                .and_then(|o| usize::try_from(o).ok())
        };
        let range = offset(row).zip(offset(row + 1));
        let bytes = range
            .and_then(|(start, end)| self.text.get(start..end))
            .ok_or_else(|| not_arrow("a text offset outside its column"))?;
        std::str::from_utf8(bytes).map_err(|_| not_arrow("text that is not UTF-8"))
    }

    /// The text at `row` of a UTF-8 or dictionary column (a null reads as empty); a key outside
    /// its dictionary is an error.
    fn text(&self, row: usize) -> Result<&'a str, ArrowProblem> {
        if !self.is_valid(row) {
            return Ok("");
        }
        match self.layout {
            Layout::Utf8 => self.utf8(row),
            Layout::Dictionary { key_bytes, .. } => {
                let key = match key_bytes {
                    1 => self.word::<1>(row).map(|w| i64::from(i8::from_le_bytes(w))),
                    2 => self
                        .word::<2>(row)
                        .map(|w| i64::from(i16::from_le_bytes(w))),
                    _ => self
                        .word::<4>(row)
                        .map(|w| i64::from(i32::from_le_bytes(w))),
                };
                key.and_then(|key| usize::try_from(key).ok())
                    .and_then(|key| self.dictionary.get(key))
                    .map(String::as_str)
                    .ok_or_else(|| not_arrow("a dictionary key outside its dictionary"))
            }
            _ => Err(not_arrow("not a text column")),
        }
    }
}

/// Bit `index` of an Arrow bitmap (least significant bit first); past the end reads as unset.
fn bit(bits: &[u8], index: usize) -> bool {
    bits.get(index / 8)
        .is_some_and(|byte| byte & (1 << (index % 8)) != 0)
}

fn read_batch<'a>(
    columns: &[(&str, ColumnData<'a>)],
    rows: usize,
    out: &mut Vec<Record>,
) -> Result<(), ArrowProblem> {
    let column = |name: &'static str, fits: fn(Layout) -> bool| {
        let (_, data) = columns
            .iter()
            .find(|(column, _)| *column == name)
            .ok_or(ArrowProblem::MissingColumn { column: name })?;
        match fits(data.layout) {
            true => Ok(data),
            false => Err(ArrowProblem::WrongType {
                column: name,
                found: data.layout.name().to_string(),
            }),
        }
    };
    let text = |name| {
        column(name, |l| {
            matches!(l, Layout::Utf8 | Layout::Dictionary { .. })
        })
    };
    let year = column("year", |l| l == Layout::Int32)?;
    let lower = column("bin_lower", |l| l == Layout::Float64)?;
    let upper = column("bin_upper", |l| l == Layout::Float64)?;
    let count = column("count", |l| l == Layout::Int64)?;
    let suppressed = column("suppressed", |l| l == Layout::Boolean)?;
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
    // Optional: what Renkei wrote about suppressed cells.
    let in_row = SUPPRESSED_IN_ROW_COLUMNS
        .iter()
        .filter(|name| columns.iter().any(|(column, _)| column == *name))
        .map(|&name| column(name, |l| l == Layout::Int64))
        .collect::<Result<Vec<_>, _>>()?;

    let rows_before = out.len();
    for row in 0..rows {
        let text_at = |column: &ColumnData<'a>| column.text(row);
        out.push(record_of(RowValues {
            row_number: rows_before + row + 1,
            // An Int32 column: always fits.
            year: year.int(row).and_then(|year| i32::try_from(year).ok()),
            area_level: text_at(area_level)?,
            area_code: text_at(area_code)?,
            area_name: text_at(area_name)?,
            group: text_at(group)?,
            sex: text_at(sex)?,
            age_band: text_at(age_band)?,
            indicator: text_at(indicator)?,
            bin_label: text_at(bin_label)?,
            lower: lower.float(row),
            upper: upper.float(row),
            count: count.int(row),
            suppressed: suppressed.flag(row),
            in_row: match &in_row[..] {
                [cells, people, share] => cells.int(row).map(|cells| {
                    [
                        cells,
                        people.int(row).unwrap_or(0),
                        share.int(row).unwrap_or(0),
                    ]
                }),
                _ => None,
            },
        })?);
    }
    Ok(())
}

/// One row of a canonical Arrow batch as its columns hold it, before it is checked: what both
/// this reader and `arrow_io::read_rows` (arrow-rs arrays, in the columnar worker) hand to
/// [`record_of`], so every Arrow file gets the same checks.
pub(crate) struct RowValues<'a> {
    /// 1-based, counted over the file's batches.
    pub row_number: usize,
    pub year: Option<i32>,
    pub area_level: &'a str,
    pub area_code: &'a str,
    pub area_name: &'a str,
    pub group: &'a str,
    pub sex: &'a str,
    pub age_band: &'a str,
    pub indicator: &'a str,
    pub bin_label: &'a str,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub count: Option<i64>,
    pub suppressed: bool,
    /// `[cells, people, even share]` of `SUPPRESSED_IN_ROW_COLUMNS` where the file has them
    /// and the cell count is not null.
    pub in_row: Option<[i64; 3]>,
}

pub(crate) fn record_of(row: RowValues) -> Result<Record, ArrowProblem> {
    let bad = |column: &'static str, found: &str| ArrowProblem::BadValue {
        column,
        row_number: row.row_number,
        found: found.to_string(),
    };
    let count_people = match row.count {
        Some(value) if !row.suppressed => {
            Some(u64::try_from(value).map_err(|_| bad("count", &value.to_string()))?)
        }
        _ => None,
    };
    let year = row.year.ok_or_else(|| bad("year", "null"))?;
    let suppressed_in_row = match (row.in_row, count_people) {
        (Some([cells, people, share]), None) => {
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
    };
    Ok(Record {
        year,
        area_level: AreaLevel::from_id(row.area_level)
            .ok_or_else(|| bad("area_level", row.area_level))?,
        area_code: row.area_code.to_string(),
        area_name: row.area_name.to_string(),
        group: row.group.to_string(),
        sex: Sex::from_id(row.sex).ok_or_else(|| bad("sex", row.sex))?,
        age_band: AgeBand::parse_or_subtotal(row.age_band)
            .ok_or_else(|| bad("age_band", row.age_band))?,
        indicator: row.indicator.to_string(),
        bin: Bin {
            label: row.bin_label.to_string(),
            lower: row.lower,
            upper: row.upper,
        },
        suppressed_in_row,
        count_people,
    })
}
