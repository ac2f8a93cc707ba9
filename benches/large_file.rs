//! Browser benchmark: a 50 MB tidy CSV dropped on the page, in headless Chromium against the
//! built `dist/`. Reports the time from the drop to the file being merged and shown
//! (`renkei:file-loaded` mark), and the longest main-thread task meanwhile (the page must stay
//! responsive: parsing runs in the reader worker). Prints a table; nothing is asserted.
//!
//!     trunk build --release && cargo bench --bench large_file
//!
//! The file is generated in the page (so no 50 MB crosses WebDriver): fiscal years from 2022
//! back × 47 prefectures × 2 groups × 2 sexes × 7 age bands, systolic blood pressure in 2 mmHg
//! bins (100 per stratum, the limit), until 50 MB (about 890,000 rows over 7 years).

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

    const RUNS: usize = 3;
    const TARGET_BYTES: usize = 50 * 1024 * 1024;
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    let server = StaticServer::start(&dist);
    let prefectures: Vec<&str> = renkei::model::prefecture::PREFECTURES
        .iter()
        .map(|(_, name)| *name)
        .collect();

    let mut rows = Vec::new();
    for _ in 0..RUNS {
        let browser = Browser::start(1.0).await;
        let client = &browser.client;
        client.goto(&server.url()).await.unwrap();
        wait_until(
            client,
            "return performance.getEntriesByName('renkei:chart-drawn').length > 0;",
        )
        .await;
        let measured = client
            .execute_async(
                "const [prefectures, targetBytes, done] = arguments;
                 const lines = ['年度,地域名,区分,性別,年齢階級,項目,下限,上限,人数'];
                 let bytes = 0;
                 const encoder = new TextEncoder();
                 outer: for (let year = 2022; year > 2012; year--)
                   for (const area of prefectures) for (const group of ['地域', '職域'])
                   for (const sex of ['男', '女']) for (let age = 40; age < 75; age += 5)
                     for (let bin = 0; bin < 100; bin++) {
                       const lower = 60 + bin * 2;
                       const line = `${year},${area},${group},${sex},${age}-${age + 4},収縮期血圧,${lower},${lower + 2},${(bin * 7 + age + year) % 97}`;
                       lines.push(line);
                       bytes += encoder.encode(line).length + 1;
                       if (bytes >= targetBytes) break outer;
                     }
                 const file = new File([lines.join('\\n') + '\\n'], 'large.csv', {type: 'text/csv'});
                 let longestTaskMs = 0;
                 new PerformanceObserver(list => {
                   for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
                 }).observe({type: 'longtask'});
                 const transfer = new DataTransfer();
                 transfer.items.add(file);
                 const start = performance.now();
                 document.body.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
                 const poll = () => {
                   const loaded = performance.getEntriesByName('renkei:file-loaded');
                   const failed = document.querySelector('[data-testid=file-error]');
                   if (loaded.length) done([file.size, lines.length - 1, loaded[0].startTime - start, longestTaskMs]);
                   else if (failed) done(failed.textContent);
                   else setTimeout(poll, 20);
                 };
                 poll();",
                vec![serde_json::json!(prefectures), serde_json::json!(TARGET_BYTES)],
            )
            .await
            .unwrap();
        let values: Vec<f64> = measured
            .as_array()
            .unwrap_or_else(|| panic!("the file was refused: {measured}"))
            .iter()
            .filter_map(|v| v.as_f64())
            .collect();
        rows.push(values);
        browser.stop().await;
    }
    println!("| measure (headless Chromium, 127.0.0.1) | run | file MB | rows | drop → loaded ms | longest main-thread task ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (run, values) in rows.iter().enumerate() {
        let [bytes, row_count, load_ms, longest_task_ms] = values[..] else {
            panic!("unexpected {values:?}")
        };
        println!(
            "| 50 MB tidy CSV dropped on the page | {} | {:.1} | {row_count:.0} | {load_ms:.0} | {longest_task_ms:.0} |",
            run + 1,
            bytes / 1_048_576.0
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
async fn wait_until(client: &fantoccini::Client, script: &str) {
    for _ in 0..1500 {
        if client.execute(script, vec![]).await.unwrap().as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("timed out: {script}");
}

#[cfg(target_arch = "wasm32")]
fn main() {}
