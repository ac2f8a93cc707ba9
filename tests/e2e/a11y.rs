//! Accessibility in headless Chromium: axe-core (npm, installed by `scripts/setup.sh --browser`)
//! is injected into the built app and run against WCAG 2.x A and AA — the level of JIS X
//! 8341-3:2016 AA that prefectural sites are audited against. Any serious or critical violation
//! fails, on the first screen, on the example with its group comparison and simulator, in
//! presentation mode, and on the embed page.
//!
//!     trunk build --release && cargo test --test e2e a11y:: -- --ignored

use crate::browser::{click, open_app, wait_for_contains, wait_for_text, StaticServer};
use crate::fixtures::root;
use fantoccini::Client;
use renkei::view::names::FICTIONAL_LABEL_JA;

/// Runs axe-core on the page; the serious and critical violations, one line each.
async fn serious_violations(client: &Client) -> Vec<String> {
    let axe = std::fs::read_to_string(root().join(".tools/node_modules/axe-core/axe.min.js"))
        .expect("axe-core: run scripts/setup.sh --browser");
    client.execute(&axe, vec![]).await.unwrap();
    let result = client
        .execute_async(
            "const done = arguments[0]; \
             axe.run(document, { runOnly: { type: 'tag', \
               values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }) \
             .then((r) => done(r.violations \
               .filter((v) => v.impact === 'serious' || v.impact === 'critical') \
               .map((v) => `${v.impact} ${v.id}: ${v.help} — ` + \
                 v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))), \
               (e) => done([`axe failed: ${e}`]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(result).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromium: run scripts/test.sh"]
async fn no_serious_accessibility_violations() {
    let server = StaticServer::start(&root().join("dist"));
    let browser = open_app(&server, 1.0).await;
    let client = &browser.client;
    crate::browser::wait_for_first_screen(client).await;
    crate::browser::wait_until_drawn(client, "[data-testid=distribution-chart]").await;
    crate::browser::wait_until_drawn(client, "[data-testid=sim-chart]").await;
    let first_screen = serious_violations(client).await;

    click(client, "try-example").await;
    wait_for_contains(client, "[data-testid=fictional-label]", FICTIONAL_LABEL_JA).await;
    crate::browser::wait_until_drawn(client, "[data-testid=small-multiples]").await;
    wait_for_contains(client, "[data-testid=sim-table-combined] caption", "合算").await;
    let example = serious_violations(client).await;

    client
        .goto(&format!("{}?present=1", server.url()))
        .await
        .unwrap();
    wait_for_contains(
        client,
        "[data-testid=presentation-bar]",
        "発表モードを終えて",
    )
    .await;
    crate::browser::wait_until_drawn(client, "[data-testid=distribution-chart]").await;
    let presenting = serious_violations(client).await;

    // In English, with the example's groups: the same checks on the other language's words.
    client
        .goto(&format!("{}?lang=en", server.url()))
        .await
        .unwrap();
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "Hokkaido, both sexes, 40–74 years",
    )
    .await;
    click(client, "try-example").await;
    wait_for_contains(
        client,
        "[data-testid=sim-table-combined] caption",
        "Combined",
    )
    .await;
    crate::browser::wait_until_drawn(client, "[data-testid=small-multiples]").await;
    let english = serious_violations(client).await;

    // The embed page prefectural sites paste.
    client
        .goto(&format!("{}embed.html?item=sbp", server.url()))
        .await
        .unwrap();
    crate::browser::wait_until_drawn(client, "#chart").await;
    let embedded = serious_violations(client).await;

    // The check itself works: an input without a label is caught.
    client
        .execute(
            "document.body.append(Object.assign(document.createElement('input'), { id: 'unlabelled' }));",
            vec![],
        )
        .await
        .unwrap();
    let planted = serious_violations(client).await;
    assert!(
        planted.iter().any(|v| v.contains("#unlabelled")),
        "axe must report the planted input: {planted:?}"
    );
    browser.stop().await;

    assert!(
        first_screen.is_empty()
            && example.is_empty()
            && presenting.is_empty()
            && english.is_empty()
            && embedded.is_empty(),
        "first screen: {first_screen:#?}\nexample: {example:#?}\npresenting: {presenting:#?}\nEnglish: {english:#?}\nembed: {embedded:#?}"
    );
}
