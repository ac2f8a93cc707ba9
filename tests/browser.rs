//! Component tests in headless Chromium (wasm-bindgen-test): the browser layer binds the
//! core's numbers to the DOM without changing them, and draws a device-pixel-sharp canvas.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use renkei::import::cells::parse_bin_label;
use renkei::model::indicator::by_id;
use renkei::model::{AgeBand, AreaLevel, Dataset, Provenance, Record, Sex, GROUP_ALL};
use renkei::view::language::Language;
use renkei::view::screen::{compute_series, ScreenModel, SelectionKeys};
use renkei::web::{DistributionCanvas, SummaryTable};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Two prefectures, one suppressed cell: small enough to check by hand.
fn dataset() -> Dataset {
    let mut records = Vec::new();
    for (code, name, counts) in [
        ("01", "北海道", [Some(60), Some(25), Some(10), None]),
        ("13", "東京都", [Some(120), Some(40), Some(30), Some(10)]),
    ] {
        for (bin, count) in ["130未満", "130以上140未満", "140以上160未満", "160以上"]
            .iter()
            .zip(counts)
        {
            records.push(Record {
                year: 2022,
                area_level: AreaLevel::Prefecture,
                area_code: code.into(),
                area_name: name.into(),
                group: GROUP_ALL.into(),
                sex: Sex::Male,
                age_band: AgeBand::new(40, 44),
                indicator: "sbp".into(),
                bin: parse_bin_label(bin).unwrap(),
                count_people: count,
                suppressed_in_row: None,
            });
        }
    }
    Dataset {
        provenance: Provenance {
            publisher: "テスト".into(),
            release: "第0回".into(),
            source_files: vec![],
            fictional: false,
        },
        records,
    }
}

fn model() -> ScreenModel {
    let data = dataset();
    let sbp = by_id("sbp").unwrap();
    let hokkaido = compute_series(
        &data,
        &SelectionKeys::prefecture("01").to_selection("sbp").unwrap(),
    )
    .unwrap();
    let national = compute_series(
        &data,
        &SelectionKeys::national().to_selection("sbp").unwrap(),
    )
    .unwrap();
    ScreenModel::new(
        sbp,
        hokkaido,
        Some(national),
        &data.provenance,
        Language::Japanese,
    )
}

fn container() -> web_sys::HtmlElement {
    let element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn text(root: &web_sys::HtmlElement, css: &str) -> String {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn summary_table_shows_the_cores_numbers() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || view! { <SummaryTable model=model() /> });
    leptos::task::tick().await;
    // 北海道: 95 people counted (the 160以上 cell is suppressed); ≥140: 10 → 10.5%.
    assert_eq!(
        text(
            &root,
            "[data-testid=summary-row-primary] [data-testid=people]"
        ),
        "95"
    );
    assert_eq!(
        text(
            &root,
            "[data-testid=summary-row-primary] [data-testid=threshold-see-doctor]"
        ),
        "10.5%（10人）"
    );
    assert_eq!(
        text(
            &root,
            "[data-testid=summary-row-primary] [data-testid=suppressed-cells]"
        ),
        "1 / 4"
    );
    // 全国 = 北海道 + 東京都: 295 people; ≥130: 25+10+40+30+10 = 115 → 39.0%.
    assert_eq!(
        text(
            &root,
            "[data-testid=summary-row-comparison] [data-testid=people]"
        ),
        "295"
    );
    assert_eq!(
        text(
            &root,
            "[data-testid=summary-row-comparison] [data-testid=threshold-guidance]"
        ),
        "39.0%（115人）"
    );
    assert_eq!(
        text(&root, "[data-testid=source-citation]"),
        "出典：テスト 第0回（2022年度 特定健診）"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn chart_canvas_draws_at_the_device_pixel_ratio() {
    let root = container();
    root.set_attribute("style", "width: 800px").unwrap();
    let model = Memo::new(|_| Some(model()));
    let handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <DistributionCanvas model=model /> },
    );
    let canvas: web_sys::HtmlCanvasElement = root
        .query_selector("[data-testid=distribution-chart]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // The drawing runs in an effect, scheduled after mounting: give the scheduler a few turns.
    for _ in 0..50 {
        if canvas
            .get_attribute("data-state")
            .is_some_and(|s| !s.is_empty())
        {
            break;
        }
        leptos::task::tick().await;
    }
    assert_eq!(canvas.get_attribute("data-state").as_deref(), Some("drawn"));
    let ratio = window().device_pixel_ratio();
    assert_eq!(
        f64::from(canvas.width()),
        (f64::from(canvas.client_width()) * ratio).round()
    );
    let label = canvas.get_attribute("aria-label").unwrap();
    assert!(label.contains("北海道・男女計・40〜74歳：95人"), "{label}");
    drop(handle);
}

/// A worker from a script in a `data:` address (a test's stand-in for the reader).
fn worker_running(script: &str) -> web_sys::Worker {
    web_sys::Worker::new(&format!(
        "data:text/javascript,{}",
        js_sys::encode_uri_component(script)
    ))
    .unwrap()
}

#[wasm_bindgen_test]
async fn a_reader_silent_past_the_limit_is_given_up_and_one_reporting_progress_is_not() {
    use renkei::web::reader_worker::{expect_reply, TIMED_OUT};
    use std::rc::Rc;

    // Never answers.
    let silent = worker_running("onmessage = () => {};");
    let pending = expect_reply(&silent, Rc::new(|_| {}), 200);
    silent.post_message(&"file".into()).unwrap();
    let reply = js_sys::Array::from(&pending.wait(&silent).await);
    assert_eq!(reply.get(0).as_string().as_deref(), Some(TIMED_OUT));
    silent.terminate();

    // Takes 1 s in all, five times the limit, but reports progress every 100 ms.
    let slow = worker_running(
        "onmessage = () => {
           let step = 0;
           const timer = setInterval(() => {
             step += 1;
             if (step < 10) { postMessage(['progress', step / 10]); }
             else { clearInterval(timer); postMessage(['ok', 'done']); }
           }, 100);
         };",
    );
    let heard = Rc::new(std::cell::Cell::new(0));
    let counter = heard.clone();
    let pending = expect_reply(&slow, Rc::new(move |_| counter.set(counter.get() + 1)), 200);
    slow.post_message(&"file".into()).unwrap();
    let reply = js_sys::Array::from(&pending.wait(&slow).await);
    assert_eq!(reply.get(1).as_string().as_deref(), Some("done"));
    assert_eq!(heard.get(), 9);
    slow.terminate();
}
