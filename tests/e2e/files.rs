//! End to end, the user's own files: a Shift_JIS CSV of residents and an NDB-shaped xlsx of
//! workers dropped on the page, compared and combined by sex and age; files published next to
//! the app (`?data=`); the example dataset; a file too large. Expected values are computed
//! natively through the same readers. Run through `scripts/test.sh` (needs `dist/` and
//! chromium); ignored in a plain `cargo test`.

use crate::browser::{
    attribute, click, element, open_app, poll, save_screenshot, scroll_to, select, text_of,
    wait_for_contains, wait_for_first_screen, wait_for_text, StaticServer,
};
use crate::fixtures::{hokkaido, root, sbp_workbook_rewritten};
use fantoccini::{Client, Locator};
use renkei::analysis::distribution::AreaSelection;
use renkei::analysis::groups::GroupDistributions;
use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::import::collection::{merge_files, LoadedFile};
use renkei::import::manifest::user_catalogue;
use renkei::import::user_file::{user_file_to_arrow, Converted};
use renkei::model::indicator::by_id;
use renkei::model::{AgeBand, Dataset, Sex};
use renkei::view::groups::GroupRow;
use renkei::view::language::Language;
use renkei::view::names::FICTIONAL_LABEL_JA;
use serde_json::json;

const WORKERS_XLSX: &str = "data/ndb/ndb10_tokutei_kenshin_R4/SBP_pref.xlsx";

/// Drops files on the page the way a user's drag and drop does: a `drop` event whose
/// `DataTransfer` holds `File`s. `files`: (name, bytes).
async fn drop_files(client: &Client, files: &[(&str, &[u8])]) {
    let files: Vec<_> = files
        .iter()
        .map(|(name, bytes)| json!([name, bytes]))
        .collect();
    client
        .execute(
            "const transfer = new DataTransfer();
             for (const [name, bytes] of arguments[0]) {
               transfer.items.add(new File([new Uint8Array(bytes)], name));
             }
             for (const type of ['dragover', 'drop']) {
               document.body.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
             }",
            vec![json!(files)],
        )
        .await
        .unwrap();
}

/// The first selection's number of people on the page.
const PRIMARY_PEOPLE: &str = "[data-testid=summary-row-primary] [data-testid=people]";

/// The app at `scale` with the ministry's FY2022 SBP workbook opened as a user's file, and the
/// number of people it then shows.
async fn app_with_workbook(server: &StaticServer, scale: f64) -> (crate::browser::Browser, String) {
    let xlsx = std::fs::read(root().join(WORKERS_XLSX)).unwrap();
    let browser = open_app(server, scale).await;
    let client = &browser.client;
    drop_files(client, &[("SBP_pref.xlsx", &xlsx)]).await;
    wait_for_contains(client, "[data-testid=file-status]", "を読み込みました").await;
    let shown = poll(client, "people shown", || text_of(client, PRIMARY_PEOPLE)).await;
    (browser, shown)
}

/// The workbook opened by [`app_with_workbook`] is the one file loaded, its figures unchanged.
async fn assert_workbook_still_shown(client: &Client, shown: &str) {
    assert_eq!(
        text_of(client, PRIMARY_PEOPLE).await.as_deref(),
        Some(shown)
    );
    let loaded = client
        .find_all(Locator::Css("[data-testid=loaded-file]"))
        .await
        .unwrap();
    assert_eq!(loaded.len(), 1);
}

/// Residents' counts for 北海道, FY2022, made up for this test from each real cell of the
/// ministry's workbook (so the bins are the ministry's): a third below 140 mmHg, half at or
/// above, so residents look riskier. Shift_JIS, Japanese headers and values.
fn residents_csv(workers: &Dataset) -> Vec<u8> {
    let mut csv = String::from("年度,地域名,区分,性別,年齢階級,項目,階級,人数\n");
    for record in workers.records.iter().filter(|r| r.area_name == "北海道") {
        let count = record.count_people.map_or("-".to_string(), |c| {
            let divisor = if record.bin.lower.is_some_and(|l| l >= 140.0) {
                2
            } else {
                3
            };
            format!("\"{}\"", renkei::model::text::format_people(c / divisor))
        });
        let sex = if record.sex == Sex::Male {
            "男"
        } else {
            "女"
        };
        // ～ (U+FF5E) is what Shift_JIS files hold; 〜 has no Shift_JIS code in WHATWG's table.
        let (from, to) = (record.age_band.from_years, record.age_band.to_years);
        let bin = &record.bin.label;
        csv.push_str(&format!(
            "令和4年度,北海道,地域,{sex},{from}～{to}歳,収縮期血圧,{bin},{count}\n"
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&csv);
    assert!(!unmappable);
    bytes.into_owned()
}

/// What a file becomes in the page: through the worker's own function.
fn as_opened(bytes: &[u8], name: &str) -> Dataset {
    match user_file_to_arrow(bytes, name, None, &mut |_| {}).unwrap() {
        Converted::Arrow(arrow) => read_ipc_file_format(&arrow).unwrap(),
        Converted::NeedsMapping(_) => panic!("{name} needs no mapping"),
    }
}

async fn check_group_rows(client: &Client, rows: &[GroupRow]) {
    for row in rows {
        let at = |cell: &str| format!("[data-testid=group-row-{}] [data-testid={cell}]", row.key);
        wait_for_text(client, &at("people"), &row.people).await;
        for cell in &row.thresholds {
            wait_for_text(client, &at(&format!("threshold-{}", cell.id)), &cell.share).await;
            // Crude and age-standardised side by side, each as the core computes it.
            for (column, expected) in [
                ("difference", &cell.difference),
                ("standardised", &cell.standardised),
                ("standardised-difference", &cell.standardised_difference),
                ("ratio", &cell.ratio),
            ] {
                let shown = text_of(client, &at(&format!("{column}-{}", cell.id)))
                    .await
                    .unwrap();
                assert_eq!(&shown, expected, "{} {column}-{}", row.key, cell.id);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn residents_csv_and_workers_xlsx_dropped_together_are_compared_and_combined() {
    let xlsx = std::fs::read(root().join(WORKERS_XLSX)).unwrap();
    let workers = as_opened(&xlsx, "SBP_pref.xlsx");
    let csv = residents_csv(&workers);
    let residents = as_opened(&csv, "kokuho_2022.csv");
    let mut workers_file = LoadedFile::new("SBP_pref.xlsx", workers);
    workers_file.group_for_ungrouped = Some("occupational".into());
    let merged =
        merge_files(&[LoadedFile::new("kokuho_2022.csv", residents), workers_file]).unwrap();
    let (_, datasets) = user_catalogue(merged);
    let data = &datasets[0].1;
    let expected = |sex: Option<Sex>, age: Option<AgeBand>| {
        crate::fixtures::group_comparison(
            GroupDistributions::compute(data, by_id("sbp").unwrap(), &hokkaido(), sex, age)
                .unwrap()
                .unwrap(),
            Language::Japanese,
        )
    };

    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    crate::browser::wait_for_first_screen(client).await;

    drop_files(
        client,
        &[("kokuho_2022.csv", &csv), ("SBP_pref.xlsx", &xlsx)],
    )
    .await;
    let status = wait_for_contains(
        client,
        "[data-testid=file-status]",
        "「SBP_pref.xlsx」を読み込みました",
    )
    .await;
    assert!(status.contains("下の一覧で区分"), "{status}");
    let workers_group =
        "[data-testid=loaded-file][data-file-name='SBP_pref.xlsx'] [data-testid=file-group-select]";
    client
        .find(Locator::Css(workers_group))
        .await
        .unwrap()
        .select_by_value("occupational")
        .await
        .unwrap();

    let chosen = client
        .find(Locator::Css(workers_group))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(chosen.as_deref(), Some("occupational"));

    // The whole population, both sexes and every age band.
    let all_ages = expected(None, None);
    check_group_rows(client, &all_ages.rows).await;
    assert_eq!(
        text_of(client, "[data-testid=group-citation]")
            .await
            .unwrap(),
        all_ages.citation
    );
    assert_eq!(
        all_ages.citation,
        "出典：読み込んだファイル「kokuho_2022.csv」「SBP_pref.xlsx」（2022年度）"
    );
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "北海道・地域・男女計・40〜74歳",
    )
    .await;
    wait_for_text(
        client,
        "[data-testid=summary-row-comparison] th",
        "北海道・職域・男女計・40〜74歳",
    )
    .await;
    crate::browser::wait_until_drawn(client, "[data-testid=small-multiples]").await;
    assert!(text_of(client, "[data-testid=fictional-label]")
        .await
        .is_none());
    save_screenshot(client, "files-compared-chart.png").await;
    scroll_to(client, "group-table").await;
    save_screenshot(client, "files-compared-table-and-small-multiples.png").await;

    // Men aged 70–74: the table follows the selection.
    select(client, "primary-sex-select", "male").await;
    select(client, "primary-age-select", "70-74").await;
    let older_men = expected(Some(Sex::Male), Some(AgeBand::new(70, 74)));
    check_group_rows(client, &older_men.rows).await;
    scroll_to(client, "group-table").await;
    save_screenshot(client, "files-compared-men-70-74.png").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_conflicting_or_huge_file_is_refused_and_what_is_loaded_stays() {
    let xlsx = std::fs::read(root().join(WORKERS_XLSX)).unwrap();
    let server = StaticServer::start(&root().join("dist"));
    let (browser, shown) = app_with_workbook(&server, 1.0).await;
    let client = &browser.client;

    // The same workbook again: every cell twice. Refused, naming both files.
    drop_files(client, &[("SBP_pref (1).xlsx", &xlsx)]).await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "SBP_pref (1).xlsx").await;
    assert!(message.contains("同じファイルを2回"), "{message}");
    assert!(message.contains("「SBP_pref.xlsx」"), "{message}");

    // An empty file: said so, nothing lost.
    drop_files(client, &[("empty.csv", &[])]).await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "empty.csv").await;
    assert!(message.contains("空のファイル"), "{message}");

    // 200 MB of text: over the CSV reader's limit, refused by it (a file over 256 MB is refused
    // before it is read: `a_link_naming_too_many_or_too_large_files…`).
    client
        .execute(
            "const transfer = new DataTransfer();
             transfer.items.add(new File([new Uint8Array(200 * 1024 * 1024)], 'huge.csv'));
             document.body.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));",
            vec![],
        )
        .await
        .unwrap();
    let message = wait_for_contains(client, "[data-testid=file-error]", "huge.csv").await;
    assert!(
        message.contains("大きすぎます") && message.contains("200.0 MB、上限 100 MB"),
        "{message}"
    );
    assert_workbook_still_shown(client, &shown).await;
    save_screenshot(client, "files-refused.png").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_file_published_next_to_the_app_opens_from_the_address_and_others_are_refused() {
    let template = std::fs::read(root().join("public/data/renkei-template.csv")).unwrap();
    let dataset = as_opened(&template, "renkei-template.csv");
    let (_, datasets) =
        user_catalogue(merge_files(&[LoadedFile::new("renkei-template.csv", dataset)]).unwrap());
    let area = AreaSelection::Area {
        level: renkei::model::AreaLevel::Municipality,
        code: String::new(),
        name: "記入例市".into(),
    };
    let expected = crate::fixtures::group_comparison(
        GroupDistributions::compute(&datasets[0].1, by_id("sbp").unwrap(), &area, None, None)
            .unwrap()
            .unwrap(),
        Language::Japanese,
    );

    let server = StaticServer::start(&root().join("dist"));
    let browser = crate::browser::Browser::start(1.0).await;
    let client = &browser.client;
    client
        .goto(&format!(
            "{}?data=data/renkei-template.csv&data=https://example.org/x.csv",
            server.url()
        ))
        .await
        .unwrap();
    let message = wait_for_contains(client, "[data-testid=file-error]", "example.org").await;
    assert!(message.contains("別のサイト"), "{message}");
    check_group_rows(client, &expected.rows).await;
    let loaded = attribute(client, "[data-testid=loaded-file]", "data-file-name").await;
    assert_eq!(loaded.as_deref(), Some("renkei-template.csv"));
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_link_naming_too_many_or_too_large_files_is_refused_before_reading_them() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = crate::browser::Browser::start(2.0).await;
    let client = &browser.client;

    // 51 files named by one link: none is fetched.
    let names: Vec<String> = (1..=51).map(|n| format!("linked-{n}.csv")).collect();
    let query: Vec<String> = names
        .iter()
        .map(|name| format!("data=data/{name}"))
        .collect();
    client
        .goto(&format!("{}?{}", server.url(), query.join("&")))
        .await
        .unwrap();
    let message = wait_for_contains(client, "[data-testid=file-error]", "data=").await;
    assert!(
        message.contains("data= は 51 ファイルを指しています（50 まで）。どれも取得していません"),
        "{message}"
    );
    wait_for_first_screen(client).await;
    scroll_to(client, "file-error").await;
    save_screenshot(client, "files-link-too-many.png").await;
    let requested = server.requested_paths();
    assert!(
        !requested.iter().any(|path| path.contains("linked-")),
        "{requested:?}"
    );

    // Published files over the size limits: refused naming them, the page still working.
    // 101 MB of text is over the CSV reader's limit; 257 MB over any file's, refused by the
    // page before the bytes reach its memory.
    for (name, megabytes, said) in [
        ("too-large.csv", 101, "101.0 MB、上限 100 MB"),
        ("too-large.arrow", 257, "257.0 MB、上限 256 MB"),
    ] {
        server.serve_generated(&format!("data/{name}"), megabytes * 1024 * 1024);
        client
            .goto(&format!("{}?data=data/{name}", server.url()))
            .await
            .unwrap();
        let message = wait_for_contains(client, "[data-testid=file-error]", name).await;
        assert!(message.contains(said), "{message}");
        wait_for_first_screen(client).await;
    }
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn the_example_dataset_is_labelled_fictional_on_screen() {
    let bytes = std::fs::read(root().join("public/data/example_prefecture_sbp.arrow")).unwrap();
    let example = read_ipc_file_format(&bytes).unwrap();
    let expected = crate::fixtures::group_comparison(
        GroupDistributions::compute(&example, by_id("sbp").unwrap(), &hokkaido(), None, None)
            .unwrap()
            .unwrap(),
        Language::Japanese,
    );

    let server = StaticServer::start(&root().join("dist"));
    // At 2× pixel density: the banner, table and small multiples must stay sharp and legible.
    let browser = open_app(&server, 2.0).await;
    let client = &browser.client;
    crate::browser::wait_for_first_screen(client).await;
    assert!(text_of(client, "[data-testid=fictional-label]")
        .await
        .is_none());
    click(client, "try-example").await;
    let label =
        wait_for_contains(client, "[data-testid=fictional-label]", FICTIONAL_LABEL_JA).await;
    assert!(
        label.contains("実在の地域・職域の値ではありません"),
        "{label}"
    );
    check_group_rows(client, &expected.rows).await;
    assert!(text_of(client, "[data-testid=source-citation]")
        .await
        .unwrap()
        .starts_with(FICTIONAL_LABEL_JA));
    crate::browser::wait_until_drawn(client, "[data-testid=small-multiples]").await;
    save_screenshot(client, "example-dataset.png").await;
    scroll_to(client, "group-table").await;
    save_screenshot(client, "example-dataset-groups.png").await;
    browser.stop().await;
}

/// A table shaped like the ministry's sheet (areas written once, sexes over age bands, 中計
/// columns), of made-up worker counts (half of each real cell), in Shift_JIS.
fn wide_workers_csv(real: &Dataset) -> Vec<u8> {
    let bands = renkei::model::NDB_AGE_BANDS;
    let mut csv = String::from("都道府県名,階級,男性");
    csv.push_str(&",".repeat(bands.len()));
    csv.push_str(",女性");
    csv.push_str(&",".repeat(bands.len()));
    csv.push_str("\n,");
    for _ in Sex::BOTH {
        for band in bands {
            csv.push_str(&format!(",{}～{}歳", band.from_years, band.to_years));
        }
        csv.push_str(",中計");
    }
    csv.push('\n');
    for area in ["北海道", "青森県"] {
        let mut labels: Vec<&str> = Vec::new();
        for record in real.records.iter().filter(|r| r.area_name == area) {
            if !labels.contains(&record.bin.label.as_str()) {
                labels.push(&record.bin.label);
            }
        }
        for (index, label) in labels.iter().enumerate() {
            let area_cell = if index == 0 { area } else { "" };
            csv.push_str(&format!("{area_cell},{label}"));
            for sex in Sex::BOTH {
                let mut subtotal = 0;
                for band in bands {
                    let cell = real.records.iter().find(|r| {
                        r.area_name == area
                            && r.sex == sex
                            && r.age_band == band
                            && r.bin.label == *label
                    });
                    match cell.and_then(|r| r.count_people) {
                        Some(count) => {
                            subtotal += count / 2;
                            csv.push_str(&format!(",{}", count / 2));
                        }
                        None => csv.push_str(",-"),
                    }
                }
                csv.push_str(&format!(",{subtotal}"));
            }
            csv.push('\n');
        }
    }
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&csv);
    assert!(!unmappable);
    bytes.into_owned()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_wide_table_is_read_after_the_user_confirms_its_columns() {
    use renkei::import::wide::{apply_mapping, RawTable};
    use renkei::view::screen::{compute_series, SelectionKeys};

    let real = as_opened(
        &std::fs::read(root().join(WORKERS_XLSX)).unwrap(),
        "SBP_pref.xlsx",
    );
    let csv = wide_workers_csv(&real);
    let table = RawTable::read(&csv, "kyokai_wide.csv").unwrap();
    let mut mapping = table.preview().guess;
    mapping.year = Some(2022);
    mapping.indicator = Some("sbp".into());
    mapping.group = Some("occupational".into());
    let workers = apply_mapping(&table, &mapping).unwrap();
    let expected = compute_series(
        &workers,
        &SelectionKeys::prefecture("01").to_selection("sbp").unwrap(),
    )
    .unwrap();

    let server = StaticServer::start(&root().join("dist"));
    // At 2× pixel density, like a presenter's laptop.
    let browser = open_app(&server, 2.0).await;
    let client = &browser.client;
    crate::browser::wait_for_first_screen(client).await;
    drop_files(client, &[("kyokai_wide.csv", &csv)]).await;
    wait_for_contains(
        client,
        "[data-testid=file-status]",
        "列の対応を確かめてください",
    )
    .await;
    let roles = client
        .find_all(Locator::Css("[data-testid=mapping-role]"))
        .await
        .unwrap();
    assert_eq!(
        roles.len(),
        2 + 2 * 8,
        "area, bin, and 7 bands + 中計 per sex"
    );
    assert_eq!(
        roles[1].prop("value").await.unwrap().as_deref(),
        Some("bin")
    );
    assert_eq!(
        roles[9].prop("value").await.unwrap().as_deref(),
        Some("ignore"),
        "中計"
    );
    // Without a year the table is not read, and the mapping stays on screen.
    click(client, "mapping-apply").await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "kyokai_wide.csv").await;
    assert!(message.contains("年度"), "{message}");
    client
        .find(Locator::Css("[data-testid=mapping-year]"))
        .await
        .unwrap()
        .send_keys("2022")
        .await
        .unwrap();
    select(client, "mapping-indicator", "sbp").await;
    select(client, "mapping-group", "occupational").await;
    scroll_to(client, "column-mapping").await;
    save_screenshot(client, "wide-table-mapping.png").await;
    click(client, "mapping-apply").await;
    wait_for_contains(
        client,
        "[data-testid=file-status]",
        "「kyokai_wide.csv」を読み込みました",
    )
    .await;
    let people = renkei::model::text::format_people(expected.distribution.total_people);
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] [data-testid=people]",
        &people,
    )
    .await;
    assert!(client
        .find(Locator::Css("[data-testid=column-mapping]"))
        .await
        .is_err());
    save_screenshot(client, "wide-table-read.png").await;
    browser.stop().await;
}

/// Files as data teams write them (`tests/data/ecosystem/`, written by pyarrow and DuckDB):
/// each opens in the built app and shows the numbers the native readers compute for Tokyo; a
/// Brotli Parquet file is refused by name, and what was loaded stays.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn parquet_and_arrow_from_pyarrow_and_duckdb_open_and_brotli_is_refused() {
    use renkei::view::screen::{compute_series, ScreenModel, SelectionKeys};
    let server = StaticServer::start(&root().join("dist"));
    let browser = crate::browser::Browser::start(1.0).await;
    let client = &browser.client;
    let tokyo = SelectionKeys::prefecture("13");
    let people = "[data-testid=summary-row-primary] [data-testid=people]";
    let see_doctor = "[data-testid=summary-row-primary] [data-testid=threshold-see-doctor]";
    let mut people_shown = String::new();
    // DuckDB's Parquet and Arrow, then pyarrow's (ZSTD Parquet as Polars writes by default, and
    // LZ4 Arrow with int16 years and large strings in three batches).
    for name in [
        "duckdb.parquet",
        "duckdb.arrow",
        "pyarrow-zstd.parquet",
        "pyarrow-int16-large-string-lz4.arrow",
    ] {
        let bytes = std::fs::read(root().join("tests/data/ecosystem").join(name)).unwrap();
        let dataset = as_opened(&bytes, name);
        let series = compute_series(&dataset, &tokyo.to_selection("sbp").unwrap()).unwrap();
        let expected = ScreenModel::new(
            by_id("sbp").unwrap(),
            series,
            None,
            &dataset.provenance,
            Language::Japanese,
        )
        .summary_rows()
        .remove(0);

        client.goto(&server.url()).await.unwrap();
        crate::browser::wait_for_first_screen(client).await;
        drop_files(client, &[(name, &bytes)]).await;
        let status = format!("「{name}」を読み込みました");
        wait_for_contains(client, "[data-testid=file-status]", &status).await;
        select(client, "primary-area-select", &tokyo.area).await;
        wait_for_text(client, people, &expected.people).await;
        wait_for_text(client, see_doctor, &expected.thresholds[1].share).await;
        let citation = text_of(client, "[data-testid=source-citation]")
            .await
            .unwrap();
        assert!(citation.contains(name), "{citation}");
        people_shown = expected.people;
    }
    // Arrow and Parquet are read by a worker of their own, downloaded for them.
    let paths = server.requested_paths();
    assert!(
        paths
            .iter()
            .any(|path| path.ends_with("/columnar_worker_bg.wasm")),
        "{paths:?}"
    );
    save_screenshot(client, "ecosystem-file-opened.png").await;
    // The file picker offers Parquet files too (a drop and `?data=` take any file).
    let accept = attribute(client, "[data-testid=ndb-file-input]", "accept").await;
    assert!(accept.is_some_and(|a| a.split(',').any(|t| t == ".parquet")));

    let brotli = std::fs::read(root().join("tests/data/ecosystem/pyarrow-brotli.parquet")).unwrap();
    drop_files(client, &[("b.parquet", &brotli)]).await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "b.parquet").await;
    assert!(
        message.contains("BROTLI") && message.contains("snappy"),
        "{message}"
    );
    assert_eq!(text_of(client, people).await.unwrap(), people_shown);

    // Damaged Parquet page data stops the reader (the parquet crate panics): said, naming the
    // file; what was loaded stays, and the next file gets a new reader (here it reads the file
    // and the merge refuses its cells, which the loaded file already has).
    let damaged = std::fs::read(root().join("tests/data/ecosystem/damaged-page.parquet")).unwrap();
    drop_files(client, &[("damaged-page.parquet", &damaged)]).await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "damaged-page").await;
    assert!(message.contains("止まりました"), "{message}");
    assert_eq!(text_of(client, people).await.unwrap(), people_shown);
    let duckdb = std::fs::read(root().join("tests/data/ecosystem/duckdb.parquet")).unwrap();
    drop_files(client, &[("duckdb.parquet", &duckdb)]).await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "duckdb.parquet").await;
    assert!(
        message.contains("「pyarrow-int16-large-string-lz4.arrow」"),
        "{message}"
    );
    scroll_to(client, "file-error").await;
    save_screenshot(client, "ecosystem-file-refused.png").await;
    let loaded = attribute(client, "[data-testid=loaded-file]", "data-file-name").await;
    assert_eq!(
        loaded.as_deref(),
        Some("pyarrow-int16-large-string-lz4.arrow")
    );
    browser.stop().await;
}

/// The page's parts that are not on the first visit (`web::later`, `web::export_bar`): the group
/// comparison and the simulator are asked for only once the first chart is shown; opening files
/// only with the first file, and the exports only with the first export — never on a visit that
/// needs neither. A module that cannot be downloaded is said where its part would be, the chart
/// stays, a file dropped meanwhile waits, and a retry brings the part and opens the file.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn later_modules_come_when_needed_and_a_file_dropped_before_its_module_waits() {
    let modules = [
        "split_after_first_chart.wasm",
        "split_open_files.wasm",
        "split_exports.wasm",
    ];
    let server = StaticServer::start_hiding(&root().join("dist"), &modules);
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    wait_for_first_screen(client).await;
    let asked = |module: &str| {
        server
            .requested_paths()
            .iter()
            .any(|path| path.ends_with(module))
    };

    let message = poll(client, "the part that could not be downloaded", || {
        text_of(client, "[data-testid=part-not-downloaded]")
    })
    .await;
    assert!(
        message.contains("ダウンロードできませんでした"),
        "{message}"
    );
    assert!(
        message.contains("表示中の図とデータはそのままです"),
        "{message}"
    );
    let part_texts = || async {
        let mut texts = Vec::new();
        for part in client
            .find_all(Locator::Css("[data-testid=part-not-downloaded]"))
            .await
            .unwrap()
        {
            texts.push(part.text().await.unwrap());
        }
        texts
    };
    // Each part says which it is; opening files is not asked for without a file.
    let texts = part_texts().await;
    for part in ["集団の比較", "シミュレーション"] {
        assert!(
            texts.iter().any(|t| t.starts_with(part)),
            "{part}: {texts:?}"
        );
    }
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        !asked(modules[1]) && !asked(modules[2]),
        "{:?}",
        server.requested_paths()
    );
    // Asked for once the first chart's data have arrived and its figures are on screen, never
    // while the first screen still loads.
    let (data_ms, asked_ms): (f64, f64) = serde_json::from_value(
        client
            .execute(
                "const resources = performance.getEntriesByType('resource');
                 const data = resources.find(r => r.name.endsWith('ndb_r10_prefecture_sbp.arrow'));
                 const asked = resources.find(r => r.name.endsWith(arguments[0]));
                 return [data.responseEnd, asked.startTime];",
                vec![modules[0].into()],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(
        asked_ms >= data_ms,
        "module asked for at {asked_ms} ms, the first chart's data arrived at {data_ms} ms"
    );
    // The chart and its table stay.
    let people = "[data-testid=summary-row-primary] [data-testid=people]";
    assert!(text_of(client, people).await.is_some_and(|t| !t.is_empty()));
    save_screenshot(client, "second-module-not-downloaded.png").await;

    // A file asks for the file-opening part; it cannot come, and says so; the file waits.
    let xlsx = std::fs::read(root().join(WORKERS_XLSX)).unwrap();
    drop_files(client, &[("SBP_pref.xlsx", &xlsx)]).await;
    poll(client, "the file-opening part said missing", || async {
        part_texts()
            .await
            .iter()
            .any(|t| t.starts_with("ファイルを開く機能"))
            .then_some(())
    })
    .await;
    assert!(asked(modules[1]));
    // An export asks for the exports' part; it cannot come either, and says so.
    click(client, "export-csv").await;
    wait_for_contains(
        client,
        "[data-testid=export-status]",
        "図の書き出しのプログラムをダウンロードできませんでした",
    )
    .await;

    server.reveal_hidden();
    for retry in client
        .find_all(fantoccini::Locator::Css("[data-testid=part-retry]"))
        .await
        .unwrap()
    {
        retry.click().await.unwrap();
    }
    element(client, "simulator-section").await;
    // The dropped file, waiting all along, is read.
    wait_for_contains(client, "[data-testid=loaded-files]", "SBP_pref.xlsx").await;
    assert!(text_of(client, "[data-testid=part-not-downloaded]")
        .await
        .is_none());
    crate::browser::catch_downloads(client).await;
    click(client, "export-csv").await;
    let files = crate::browser::downloads(client, 1).await;
    assert!(files[0].0.ends_with(".csv"), "{:?}", files[0].0);
    browser.stop().await;
}

/// Drops each `(name, bytes, words)` file in turn: each is refused with a message naming it,
/// saying `words`, and that what was loaded stays.
async fn assert_each_refused(client: &Client, cases: &[(&str, &[u8], &str)]) {
    for &(name, bytes, says) in cases {
        drop_files(client, &[(name, bytes)]).await;
        let message = wait_for_contains(client, "[data-testid=file-error]", name).await;
        assert!(message.contains(says), "{name}: {message}");
        assert!(
            message.contains("読み込み済みのファイルはそのままです"),
            "{message}"
        );
    }
}

/// Starts a timer on the page that notes the time every 50 ms ([`assert_ticked_throughout`]).
async fn start_ticking(client: &Client) {
    client
        .execute(
            "window.renkeiTicks = [];
             window.renkeiTimer = setInterval(() => window.renkeiTicks.push(performance.now()), 50);",
            vec![],
        )
        .await
        .unwrap();
}

/// The timer [`start_ticking`] started never waited a second: no task blocked the page.
async fn assert_ticked_throughout(client: &Client) {
    let longest_gap_ms = crate::browser::script_number(
        client,
        "clearInterval(window.renkeiTimer);
         const ticks = window.renkeiTicks;
         let longest = 0;
         for (let i = 1; i < ticks.length; i++) longest = Math.max(longest, ticks[i] - ticks[i - 1]);
         return longest;",
    )
    .await;
    assert!(
        longest_gap_ms < 1000.0,
        "the page was blocked for {longest_gap_ms} ms"
    );
}

/// Hostile files of each class a review found freezing the page or crashing the reader: a bin
/// of zero width after rounding, 20,000 groups, 30,000 bins in one stratum, a bin with no edges
/// and no label column, a count beyond any population (the other classes are checked natively:
/// `tests/native/hostile.rs`). Each gets its message naming the file; a timer on the page keeps
/// firing (no task blocks it for a second); the workbook loaded before stays, with its figures.
/// At 2×, for a sharp screenshot of the message.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn hostile_files_get_a_message_and_the_page_stays_responsive_with_what_was_loaded() {
    let server = StaticServer::start(&root().join("dist"));
    let (browser, shown) = app_with_workbook(&server, 2.0).await;
    let client = &browser.client;
    start_ticking(client).await;

    let header = "年度,地域名,区分,性別,年齢階級,項目,階級,人数\n";
    let rows = |make: &dyn Fn(u32) -> String, count: u32| -> Vec<u8> {
        let mut text = header.to_string();
        for i in 0..count {
            text.push_str(&make(i));
            text.push('\n');
        }
        text.into_bytes()
    };
    let zero_width = rows(
        &|_| "2022,北海道,地域,男,40-44,sbp,140以上140.0000001未満,10".into(),
        1,
    );
    let groups = rows(
        &|g| format!("2022,北海道,区分{g},男,40-44,sbp,140以上160未満,10"),
        20_000,
    );
    let bins = rows(
        &|b| {
            let lower = 60.0 + f64::from(b) * 0.005;
            format!(
                "2022,北海道,地域,男,40-44,sbp,{lower:.3}以上{:.3}未満,1",
                lower + 0.005
            )
        },
        30_000,
    );
    let no_edges = "年度,地域名,性別,年齢階級,項目,下限,上限,人数\n2022,北海道,男,40-44,sbp,,,10\n";
    let huge_count = rows(
        &|_| "2022,北海道,地域,男,40-44,sbp,140以上160未満,18446744073709551615".into(),
        1,
    );
    let cases: [(&str, &[u8], &str); 5] = [
        ("zero.csv", &zero_width, "差が0.001未満"),
        ("groups.csv", &groups, "区分が多すぎます"),
        ("bins.csv", &bins, "階級が多すぎます"),
        ("edges.csv", no_edges.as_bytes(), "edges.csv（2行目）"),
        ("count.csv", &huge_count, "200,000,000 人まで"),
    ];
    assert_each_refused(client, &cases).await;
    assert_ticked_throughout(client).await;
    assert_workbook_still_shown(client, &shown).await;
    // With a file loaded, leaving the page asks first.
    let asks = client
        .execute(
            "const leaving = new Event('beforeunload', {cancelable: true});
             window.dispatchEvent(leaving);
             return leaving.defaultPrevented;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(asks, json!(true));
    scroll_to(client, "file-error").await;
    save_screenshot(client, "files-hostile.png").await;
    browser.stop().await;
}

/// The hostile classes `hostile_files_get_a_message…` does not open, as a user's tools or an
/// attacker would send them: more distinct bin labels than the worker's 16-bit Arrow keys hold
/// (its builder panicked), a bidirectional character in a group's name, Arrow files with an
/// unknown item and with a count beyond any population (the Arrow path checked less than CSV),
/// a damaged Arrow stream (arrow-ipc panicked), and a workbook whose sheet claims the whole grid
/// (the reader allocated 17 billion cells). Each is refused naming the file, the page keeps
/// answering, and the workbook loaded before stays with its figures.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn hostile_binary_files_and_crafted_names_are_refused_and_the_page_stays() {
    use renkei::import::arrow_writer::write_ipc_file;
    use renkei::import::tidy::import_tidy_csv;

    let server = StaticServer::start(&root().join("dist"));
    let (browser, shown) = app_with_workbook(&server, 1.0).await;
    let client = &browser.client;
    start_ticking(client).await;

    let mut labels = String::from("地域区分,年度,地域名,区分,性別,年齢階級,項目,階級,人数\n");
    for area in 0..400 {
        for b in 0..100 {
            let lower = 60.0 + f64::from(area * 100 + b) * 0.004;
            labels.push_str(&format!(
                "secondary_medical_area,2022,地域{area},地域,男,40-44,sbp,{lower:.3}以上{:.3}未満,1\n",
                lower + 0.004
            ));
        }
    }
    let bidi = "年度,地域名,区分,性別,年齢階級,項目,階級,人数\n\
                2022,北海道,地\u{202E}域,男,40-44,sbp,140以上160未満,10\n";
    let template = import_tidy_csv(
        &std::fs::read(root().join("public/data/renkei-template.csv")).unwrap(),
        "renkei-template.csv",
    )
    .unwrap();
    let mut unknown_item = template.clone();
    unknown_item.records[2].indicator = "blood_type".into();
    let mut huge_count = template;
    huge_count.records[0].count_people = Some(i64::MAX as u64);
    let damaged_stream =
        std::fs::read(root().join("tests/data/ecosystem/damaged-schema-union.arrows")).unwrap();
    // The ministry's workbook with one more cell, in the grid's far corner.
    let far_corner = sbp_workbook_rewritten(
        "xl/worksheets/sheet1.xml",
        "</sheetData>",
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#,
    );

    let cases: [(&str, Vec<u8>, &str); 6] = [
        (
            "labels.csv",
            labels.into_bytes(),
            "列「階級」を変換できません",
        ),
        ("bidi.csv", bidi.as_bytes().to_vec(), "制御文字（U+202E）"),
        (
            "item.arrow",
            write_ipc_file(&unknown_item).unwrap(),
            "項目「blood_type」",
        ),
        (
            "count.arrow",
            write_ipc_file(&huge_count).unwrap(),
            "大きすぎます",
        ),
        ("damaged.arrows", damaged_stream, "damaged.arrows"),
        ("far.xlsx", far_corner, "5,000,000 セルまで"),
    ];
    let cases: Vec<(&str, &[u8], &str)> = cases
        .iter()
        .map(|(name, bytes, says)| (*name, bytes.as_slice(), *says))
        .collect();
    assert_each_refused(client, &cases).await;
    assert_ticked_throughout(client).await;
    assert_workbook_still_shown(client, &shown).await;
    browser.stop().await;
}

/// From fictional checkup records to the screen: `scripts/aggregate/generate.py` writes one row
/// per checkup for 三重県, `scripts/aggregate.sh` (DuckDB) aggregates them with disclosure
/// control into Parquet, and the file dropped on the page is compared resident vs worker as the
/// core computes it from the same file, labelled fictional, suppressed cells unknown, and the
/// simulator runs on it.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn an_aggregate_made_by_the_recipe_from_fictional_records_is_compared_and_simulated() {
    let scratch = std::env::temp_dir().join(format!("renkei-recipe-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let records = scratch.join("fictional-records.parquet");
    let aggregate = scratch.join("架空の集計.parquet");
    let run = |program: &str, args: &[&std::ffi::OsStr]| {
        let done = std::process::Command::new(root().join(program))
            .args(args)
            .output()
            .unwrap();
        assert!(
            done.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
    };
    run("scripts/python-setup.sh", &[]);
    run(
        ".tools/venv/bin/python",
        &[
            root().join("scripts/aggregate/generate.py").as_os_str(),
            records.as_os_str(),
            "--rows=60000".as_ref(),
            "--prefectures=24".as_ref(),
            "--seed=16".as_ref(),
        ],
    );
    run(
        "scripts/aggregate.sh",
        &[records.as_os_str(), aggregate.as_os_str()],
    );
    let bytes = std::fs::read(&aggregate).unwrap();
    std::fs::remove_dir_all(&scratch).unwrap();
    let name = "架空の集計.parquet";
    let dataset = as_opened(&bytes, name);
    assert!(dataset.provenance.fictional);
    assert!(dataset.records.iter().any(|r| r.count_people.is_none()));
    let mie = AreaSelection::Area {
        level: renkei::model::AreaLevel::Prefecture,
        code: "24".into(),
        name: "三重県".into(),
    };
    let expected = crate::fixtures::group_comparison(
        GroupDistributions::compute(&dataset, by_id("sbp").unwrap(), &mie, None, None)
            .unwrap()
            .unwrap(),
        Language::Japanese,
    );
    assert_eq!(expected.rows.len(), 3, "地域, 職域 and the two combined");

    let server = StaticServer::start(&root().join("dist"));
    // At 2× pixel density: the labels and the table of ranges must stay legible.
    let browser = open_app(&server, 2.0).await;
    let client = &browser.client;
    wait_for_first_screen(client).await;
    drop_files(client, &[(name, &bytes)]).await;
    wait_for_contains(
        client,
        "[data-testid=file-status]",
        &format!("「{name}」を読み込みました"),
    )
    .await;
    let mie_key = renkei::view::screen::SelectionKeys::prefecture("24").area;
    select(client, "primary-area-select", &mie_key).await;
    let label =
        wait_for_contains(client, "[data-testid=fictional-label]", FICTIONAL_LABEL_JA).await;
    // Not the example dataset's account of how its figures were made.
    assert!(!label.contains("NDB"), "{label}");
    save_screenshot(client, "recipe-aggregate-first-screen.png").await;
    check_group_rows(client, &expected.rows).await;
    let citation = text_of(client, "[data-testid=source-citation]")
        .await
        .unwrap();
    assert!(citation.contains(name), "{citation}");
    scroll_to(client, "group-table").await;
    save_screenshot(client, "recipe-aggregate-groups.png").await;
    scroll_to(client, "simulator-section").await;
    crate::browser::wait_until_drawn(client, "[data-testid=simulator-section] canvas").await;
    save_screenshot(client, "recipe-aggregate-simulator.png").await;
    browser.stop().await;
}
