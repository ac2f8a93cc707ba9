//! The embed page (`embed.html`): one chart from a permalink, minimal chrome, redrawn to the
//! width of its frame. Its own wasm binary without Leptos, so a prefecture's page that embeds
//! it downloads only the chart, its catalogue and the one data file it needs (`crate::view::embed`).

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, HtmlCanvasElement};

use super::fetch::load_dataset;
use crate::draw::distribution_chart::draw_distribution_chart;
use crate::view::embed::plan;
use crate::view::language::Language;
use crate::view::messages::draw_error;
use crate::view::permalink::{chart_from_query, ignored_message};
use crate::view::screen::ScreenModel;

/// Set on the canvas once the chart has been drawn (tests wait for it).
const DRAWN: &str = "drawn";

pub fn run() {
    // A bug must not leave a silent blank frame: the page says so in both languages. (Not
    // console_error_panic_hook: formatting the panic's message and place for the console was
    // 1.4 KB gzip of this page's 132.)
    std::panic::set_hook(Box::new(|_| {
        say("図を表示できませんでした（アプリの不具合です）。 The chart could not be shown (a fault in the app).")
    }));
    wasm_bindgen_futures::spawn_local(async {
        if let Err(message) = show().await {
            say(&message);
        }
    });
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a page has a document")
}

fn element<T: JsCast>(id: &str) -> Option<T> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// A message in place of the chart (and in the page's text for screen readers).
fn say(message: &str) {
    if let Some(note) = element::<web_sys::HtmlElement>("note") {
        note.set_text_content(Some(message));
        note.set_hidden(false);
    }
}

async fn show() -> Result<(), String> {
    let window = web_sys::window().ok_or("ページを表示できません。 The page cannot be shown.")?;
    let query = window.location().search().unwrap_or_default();
    let (view, ignored) = chart_from_query(&query);
    let language = view.language;
    show_in_language(language);
    if let Some(message) = ignored_message(&ignored, language) {
        say(&message);
    }
    let in_language = |message: crate::view::language::Message| message.text(language).to_string();
    let plan = plan(&view)?;
    let mut datasets = Vec::new();
    for file in plan.files() {
        let dataset = load_dataset(file).await;
        datasets.push(dataset.map_err(|message| plan.missing_data(&in_language(message)))?);
    }
    let model = plan.model(&datasets.iter().map(|d| d.as_ref()).collect::<Vec<_>>())?;

    // The full view with its tables and sources, in the app next to this page.
    if let Some(link) = element::<HtmlAnchorElement>("open-app") {
        link.set_href(&format!("./{query}"));
    }
    draw(&model);
    let redraw = Closure::<dyn Fn()>::new(move || draw(&model));
    window
        .add_event_listener_with_callback("resize", redraw.as_ref().unchecked_ref())
        .map_err(|_| {
            language.pick(
                "サイズの変化を受け取れません。",
                "Changes of size cannot be followed.",
            )
        })?;
    // The page lives as long as the chart: the listener is never removed.
    redraw.forget();
    Ok(())
}

/// Draws the chart at the frame's width (height in proportion, within readable limits).
fn draw(model: &ScreenModel) {
    let Some(canvas) = element::<HtmlCanvasElement>("chart") else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let ratio = window.device_pixel_ratio().max(1.0);
    let width_css_px = f64::from(canvas.client_width().max(320));
    let height_css_px = (width_css_px * 0.6).clamp(420.0, 620.0);
    canvas.set_width((width_css_px * ratio).round() as u32);
    canvas.set_height((height_css_px * ratio).round() as u32);
    // Setting a declared style property and valid attribute names cannot fail.
    let _ =
        web_sys::HtmlElement::style(&canvas).set_property("height", &format!("{height_css_px}px"));
    let _ = canvas.set_attribute("aria-label", &model.text_alternative());
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    // The distribution chart alone (not `export::ChartImage`, which links every chart).
    match draw_distribution_chart(&backend.into_drawing_area(), &model.chart(), ratio) {
        Ok(()) => {
            // A valid attribute name: cannot fail.
            let _ = canvas.set_attribute("data-state", DRAWN);
        }
        Err(error) => {
            let detail = draw_error(&error, model.language);
            say(&match model.language {
                Language::Japanese => format!("図を描けません：{detail}"),
                Language::English => format!("The chart cannot be drawn: {detail}"),
            })
        }
    }
}

/// The page's own words (written in Japanese in `embed.html`) in the link's language.
fn show_in_language(language: Language) {
    // Valid attribute names: setting them cannot fail.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", language.code());
    }
    document().set_title(language.pick("Renkei（連携）— 埋め込み図", "Renkei — embedded chart"));
    if let Some(chart) = element::<HtmlCanvasElement>("chart") {
        let _ = chart.set_attribute(
            "aria-label",
            language.pick("読み込み中の図", "Chart loading"),
        );
    }
    if let Some(link) = element::<HtmlAnchorElement>("open-app") {
        link.set_text_content(Some(language.pick(
            "データ表と出典を Renkei で開く",
            "Open the data table and sources in Renkei",
        )));
    }
}
