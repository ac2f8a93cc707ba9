//! End to end: the trend over the years, opened from the first screen. Its code and every
//! year's files are fetched only when it is opened; each year's row is the core's figures of the
//! built-in files, computed here natively; it follows the area chosen above; a user's files of
//! several years are a trend of their own; two years compared, opened from the trend.

use crate::browser::{
    click, element, import_views, open_app, open_file, open_link, page_query, poll,
    save_screenshot, scroll_to, select, text_of, wait_for_contains, wait_for_first_screen,
    wait_for_text, wait_until_drawn, Browser, StaticServer, KEY_RIGHT,
};
use crate::fixtures::{built_in_trend_years, root};
use renkei::model::indicator::by_id;
use renkei::model::AreaLevel;
use renkei::view::change::ChangeFigures;
use renkei::view::language::Language;
use renkei::view::permalink::{from_query, to_query, ViewState};
use renkei::view::screen::{area_key, SelectionKeys};
use renkei::view::trend::TrendFigures;

/// Waits until every row of the trend of `keys` at `level` shows the core's figures.
async fn assert_trend_rows(client: &fantoccini::Client, keys: &SelectionKeys, level: AreaLevel) {
    let sbp = by_id("sbp").unwrap();
    let selection = keys.to_selection("sbp").unwrap();
    let years = built_in_trend_years("sbp", level);
    let screen = TrendFigures::compute(sbp, selection, &years).screen(Language::Japanese);
    assert!(!screen.rows.is_empty());
    for row in &screen.rows {
        let at = format!("[data-testid=trend-row-{}]", row.fiscal_year);
        wait_for_text(client, &format!("{at} th"), &row.year).await;
        wait_for_text(
            client,
            &format!("{at} [data-testid=trend-people]"),
            &row.people,
        )
        .await;
        for (index, cell) in row.cells.iter().enumerate() {
            for (kind, expected) in [
                ("standardised", cell.standardised.as_ref()),
                ("crude", Some(&cell.crude)),
                ("national", cell.national.as_ref()),
            ] {
                let css = format!("{at} [data-testid=trend-{kind}-{index}]");
                match expected {
                    Some(expected) => wait_for_text(client, &css, expected).await,
                    None => assert!(text_of(client, &css).await.is_none(), "{css}"),
                }
            }
        }
    }
    let shown_rows = poll(client, "the trend's rows", || async {
        let count = client
            .find_all(fantoccini::Locator::Css(
                "[data-testid=trend-table] tbody tr",
            ))
            .await
            .ok()?
            .len();
        Some(count)
    })
    .await;
    assert_eq!(shown_rows, screen.rows.len(), "one row per built-in year");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn the_trend_is_fetched_when_opened_and_shows_every_years_figures() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    wait_for_first_screen(client).await;
    let fetched_before = server.requested_paths();
    assert!(
        !fetched_before.iter().any(|p| p.contains("split_trend")),
        "the trend's code before it is opened: {fetched_before:?}"
    );
    let sbp_files = fetched_before.iter().filter(|p| p.contains("_sbp.arrow"));
    assert_eq!(sbp_files.count(), 1, "one year's file on the first screen");

    click(client, "trend-open").await;
    wait_until_drawn(client, "[data-testid=trend-chart]").await;
    let hokkaido = SelectionKeys::prefecture("01");
    assert_trend_rows(client, &hokkaido, AreaLevel::Prefecture).await;
    let notes = text_of(client, "[data-testid=trend-notes]").await.unwrap();
    assert!(
        notes.contains("出典：厚生労働省 NDBオープンデータ 第1回〜第10回"),
        "{notes}"
    );
    assert!(notes.contains("令和2年国勢調査"), "{notes}");
    scroll_to(client, "trend-section").await;
    save_screenshot(client, "trend-hokkaido.png").await;

    // A secondary medical area: the trend follows the choice above, with its four years.
    select(client, "release-select", "第9回").await;
    let area = SelectionKeys {
        area: area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島"),
        ..SelectionKeys::national()
    };
    select(client, "primary-area-select", &area.area).await;
    assert_trend_rows(client, &area, AreaLevel::SecondaryMedicalArea).await;
    wait_until_drawn(client, "[data-testid=trend-chart]").await;

    // The words follow the language switch.
    click(client, "language-en").await;
    wait_for_text(
        client,
        "[data-testid=trend-section] h2",
        "Trend over the years",
    )
    .await;
    scroll_to(client, "trend-section").await;
    save_screenshot(client, "trend-secondary-area-en.png").await;

    // The address holds the open trend, so its link (or a saved view of it) opens it again.
    let view = address_view(client).await;
    assert!(view.trend);
    browser.stop().await;
    let browser = open_in_japanese(&server, view, 1.0).await;
    let client = &browser.client;
    wait_until_drawn(client, "[data-testid=trend-chart]").await;
    assert_trend_rows(client, &area, AreaLevel::SecondaryMedicalArea).await;
    let offer = element(client, "trend-offer").await;
    assert!(
        offer
            .attr("class")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains("hidden"),
        "the offer to open the trend is gone once it is open"
    );
    browser.stop().await;
}

/// A user's own years: two workbooks of FY2021 and FY2022 opened from disk are the user's
/// series — two rows, each year's figures the same as the built-in trend's for that year, and
/// the source the files opened.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_users_files_of_two_years_are_their_own_trend() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    wait_for_first_screen(client).await;
    let folder = root().join("data/ndb");
    let files = [
        "ndb9_tokutei_kenshin_FY2021/001258765__収縮期血圧_都道府県別性年齢階級別分布.xlsx",
        "ndb10_tokutei_kenshin_R4/SBP_pref.xlsx",
    ];
    for file in files {
        open_file(client, &folder.join(file)).await;
        let name = file.rsplit('/').next().unwrap();
        wait_for_contains(client, "[data-testid=file-status]", name).await;
    }
    click(client, "trend-open").await;
    wait_until_drawn(client, "[data-testid=trend-chart]").await;
    let sbp = by_id("sbp").unwrap();
    let hokkaido = SelectionKeys::prefecture("01").to_selection("sbp").unwrap();
    let years = built_in_trend_years("sbp", AreaLevel::Prefecture);
    let built_in = TrendFigures::compute(sbp, hokkaido, &years).screen(Language::Japanese);
    for fiscal_year in [2021, 2022] {
        let row = built_in
            .rows
            .iter()
            .find(|r| r.fiscal_year == fiscal_year)
            .unwrap();
        let at = format!("[data-testid=trend-row-{fiscal_year}]");
        let label = format!("読み込んだファイル（{fiscal_year}年度）");
        wait_for_text(
            client,
            "[data-testid=trend-table] thead th",
            "健診の実施年度",
        )
        .await;
        wait_for_text(client, &format!("{at} th"), &label).await;
        let people = format!("{at} [data-testid=trend-people]");
        wait_for_text(client, &people, &row.people).await;
        let share = format!("{at} [data-testid=trend-standardised-1]");
        let standardised = row.cells[1].standardised.as_ref().unwrap();
        wait_for_text(client, &share, standardised).await;
    }
    let rows = client
        .find_all(fantoccini::Locator::Css(
            "[data-testid=trend-table] tbody tr",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "the user's two years, not the built-in ten");
    let notes = text_of(client, "[data-testid=trend-notes]").await.unwrap();
    assert!(
        notes.contains("出典：読み込んだファイル「001258765__収縮期血圧"),
        "{notes}"
    );
    scroll_to(client, "trend-section").await;
    save_screenshot(client, "trend-users-years.png").await;
    browser.stop().await;
}

/// Two years compared, opened from the trend: its code comes only then; the people past each
/// threshold and their change are the core's figures of the built-in files (FY2013 and FY2022
/// by default, then FY2018 chosen), the chart shows both years, the verdict is said.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn two_years_are_compared_from_the_trend() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    wait_for_first_screen(client).await;
    click(client, "trend-open").await;
    wait_until_drawn(client, "[data-testid=trend-chart]").await;
    let before_opened = server.requested_paths();
    assert!(
        !before_opened.iter().any(|p| p.contains("split_change")),
        "the comparison's code before it is opened: {before_opened:?}"
    );
    click(client, "change-open").await;
    wait_until_drawn(client, "[data-testid=change-chart]").await;
    // Each offer goes once taken.
    for offer in ["trend-open", "change-open"] {
        let shown = element(client, offer).await.is_displayed().await.unwrap();
        assert!(!shown, "{offer} once taken");
    }

    for (before, after) in [(2013, 2022), (2018, 2022)] {
        if before != 2013 {
            select(client, "change-before", &before.to_string()).await;
        }
        assert_hokkaido_change(client, before, after).await;
    }
    let notes = text_of(client, "[data-testid=change-notes]").await.unwrap();
    assert!(
        notes.contains("出典：厚生労働省 NDBオープンデータ 第6回〜第10回"),
        "{notes}"
    );
    scroll_to(client, "change-section").await;
    save_screenshot(client, "change-hokkaido.png").await;
    scroll_to(client, "change-predictions").await;
    save_screenshot(client, "change-hokkaido-predictions.png").await;

    click(client, "language-en").await;
    wait_for_contains(
        client,
        "[data-testid=change-verdict]",
        "describes the shape",
    )
    .await;
    wait_until_drawn(client, "[data-testid=change-chart]").await;
    // The menus follow the language, and keep the years chosen.
    let chosen = "[data-testid=change-before] option:checked";
    wait_for_text(client, chosen, "FY2018").await;
    scroll_to(client, "change-section").await;
    save_screenshot(client, "change-hokkaido-en.png").await;

    // The address holds the two years compared, so its link (or a saved view of it) opens the
    // trend and the comparison of those years.
    let view = address_view(client).await;
    assert_eq!(view.compared_years, Some((2018, 2022)));
    browser.stop().await;
    // At twice the pixels, as on a presenter's screen.
    let browser = open_in_japanese(&server, view, 2.0).await;
    let client = &browser.client;
    wait_until_drawn(client, "[data-testid=change-chart]").await;
    wait_for_text(client, chosen, "2018年度").await;
    assert_hokkaido_change(client, 2018, 2022).await;
    scroll_to(client, "change-section").await;
    save_screenshot(client, "change-from-link.png").await;
    browser.stop().await;
}

/// The view the page's address holds, all of it readable.
async fn address_view(client: &fantoccini::Client) -> ViewState {
    let query = page_query(client).await;
    let (view, ignored) = from_query(&query);
    assert!(ignored.is_empty(), "{query}");
    view
}

/// A new browser opened at `view`'s link in Japanese, the language the figures are checked in.
async fn open_in_japanese(server: &StaticServer, view: ViewState, scale: f64) -> Browser {
    let view = ViewState {
        language: Language::Japanese,
        ..view
    };
    open_link(server, &to_query(&view), scale).await
}

/// Waits until the comparison of 北海道's SBP in two fiscal years shows the core's figures of the
/// built-in files: people past each threshold and their change, the predictions, the verdict.
async fn assert_hokkaido_change(client: &fantoccini::Client, before: i32, after: i32) {
    let sbp = by_id("sbp").unwrap();
    let years = built_in_trend_years("sbp", AreaLevel::Prefecture);
    let year = |fiscal_year: i32| years.iter().find(|d| d.fiscal_year == fiscal_year).unwrap();
    let hokkaido = SelectionKeys::prefecture("01").to_selection("sbp").unwrap();
    let figures = ChangeFigures::compute(sbp, hokkaido, year(before), year(after));
    let screen = figures.screen(Language::Japanese);
    for (index, row) in screen.shares.rows().enumerate() {
        let at = format!("[data-testid=change-shares-row-{index}]");
        // The row's last cell: the change in people past the threshold.
        let last = format!("{at} td:last-child");
        wait_for_text(client, &last, row.last().unwrap()).await;
        wait_for_text(client, &format!("{at} td:nth-child(2)"), &row[1]).await;
    }
    for (index, row) in screen.predictions.as_ref().unwrap().rows().enumerate() {
        let at = format!("[data-testid=change-predictions-row-{index}]");
        wait_for_text(client, &format!("{at} td:nth-child(4)"), &row[3]).await;
        wait_for_text(client, &format!("{at} td:nth-child(5)"), &row[4]).await;
    }
    wait_for_text(client, "[data-testid=change-verdict]", &screen.verdict).await;
}

/// Two years' comparison whose module cannot be downloaded: the offer says so where it was, the
/// trend stays, and pressing again once the module is back opens it.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn two_years_compared_says_when_its_module_cannot_be_downloaded() {
    let server = StaticServer::start_hiding(&root().join("dist"), &["split_change.wasm"]);
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    wait_for_first_screen(client).await;
    click(client, "trend-open").await;
    wait_until_drawn(client, "[data-testid=trend-chart]").await;
    click(client, "change-open").await;
    let said = wait_for_contains(
        client,
        "[data-testid=change-section] p",
        "ダウンロードできませんでした",
    )
    .await;
    assert!(said.contains("もう一度読み込む"), "{said}");
    assert!(text_of(client, "[data-testid=change-chart]")
        .await
        .is_none());
    wait_until_drawn(client, "[data-testid=trend-chart]").await;

    server.reveal_hidden();
    click(client, "change-open").await;
    wait_until_drawn(client, "[data-testid=change-chart]").await;
    let offer = element(client, "change-open").await;
    assert!(!offer.is_displayed().await.unwrap(), "the offer once open");
    let charts = client
        .find_all(fantoccini::Locator::Css("[data-testid=change-chart]"))
        .await
        .unwrap();
    assert_eq!(charts.len(), 1, "built once");
    browser.stop().await;
}

/// A talk's views move an open comparison: the page opened from a link with two years compared
/// and presenting a list whose view compares FY2013 with FY2022 shows that view's years in the
/// menus and their figures.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn a_saved_view_moves_the_open_comparison_to_its_years() {
    use renkei::view::saved_views::{to_json, SavedView};

    let compared = |years| ViewState {
        trend: true,
        compared_years: Some(years),
        ..ViewState::default()
    };
    let list = vec![SavedView {
        title: "北海道 2013→2022".into(),
        link: to_query(&compared((2013, 2022))),
    }];
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    import_views(client, &to_json(&list), 1).await;

    let link = to_query(&ViewState {
        presenting: true,
        ..compared((2018, 2022))
    });
    client
        .goto(&format!("{}?{link}", server.url()))
        .await
        .unwrap();
    wait_until_drawn(client, "[data-testid=change-chart]").await;
    let chosen = "[data-testid=change-before] option:checked";
    wait_for_text(client, chosen, "2018年度").await;
    assert_hokkaido_change(client, 2018, 2022).await;
    // The next view of the talk.
    let body = client.find(fantoccini::Locator::Css("body")).await.unwrap();
    body.send_keys(KEY_RIGHT).await.unwrap();
    wait_for_contains(client, "[data-testid=presentation-position]", "1 / 1").await;
    wait_for_text(client, chosen, "2013年度").await;
    assert_hokkaido_change(client, 2013, 2022).await;
    browser.stop().await;
}
