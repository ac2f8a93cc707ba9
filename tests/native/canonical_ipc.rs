//! The page's own Arrow reader (`import::canonical_ipc`, buffers read directly) against arrow-rs'
//! reader: the same records from every layout Renkei's files can hold, and a refusal by column
//! for any other. (`builtin_data` holds it to arrow-rs on every built-in file; `never_panic`
//! damages real files.)

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    StringDictionaryBuilder,
};
use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{ArrayRef, Int16Array, Int64Array, RecordBatch};
use arrow_ipc::writer::{FileWriter, IpcWriteOptions};
use arrow_schema::{DataType, Field, Schema};
use proptest::prelude::*;
use renkei::import::arrow_io::ArrowProblem;
use renkei::import::arrow_writer::write_ipc_file;
use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::import::ecosystem::read_arrow;
use renkei::model::subtotal::SuppressedInRow;
use renkei::model::{AgeBand, AreaLevel, Bin, Dataset, Provenance, Record, Sex, CANONICAL_COLUMNS};

/// (area name, bin label, edges, count or suppressed, the row's suppressed people)
type Row = (String, String, (Option<f64>, Option<f64>), Option<u64>, u64);

fn record((name, label, edges, count, suppressed_people): Row) -> Record {
    let suppressed = count.is_none();
    Record {
        year: 2022,
        area_level: AreaLevel::Prefecture,
        area_code: "13".into(),
        area_name: name,
        group: "kokuho".into(),
        sex: Sex::Female,
        age_band: AgeBand::new(60, 64),
        indicator: "sbp".into(),
        bin: Bin {
            label,
            lower: edges.0,
            upper: edges.1,
        },
        count_people: count,
        suppressed_in_row: suppressed.then_some(SuppressedInRow {
            cells: 2,
            people: suppressed_people,
            even_share_people: suppressed_people / 2,
        }),
    }
}

fn dataset(records: Vec<Record>) -> Dataset {
    Dataset {
        provenance: Provenance {
            publisher: "市".into(),
            release: "2025".into(),
            source_files: vec!["a.csv".into(), "b.csv".into()],
            fictional: true,
        },
        records,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever Renkei writes (any text, open or closed edges, suppressed cells with what
    /// their row says) reads back exactly, with its own reader and with arrow-rs'.
    #[test]
    fn what_renkei_writes_reads_back_exactly(
        rows in proptest::collection::vec(
            (
                "[a-z北海道東京都 ]{0,12}",
                "[0-9〜以上未満]{0,8}",
                (proptest::option::of(-1e6..1e6f64), proptest::option::of(-1e6..1e6f64)),
                proptest::option::of(0..u64::from(u32::MAX)),
                0..100_000u64,
            ),
            1..60,
        )
    ) {
        let written = dataset(rows.into_iter().map(record).collect());
        let bytes = write_ipc_file(&written).unwrap();
        // arrow-rs reads it too, as any Arrow tool would (the writer is Renkei's own).
        // (It drops the `row_suppressed_*` columns, which only Renkei's own files carry.)
        let without_row_columns: Vec<Record> = written
            .records
            .iter()
            .map(|r| Record { suppressed_in_row: None, ..r.clone() })
            .collect();
        prop_assert_eq!(read_arrow(&bytes).unwrap().records, without_row_columns);
        prop_assert_eq!(read_ipc_file_format(&bytes).unwrap(), written);
    }
}

/// The canonical columns with plain UTF-8 text and dictionaries with 8- and 32-bit keys, in
/// two record batches: the layouts the reader takes besides what `write_ipc_file` writes.
#[test]
fn plain_text_other_key_widths_and_several_batches_read_as_arrow_rs_reads_them() {
    let texts = [
        "prefecture",
        "13",
        "東京都",
        "kokuho",
        "female",
        "60-64",
        "sbp",
        "140以上",
    ];
    let fields: Vec<Field> = CANONICAL_COLUMNS
        .iter()
        .enumerate()
        .map(|(index, &name)| match name {
            "year" => Field::new(name, DataType::Int32, false),
            "bin_lower" | "bin_upper" => Field::new(name, DataType::Float64, true),
            "count" => Field::new(name, DataType::Int64, true),
            "suppressed" => Field::new(name, DataType::Boolean, false),
            _ if index % 3 == 0 => Field::new(name, DataType::Utf8, true),
            _ if index % 3 == 1 => Field::new(
                name,
                DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8)),
                true,
            ),
            _ => Field::new(
                name,
                DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                true,
            ),
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = |rows: usize, first_count: i64| {
        let mut text = texts.iter().cycle();
        let columns: Vec<ArrayRef> = schema
            .fields()
            .iter()
            .map(|field| -> ArrayRef {
                match field.name().as_str() {
                    "year" => {
                        let mut b = Int32Builder::new();
                        (0..rows).for_each(|_| b.append_value(2022));
                        Arc::new(b.finish())
                    }
                    "bin_lower" | "bin_upper" => {
                        let mut b = Float64Builder::new();
                        (0..rows).for_each(|row| b.append_option((row > 0).then_some(140.0)));
                        Arc::new(b.finish())
                    }
                    "count" => {
                        let mut b = Int64Builder::new();
                        (0..rows).for_each(|row| b.append_value(first_count + row as i64));
                        Arc::new(b.finish())
                    }
                    "suppressed" => {
                        let mut b = BooleanBuilder::new();
                        (0..rows).for_each(|_| b.append_value(false));
                        Arc::new(b.finish())
                    }
                    _ => {
                        let value = *text.next().unwrap();
                        match field.data_type() {
                            DataType::Utf8 => {
                                let mut b = StringBuilder::new();
                                (0..rows).for_each(|_| b.append_value(value));
                                Arc::new(b.finish())
                            }
                            DataType::Dictionary(key, _) if **key == DataType::Int8 => {
                                let mut b = StringDictionaryBuilder::<Int8Type>::new();
                                (0..rows).for_each(|_| b.append_value(value));
                                Arc::new(b.finish())
                            }
                            _ => {
                                let mut b = StringDictionaryBuilder::<Int32Type>::new();
                                (0..rows).for_each(|_| b.append_value(value));
                                Arc::new(b.finish())
                            }
                        }
                    }
                }
            })
            .collect();
        RecordBatch::try_new(schema.clone(), columns).unwrap()
    };
    let mut bytes = Vec::new();
    let mut writer = FileWriter::try_new(&mut bytes, &schema).unwrap();
    writer.write(&batch(3, 10)).unwrap();
    writer.write(&batch(2, 500)).unwrap();
    writer.finish().unwrap();
    drop(writer);

    let page = read_ipc_file_format(&bytes).unwrap();
    let arrow_rs = read_arrow(&bytes).unwrap();
    assert_eq!(page.records.len(), 5);
    assert_eq!(page, arrow_rs);
    let counts: Vec<_> = page.records.iter().map(|r| r.count_people).collect();
    assert_eq!(counts, [10, 11, 12, 500, 501].map(Some));
    assert_eq!(page.records[0].area_name, "東京都");
    assert_eq!(page.records[0].bin.lower, None);
    assert_eq!(page.records[1].bin.lower, Some(140.0));
}

/// A copy of a real built-in file with one column replaced by `make(rows)` under the same name.
fn with_column(name: &str, make: impl Fn(usize) -> ArrayRef) -> Vec<u8> {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/ndb_r10_prefecture_sbp.arrow"
    ))
    .unwrap();
    let reader = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
    let batch = reader.into_iter().next().unwrap().unwrap();
    let index = batch.schema().index_of(name).unwrap();
    let array = make(batch.num_rows());
    let mut fields: Vec<Field> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    fields[index] = Field::new(name, array.data_type().clone(), true);
    let mut columns = batch.columns().to_vec();
    columns[index] = array;
    let schema = Arc::new(Schema::new(fields).with_metadata(batch.schema().metadata().clone()));
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let mut out = Vec::new();
    let options = IpcWriteOptions::default();
    let mut writer = FileWriter::try_new_with_options(&mut out, &schema, options).unwrap();
    writer.write(&batch).unwrap();
    writer.finish().unwrap();
    drop(writer);
    out
}

#[test]
fn another_layout_is_refused_by_its_column() {
    use renkei::import::arrow_io::ArrowProblem;
    let bytes = with_column("year", |rows| {
        Arc::new(Int16Array::from(vec![2022i16; rows]))
    });
    assert_eq!(
        read_ipc_file_format(&bytes).map(|d| d.records.len()),
        Err(ArrowProblem::WrongType {
            column: "year",
            found: "Int16".into()
        })
    );
    let bytes = with_column("count", |rows| {
        Arc::new(Int64Array::from(vec![-3i64; rows]))
    });
    assert_eq!(
        read_ipc_file_format(&bytes).map(|d| d.records.len()),
        Err(ArrowProblem::BadValue {
            column: "count",
            row_number: 1,
            found: "-3".into()
        })
    );
}

/// One row: 東京都, ≥140, 7 people.
fn one_row() -> Dataset {
    dataset(vec![record((
        "東京都".into(),
        "140以上".into(),
        (Some(140.0), None),
        Some(7),
        0,
    ))])
}

#[test]
fn compressed_buffers_are_refused_not_misread() {
    let dataset = one_row();
    let plain = write_ipc_file(&dataset).unwrap();
    let reader = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(plain), None).unwrap();
    let schema = reader.schema();
    let mut compressed = Vec::new();
    let options = IpcWriteOptions::default()
        .try_with_compression(Some(arrow_ipc::CompressionType::ZSTD))
        .unwrap();
    let mut writer = FileWriter::try_new_with_options(&mut compressed, &schema, options).unwrap();
    for batch in reader {
        writer.write(&batch.unwrap()).unwrap();
    }
    writer.finish().unwrap();
    drop(writer);
    assert!(read_ipc_file_format(&compressed).is_err());
    // The columnar worker's reader decodes it, so a user's compressed file still opens.
    assert_eq!(read_arrow(&compressed).unwrap().records, dataset.records);
}

/// A footer that fails flatbuffers' verification is refused in words, not with the verifier's
/// trace (whose formatting code would otherwise sit on the page's first visit).
#[test]
fn a_damaged_footer_is_refused_as_damaged() {
    let dataset = one_row();
    let mut bytes = write_ipc_file(&dataset).unwrap();
    // The footer ends 10 bytes before the end (its length, then "ARROW1"); its root offset sits
    // at its start. Pointing that outside the footer fails verification.
    let footer_length =
        i32::from_le_bytes(bytes[bytes.len() - 10..bytes.len() - 6].try_into().unwrap());
    let footer_start = bytes.len() - 10 - footer_length as usize;
    bytes[footer_start..footer_start + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let Err(ArrowProblem::NotArrow { detail }) = read_ipc_file_format(&bytes) else {
        panic!("a damaged footer was read");
    };
    assert_eq!(detail, "the file's structure is damaged");
}

/// The page verifies only the flatbuffers tables it reads (`canonical_ipc::verified`, 16 KB gzip
/// lighter than arrow-ipc's verifiers of every table). Held to arrow-ipc's full verification on
/// damaged copies of a real file's footer, a dictionary's message and a record batch's message:
/// what the full verifier accepts, the page accepts; what only the page accepts fails the full
/// verifier in a member the page never reads.
mod verified_members {
    use super::*;
    use flatbuffers::{ErrorTraceDetail, InvalidFlatbuffer};
    use renkei::import::canonical_ipc::verified;

    /// (file, the footer's range, a dictionary message's flatbuffer range, a record batch's).
    fn regions() -> (Vec<u8>, [std::ops::Range<usize>; 3]) {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data/ndb_r10_prefecture_sbp.arrow"
        ))
        .unwrap();
        let end = bytes.len() - 10;
        let footer_length = i32::from_le_bytes(bytes[end..end + 4].try_into().unwrap()) as usize;
        let footer_range = end - footer_length..end;
        let footer = arrow_ipc::root_as_footer(&bytes[footer_range.clone()]).unwrap();
        // After the continuation marker and the length.
        let message = |block: &arrow_ipc::Block| {
            let start = block.offset() as usize + 8;
            start..block.offset() as usize + block.metaDataLength() as usize
        };
        let dictionary = message(footer.dictionaries().unwrap().get(0));
        let batch = message(footer.recordBatches().unwrap().get(0));
        (bytes.clone(), [footer_range, dictionary, batch])
    }

    /// Whether a full verifier's error lies in a member the page neither reads nor verifies
    /// (the rule in `canonical_ipc::verified`). Its trace runs from the member outwards.
    fn in_an_unread_member(error: &InvalidFlatbuffer) -> bool {
        let trace = match error {
            InvalidFlatbuffer::MissingRequiredField { error_trace, .. }
            | InvalidFlatbuffer::InconsistentUnion { error_trace, .. }
            | InvalidFlatbuffer::Utf8Error { error_trace, .. }
            | InvalidFlatbuffer::MissingNullTerminator { error_trace, .. }
            | InvalidFlatbuffer::Unaligned { error_trace, .. }
            | InvalidFlatbuffer::RangeOutOfBounds { error_trace, .. }
            | InvalidFlatbuffer::SignedOffsetOutOfBounds { error_trace, .. } => error_trace,
            // Limits on everything visited: the full verifier visits more.
            InvalidFlatbuffer::TooManyTables
            | InvalidFlatbuffer::ApparentSizeTooLarge
            | InvalidFlatbuffer::DepthLimitReached => return true,
        };
        let trace = trace.as_ref();
        trace.iter().enumerate().any(|(index, detail)| match detail {
            ErrorTraceDetail::TableField { field_name, .. } => match field_name.as_ref() {
                "version" | "bodyLength" | "endianness" | "features" | "children" | "nullable" => {
                    true
                }
                // Read only as the schema's (the footer's schema field comes next outwards).
                "custom_metadata" => !matches!(
                    trace.get(index + 1),
                    Some(ErrorTraceDetail::TableField { field_name, .. }) if field_name == "schema"
                ),
                _ => false,
            },
            ErrorTraceDetail::UnionVariant { variant, .. } => !matches!(
                variant.as_ref(),
                "Type::Int"
                    | "Type::FloatingPoint"
                    | "MessageHeader::RecordBatch"
                    | "MessageHeader::DictionaryBatch"
            ),
            ErrorTraceDetail::VectorElement { .. } => false,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_page_verifies_every_member_it_reads(
            which in 0..3usize,
            damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        ) {
            let (mut bytes, regions) = regions();
            let range = regions[which].clone();
            for (index, byte) in &damage {
                bytes[range.start + index.index(range.len())] = *byte;
            }
            let flatbuffer = &bytes[range];
            let (page, full) = if which == 0 {
                (verified::footer(flatbuffer).is_ok(), arrow_ipc::root_as_footer(flatbuffer).map(drop))
            } else {
                (verified::message(flatbuffer).is_ok(), arrow_ipc::root_as_message(flatbuffer).map(drop))
            };
            match full {
                Ok(()) => prop_assert!(page, "the full verifier accepts what the page refuses"),
                Err(error) if page => prop_assert!(in_an_unread_member(&error), "{error}"),
                Err(_) => {}
            }
        }
    }
}
