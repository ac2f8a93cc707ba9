//! The trend over the fiscal years of the item and population chosen above, opened by the user
//! (`web::later::trend_section`, a split point of its own: this module's code and every year's
//! data come only then). It follows the page's choices, fetches every year's files, and writes
//! the figures' table and notes with the DOM's own calls (text as text) and paints the chart
//! directly: Leptos views or `ChartCanvas` here would share Leptos' generic code with the other
//! parts and move it into small chunks each of them downloads (measured: +0.2 to +0.8 KB gzip
//! each). For the same reason its class names are its own (`trend-…`). Every string comes from
//! [`crate::view::trend`].

use std::sync::Arc;

use leptos::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement};

use super::change_section::ChangeInput;
use super::data_files::DataFiles;
use super::later::LoadChange;
use super::text::use_language;
use crate::analysis::distribution::Selection;
use crate::draw::recording;
use crate::draw::trend_chart::{draw_trend_chart, TrendChart};
use crate::draw::DrawError;
use crate::import::manifest::Manifest;
use crate::model::indicator::{by_id, Indicator};
use crate::view::language::{Language, Message};
use crate::view::messages::draw_error;
use crate::view::page::FileState;
use crate::view::screen::SelectionKeys;
use crate::view::trend::{trend_files, TrendData, TrendFigures, TrendScreen};

/// The trend chart's height on the page (CSS px).
const TREND_CHART_HEIGHT_CSS_PX: f64 = 520.0;

/// What the trend reads from the page.
#[derive(Clone, Copy)]
pub struct TrendPage {
    pub manifest: Memo<Option<Arc<Manifest>>>,
    pub indicator: Memo<Option<&'static str>>,
    /// The release shown: a user's file's years make a trend of their own.
    pub release: Memo<Option<(String, i32)>>,
    /// The population shown (filled) on the first screen.
    pub selection: RwSignal<SelectionKeys>,
    pub data: DataFiles,
    /// Starts the two years' comparison (`web::later::change_section`).
    pub compare_years: fn(ChangeInput) -> LoadChange,
    /// The two years compared, in the page address (`web::change_section` sets them).
    pub compared_years: RwSignal<Option<(i32, i32)>>,
    /// The page was opened from a link with the two years compared: they open with the trend.
    /// (A saved view shown later sets `compared_years`, which the comparison's menus follow once
    /// it is open.)
    pub comparison_in_link: bool,
}

/// The trend's section; once it is on the page its content is built in it and follows the
/// page's choices, under this view's owner (so it stops when the section goes).
pub fn trend_section(page: TrendPage) -> AnyView {
    let section = NodeRef::<leptos::html::Section>::new();
    let owner = Owner::current();
    Effect::new(move |built: Option<bool>| {
        if built == Some(true) {
            return true;
        }
        let Some(section) = section.get() else {
            return false;
        };
        let build = || {
            // `None` only if the browser refused to make an element in the page.
            let _ = build_section(&section, page, use_language());
        };
        match &owner {
            Some(owner) => owner.with(build),
            None => build(),
        }
        true
    });
    view! { <section class="trend-section" data-testid="trend-section" node_ref=section></section> }
        .into_any()
}

/// Every year of the trend's selection, as fetched: what the trend and the two years'
/// comparison are computed from.
pub struct TrendInput {
    pub indicator: &'static Indicator,
    pub selection: Selection,
    pub data: Vec<TrendData>,
}

/// The section's heading, status line, chart and table; each follows the page.
fn build_section(section: &Element, page: TrendPage, language: RwSignal<Language>) -> Option<()> {
    let heading = append(section, "h2", &[], "")?;
    let status_line = append(
        section,
        "p",
        &[("class", "status"), ("data-testid", "trend-status")],
        "",
    )?;
    let chart_box = append(section, "div", &[("class", "hidden")], "")?;
    let table_box = append(section, "div", &[], "")?;
    let change_box = append(section, "div", &[("data-testid", "change-section")], "")?;
    // Why nothing is shown yet (the data still coming, or a failure); `None` once shown.
    let status: RwSignal<Option<Message>> = RwSignal::new(None);
    Effect::new(move |_| {
        let language = language.get();
        heading.set_text_content(Some(language.pick("経年変化", "Trend over the years")));
        let said = status.get().map(|m| m.text(language).to_string());
        status_line.set_text_content(said.as_deref());
    });
    let input: RwSignal<Option<Arc<TrendInput>>> = RwSignal::new(None);
    offer_change(&change_box, input, language, &page)?;
    let figures: RwSignal<Option<Arc<TrendFigures>>> = RwSignal::new(None);
    let chart: RwSignal<Option<Arc<TrendChart>>> = RwSignal::new(None);
    Effect::new(move |_| input.set(trend_input(&page, status).map(Arc::new)));
    Effect::new(move |_| {
        figures.set(input.get().map(|input| {
            let TrendInput {
                indicator,
                selection,
                data,
            } = &*input;
            Arc::new(TrendFigures::compute(indicator, selection.clone(), data))
        }))
    });
    // Words only: a language switch recomputes no figure.
    let shown_box = chart_box.clone();
    Effect::new(move |_| {
        let Some(figures) = figures.get() else {
            return;
        };
        let screen = figures.screen(language.get());
        // `None` only if the browser refused to make an element in the page.
        let _ = write_table(&table_box, &screen);
        let _ = shown_box.set_attribute("class", "");
        chart.set(Some(Arc::new(screen.chart)));
    });
    let canvas: HtmlCanvasElement = append(
        &chart_box,
        "canvas",
        &[
            ("class", "chart"),
            ("role", "img"),
            ("data-testid", "trend-chart"),
        ],
        "",
    )?
    .unchecked_into();
    Effect::new(move |_| {
        let (Some(chart), language) = (chart.get(), language.get()) else {
            return;
        };
        paint_canvas(
            &canvas,
            TREND_CHART_HEIGHT_CSS_PX,
            &chart.title,
            language,
            &mut |backend, ratio| {
                recording::paint(backend, |root| draw_trend_chart(root, &chart, ratio))
            },
        );
    });
    Some(())
}

/// Sizes `canvas` to its width and `height_css_px` at the device's pixel ratio, labels it with
/// `title`, draws on it with `draw` (given the ratio), and says how that went in `data-state`
/// (`drawn`, or `error: …`): the trend's chart and two years' (`web::change_section`).
pub fn paint_canvas(
    canvas: &HtmlCanvasElement,
    height_css_px: f64,
    title: &str,
    language: Language,
    draw: &mut dyn FnMut(&mut CanvasBackend, f64) -> Result<(), DrawError>,
) {
    let width_css_px = f64::from(canvas.client_width().max(320));
    let ratio = window().device_pixel_ratio().max(1.0);
    canvas.set_width((width_css_px * ratio).round() as u32);
    canvas.set_height((height_css_px * ratio).round() as u32);
    // Setting attributes on an element in the page cannot fail.
    let _ = canvas.set_attribute("style", &format!("height:{height_css_px}px"));
    let _ = canvas.set_attribute("aria-label", title);
    let painted = CanvasBackend::with_canvas_object(canvas.clone())
        .map(|mut backend| draw(&mut backend, ratio).map_err(|error| draw_error(&error, language)));
    let state = match painted {
        Some(Ok(())) => "drawn".to_string(),
        Some(Err(message)) => format!("error: {message}"),
        None => "error: no 2D canvas context".to_string(),
    };
    let _ = canvas.set_attribute("data-state", &state);
}

/// A sentence and a button that opens the two years' comparison (`compare_years`) in
/// `change_box`; if its module cannot be downloaded, says so, and the button tries again.
fn offer_change(
    change_box: &Element,
    input: RwSignal<Option<Arc<TrendInput>>>,
    language: RwSignal<Language>,
    page: &TrendPage,
) -> Option<()> {
    let (compare_years, chosen) = (page.compare_years, page.compared_years);
    let comparison_in_link = page.comparison_in_link;
    let offer = append(change_box, "p", &[("class", "hint")], "")?;
    let sentence = append(&offer, "span", &[], "")?;
    let button = append(
        &offer,
        "button",
        &[("type", "button"), ("data-testid", "change-open")],
        "",
    )?;
    let failed = RwSignal::new(false);
    // Pressed and not failed: a second press (a double click) must not build it twice.
    let opening = RwSignal::new(false);
    Effect::new({
        let (sentence, button) = (sentence.clone(), button.clone());
        move |_| {
            let words = change_offer_words(language.get(), failed.get());
            sentence.set_text_content(Some(words[0]));
            button.set_text_content(Some(words[1]));
        }
    });
    let owner = Owner::current();
    let container = append(change_box, "div", &[], "")?;
    let open = Closure::<dyn FnMut()>::new(move || {
        if opening.get_untracked() {
            return;
        }
        opening.set(true);
        let change = ChangeInput {
            container: container.clone(),
            years: input,
            chosen,
            language,
            owner: owner.clone(),
        };
        let offer = offer.clone();
        leptos::task::spawn_local(async move {
            let opened = compare_years(change).await.is_ok();
            // Once open the offer goes; if the module did not come, it says so and stays.
            let _ = offer.set_attribute("class", if opened { "hidden" } else { "error" });
            failed.set(!opened);
            opening.set(opened);
        });
    });
    // Cannot fail on an element.
    let _ = button.add_event_listener_with_callback("click", open.as_ref().unchecked_ref());
    // A link that had the comparison open: as if pressed.
    if comparison_in_link {
        button.unchecked_ref::<HtmlElement>().click();
    }
    // The button lives as long as the page's trend: the handler with it.
    open.forget();
    Some(())
}

/// The comparison's offer: its sentence and button, or that its module could not be downloaded.
fn change_offer_words(language: Language, failed: bool) -> [&'static str; 2] {
    match (failed, language) {
        (false, Language::Japanese) => [
            "二つの年度の分布を重ねて、変化が分布全体の移動に近いか、ハイリスク者の改善に近いかを見る。 ",
            "二つの年度を比べる",
        ],
        (false, Language::English) => [
            "Overlay two years' distributions and see whether the change looks like the whole distribution moving or the high-risk few improving. ",
            "Compare two years",
        ],
        (true, Language::Japanese) => [
            "二つの年度の比較のプログラムをダウンロードできませんでした。接続を確かめて、もう一度お試しください。 ",
            "もう一度読み込む",
        ],
        (true, Language::English) => [
            "The two years' comparison could not be downloaded. Check the connection and try again. ",
            "Try again",
        ],
    }
}

/// A new element in `parent`, with its attributes and text.
pub fn append(
    parent: &Element,
    tag: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Option<Element> {
    let element = parent.owner_document()?.create_element(tag).ok()?;
    for (name, value) in attributes {
        element.set_attribute(name, value).ok()?;
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    parent.append_child(&element).ok()?;
    Some(element)
}

/// Every year's data of the choices shown, once every year's files are in (fetching those
/// missing); until then `status` says why not.
fn trend_input(page: &TrendPage, status: RwSignal<Option<Message>>) -> Option<TrendInput> {
    let (manifest, indicator) = (page.manifest.get()?, page.indicator.get()?);
    let item = by_id(indicator)?;
    let selection = page.selection.get().to_selection(indicator)?;
    let (shown_release, _) = page.release.get()?;
    let files = trend_files(&manifest, &selection, &shown_release);
    if files.is_empty() {
        status.set(Some(Message::new(
            "この項目と地域の年度はありません。",
            "There are no years of this item and area.",
        )));
        return None;
    }
    let mut needed = Vec::with_capacity(files.len() * 2);
    for file in &files {
        needed.push(file.selection_file.clone());
        needed.extend(file.prefecture_file.clone());
    }
    page.data.fetch_missing(needed);
    let mut years = Vec::with_capacity(files.len());
    for file in files {
        let selection_level = page.data.state(&file.selection_file);
        // Without data by prefecture (a user's file may have none), as if loaded: no 全国.
        let prefectures = file.prefecture_file.as_deref().map(|f| page.data.state(f));
        match (selection_level, prefectures) {
            (FileState::Loaded(selection_level), None) => years.push(TrendData {
                fiscal_year: file.fiscal_year,
                release: file.release,
                selection_level,
                prefectures: None,
            }),
            (FileState::Loaded(selection_level), Some(FileState::Loaded(prefectures))) => years
                .push(TrendData {
                    fiscal_year: file.fiscal_year,
                    release: file.release,
                    selection_level,
                    prefectures: Some(prefectures),
                }),
            (FileState::Failed(message), _) | (_, Some(FileState::Failed(message))) => {
                status.set(Some(message));
                return None;
            }
            _ => {
                status.set(Some(Message::new(
                    "各年度のデータを読み込み中…",
                    "Loading every year’s data…",
                )));
                return None;
            }
        }
    }
    status.set(None);
    Some(TrendInput {
        indicator: item,
        selection,
        data: years,
    })
}

/// Writes the trend's table and notes into `table_box`. A call the browser refuses (none of
/// these can fail on an element in the page) leaves the rest unwritten, never a panic.
fn write_table(table_box: &Element, screen: &TrendScreen) -> Option<()> {
    let add = append;
    table_box.set_text_content(None);
    let scroll = add(table_box, "div", &[("class", "trend-table")], "")?;
    let table = add(
        &scroll,
        "table",
        &[("class", "summary"), ("data-testid", "trend-table")],
        "",
    )?;
    add(&table, "caption", &[], &screen.title)?;
    let head = add(&table, "thead", &[], "")?;
    let first = add(&head, "tr", &[], "")?;
    for heading in &screen.row_headings {
        add(&first, "th", &[("scope", "col"), ("rowspan", "2")], heading)?;
    }
    // `format!`, not `to_string`: the first module has its code, the exports module the other's.
    let colspan = format!("{}", screen.columns.len());
    for heading in &screen.headings {
        add(
            &first,
            "th",
            &[("scope", "colgroup"), ("colspan", &colspan)],
            heading,
        )?;
    }
    let second = add(&head, "tr", &[], "")?;
    for _ in &screen.headings {
        for column in &screen.columns {
            add(&second, "th", &[("scope", "col")], column)?;
        }
    }
    let body = add(&table, "tbody", &[], "")?;
    for row in &screen.rows {
        let testid = format!("trend-row-{}", row.fiscal_year);
        let tr = add(&body, "tr", &[("data-testid", &testid)], "")?;
        add(&tr, "th", &[("scope", "row")], &row.year)?;
        add(&tr, "td", &[("data-testid", "trend-people")], &row.people)?;
        for (index, cell) in row.cells.iter().enumerate() {
            if let Some(standardised) = &cell.standardised {
                let testid = format!("trend-standardised-{index}");
                add(&tr, "td", &[("data-testid", &testid)], standardised)?;
            }
            let testid = format!("trend-crude-{index}");
            add(&tr, "td", &[("data-testid", &testid)], &cell.crude)?;
            if let Some(national) = &cell.national {
                let testid = format!("trend-national-{index}");
                add(&tr, "td", &[("data-testid", &testid)], national)?;
            }
        }
    }
    // Paragraphs, not a list: the notes are read in order like the chart's footer.
    let notes = add(table_box, "div", &[("data-testid", "trend-notes")], "")?;
    for note in &screen.chart.footer {
        add(&notes, "p", &[("class", "hint")], note)?;
    }
    Some(())
}
