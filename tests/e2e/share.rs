//! End to end, sharing a view in headless Chromium against the built `dist/`: a permalink opens
//! exactly the view it names (selections and simulator settings), the address follows every
//! change, and a broken link opens the default view with a message saying what was ignored.
//!
//!     trunk build --release && cargo test --test e2e share:: -- --ignored

use crate::browser::{
    attribute, catch_downloads, click, downloads, element, import_views, open_link, page_query,
    save_screenshot, scroll_to, select, text_of, wait_for_contains, wait_for_text, Browser,
    StaticServer, KEY_ESCAPE, KEY_LEFT, KEY_RIGHT,
};
use crate::fixtures::{png_size, root};
use renkei::analysis::distribution::AreaSelection;
use renkei::analysis::simulator::fit::SimulatorInput;
use renkei::analysis::simulator::outcome::simulate;
use renkei::analysis::simulator::parameters::{default_parameters, Approach};
use renkei::model::indicator::by_id;
use renkei::model::AreaLevel;
use renkei::view::language::Language;
use renkei::view::permalink::{from_query, to_query, ViewState};
use renkei::view::screen::area_key;
use renkei::view::simulator::SimulationReport;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_permalink_restores_the_view_and_follows_every_change() {
    let sbp = by_id("sbp").unwrap();
    let mut view = ViewState {
        release: Some("第9回".into()),
        compare: false,
        ..ViewState::default()
    };
    view.primary.area = area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島");
    view.primary.sex = "female".into();
    view.simulator.parameters.population_shift = -6.0;
    view.simulator.parameters.reach_fraction = 0.8;
    view.simulator.chart_approach = Approach::Both;

    // What the page must show for that view, computed natively.
    let data = crate::fixtures::built_in("ndb_r9_secondary_medical_area_sbp.arrow");
    let area = AreaSelection::Area {
        level: AreaLevel::SecondaryMedicalArea,
        code: "0101".into(),
        name: "南渡島".into(),
    };
    let input =
        SimulatorInput::prepare(&data, sbp, &area, Some(renkei::model::Sex::Female), None).unwrap();
    let standard = input.standard(view.simulator.standard);
    let expected = SimulationReport::new(
        &simulate(&input, &view.simulator.parameters, &standard),
        Language::Japanese,
    );
    let expected_cell = &expected.table_rows(&expected.rows[0])[1].cells[1];

    let server = StaticServer::start(&root().join("dist"));
    let browser = open_link(&server, &to_query(&view), 1.0).await;
    let client = &browser.client;
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "南渡島（北海道）・女性・40〜74歳",
    )
    .await;
    assert!(text_of(client, "[data-testid=summary-row-comparison]")
        .await
        .is_none());
    wait_for_text(
        client,
        "[data-testid=sim-all-past-see-doctor-population]",
        expected_cell,
    )
    .await;
    assert_eq!(
        element(client, "sim-shift")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("-6")
    );
    assert_eq!(
        element(client, "sim-reach")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("80")
    );
    assert_eq!(
        element(client, "sim-chart-approach")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("both")
    );
    assert!(text_of(client, "[data-testid=link-note]").await.is_none());
    save_screenshot(client, "permalink-restored.png").await;

    // The address follows a change, and opening it elsewhere gives the same view.
    select(client, "primary-age-select", "50-54").await;
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "南渡島（北海道）・女性・50〜54歳",
    )
    .await;
    let query = page_query(client).await;
    let (followed, ignored) = from_query(&query);
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(followed.primary.age, "50-54");
    assert_eq!(followed.simulator.parameters.population_shift, -6.0);
    click(client, "copy-link").await;
    let status = wait_for_contains(client, "[data-testid=link-status]", "リンク").await;
    assert!(
        status.contains("コピーしました") || status.contains(&query[1..20]),
        "{status}"
    );
    browser.stop().await;

    let again = open_link(&server, query.trim_start_matches('?'), 1.0).await;
    wait_for_text(
        &again.client,
        "[data-testid=summary-row-primary] th",
        "南渡島（北海道）・女性・50〜54歳",
    )
    .await;
    again.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_broken_link_opens_the_default_view_and_says_what_was_ignored() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_link(
        &server,
        "release=%E7%AC%AC99%E5%9B%9E&item=nothing&sex=robot&shift=abc&%FF=1",
        1.0,
    )
    .await;
    let client = &browser.client;
    crate::browser::wait_for_first_screen(client).await;
    let notes = wait_for_contains(client, "[data-testid=link-note]", "sex=robot").await;
    for part in ["item=nothing", "shift=abc"] {
        assert!(notes.contains(part), "{notes}");
    }
    let all_notes = client
        .execute(
            "return [...document.querySelectorAll('[data-testid=link-note]')].map(e => e.textContent).join(' ');",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        all_notes.as_str().unwrap().contains("第99回"),
        "{all_notes}"
    );
    assert_eq!(
        attribute(client, "[data-testid=distribution-chart]", "data-state")
            .await
            .as_deref(),
        Some("drawn")
    );
    let default_shift = default_parameters(by_id("sbp").unwrap()).population_shift;
    assert_eq!(
        element(client, "sim-shift")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some(format!("{default_shift}"))
    );
    save_screenshot(client, "permalink-broken.png").await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn charts_export_as_png_svg_and_csv_with_title_source_and_label() {
    use renkei::analysis::distribution::{GroupSelection, Selection};
    use renkei::view::export::{ChartImage, EXPORT_WIDTH_PX};
    use renkei::view::names::FICTIONAL_LABEL_JA;

    // The example's 地域 against 職域 in 北海道, as the page shows it after 「…で試す」.
    let example = crate::fixtures::built_in("example_prefecture_sbp.arrow");
    let hokkaido = crate::fixtures::hokkaido();
    let selection = |group: &str| Selection {
        indicator: "sbp".into(),
        area: hokkaido.clone(),
        group: GroupSelection::One(group.into()),
        sex: None,
        age_band: None,
    };
    let sbp = by_id("sbp").unwrap();
    // The table's age-standardised shares are in the CSV too.
    let model = crate::fixtures::first_screen_model(
        &example,
        ["regional", "occupational"].map(selection),
        Language::Japanese,
    );
    let expected_csv = ChartImage::Distribution(model.clone()).csv();
    let stem = ChartImage::Distribution(model).file_stem();

    let server = StaticServer::start(&root().join("dist"));
    let browser = Browser::start(1.0).await;
    let client = &browser.client;
    client.goto(&server.url()).await.unwrap();
    click(client, "try-example").await;
    wait_for_contains(client, "[data-testid=fictional-label]", FICTIONAL_LABEL_JA).await;
    wait_for_contains(client, "[data-testid=summary-row-comparison] th", "職域").await;
    catch_downloads(client).await;
    for testid in [
        "export-png-1",
        "export-png-2",
        "export-png-3",
        "export-svg",
        "export-csv",
        "sim-export-svg",
        "groups-export-png-1",
        "groups-export-csv",
        "sim-export-csv",
    ] {
        click(client, testid).await;
    }
    let files = downloads(client, 9).await;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        &names[..5],
        [
            format!("{stem}_1x.png"),
            format!("{stem}_2x.png"),
            format!("{stem}_3x.png"),
            format!("{stem}.svg"),
            format!("{stem}.csv"),
        ]
    );
    for (scale, (name, png)) in (1..=3).zip(&files[..3]) {
        assert_eq!(
            png_size(png),
            (EXPORT_WIDTH_PX * scale, 560 * scale),
            "{name}"
        );
    }
    std::fs::write(
        crate::browser::screenshot_dir().join("export-2x.png"),
        &files[1].1,
    )
    .unwrap();
    let svg = String::from_utf8(files[3].1.clone()).unwrap();
    for text in [
        "収縮期血圧の分布（2022年度）",
        "厚生労働省 NDBオープンデータ",
        FICTIONAL_LABEL_JA,
        "地域",
    ] {
        assert!(svg.contains(text), "SVG lacks {text}");
    }
    assert_eq!(
        files[4].1, expected_csv,
        "the CSV is the core's, byte for byte"
    );
    assert!(files[4].1.starts_with(b"\xEF\xBB\xBF"));
    let simulation_svg = String::from_utf8(files[5].1.clone()).unwrap();
    assert!(simulation_svg.contains("推計") && simulation_svg.contains(FICTIONAL_LABEL_JA));
    assert!(png_size(&files[6].1).0 == EXPORT_WIDTH_PX);
    // The group table's figures, as the core computes them for the page's standard.
    let facts =
        renkei::analysis::groups::GroupDistributions::compute(&example, sbp, &hokkaido, None, None)
            .unwrap()
            .unwrap();
    let comparison = crate::fixtures::group_comparison(facts, Language::Japanese);
    assert_eq!(
        files[7].1,
        ChartImage::SmallMultiples(std::sync::Arc::new(comparison)).csv(),
        "the group CSV is the core's, byte for byte"
    );
    // The simulator's: the chart's bins, then every figure of its results tables.
    let report = crate::simulator::expected_report(
        "example_prefecture_sbp.arrow",
        &hokkaido,
        &renkei::analysis::simulator::parameters::default_parameters(sbp),
    );
    let chart = report
        .chart(
            "",
            renkei::analysis::simulator::parameters::Approach::Population,
        )
        .unwrap();
    assert_eq!(
        files[8].1,
        ChartImage::Simulation(std::sync::Arc::new(chart)).csv(),
        "the simulator's CSV is the core's, byte for byte"
    );
    assert!(text_of(client, "[data-testid=export-status]")
        .await
        .unwrap_or_default()
        .is_empty());
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_talk_is_prepared_as_a_file_and_given_in_presentation_mode() {
    use fantoccini::Locator;
    use renkei::view::saved_views::{to_json, SavedView};
    use renkei::view::screen::SelectionKeys;

    // Two views prepared on another machine: 青森県 women; 全国 men aged 50–54, alone.
    let aomori = ViewState {
        primary: SelectionKeys {
            sex: "female".into(),
            ..SelectionKeys::prefecture("02")
        },
        ..ViewState::default()
    };
    let mut national = ViewState {
        compare: false,
        ..ViewState::default()
    };
    national.primary = SelectionKeys {
        sex: "male".into(),
        age: "50-54".into(),
        ..SelectionKeys::national()
    };
    let list = vec![
        SavedView {
            title: "青森県の女性".into(),
            link: to_query(&aomori),
        },
        SavedView {
            title: "全国の50代前半男性".into(),
            link: to_query(&national),
        },
    ];
    let server = StaticServer::start(&root().join("dist"));
    let browser = Browser::start(1.0).await;
    let client = &browser.client;
    client.goto(&server.url()).await.unwrap();
    import_views(client, &to_json(&list), 2).await;
    scroll_to(client, "saved-views").await;
    save_screenshot(client, "saved-views.png").await;

    // A permalink that opens in presentation mode; the list stays in this browser.
    let link = to_query(&ViewState {
        presenting: true,
        ..ViewState::default()
    });
    client
        .goto(&format!("{}?{link}", server.url()))
        .await
        .unwrap();
    wait_for_contains(client, "[data-testid=presentation-position]", "全2件").await;
    let presenting = client
        .execute(
            "return document.body.classList.contains('presenting');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(presenting, serde_json::json!(true));
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(KEY_RIGHT).await.unwrap();
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "青森県・女性・40〜74歳",
    )
    .await;
    wait_for_contains(client, "[data-testid=presentation-position]", "1 / 2").await;
    body.send_keys(KEY_RIGHT).await.unwrap();
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "全国・男性・50〜54歳",
    )
    .await;
    wait_for_contains(client, "[data-testid=presentation-position]", "2 / 2").await;
    assert!(text_of(client, "[data-testid=summary-row-comparison]")
        .await
        .is_none());
    save_screenshot(client, "presentation-mode.png").await;
    body.send_keys(KEY_LEFT).await.unwrap();
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "青森県・女性・40〜74歳",
    )
    .await;
    body.send_keys(KEY_ESCAPE).await.unwrap();
    crate::browser::poll(client, "presentation ended", || async {
        text_of(client, "[data-testid=presentation-bar]")
            .await
            .is_none()
            .then_some(())
    })
    .await;

    // The list is saved as the same small file.
    catch_downloads(client).await;
    click(client, "export-views").await;
    let files = downloads(client, 1).await;
    assert_eq!(files[0].0, "renkei-saved-views.json");
    assert_eq!(
        String::from_utf8(files[0].1.clone()).unwrap(),
        to_json(&list)
    );
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn the_embed_page_draws_one_chart_at_the_width_of_its_frame() {
    let app = StaticServer::start(&root().join("dist"));
    // At 2× pixel density, like the laptops web staff check the page on.
    let browser = Browser::start(2.0).await;
    let client = &browser.client;
    client.goto(&app.url()).await.unwrap();
    crate::browser::wait_for_first_screen(client).await;
    click(client, "embed-toggle").await;
    scroll_to(client, "embed-panel").await;
    save_screenshot(client, "embed-panel.png").await;
    let snippet = element(client, "embed-code")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(
        snippet.contains("title=\"収縮期血圧の分布（北海道・男女計・40〜74歳）\""),
        "{snippet}"
    );
    let alternative = element(client, "embed-alt")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(alternative.contains("975,254人"), "{alternative}");

    // A prefecture's page on another site pastes the snippet into a narrow and a wide column.
    let host_dir = std::env::temp_dir().join(format!("renkei-host-{}", std::process::id()));
    std::fs::create_dir_all(&host_dir).unwrap();
    std::fs::write(
        host_dir.join("index.html"),
        format!(
            "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>県のページ</title></head><body>\
             <div id=\"narrow\" style=\"width:420px\">{snippet}</div>\
             <div id=\"wide\" style=\"width:960px\">{snippet}</div></body></html>"
        ),
    )
    .unwrap();
    let host = StaticServer::start(&host_dir);
    let before = app.requested_paths().len();
    client.goto(&host.url()).await.unwrap();
    for (frame, width) in [(0u16, 420.0), (1, 960.0)] {
        client.enter_frame(frame).await.unwrap();
        crate::browser::wait_until_drawn(client, "#chart").await;
        let drawn_width = crate::browser::script_number(
            client,
            "return document.getElementById('chart').clientWidth;",
        )
        .await;
        assert!(
            (drawn_width - width).abs() < 2.0,
            "{drawn_width} in {width}"
        );
        let label = attribute(client, "#chart", "aria-label").await.unwrap();
        assert!(
            label.contains("北海道") && label.contains("975,254人"),
            "{label}"
        );
        let data_link = attribute(client, "#open-app", "href").await.unwrap();
        assert!(data_link.contains("item=sbp"), "{data_link}");
        client.enter_parent_frame().await.unwrap();
    }
    save_screenshot(client, "embed-two-widths.png").await;
    // Only what the chart needs: not the app's own wasm.
    let fetched: Vec<String> = app.requested_paths()[before..].to_vec();
    assert!(
        fetched
            .iter()
            .all(|p| !p.contains("renkei-") && !p.contains("reader_worker")),
        "{fetched:?}"
    );
    assert!(fetched
        .iter()
        .any(|p| p.ends_with("ndb_r10_prefecture_sbp.arrow")));
    std::fs::remove_dir_all(&host_dir).unwrap();
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_permalink_with_a_published_file_restores_its_view_once_the_file_is_in() {
    let server = StaticServer::start(&root().join("dist"));
    let link = "data=data/renkei-template.csv&item=sbp&area=municipality::%E8%A8%98%E5%85%A5%E4%BE%8B%E5%B8%82\
                &group=group:occupational&sex=male&age=40-44&compare=0";
    let browser = open_link(&server, link, 1.0).await;
    let client = &browser.client;
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "記入例市・職域・男性・40〜44歳",
    )
    .await;
    assert!(text_of(client, "[data-testid=summary-row-comparison]")
        .await
        .is_none());
    assert!(page_query(client)
        .await
        .contains("data=data%2Frenkei-template.csv"));
    browser.stop().await;
}
