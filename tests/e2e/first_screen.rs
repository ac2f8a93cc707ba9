//! End to end: serve the built `dist/` on 127.0.0.1, drive headless Chromium through
//! ChromeDriver, change selections and check the table against the core's own computation on
//! the source workbooks; save screenshots under `tests/screenshots/`.
//!
//! Needs `dist/` (trunk build --release) and Debian's chromium + chromium-driver: run through
//! `scripts/test.sh`, which provides both. Ignored in a plain `cargo test` for that reason.

use crate::browser::{
    attribute, open_app, open_file, poll, save_screenshot, select, text_of, wait_for_contains,
    wait_for_text, StaticServer,
};
use crate::fixtures::root;
use renkei::import::ndb::import_workbook;
use renkei::model::indicator::by_id;
use renkei::model::AreaLevel;
use renkei::view::language::Language;
use renkei::view::screen::{area_key, compute_series, ScreenModel, SelectionKeys};

/// The summary row the app should show, computed natively from the ministry's workbook.
fn expected_row(
    workbook: &str,
    release: &str,
    indicator: &str,
    keys: &SelectionKeys,
) -> renkei::view::screen::SummaryRow {
    let path = root().join("data/ndb").join(workbook);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let dataset = import_workbook(&std::fs::read(&path).unwrap(), &name, release)
        .unwrap()
        .dataset;
    let selection = keys.to_selection(indicator).unwrap();
    let series = compute_series(&dataset, &selection).unwrap();
    ScreenModel::new(
        by_id(indicator).unwrap(),
        series,
        None,
        &dataset.provenance,
        Language::Japanese,
    )
    .summary_rows()
    .remove(0)
}

/// The age-standardised rows the app should show under two selections (the default standard
/// population), and the difference row, computed natively from the ministry's workbook.
fn expected_standardised(
    workbook: &str,
    release: &str,
    indicator: &str,
    keys: [&SelectionKeys; 2],
) -> (Vec<Option<Vec<String>>>, Option<Vec<String>>) {
    use renkei::analysis::standardise::{selection_strata, StandardSource, StandardisedSelections};
    let path = root().join("data/ndb").join(workbook);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let dataset = import_workbook(&std::fs::read(&path).unwrap(), &name, release)
        .unwrap()
        .dataset;
    let item = by_id(indicator).unwrap();
    let selections = keys.map(|k| k.to_selection(indicator).unwrap());
    let strata = selections
        .iter()
        .map(|s| selection_strata(&dataset.records, s))
        .collect::<Vec<_>>();
    let [primary, comparison] = selections.map(|s| compute_series(&dataset, &s).unwrap());
    let model = ScreenModel::new(
        item,
        primary,
        Some(comparison),
        &dataset.provenance,
        Language::Japanese,
    )
    .with_standardised(StandardisedSelections::compute(
        &strata,
        item.thresholds,
        StandardSource::DEFAULT,
    ));
    (model.standardised_rows(), model.standardised_differences())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn first_screen_shows_real_ndb_numbers_and_follows_the_selection() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;

    let people = "[data-testid=summary-row-primary] [data-testid=people]";
    let see_doctor = "[data-testid=summary-row-primary] [data-testid=threshold-see-doctor]";
    let comparison_people = "[data-testid=summary-row-comparison] [data-testid=people]";
    let sbp_2022 = "ndb10_tokutei_kenshin_R4/SBP_pref.xlsx";

    // Default view: Hokkaido against the national total, SBP FY2022.
    let hokkaido = SelectionKeys::prefecture("01");
    let expected = expected_row(sbp_2022, "第10回", "sbp", &hokkaido);
    wait_for_text(client, people, &expected.people).await;
    wait_for_text(client, see_doctor, &expected.thresholds[1].share).await;
    let national = expected_row(sbp_2022, "第10回", "sbp", &SelectionKeys::national());
    wait_for_text(client, comparison_people, &national.people).await;
    // Areas of different age mixes: crude and age-standardised side by side, and their
    // difference, as the core computes them from the workbook.
    let (standardised, differences) = expected_standardised(
        sbp_2022,
        "第10回",
        "sbp",
        [&hokkaido, &SelectionKeys::national()],
    );
    for (role, expected) in ["primary", "comparison"].iter().zip(&standardised) {
        let expected = expected.as_ref().expect("every age band: standardised");
        for (column, text) in expected.iter().enumerate() {
            let cell = format!(
                "[data-testid=summary-row-{role}-standardised] td:nth-child({})",
                column + 3
            );
            wait_for_text(client, &cell, text).await;
        }
    }
    let differences = differences.unwrap();
    assert!(
        differences[1].starts_with("+2.6ポイント"),
        "{differences:?}"
    );
    wait_for_text(
        client,
        "[data-testid=summary-row-difference] td:nth-child(4)",
        &differences[1],
    )
    .await;
    assert!(text_of(client, "[data-testid=standardised-note]")
        .await
        .unwrap()
        .contains("令和2年国勢調査"));
    let citation = text_of(client, "[data-testid=source-citation]")
        .await
        .unwrap();
    assert_eq!(
        citation,
        "出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）"
    );
    let chart_state = attribute(client, "[data-testid=distribution-chart]", "data-state").await;
    assert_eq!(chart_state.as_deref(), Some("drawn"));
    save_screenshot(client, "first-screen-default.png").await;

    // Tokyo, women, 40–44.
    let tokyo_women = SelectionKeys {
        sex: "female".into(),
        age: "40-44".into(),
        ..SelectionKeys::prefecture("13")
    };
    select(client, "primary-area-select", &tokyo_women.area).await;
    select(client, "primary-sex-select", "female").await;
    select(client, "primary-age-select", "40-44").await;
    let expected = expected_row(sbp_2022, "第10回", "sbp", &tokyo_women);
    wait_for_text(client, people, &expected.people).await;
    wait_for_text(client, see_doctor, &expected.thresholds[1].share).await;
    // One age band: nothing to standardise, and no row says otherwise.
    assert!(
        text_of(client, "[data-testid=summary-row-primary-standardised]")
            .await
            .is_none()
    );
    save_screenshot(client, "first-screen-tokyo-women-40-44.png").await;

    // A secondary medical area of FY2021: its file is fetched only now.
    select(client, "release-select", "第9回").await;
    let area = SelectionKeys {
        area: area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島"),
        ..SelectionKeys::national()
    };
    select(client, "primary-area-select", &area.area).await;
    select(client, "primary-sex-select", "all").await;
    select(client, "primary-age-select", "all").await;
    let expected = expected_row(
        "ndb9_tokutei_kenshin_FY2021/001258766__収縮期血圧_二次医療圏別性年齢階級別分布.xlsx",
        "第9回",
        "sbp",
        &area,
    );
    wait_for_text(client, people, &expected.people).await;
    save_screenshot(client, "first-screen-secondary-area.png").await;

    // Another indicator for the same area: HbA1c, whose thresholds sit near the y axis.
    select(client, "indicator-select", "hba1c").await;
    let expected = expected_row(
        "ndb9_tokutei_kenshin_FY2021/001258732__HbA1c_二次医療圏別性年齢階級別分布.xlsx",
        "第9回",
        "hba1c",
        &area,
    );
    wait_for_text(client, people, &expected.people).await;
    wait_for_text(client, see_doctor, &expected.thresholds[1].share).await;
    save_screenshot(client, "first-screen-hba1c.png").await;

    // The oldest release (FY2013, 年度末年齢) and a secondary medical area of FY2018: every
    // release is built in, and the areas' list comes when a release with areas is shown.
    select(client, "indicator-select", "sbp").await;
    select(client, "release-select", "第6回").await;
    select(client, "primary-area-select", &area.area).await;
    let expected = expected_row(
        "ndb6_tokutei_kenshin_FY2018/000823417.xlsx",
        "第6回",
        "sbp",
        &area,
    );
    wait_for_text(client, people, &expected.people).await;
    select(client, "release-select", "第1回").await;
    let hokkaido = SelectionKeys::prefecture("01");
    select(client, "primary-area-select", &hokkaido.area).await;
    let expected = expected_row(
        "ndb1_tokutei_kenshin_FY2013/0000187777.xlsx",
        "第1回",
        "sbp",
        &hokkaido,
    );
    wait_for_text(client, people, &expected.people).await;
    wait_for_text(client, see_doctor, &expected.thresholds[1].share).await;
    save_screenshot(client, "first-screen-fy2013.png").await;

    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn canvas_is_sharp_at_device_pixel_ratio_2() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 2.0).await;
    let client = &browser.client;
    let script = "const c = document.querySelector('[data-testid=distribution-chart]');\
                  return c && c.dataset.state === 'drawn' ? [c.width, c.clientWidth, window.devicePixelRatio] : null;";
    let sizes: Vec<f64> = poll(client, "chart drawn", || async {
        let sizes = client.execute(script, vec![]).await.ok()?;
        sizes
            .as_array()
            .map(|values| values.iter().filter_map(|v| v.as_f64()).collect())
    })
    .await;
    let [backing_px, css_px, ratio] = sizes[..] else {
        panic!("unexpected sizes {sizes:?}")
    };
    assert_eq!(ratio, 2.0);
    assert_eq!(
        backing_px,
        (css_px * 2.0).round(),
        "backing store must be CSS size × devicePixelRatio"
    );
    save_screenshot(client, "first-screen-dpr2.png").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_file_that_fails_to_load_is_reported_and_the_chart_on_screen_stays() {
    let missing = "ndb_r9_secondary_medical_area_sbp.arrow";
    let server = StaticServer::start_hiding(&root().join("dist"), &[missing]);
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    let people = "[data-testid=summary-row-primary] [data-testid=people]";

    select(client, "release-select", "第9回").await;
    let hokkaido = SelectionKeys::prefecture("01");
    let sbp_2021 =
        "ndb9_tokutei_kenshin_FY2021/001258765__収縮期血圧_都道府県別性年齢階級別分布.xlsx";
    let expected = expected_row(sbp_2021, "第9回", "sbp", &hokkaido);
    wait_for_text(client, people, &expected.people).await;

    select(
        client,
        "primary-area-select",
        &area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島"),
    )
    .await;
    let message = poll(client, "an error message", || {
        text_of(client, "[data-testid=load-error]")
    })
    .await;
    assert!(
        message.contains(missing) && message.contains("HTTP 404"),
        "{message}"
    );
    assert!(
        message.contains("前の表示（北海道・男女計・40〜74歳）をそのまま残しています"),
        "{message}"
    );
    assert_eq!(
        text_of(client, people).await.as_deref(),
        Some(expected.people.as_str())
    );
    save_screenshot(client, "load-error-keeps-previous-chart.png").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_workbook_opened_from_disk_is_read_in_a_worker_and_bad_files_leave_the_page_as_it_was() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    let people = "[data-testid=summary-row-primary] [data-testid=people]";
    let hokkaido = SelectionKeys::prefecture("01");
    let shown = expected_row(
        "ndb10_tokutei_kenshin_R4/SBP_pref.xlsx",
        "第10回",
        "sbp",
        &hokkaido,
    );
    wait_for_text(client, people, &shown.people).await;

    // The first visit does not download the xlsx reader.
    let first_visit = server.requested_paths();
    assert!(
        !first_visit.iter().any(|url| url.contains("reader_worker")),
        "{first_visit:?}"
    );

    // Not a workbook, then a layout not supported yet: a message each, the chart stays.
    open_file(client, &root().join("README.md")).await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "README.md").await;
    assert!(
        message.contains("必要な列がありません") && message.contains("そのまま"),
        "{message}"
    );
    open_file(
        client,
        &root().join("data/ndb/ndb10_tokutei_kenshin_R4/CGA_pref.xlsx"),
    )
    .await;
    let message = wait_for_contains(client, "[data-testid=file-error]", "CGA_pref.xlsx").await;
    assert!(message.contains("対応していません"), "{message}");
    assert_eq!(
        text_of(client, people).await.as_deref(),
        Some(shown.people.as_str())
    );
    client
        .execute(
            "document.querySelector('[data-testid=file-error]').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    save_screenshot(client, "open-file-refused.png").await;

    // A release that is not built in: FY2017 (第5回), read in the worker and shown.
    let workbook = "ndb5_tokutei_kenshin_pref/収縮期血圧 都道府県別性年齢階級別分布.xlsx";
    open_file(client, &root().join("data/ndb").join(workbook)).await;
    wait_for_contains(client, "[data-testid=file-status]", "を読み込みました").await;
    let expected = expected_row(workbook, "第5回", "sbp", &hokkaido);
    wait_for_text(client, people, &expected.people).await;
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] [data-testid=threshold-see-doctor]",
        &expected.thresholds[1].share,
    )
    .await;
    let citation = text_of(client, "[data-testid=source-citation]")
        .await
        .unwrap();
    assert_eq!(
        citation,
        "出典：読み込んだファイル「収縮期血圧 都道府県別性年齢階級別分布.xlsx」（2017年度）"
    );
    let paths = server.requested_paths();
    assert!(
        paths
            .iter()
            .any(|path| path.ends_with("/reader_worker_bg.wasm")),
        "{paths:?}"
    );
    // A workbook needs no Arrow or Parquet reader: that worker is not downloaded.
    assert!(
        !paths.iter().any(|path| path.contains("columnar_worker")),
        "{paths:?}"
    );
    save_screenshot(client, "open-file-fy2017.png").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_shift_jis_csv_of_residents_and_workers_is_compared_by_group_and_combined() {
    use renkei::analysis::distribution::GroupSelection;
    use renkei::import::tidy::import_tidy_csv;

    // Test data made here (not real numbers): two groups, two age bands, three bins.
    let mut csv = String::from("年度,地域名,区分,性別,年齢階級,項目,階級,人数\n");
    for (group, base) in [("地域", 100), ("職域", 300)] {
        for (age, shift) in [("40～44歳", 0), ("70～74歳", 50)] {
            for (bin, share) in [("130未満", 5), ("130以上140未満", 3), ("140以上", 2)] {
                let count = (base + shift) * share;
                csv.push_str(&format!(
                    "R4,北海道,{group},男,{age},収縮期血圧,{bin},\"{count},000\"\n"
                ));
            }
        }
    }
    let (shift_jis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&csv);
    assert!(!unmappable);
    let path = std::env::temp_dir().join(format!("renkei-groups-{}.csv", std::process::id()));
    std::fs::write(&path, shift_jis.as_ref()).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let dataset = import_tidy_csv(shift_jis.as_ref(), &name).unwrap();
    let people_of = |group: GroupSelection| {
        let mut selection = SelectionKeys::prefecture("01").to_selection("sbp").unwrap();
        selection.group = group;
        renkei::model::text::format_people(
            compute_series(&dataset, &selection)
                .unwrap()
                .distribution
                .total_people,
        )
    };

    let server = StaticServer::start(&root().join("dist"));
    // At 2× pixel density: the group menus and the file message are checked there too.
    let browser = open_app(&server, 2.0).await;
    let client = &browser.client;
    let primary_people = "[data-testid=summary-row-primary] [data-testid=people]";
    let comparison_people = "[data-testid=summary-row-comparison] [data-testid=people]";
    crate::browser::wait_for_first_screen(client).await;

    open_file(client, &path).await;
    wait_for_contains(client, "[data-testid=file-status]", "を読み込みました").await;
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "北海道・地域・男女計・40〜74歳",
    )
    .await;
    wait_for_text(
        client,
        primary_people,
        &people_of(GroupSelection::One("regional".into())),
    )
    .await;
    wait_for_text(
        client,
        "[data-testid=summary-row-comparison] th",
        "北海道・職域・男女計・40〜74歳",
    )
    .await;
    wait_for_text(
        client,
        comparison_people,
        &people_of(GroupSelection::One("occupational".into())),
    )
    .await;
    save_screenshot(client, "groups-regional-vs-occupational.png").await;

    select(client, "primary-group-select", "combined").await;
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "北海道・合算・男女計・40〜74歳",
    )
    .await;
    wait_for_text(client, primary_people, &people_of(GroupSelection::Combined)).await;
    let citation = text_of(client, "[data-testid=source-citation]")
        .await
        .unwrap();
    assert_eq!(
        citation,
        format!("出典：読み込んだファイル「{name}」（2022年度）")
    );
    save_screenshot(client, "groups-combined-vs-occupational.png").await;
    let _ = std::fs::remove_file(&path);
    browser.stop().await;
}
