//! Browser benchmark: how long a first visit takes to show its chart, and how long the page
//! takes to redraw after a selection changes, in headless Chromium against the built `dist/`.
//! Prints a table; budgets are read from it, never asserted in tests.
//!
//!     trunk build --release && cargo bench --bench first_chart
//!
//! Each first visit uses a fresh browser profile (cold cache). Timings come from the page's
//! own `performance` clock: navigation start → the `renkei:chart-drawn` mark.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/browser.rs"]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/fixtures.rs"]
mod fixtures;

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    use browser::{Browser, StaticServer};
    use std::path::Path;

    const VISITS: usize = 7;
    const SWITCHES: usize = 7;
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    let server = StaticServer::start(&dist);

    let mut first_chart_ms = Vec::new();
    let mut switch_ms = Vec::new();
    let mut switch_area_ms = Vec::new();
    let mut slider_ms = Vec::new();
    let mut sim_area_ms = Vec::new();
    let mut language_ms = Vec::new();
    let (mut fits_on_area_change, mut fits_on_switch) = (0, 0);
    for visit in 0..VISITS {
        let browser = Browser::start(1.0).await;
        let client = &browser.client;
        client.goto(&server.url()).await.unwrap();
        first_chart_ms.push(wait_for_mark_ms(client, 1).await);
        if visit == 0 {
            // Redraw after a change of sex (same data file) and of area level (fetches a
            // 335-area file the first time).
            for round in 0..SWITCHES {
                let sex = if round % 2 == 0 { "female" } else { "male" };
                switch_ms.push(time_change(client, "primary-sex-select", sex).await);
            }
            client
                .find(fantoccini::Locator::Css("[data-testid=release-select]"))
                .await
                .unwrap()
                .select_by_value("第9回")
                .await
                .unwrap();
            for round in 0..SWITCHES {
                let area = if round % 2 == 0 {
                    "secondary_medical_area:0101:南渡島"
                } else {
                    "secondary_medical_area:0102:南檜山"
                };
                switch_area_ms.push(time_change(client, "primary-area-select", area).await);
            }
            // The simulator on the 335-area data: a slider move reruns every group and stratum
            // and redraws its chart and tables; another area refits the models first.
            for round in 0..SWITCHES {
                let shift = format!("-{}", 2 + round % 5);
                slider_ms
                    .push(time_event(client, "sim-shift-range", &shift, "input", SIM_MARK).await);
            }
            let fitted_before = mark_count(client, FITTED_MARK).await;
            for round in 0..SWITCHES {
                let area = if round % 2 == 0 {
                    "secondary_medical_area:0103:北渡島檜山"
                } else {
                    "secondary_medical_area:0104:札幌"
                };
                sim_area_ms.push(
                    time_event(client, "primary-area-select", area, "change", SIM_MARK).await,
                );
            }
            fits_on_area_change = mark_count(client, FITTED_MARK).await - fitted_before;
            // A language switch on the same view: every text is written again and every chart
            // redrawn; the simulator's models must not be refitted (issue 11).
            let fitted_before = mark_count(client, FITTED_MARK).await;
            for round in 0..SWITCHES {
                let language = if round % 2 == 0 { "en" } else { "ja" };
                language_ms
                    .push(time_click(client, &format!("language-{language}"), SIM_MARK).await);
            }
            fits_on_switch = mark_count(client, FITTED_MARK).await - fitted_before;
        }
        browser.stop().await;
    }
    println!("| measure (headless Chromium, 127.0.0.1) | runs | median ms | min ms | max ms |");
    println!("|---|---:|---:|---:|---:|");
    for (name, samples) in [
        (
            "first visit: navigation → first chart drawn (cold cache)",
            &mut first_chart_ms,
        ),
        ("change sex → chart redrawn", &mut switch_ms),
        (
            "change secondary medical area → chart redrawn (first includes fetch)",
            &mut switch_area_ms,
        ),
        (
            "simulator, secondary medical area: slider moved → results and chart redrawn",
            &mut slider_ms,
        ),
        (
            "simulator: change secondary medical area → models refitted, results redrawn",
            &mut sim_area_ms,
        ),
        (
            "simulator, secondary medical area: language switched → results and chart redrawn",
            &mut language_ms,
        ),
    ] {
        samples.sort_by(f64::total_cmp);
        let median = samples[samples.len() / 2];
        println!(
            "| {name} | {} | {median:.1} | {:.1} | {:.1} |",
            samples.len(),
            samples[0],
            samples[samples.len() - 1]
        );
    }
    println!(
        "\nsimulator models fitted: {fits_on_area_change} during the {SWITCHES} area changes, \
         {fits_on_switch} during the {SWITCHES} language switches"
    );
}

/// Milliseconds from navigation start to the `count`-th chart-drawn mark.
#[cfg(not(target_arch = "wasm32"))]
async fn wait_for_mark_ms(client: &fantoccini::Client, count: usize) -> f64 {
    let script = format!(
        "const marks = performance.getEntriesByName('renkei:chart-drawn'); \
         return marks.length >= {count} ? marks[{count} - 1].startTime : null;"
    );
    for _ in 0..600 {
        if let Some(ms) = client.execute(&script, vec![]).await.unwrap().as_f64() {
            return ms;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the chart was never drawn");
}

const CHART_MARK: &str = "renkei:chart-drawn";
const SIM_MARK: &str = "renkei:sim-chart-drawn";
const FITTED_MARK: &str = "renkei:sim-fitted";

/// How many times the page has set `mark`.
#[cfg(not(target_arch = "wasm32"))]
async fn mark_count(client: &fantoccini::Client, mark: &str) -> u64 {
    let script = format!("return performance.getEntriesByName({mark:?}).length;");
    client
        .execute(&script, vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

/// Milliseconds from a select's change to the next chart-drawn mark, measured in the page.
#[cfg(not(target_arch = "wasm32"))]
async fn time_change(client: &fantoccini::Client, testid: &str, value: &str) -> f64 {
    time_event(client, testid, value, "change", CHART_MARK).await
}

/// Milliseconds from setting an element's value (and firing `event`) to the next `mark`.
#[cfg(not(target_arch = "wasm32"))]
async fn time_event(
    client: &fantoccini::Client,
    testid: &str,
    value: &str,
    event: &str,
    mark: &str,
) -> f64 {
    let action = format!(
        "const element = document.querySelector('[data-testid={testid}]'); \
         element.value = {value:?}; \
         element.dispatchEvent(new Event({event:?}, {{ bubbles: true }}));"
    );
    time_until_mark(client, &action, mark).await
}

/// Milliseconds from a click on a button to the next `mark`, measured in the page.
#[cfg(not(target_arch = "wasm32"))]
async fn time_click(client: &fantoccini::Client, testid: &str, mark: &str) -> f64 {
    let action = format!("document.querySelector('[data-testid={testid}]').click();");
    time_until_mark(client, &action, mark).await
}

/// Milliseconds from running `action` (JavaScript) in the page to the next `mark` it sets.
#[cfg(not(target_arch = "wasm32"))]
async fn time_until_mark(client: &fantoccini::Client, action: &str, mark: &str) -> f64 {
    let script = format!(
        "const done = arguments[0]; \
         const before = performance.getEntriesByName({mark:?}).length; \
         const start = performance.now(); \
         {action} \
         const poll = () => {{ \
           const marks = performance.getEntriesByName({mark:?}); \
           if (marks.length > before) done(marks[marks.length - 1].startTime - start); \
           else setTimeout(poll, 1); \
         }}; \
         poll();"
    );
    client
        .execute_async(&script, vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
