//! Export buttons under a chart: PNG at 1×, 2× and 3× (the core's drawing painted on a canvas
//! of that many device pixels), SVG and CSV (made by [`crate::view::export`]). Everything is made in
//! the page and saved as a download; nothing is sent anywhere.
//!
//! The writers are a split point of their own (`exports`, cut by `scripts/build-app.sh`): the
//! buttons are on the first screen, but what they run — the SVG and CSV writers — is downloaded
//! the first time someone exports a chart.

use leptos::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsValue};
use wasm_split_helpers::{wasm_split, SplitLoaderError};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

use super::text::{localized, use_language};
use crate::view::export::{ChartImage, EXPORT_WIDTH_PX};
use crate::view::language::Language;
use crate::view::messages::{draw_error, part_not_downloaded, LaterPart};

/// What a button saves.
#[derive(Clone, Copy)]
pub enum ExportFormat {
    /// At this many device pixels per CSS pixel.
    Png(u32),
    Svg,
    Csv,
}

/// Why nothing was saved.
enum ExportFailure {
    /// The writers' module could not be downloaded.
    NotDownloaded,
    /// The browser refused (the message it gave, or the drawing's).
    Failed(String),
}

impl From<SplitLoaderError> for ExportFailure {
    fn from(_: SplitLoaderError) -> Self {
        ExportFailure::NotDownloaded
    }
}

#[wasm_split(exports, fallible)]
fn save(image: ChartImage, format: ExportFormat) -> Result<(), ExportFailure> {
    match format {
        ExportFormat::Png(scale) => save_png(&image, scale),
        ExportFormat::Svg => save_svg(&image),
        ExportFormat::Csv => save_csv(&image),
    }
    .map_err(ExportFailure::Failed)
}

/// How the page exports a chart: given by the app as context (`Exporter::provide`), so only
/// the first module names the writers' split point. The group comparison and the simulator,
/// split points of their own, show export bars too; a split part that named another split
/// point directly would leave an import no unsplit build (the component tests) can resolve.
#[derive(Clone, Copy)]
pub struct Exporter(fn(ChartImage, ExportFormat, RwSignal<String>, Language));

impl Exporter {
    pub fn provide() {
        provide_context(Exporter(export));
    }
}

/// Saves `image` once the writers' module is there; `status` says what failed.
fn export(image: ChartImage, format: ExportFormat, status: RwSignal<String>, language: Language) {
    leptos::task::spawn_local(async move {
        let outcome = save(image, format).await;
        status.set(match (outcome, language) {
            (Ok(()), _) => String::new(),
            (Err(ExportFailure::Failed(message)), Language::Japanese) => {
                format!("書き出せませんでした：{message}")
            }
            (Err(ExportFailure::Failed(message)), Language::English) => {
                format!("It could not be exported: {message}")
            }
            (Err(ExportFailure::NotDownloaded), language) => {
                part_not_downloaded(LaterPart::Exports)
                    .text(language)
                    .to_string()
            }
        });
    });
}

#[component]
pub fn ExportBar(
    #[prop(into)] image: Signal<Option<ChartImage>>,
    /// `export` → `export-png-2`, `export-svg`, `export-csv`, `export-status`.
    testid: &'static str,
) -> impl IntoView {
    let language = use_language();
    let status = RwSignal::new(String::new());
    let exporter = use_context::<Exporter>();
    let run = move |format: ExportFormat| {
        if let (Some(Exporter(export)), Some(image)) = (exporter, image.get_untracked()) {
            export(image, format, status, language.get_untracked());
        }
    };
    let png_button = move |scale: u32| {
        view! {
            <button type="button" data-testid=format!("{testid}-png-{scale}") on:click=move |_| run(ExportFormat::Png(scale))>
                {move || match language.get() {
                    Language::Japanese => format!("PNG（{scale}倍）"),
                    Language::English => format!("PNG ({scale}×)"),
                }}
            </button>
        }
    };
    view! {
        <div class="export-bar" role="group" aria-label=localized(language, "図の書き出し", "Export the chart") class:hidden=move || image.with(Option::is_none)>
            <span class="export-label">{localized(language, "書き出し：", "Export: ")}</span>
            {png_button(1)}{png_button(2)}{png_button(3)}
            <button type="button" data-testid=format!("{testid}-svg") on:click=move |_| run(ExportFormat::Svg)>"SVG"</button>
            <button type="button" data-testid=format!("{testid}-csv") on:click=move |_| run(ExportFormat::Csv)>{localized(language, "CSV（図の数値）", "CSV (the chart’s numbers)")}</button>
            <span class="hint" role="status" data-testid=format!("{testid}-status")>{move || status.get()}</span>
        </div>
    }
}

fn save_png(image: &ChartImage, scale: u32) -> Result<(), String> {
    let canvas: HtmlCanvasElement = document()
        .create_element("canvas")
        .map_err(js_message)?
        .unchecked_into();
    canvas.set_width(EXPORT_WIDTH_PX * scale);
    canvas.set_height(image.export_height_px() * scale);
    let mut backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2D canvas context")?;
    image
        .paint(&mut backend, f64::from(scale))
        .map_err(|e| draw_error(&e, image.language()))?;
    let png = canvas.to_data_url().map_err(js_message)?;
    download(&format!("{}_{scale}x.png", image.file_stem()), &png);
    Ok(())
}

fn save_svg(image: &ChartImage) -> Result<(), String> {
    let svg = image.svg().map_err(|e| draw_error(&e, image.language()))?;
    save_file(
        &format!("{}.svg", image.file_stem()),
        svg.as_bytes(),
        "image/svg+xml;charset=utf-8",
    )
}

fn save_csv(image: &ChartImage) -> Result<(), String> {
    save_file(
        &format!("{}.csv", image.file_stem()),
        &image.csv(),
        "text/csv;charset=utf-8",
    )
}

/// Saves bytes as a download named `name`.
pub(crate) fn save_file(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_message)?;
    let address = Url::create_object_url_with_blob(&blob).map_err(js_message)?;
    download(name, &address);
    // The address stays valid a minute, long enough for the download to start.
    // Revoking cannot fail for an address made above; if the timer could not be set, the blob
    // stays until the page closes, which loses nothing.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&address);
    });
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}

fn download(name: &str, address: &str) {
    let Ok(link) = document().create_element("a") else {
        return;
    };
    let link: HtmlAnchorElement = link.unchecked_into();
    link.set_href(address);
    link.set_download(name);
    link.click();
}

fn js_message(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| js_sys::JSON::stringify(&error).ok().map(String::from))
        .unwrap_or_else(|| "unknown error".into())
}
