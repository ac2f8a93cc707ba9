//! Fixtures shared by the native tests, the end-to-end tests and the benchmarks: the repository's
//! files, and the built-in data read exactly as the page reads it.
#![allow(dead_code)]

use std::path::Path;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The ministry's SBP-by-prefecture workbook (release 10) with `from` replaced by `to`, exactly
/// once, in one XML part of the xlsx zip: the way hostile and broken workbooks are made.
pub fn sbp_workbook_rewritten(part: &str, from: &str, to: &str) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let bytes =
        std::fs::read(root().join("data/ndb/ndb10_tokutei_kenshin_R4/SBP_pref.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == part {
            let text = String::from_utf8(content).unwrap();
            assert_eq!(
                text.matches(from).count(),
                1,
                "{from} must occur once in {part}"
            );
            content = text.replace(from, to).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A built-in dataset, as the page fetches it.
pub fn built_in(file: &str) -> renkei::model::Dataset {
    let bytes = std::fs::read(root().join("public/data").join(file)).unwrap();
    renkei::import::canonical_ipc::read_ipc_file_format(&bytes).unwrap()
}

/// Every built-in year of an item at `level` (with that year's prefectures, for 全国), as the
/// page's trend fetches them.
pub fn built_in_trend_years(
    indicator: &str,
    level: renkei::model::AreaLevel,
) -> Vec<renkei::view::trend::TrendData> {
    use renkei::model::AreaLevel;
    use std::sync::Arc;
    let text = std::fs::read_to_string(root().join("public/data/manifest.json")).unwrap();
    let manifest = renkei::import::manifest::Manifest::from_json(&text).unwrap();
    renkei::import::ndb::BUILT_IN_RELEASES
        .iter()
        .filter_map(|(release, _)| {
            let at_level = manifest.find(release, level.id(), indicator)?;
            let prefectures = manifest.find(release, AreaLevel::Prefecture.id(), indicator)?;
            Some(renkei::view::trend::TrendData {
                fiscal_year: at_level.fiscal_year,
                release: at_level.release.clone(),
                selection_level: Arc::new(built_in(&at_level.file())),
                prefectures: Some(Arc::new(built_in(&prefectures.file()))),
            })
        })
        .collect()
}

/// The ministry's means of a release at a level (by prefecture, or by secondary medical area),
/// read from its 各項目の平均値 workbook under `data/ndb/`; `None` where the mirror has none.
pub fn ndb_means(
    release: &str,
    level: renkei::model::AreaLevel,
) -> Option<renkei::model::published_mean::PublishedMeans> {
    let (_, folder) = renkei::import::ndb::BUILT_IN_RELEASES
        .iter()
        .find(|(r, _)| *r == release)?;
    let dir = root().join("data/ndb").join(folder);
    let index = std::fs::read_to_string(dir.join("INDEX.csv")).unwrap_or_default();
    let level_words = match level {
        renkei::model::AreaLevel::SecondaryMedicalArea => "二次医療圏別",
        _ => "都道府県別",
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    let name = names.into_iter().find(|name| {
        let title = index
            .lines()
            .find(|line| line.starts_with(&format!("{name},")))
            .unwrap_or(name);
        title.contains("平均値") && title.contains(level_words)
    })?;
    let bytes = std::fs::read(dir.join(&name)).unwrap();
    let read = renkei::import::ndb_means::import_means_workbook(&bytes, &name, release).unwrap();
    assert_eq!(read.area_level, level, "{name}");
    Some(read.means)
}

pub fn hokkaido() -> renkei::analysis::distribution::AreaSelection {
    renkei::analysis::distribution::AreaSelection::Area {
        level: renkei::model::AreaLevel::Prefecture,
        code: "01".into(),
        name: "北海道".into(),
    }
}

/// Width and height from a PNG's header.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// The group comparison as the page shows it by default (standardised to the default standard
/// population).
pub fn group_comparison(
    facts: renkei::analysis::groups::GroupDistributions,
    language: renkei::view::language::Language,
) -> renkei::view::groups::GroupComparison {
    use renkei::analysis::standardise::StandardSource;
    let standardised = facts.standardised(&facts.standard(StandardSource::DEFAULT));
    renkei::view::groups::GroupComparison::new(
        facts,
        standardised,
        StandardSource::DEFAULT,
        language,
    )
}

/// The first screen as the page shows it by default: the first selection, the second as its
/// comparison, and the table's shares age-standardised to the default standard population.
pub fn first_screen_model(
    dataset: &renkei::model::Dataset,
    [primary, comparison]: [renkei::analysis::distribution::Selection; 2],
    language: renkei::view::language::Language,
) -> renkei::view::screen::ScreenModel {
    use renkei::analysis::standardise::{selection_strata, StandardSource, StandardisedSelections};
    use renkei::view::screen::{compute_series, ScreenModel};
    let indicator = renkei::model::indicator::by_id(&primary.indicator).unwrap();
    let strata = [&primary, &comparison].map(|s| selection_strata(&dataset.records, s));
    let standardised =
        StandardisedSelections::compute(&strata, indicator.thresholds, StandardSource::DEFAULT);
    let [primary, comparison] = [primary, comparison].map(|s| compute_series(dataset, &s).unwrap());
    ScreenModel::new(
        indicator,
        primary,
        Some(comparison),
        &dataset.provenance,
        language,
    )
    .with_standardised(standardised)
}

/// A cell of men's systolic blood pressure in 北海道 (prefecture), FY2022, published (not
/// suppressed): tests change the fields they are about.
pub fn sbp_cell(
    group: &str,
    age_band: renkei::model::AgeBand,
    bin: renkei::model::Bin,
    count_people: Option<u64>,
) -> renkei::model::Record {
    renkei::model::Record {
        year: 2022,
        area_level: renkei::model::AreaLevel::Prefecture,
        area_code: "01".into(),
        area_name: "北海道".into(),
        group: group.into(),
        sex: renkei::model::Sex::Male,
        age_band,
        indicator: "sbp".into(),
        bin,
        count_people,
        suppressed_in_row: None,
    }
}
