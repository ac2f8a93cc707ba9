//! Files users bring other than NDB workbooks and tidy CSV: Arrow IPC (file and stream) from
//! any Arrow tool, the downloadable template, and units that do not belong to an item.

use std::sync::Arc;

use arrow_array::{Int32Array, RecordBatch};
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{DataType, Field, Schema};
use renkei::import::arrow_writer::write_ipc_file;
use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::import::tidy::import_tidy_csv;
use renkei::import::user_file::{user_file_to_arrow, Converted};
use renkei::import::wide::{ColumnRole, WideMapping};
use renkei::view::language::Language;
use renkei::view::messages::import_error;

/// A file through the worker's function, as Arrow (or the message it was refused with).
fn to_arrow(bytes: &[u8], name: &str, mapping: Option<&WideMapping>) -> Result<Vec<u8>, String> {
    match user_file_to_arrow(bytes, name, mapping, &mut |_| {})
        .map_err(|error| import_error(&error).text(Language::Japanese).to_string())?
    {
        Converted::Arrow(arrow) => Ok(arrow),
        Converted::NeedsMapping(preview) => Err(format!("needs mapping: {preview:?}")),
    }
}

fn template_bytes() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/renkei-template.csv"
    ))
    .unwrap()
}

#[test]
fn the_template_the_page_offers_reads_as_two_groups() {
    let dataset = import_tidy_csv(&template_bytes(), "renkei-template.csv").unwrap();
    assert_eq!(dataset.records.len(), 6);
    assert_eq!(dataset.groups(), ["regional", "occupational"]);
    assert_eq!(dataset.records[3].count_people, Some(1500));
    assert!(dataset.records[2].is_suppressed());
}

/// Writes a dataset the way pyarrow's `ipc.new_stream` or arrow JS's `tableToIPC` would.
fn as_stream(file_bytes: &[u8]) -> Vec<u8> {
    let reader =
        arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(file_bytes), None).unwrap();
    let schema = reader.schema();
    let mut out = Vec::new();
    let mut writer = StreamWriter::try_new(&mut out, &schema).unwrap();
    for batch in reader {
        writer.write(&batch.unwrap()).unwrap();
    }
    writer.finish().unwrap();
    drop(writer);
    out
}

#[test]
fn arrow_files_and_streams_open_like_csv() {
    let dataset = import_tidy_csv(&template_bytes(), "renkei-template.csv").unwrap();
    let file_bytes = write_ipc_file(&dataset).unwrap();
    let stream_bytes = as_stream(&file_bytes);
    assert!(!stream_bytes.starts_with(b"ARROW1"));
    for (name, bytes) in [("t.arrow", &file_bytes), ("t.arrows", &stream_bytes)] {
        let opened = read_ipc_file_format(&to_arrow(bytes, name, None).unwrap()).unwrap();
        assert_eq!(opened.records, dataset.records, "{name}");
        assert_eq!(opened.provenance.source_files, [name]);
    }
}

#[test]
fn an_arrow_file_of_another_schema_names_the_missing_column() {
    let schema = Arc::new(Schema::new(vec![Field::new(
        "patients",
        DataType::Int32,
        false,
    )]));
    let batch =
        RecordBatch::try_new(schema.clone(), vec![Arc::new(Int32Array::from(vec![1, 2]))]).unwrap();
    let mut bytes = Vec::new();
    let mut writer = StreamWriter::try_new(&mut bytes, &schema).unwrap();
    writer.write(&batch).unwrap();
    writer.finish().unwrap();
    drop(writer);
    let message = to_arrow(&bytes, "other.arrow", None).unwrap_err();
    assert!(message.starts_with("other.arrow："), "{message}");
    assert!(message.contains("列「year」がありません"), "{message}");
}

#[test]
fn an_arrow_file_with_a_cell_twice_is_refused_with_its_row() {
    let mut dataset = import_tidy_csv(&template_bytes(), "t.csv").unwrap();
    dataset.records.push(dataset.records[1].clone());
    let message = to_arrow(&write_ipc_file(&dataset).unwrap(), "twice.arrow", None).unwrap_err();
    assert!(message.starts_with("twice.arrow（7行目）"), "{message}");
    assert!(message.contains("2行目と同じセル"), "{message}");
}

#[test]
fn mixed_units_for_one_item_are_refused_naming_line_and_column() {
    let header = "年度,地域名,区分,性別,年齢階級,項目,単位,階級,人数\n";
    let text = format!(
        "{header}2022,北海道,地域,男,40-44,HbA1c,%,5.6未満,100\n\
         2022,北海道,職域,男,40-44,HbA1c,mmol/mol,38未満,80\n"
    );
    let message = import_error(&import_tidy_csv(text.as_bytes(), "mixed.csv").unwrap_err())
        .text(Language::Japanese)
        .to_string();
    assert!(
        message.starts_with("mixed.csv（3行目・列「単位」）"),
        "{message}"
    );
    assert!(message.contains("mmol/mol"), "{message}");
    // Without a unit column, edges that only make sense in mmol/mol give it away.
    let header = "年度,地域名,区分,性別,年齢階級,項目,階級,人数\n";
    let text = format!(
        "{header}2022,北海道,地域,男,40-44,HbA1c,5.6未満,100\n\
         2022,北海道,職域,男,40-44,HbA1c,48以上,80\n"
    );
    let message = import_error(&import_tidy_csv(text.as_bytes(), "edges.csv").unwrap_err())
        .text(Language::Japanese)
        .to_string();
    assert!(
        message.starts_with("edges.csv（3行目・列「階級」）"),
        "{message}"
    );
    assert!(message.contains("単位"), "{message}");
}

/// A table shaped like the ministry's sheets, in Shift_JIS: the page gets the mapping step
/// with a guess, and the confirmed mapping reads it.
#[test]
fn a_wide_table_goes_through_the_mapping_step() {
    let text = "都道府県名,階級,男性,,女性,\n,,40～44歳,45～49歳,40～44歳,45～49歳\n\
                北海道,130未満,100,90,120,110\n,130以上,20,-,10,15\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    let Converted::NeedsMapping(preview) =
        user_file_to_arrow(&bytes, "wide.csv", None, &mut |_| {}).unwrap()
    else {
        panic!("a wide table needs the mapping step")
    };
    assert_eq!(preview.headers[2], ["男性", "40～44歳"]);
    assert_eq!(preview.guess.roles[1], ColumnRole::Bin);
    let mut mapping = preview.guess.clone();
    mapping.year = Some(2022);
    mapping.indicator = Some("sbp".into());
    mapping.group = Some("regional".into());
    let dataset =
        read_ipc_file_format(&to_arrow(&bytes, "wide.csv", Some(&mapping)).unwrap()).unwrap();
    assert_eq!(dataset.records.len(), 8);
    assert_eq!(dataset.groups(), ["regional"]);
    assert_eq!(dataset.provenance.source_files, ["wide.csv"]);
    // The mapping crosses from the page to the worker as JSON.
    let json = serde_json::to_string(&mapping).unwrap();
    assert_eq!(serde_json::from_str::<WideMapping>(&json).unwrap(), mapping);
}

#[test]
fn prose_is_refused_not_offered_as_a_table() {
    let message = to_arrow(
        "# 説明\nこれは表ではありません。\n".as_bytes(),
        "notes.csv",
        None,
    )
    .unwrap_err();
    assert!(message.contains("必要な列がありません"), "{message}");
}

/// A user's CSV may carry the published subtotals as rows (age band 中計): the one suppressed
/// cell of a row is restored exactly, and a subtotal that does not fit is refused naming its line.
#[test]
fn subtotal_rows_in_a_csv_restore_a_suppressed_cell_and_a_wrong_one_is_refused() {
    let csv = "年度,地域名,区分,性別,年齢階級,項目,階級,人数\n\
        2022,北海道,地域,男,40～44歳,収縮期血圧,140以上,-\n\
        2022,北海道,地域,男,45～49歳,収縮期血圧,140以上,25\n\
        2022,北海道,地域,男,中計,収縮期血圧,140以上,31\n\
        2022,北海道,地域,男,40～44歳,収縮期血圧,140未満,100\n\
        2022,北海道,地域,男,45～49歳,収縮期血圧,140未満,90\n";
    let dataset =
        read_ipc_file_format(&to_arrow(csv.as_bytes(), "kokuho.csv", None).unwrap()).unwrap();
    assert_eq!(dataset.records.len(), 4, "the subtotal row is no cell");
    let suppressed = dataset.records.iter().find(|r| r.is_suppressed()).unwrap();
    let row = suppressed.suppressed_in_row.unwrap();
    assert_eq!(
        (row.cells, row.people, row.recovered_people()),
        (1, 6, Some(6))
    );

    let wrong = csv.replace(",中計,収縮期血圧,140以上,31", ",中計,収縮期血圧,140以上,20");
    let message = to_arrow(wrong.as_bytes(), "kokuho.csv", None).unwrap_err();
    assert!(
        message.contains("4行目") && message.contains("中計（20）"),
        "{message}"
    );
}

/// The same from an Arrow file written elsewhere (pyarrow, DuckDB): subtotal rows are applied,
/// and Renkei's own columns in such a file are not trusted.
#[test]
fn subtotal_rows_in_a_users_arrow_file_are_applied() {
    use renkei::model::{AgeBand, Dataset, Provenance};
    let csv = "年度,地域名,区分,性別,年齢階級,項目,階級,人数\n\
        2022,北海道,地域,男,40～44歳,収縮期血圧,140以上,-\n\
        2022,北海道,地域,男,45～49歳,収縮期血圧,140以上,-\n\
        2022,北海道,地域,男,40～44歳,収縮期血圧,140未満,100\n\
        2022,北海道,地域,男,45～49歳,収縮期血圧,140未満,90\n";
    let cells = read_ipc_file_format(&to_arrow(csv.as_bytes(), "a.csv", None).unwrap()).unwrap();
    let mut subtotal = cells.records[0].clone();
    subtotal.age_band = AgeBand::SUBTOTAL;
    subtotal.count_people = Some(12);
    let mut records = cells.records.clone();
    // A claim in Renkei's own columns, which a file from elsewhere cannot make.
    records[0].suppressed_in_row = Some(renkei::model::subtotal::SuppressedInRow {
        cells: 1,
        people: 999,
        even_share_people: 999,
    });
    records.push(subtotal);
    let foreign = write_ipc_file(&Dataset {
        provenance: Provenance::default(),
        records,
    })
    .unwrap();
    let dataset = read_ipc_file_format(&to_arrow(&foreign, "duckdb.arrow", None).unwrap()).unwrap();
    let shares: Vec<_> = dataset
        .records
        .iter()
        .filter_map(|r| r.suppressed_in_row)
        .collect();
    assert_eq!(shares.len(), 2);
    assert!(shares.iter().all(|s| s.cells == 2 && s.people == 12));
    assert_eq!(shares.iter().map(|s| s.even_share_people).sum::<u64>(), 12);
}
