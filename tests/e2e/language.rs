//! End to end, the English switch in headless Chromium against the built `dist/`: every label,
//! table, message and export of the page is in English once chosen (checked against the core's
//! English, and by finding no Japanese text left on the page but data), the address keeps the
//! choice, messages already shown follow a switch, and the embed page speaks the link's language.
//!
//!     trunk build --release && cargo test --test e2e language:: -- --ignored

use crate::browser::{
    attribute, catch_downloads, click, downloads, page_query, save_screenshot, scroll_to, text_of,
    wait_for_contains, wait_for_text, Browser, StaticServer,
};
use crate::fixtures::{built_in, hokkaido, root};
use fantoccini::Client;
use renkei::analysis::simulator::fit::SimulatorInput;
use renkei::analysis::simulator::outcome::simulate;
use renkei::analysis::simulator::parameters::default_parameters;
use renkei::analysis::standardise::StandardSource;
use renkei::model::indicator::by_id;
use renkei::view::export::ChartImage;
use renkei::view::language::Language;
use renkei::view::names::{FICTIONAL_LABEL_EN, FICTIONAL_LABEL_JA};
use renkei::view::screen::{ScreenModel, SelectionKeys};
use renkei::view::simulator::SimulationReport;

/// The first screen (北海道 against 全国, SBP FY2022) as the core writes it in `language`.
fn first_screen(language: Language) -> ScreenModel {
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let selections = [SelectionKeys::prefecture("01"), SelectionKeys::national()]
        .map(|keys| keys.to_selection("sbp").unwrap());
    crate::fixtures::first_screen_model(&dataset, selections, language)
}

/// Text on the page in Japanese script, outside what is data or Japanese on purpose: menu
/// options (area names are published in Japanese only), elements marked `lang="ja"` (the
/// switch's 「日本語」) and text fields; attributes people hear (`aria-label`, `title`) too.
async fn japanese_left(client: &Client) -> Vec<String> {
    let found = client
        .execute(
            "const japanese = /[\\u3040-\\u30ff\\u3400-\\u9fff\\uff01-\\uff60]/; \
             const skipped = (node) => node.closest('option, optgroup, textarea, body [lang=ja]'); \
             const left = []; \
             const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); \
             while (walker.nextNode()) { const node = walker.currentNode; \
               const parent = node.parentElement; \
               if (parent && !skipped(parent) && parent.getClientRects().length > 0 \
                   && japanese.test(node.textContent)) left.push(node.textContent.trim()); } \
             for (const element of document.querySelectorAll('[aria-label], [title]')) { \
               if (skipped(element)) continue; \
               for (const name of ['aria-label', 'title']) { const value = element.getAttribute(name); \
                 if (value && japanese.test(value)) left.push(name + '=' + value); } } \
             return left;",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn the_whole_page_and_its_exports_switch_to_english_and_back() {
    let english = first_screen(Language::English);
    let rows = english.summary_rows();
    let sbp = by_id("sbp").unwrap();
    let input = SimulatorInput::prepare(
        &built_in("ndb_r10_prefecture_sbp.arrow"),
        sbp,
        &hokkaido(),
        None,
        None,
    )
    .unwrap();
    let standard = input.standard(StandardSource::DEFAULT);
    let report = SimulationReport::new(
        &simulate(&input, &default_parameters(sbp), &standard),
        Language::English,
    );

    let server = StaticServer::start(&root().join("dist"));
    let browser = Browser::start(1.0).await;
    let client = &browser.client;
    client.goto(&server.url()).await.unwrap();
    crate::browser::wait_for_first_screen(client).await;
    // The check below finds Japanese where it is: on the Japanese page.
    assert!(!japanese_left(client).await.is_empty());
    click(client, "language-en").await;

    let primary = "[data-testid=summary-row-primary]";
    wait_for_text(client, &format!("{primary} th"), &rows[0].label).await;
    assert_eq!(rows[0].label, "Hokkaido, both sexes, 40–74 years");
    wait_for_text(
        client,
        &format!("{primary} [data-testid=threshold-see-doctor]"),
        &rows[0].thresholds[1].share,
    )
    .await;
    assert!(rows[0].thresholds[1].share.ends_with(" people)"));
    wait_for_text(
        client,
        "[data-testid=summary-row-comparison] th",
        "Japan, both sexes, 40–74 years",
    )
    .await;
    wait_for_text(client, "[data-testid=source-citation]", &english.citation).await;
    assert_eq!(
        english.citation,
        "Source: MHLW NDB Open Data, 10th release (specific health checkups, FY2022)"
    );
    assert_eq!(
        attribute(client, "html", "lang").await.as_deref(),
        Some("en")
    );
    assert_eq!(
        attribute(client, "[data-testid=language-en]", "aria-pressed")
            .await
            .as_deref(),
        Some("true")
    );
    assert!(page_query(client).await.contains("lang=en"));

    // The simulator's table, cell for cell the core's English.
    let row = &report.rows[0];
    for table_row in report.table_rows(row) {
        for (cell, column) in table_row
            .cells
            .iter()
            .zip(["now", "population", "high-risk", "both"])
        {
            let css = format!("[data-testid=sim-{}-{}-{column}]", row.key, table_row.id);
            wait_for_text(client, &css, cell).await;
        }
    }
    wait_for_contains(
        client,
        "[data-testid=sim-sources]",
        "Age-standardised shares: direct method",
    )
    .await;
    crate::browser::wait_until_drawn(client, "[data-testid=distribution-chart]").await;
    crate::browser::wait_until_drawn(client, "[data-testid=sim-chart]").await;
    let left = japanese_left(client).await;
    assert!(
        left.is_empty(),
        "Japanese left on the English page: {left:#?}"
    );
    save_screenshot(client, "english-first-screen.png").await;
    scroll_to(client, "simulator-section").await;
    save_screenshot(client, "english-simulator.png").await;

    // Exports are in English: the CSV byte for byte the core's, the SVG's words.
    catch_downloads(client).await;
    click(client, "export-svg").await;
    click(client, "export-csv").await;
    let files = downloads(client, 2).await;
    let svg = String::from_utf8(files[0].1.clone()).unwrap();
    for text in [
        "Distribution of Systolic blood pressure, FY2022",
        "Source: MHLW NDB Open Data",
        "Hokkaido, both sexes, 40–74 years (filled:",
        "See-a-doctor threshold ≥140",
    ] {
        assert!(svg.contains(text), "SVG lacks {text}");
    }
    assert_eq!(
        files[1].0,
        format!(
            "{}.csv",
            ChartImage::Distribution(english.clone()).file_stem()
        )
    );
    assert!(files[1].0.ends_with("_Hokkaido.csv"), "{}", files[1].0);
    assert_eq!(files[1].1, ChartImage::Distribution(english).csv());
    assert!(String::from_utf8_lossy(&files[1].1).contains("Series,Bin,Unit"));

    // The example data with groups: its label and groups in English too.
    click(client, "try-example").await;
    wait_for_contains(client, "[data-testid=fictional-label]", FICTIONAL_LABEL_EN).await;
    wait_for_contains(
        client,
        "[data-testid=group-row-combined] th",
        "Combined (Regional + Occupational)",
    )
    .await;
    crate::browser::wait_until_drawn(client, "[data-testid=small-multiples]").await;
    let left = japanese_left(client).await;
    assert!(left.is_empty(), "Japanese left with the example: {left:#?}");
    scroll_to(client, "group-section").await;
    save_screenshot(client, "english-groups.png").await;
    catch_downloads(client).await;
    click(client, "groups-export-svg").await;
    let svg = String::from_utf8(downloads(client, 1).await[0].1.clone()).unwrap();
    assert!(svg.contains(FICTIONAL_LABEL_EN) && svg.contains("by group"));

    // The address is a link to the English view.
    client.refresh().await.unwrap();
    wait_for_contains(client, "[data-testid=fictional-label]", FICTIONAL_LABEL_EN).await;

    // And back: Japanese everywhere again, and the link without `lang`.
    click(client, "language-ja").await;
    wait_for_contains(client, "[data-testid=fictional-label]", FICTIONAL_LABEL_JA).await;
    wait_for_contains(
        client,
        "[data-testid=group-row-combined] th",
        "合算（地域＋職域）",
    )
    .await;
    assert_eq!(
        attribute(client, "html", "lang").await.as_deref(),
        Some("ja")
    );
    assert!(!page_query(client).await.contains("lang="));
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn messages_already_shown_follow_a_switch() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = Browser::start(1.0).await;
    let client = &browser.client;
    // A hand-edited English link: what was ignored is said in English.
    client
        .goto(&format!("{}?lang=en&sex=robot", server.url()))
        .await
        .unwrap();
    wait_for_contains(
        client,
        "[data-testid=link-note]",
        "Parts of the link could not be read and were left at the default: “sex=robot”",
    )
    .await;
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "Hokkaido, both sexes, 40–74 years",
    )
    .await;

    // A file the reader refuses: the worker's message in English, then in Japanese.
    let empty = std::env::temp_dir().join(format!("renkei-empty-{}.csv", std::process::id()));
    std::fs::write(&empty, b"").unwrap();
    crate::browser::open_file(client, &empty).await;
    wait_for_contains(client, "[data-testid=file-error]", "The file is empty.").await;
    let error = text_of(client, "[data-testid=file-error]").await.unwrap();
    assert!(
        error.contains("The chart and tables shown, and the files already loaded, are kept."),
        "{error}"
    );
    click(client, "language-ja").await;
    wait_for_contains(client, "[data-testid=file-error]", "空のファイルです。").await;
    wait_for_contains(
        client,
        "[data-testid=link-note]",
        "リンクの一部を読み取れなかったため",
    )
    .await;
    std::fs::remove_file(&empty).unwrap();
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn the_embed_page_speaks_the_language_of_its_link() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = Browser::start(1.0).await;
    let client = &browser.client;
    client
        .goto(&format!("{}embed.html?item=sbp&lang=en", server.url()))
        .await
        .unwrap();
    crate::browser::wait_until_drawn(client, "#chart").await;
    assert_eq!(
        attribute(client, "html", "lang").await.as_deref(),
        Some("en")
    );
    let label = attribute(client, "#chart", "aria-label").await.unwrap();
    assert!(
        label.starts_with("Bar chart of the distribution of Systolic blood pressure.")
            && label.contains("Hokkaido, both sexes, 40–74 years: 975,254 people"),
        "{label}"
    );
    assert_eq!(
        text_of(client, "#open-app").await.as_deref(),
        Some("Open the data table and sources in Renkei")
    );
    assert!(japanese_left(client).await.is_empty());
    save_screenshot(client, "english-embed.png").await;
    browser.stop().await;
}
