//! The built-in data in `public/data/` is exactly what the committed workbooks say:
//! every Arrow file is re-derived from its source workbook and compared record by record.

use std::path::Path;

use renkei::import::arrow_writer::write_ipc_file;
use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::import::ecosystem::read_arrow;
use renkei::import::example::fictional_groups;
use renkei::import::manifest::EXAMPLE_RELEASE;
use renkei::import::manifest::{
    secondary_areas_from_json, Manifest, ManifestEntry, NEWEST_RELEASE, SECONDARY_AREAS_FILE,
};
use renkei::import::ndb::{import_workbook, BUILT_IN_RELEASES, SECOND_PUBLICATIONS};
use renkei::model::indicator;
use renkei::model::NDB_PUBLISHER;
use renkei::view::language::Language;
use renkei::view::messages::ProblemText;
use renkei::view::names::{self, FICTIONAL_LABEL_JA};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn manifest() -> Manifest {
    let text = std::fs::read_to_string(root().join("public/data/manifest.json")).unwrap();
    Manifest::from_json(&text).unwrap()
}

fn source_path(release: &str, file: &str) -> std::path::PathBuf {
    let (_, folder) = BUILT_IN_RELEASES
        .iter()
        .find(|(r, _)| *r == release)
        .unwrap_or_else(|| panic!("no folder for release {release}"));
    root().join("data/ndb").join(folder).join(file)
}

fn built_in_bytes(entry: &ManifestEntry) -> Vec<u8> {
    std::fs::read(root().join("public/data").join(entry.file())).unwrap()
}

#[test]
fn every_builtin_file_equals_its_source_workbook() {
    let manifest = manifest();
    assert!(
        manifest.datasets.len() >= 190,
        "ten releases by prefecture, four by secondary medical area"
    );
    for entry in manifest
        .datasets
        .iter()
        .filter(|e| e.release != EXAMPLE_RELEASE)
    {
        let file = entry.file();
        let builtin = read_ipc_file_format(&built_in_bytes(entry))
            .unwrap_or_else(|e| panic!("{file}: {}", e.text(Language::Japanese)));
        let [source_file] = entry.source_files.as_slice() else {
            panic!("one source per file")
        };
        let workbook_bytes = std::fs::read(source_path(&entry.release, source_file)).unwrap();
        let workbook = import_workbook(&workbook_bytes, source_file, &entry.release).unwrap();
        assert_eq!(builtin.provenance, workbook.dataset.provenance, "{file}");
        assert!(
            builtin.records == workbook.dataset.records,
            "{file} differs from {source_file}: run `cargo run --release --bin ndb_convert`"
        );
        assert_eq!(builtin.provenance.publisher, NDB_PUBLISHER);
        assert_eq!(
            (entry.fiscal_year, entry.indicator.as_str()),
            (workbook.fiscal_year, workbook.indicator.id)
        );
    }
}

/// Every distribution workbook committed is built in, except the second publications the
/// converter is told to leave out; every built-in file is in the catalogue; and a link without
/// a release shows the newest.
#[test]
fn every_workbook_is_built_in_and_every_file_catalogued() {
    let manifest = manifest();
    let mut catalogued: Vec<String> = manifest.datasets.iter().map(ManifestEntry::file).collect();
    catalogued.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("public/data"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.ends_with(".arrow"))
        .collect();
    on_disk.sort();
    assert_eq!(catalogued, on_disk);
    for (release, folder) in BUILT_IN_RELEASES {
        for path in std::fs::read_dir(root().join("data/ndb").join(folder)).unwrap() {
            let name = path.unwrap().file_name().to_string_lossy().to_string();
            let distribution = name.ends_with(".xlsx")
                && !SECOND_PUBLICATIONS.iter().any(|id| name.starts_with(id))
                && import_workbook(
                    &std::fs::read(source_path(release, &name)).unwrap(),
                    &name,
                    release,
                )
                .is_ok();
            let built_in = manifest
                .datasets
                .iter()
                .any(|e| e.release == release && e.source_files == [name.clone()]);
            assert_eq!(built_in, distribution, "{folder}/{name}");
        }
    }
    assert_eq!(manifest.releases()[0].0, NEWEST_RELEASE);
}

/// The example is exactly the documented rule applied to the real workbook: fictional in its
/// metadata, listed after the real releases, and its two groups add up to the real counts.
#[test]
fn the_example_dataset_is_the_documented_split_of_real_counts() {
    let manifest = manifest();
    let examples: Vec<_> = manifest
        .datasets
        .iter()
        .filter(|e| e.release == EXAMPLE_RELEASE)
        .collect();
    assert_eq!(examples.len(), 5, "the FY2022 items");
    assert_ne!(manifest.releases()[0].0, EXAMPLE_RELEASE);
    for entry in examples {
        let file = entry.file();
        let example = read_ipc_file_format(&built_in_bytes(entry)).unwrap();
        assert!(example.provenance.fictional, "{file}");
        assert!(
            names::citation(&example.provenance, entry.fiscal_year, Language::Japanese)
                .starts_with(FICTIONAL_LABEL_JA)
        );
        let source_file = &entry.source_files[0];
        let real = import_workbook(
            &std::fs::read(source_path("第10回", source_file)).unwrap(),
            source_file,
            "第10回",
        )
        .unwrap()
        .dataset;
        assert!(
            example == fictional_groups(&real),
            "{file}: run ndb_convert"
        );
        assert_eq!(example.groups(), ["regional", "occupational"]);
        for (pair, real_record) in example.records.chunks(2).zip(&real.records) {
            let sum = match (pair[0].count_people, pair[1].count_people) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
            assert_eq!(sum, real_record.count_people);
        }
    }
}

/// The unit check a user's file goes through accepts every edge the ministry publishes.
#[test]
fn every_published_bin_edge_is_plausible_in_its_unit() {
    for entry in &manifest().datasets {
        let item = indicator::by_id(&entry.indicator).unwrap();
        for record in read_ipc_file_format(&built_in_bytes(entry))
            .unwrap()
            .records
        {
            for edge in [record.bin.lower, record.bin.upper].into_iter().flatten() {
                assert!(item.edge_is_plausible(edge), "{}", entry.file());
            }
        }
    }
}

#[test]
fn the_issue_asks_for_these_releases_and_items() {
    let manifest = manifest();
    for indicator in ["sbp", "hba1c", "bmi", "ldl"] {
        assert!(
            manifest.find("第10回", "prefecture", indicator).is_some(),
            "FY2022 {indicator}"
        );
    }
    for indicator in [
        "sbp", "dbp", "hba1c", "fpg", "bmi", "waist", "ldl", "hdl", "tg",
    ] {
        for level in ["prefecture", "secondary_medical_area"] {
            assert!(
                manifest.find("第9回", level, indicator).is_some(),
                "FY2021 {level} {indicator}"
            );
        }
    }
    for indicator in [
        "sbp", "dbp", "hba1c", "fpg", "bmi", "waist", "ldl", "hdl", "tg", "ast", "alt", "ggt",
    ] {
        let years: Vec<i32> = manifest
            .datasets
            .iter()
            .filter(|e| e.indicator == indicator && e.area_level == "prefecture")
            .filter(|e| e.release != EXAMPLE_RELEASE)
            .map(|e| e.fiscal_year)
            .collect();
        let expected: Vec<i32> = if ["sbp", "hba1c", "bmi", "ldl"].contains(&indicator) {
            (2013..=2022).rev().collect()
        } else {
            (2013..=2021).rev().collect()
        };
        assert_eq!(
            years, expected,
            "{indicator}: a prefecture series of every year"
        );
    }
    let text = std::fs::read_to_string(root().join("public/data").join(SECONDARY_AREAS_FILE));
    let areas = secondary_areas_from_json(&text.unwrap()).unwrap();
    assert_eq!(areas.len(), 336, "335 areas and 二次医療圏判別不可");
    let releases: Vec<(String, i32)> = BUILT_IN_RELEASES
        .iter()
        .zip((2013..=2022).rev())
        .map(|((release, _), year)| (release.to_string(), year))
        .chain([(EXAMPLE_RELEASE.to_string(), 2022)])
        .collect();
    assert_eq!(manifest.releases(), releases);
}

#[test]
fn arrow_round_trip_keeps_suppression_and_open_edges() {
    let entry = manifest()
        .find("第9回", "secondary_medical_area", "sbp")
        .cloned()
        .unwrap();
    let dataset = read_ipc_file_format(&built_in_bytes(&entry)).unwrap();
    assert!(dataset.records.iter().any(|r| r.is_suppressed()));
    assert!(dataset.records.iter().any(|r| r.bin.lower.is_none()));
    assert!(dataset.records.iter().any(|r| r.bin.upper.is_none()));
    let again = read_ipc_file_format(&write_ipc_file(&dataset).unwrap()).unwrap();
    assert_eq!(again, dataset);
}

/// The page's reader (`canonical_ipc`, buffers read directly) gives exactly what arrow-ipc's own
/// decoder gives for the same data as a stream, for every built-in file (the example included).
#[test]
fn the_file_reader_agrees_with_arrow_ipcs_stream_reader() {
    use arrow_ipc::reader::FileReader;
    use arrow_ipc::writer::StreamWriter;
    for entry in &manifest().datasets {
        let bytes = built_in_bytes(entry);
        let file = read_ipc_file_format(&bytes)
            .unwrap_or_else(|e| panic!("{}: {}", entry.file(), e.text(Language::Japanese)));
        let reader = FileReader::try_new(std::io::Cursor::new(&bytes), None).unwrap();
        let mut stream = Vec::new();
        let mut writer = StreamWriter::try_new(&mut stream, &reader.schema()).unwrap();
        for batch in reader {
            writer.write(&batch.unwrap()).unwrap();
        }
        writer.finish().unwrap();
        drop(writer);
        // A file from elsewhere says what it knows of suppressed cells in subtotal rows only:
        // the reader of such files drops Renkei's own columns.
        let mut expected = file.clone();
        for record in &mut expected.records {
            record.suppressed_in_row = None;
        }
        assert!(expected == read_arrow(&stream).unwrap(), "{}", entry.file());
    }
}

#[test]
fn junk_and_foreign_arrow_files_get_a_message_not_a_panic() {
    let error = read_arrow(b"ARROW1 but not really").unwrap_err();
    assert!(
        error.text(Language::Japanese).contains("Arrow IPC"),
        "{}",
        error.text(Language::Japanese)
    );
    assert!(read_arrow(&[]).is_err());
    let error = read_ipc_file_format(b"ARROW1 but not really").unwrap_err();
    assert!(error.text(Language::Japanese).contains("Arrow IPC"));
    assert!(read_ipc_file_format(&[]).is_err());
}
