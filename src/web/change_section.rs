//! Two fiscal years of the trend's selection compared (`view::change`), opened from the trend
//! (`web::later::change_section`, a split point of its own: its code comes only then). It reads
//! the years the trend fetched, offers the two years to compare (the first and the last by
//! default), and writes its chart, tables and notes with the DOM's own calls, as the trend
//! does and for the same reason (no Leptos view code shared with another module).

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlInputElement};

use super::trend_section::{append, paint_canvas, TrendInput};
use crate::draw::distribution_chart::draw_distribution_chart;
use crate::draw::recording;
use crate::view::change::{ChangeFigures, ChangeTable};
use crate::view::language::Language;

/// The chart's height on the page (CSS px), as the first screen's.
const CHANGE_CHART_HEIGHT_CSS_PX: f64 = 440.0;

/// What the comparison reads from the trend.
pub struct ChangeInput {
    /// Where the comparison is written (empty).
    pub container: Element,
    /// The trend's years, as fetched (`None` while they come).
    pub years: RwSignal<Option<Arc<TrendInput>>>,
    /// The fiscal years chosen (before, after), kept in the page address; a link's are shown
    /// if the trend has them, else the first and the last.
    pub chosen: RwSignal<Option<(i32, i32)>>,
    pub language: RwSignal<Language>,
    /// The trend's owner: the comparison's effects stop with it.
    pub owner: Option<Owner>,
}

pub fn change_section(input: ChangeInput) {
    let build = || {
        // `None` only if the browser refused to make an element in the page.
        let _ = build(&input.container, input.years, input.chosen, input.language);
    };
    match &input.owner {
        Some(owner) => owner.with(build),
        None => build(),
    }
}

fn build(
    container: &Element,
    years: RwSignal<Option<Arc<TrendInput>>>,
    chosen: RwSignal<Option<(i32, i32)>>,
    language: RwSignal<Language>,
) -> Option<()> {
    let heading = append(container, "h3", &[], "")?;
    let pickers = append(container, "p", &[], "")?;
    let before_label = append(&pickers, "label", &[], "")?;
    let after_label = append(&pickers, "label", &[], "")?;
    let before_words = append(&before_label, "span", &[], "")?;
    let before_select = append(
        &before_label,
        "select",
        &[("data-testid", "change-before")],
        "",
    )?;
    let after_words = append(&after_label, "span", &[], "")?;
    let after_select = append(
        &after_label,
        "select",
        &[("data-testid", "change-after")],
        "",
    )?;
    let status_line = append(
        container,
        "p",
        &[("class", "status"), ("data-testid", "change-status")],
        "",
    )?;
    let chart_box = append(container, "div", &[("class", "hidden")], "")?;
    let canvas: HtmlCanvasElement = append(
        &chart_box,
        "canvas",
        &[
            ("class", "chart"),
            ("role", "img"),
            ("data-testid", "change-chart"),
        ],
        "",
    )?
    .unchecked_into();
    let tables = append(container, "div", &[], "")?;

    let (before, after) = (before_select.clone(), after_select.clone());
    let changed = Closure::<dyn FnMut()>::new(move || {
        if let (Ok(b), Ok(a)) = (value(&before).parse(), value(&after).parse()) {
            chosen.set(Some((b, a)));
        }
    });
    for select in [&before_select, &after_select] {
        // Cannot fail on an element.
        let _ = select.add_event_listener_with_callback("change", changed.as_ref().unchecked_ref());
    }
    // The menus live as long as the page's trend: the handler with them.
    changed.forget();

    Effect::new(move |_| {
        let language = language.get();
        heading.set_text_content(Some(language.pick(
            "二つの年度の比較：分布全体の移動か、ハイリスク者の改善か",
            "Two years compared: did the whole distribution move, or the high-risk few?",
        )));
        before_words.set_text_content(Some(language.pick("前の年度 ", "Earlier year ")));
        after_words.set_text_content(Some(language.pick(" 後の年度 ", " Later year ")));
    });

    // The menus list the trend's years, in the page's language, and show the years chosen (by
    // the menus, or a saved view shown); a choice no longer among them falls back to the first
    // and the last year.
    Effect::new(move |_| {
        let language = language.get();
        let Some(input) = years.get() else {
            return;
        };
        let fiscal_years: Vec<i32> = input.data.iter().map(|d| d.fiscal_year).collect();
        let (Some(first), Some(last)) = (fiscal_years.iter().min(), fiscal_years.iter().max())
        else {
            return;
        };
        let kept = chosen
            .get()
            .filter(|(b, a)| fiscal_years.contains(b) && fiscal_years.contains(a));
        let (before, after) = kept.unwrap_or((*first, *last));
        for (select, selected) in [(&before_select, before), (&after_select, after)] {
            select.set_text_content(None);
            for year in &fiscal_years {
                let value = year.to_string();
                let label = match language {
                    Language::Japanese => format!("{year}年度"),
                    Language::English => format!("FY{year}"),
                };
                let option = append(select, "option", &[("value", &value)], &label);
                if *year == selected {
                    if let Some(option) = option {
                        let _ = option.set_attribute("selected", "");
                    }
                }
            }
            // As `value` reads it.
            select
                .unchecked_ref::<HtmlInputElement>()
                .set_value(&selected.to_string());
        }
        // Only a change: this effect follows `chosen`.
        if kept != Some((before, after)) {
            chosen.set(Some((before, after)));
        }
    });

    let figures: RwSignal<Option<Arc<ChangeFigures>>> = RwSignal::new(None);
    // The same year chosen twice: nothing to compare.
    let same_year = RwSignal::new(false);
    Effect::new(move |_| {
        let (Some(input), Some((before, after))) = (years.get(), chosen.get()) else {
            figures.set(None);
            return;
        };
        let find = |year: i32| input.data.iter().find(|d| d.fiscal_year == year);
        let (earlier, later) = (before.min(after), before.max(after));
        match (find(earlier), find(later)) {
            (Some(b), Some(a)) if earlier != later => {
                same_year.set(false);
                figures.set(Some(Arc::new(ChangeFigures::compute(
                    input.indicator,
                    input.selection.clone(),
                    b,
                    a,
                ))));
            }
            _ => {
                same_year.set(true);
                figures.set(None);
            }
        }
    });

    Effect::new(move |_| {
        let language = language.get();
        let said = same_year.get().then(|| {
            language.pick(
                "比べるには異なる二つの年度を選んでください。",
                "Choose two different years to compare.",
            )
        });
        status_line.set_text_content(said);
        let Some(figures) = figures.get() else {
            let _ = chart_box.set_attribute("class", "hidden");
            tables.set_text_content(None);
            return;
        };
        let screen = figures.screen(language);
        tables.set_text_content(None);
        // `None` only if the browser refused to make an element in the page.
        // Each table's id as a binding of its own, where the architecture test reads ids.
        let testid = "change-shares";
        let _ = write_table(&tables, &screen.shares, testid);
        let _ = append(
            &tables,
            "p",
            &[
                ("class", "change-verdict"),
                ("data-testid", "change-verdict"),
            ],
            &screen.verdict,
        );
        if let Some(predictions) = &screen.predictions {
            let testid = "change-predictions";
            let _ = write_table(&tables, predictions, testid);
        }
        if let Some(strata) = &screen.strata {
            let details = append(&tables, "details", &[], "");
            if let Some(details) = details {
                let _ = append(&details, "summary", &[], &strata.caption);
                let testid = "change-strata";
                let _ = write_table(&details, strata, testid);
            }
        }
        if let Some(notes) = append(&tables, "div", &[("data-testid", "change-notes")], "") {
            for note in &screen.notes {
                let _ = append(&notes, "p", &[("class", "hint")], note);
            }
        }
        let _ = chart_box.set_attribute("class", "");
        paint(&canvas, &figures, language);
    });
    Some(())
}

/// A menu's value. Read through `HtmlInputElement`'s binding, which reads the `value` property of
/// any element (web-sys' bindings are structural): the page already carries it, where the
/// select element's own binding would add to the first visit's JS.
fn value(select: &Element) -> String {
    select.unchecked_ref::<HtmlInputElement>().value()
}

/// Paints the two years' distributions on `canvas` and says how it went in `data-state`.
fn paint(canvas: &HtmlCanvasElement, figures: &ChangeFigures, language: Language) {
    let Some(chart) = figures.chart(language) else {
        let _ = canvas.set_attribute("data-state", "error: no distribution");
        return;
    };
    paint_canvas(
        canvas,
        CHANGE_CHART_HEIGHT_CSS_PX,
        &chart.title,
        language,
        &mut |backend, ratio| {
            recording::paint(backend, |root| draw_distribution_chart(root, &chart, ratio))
        },
    );
}

/// A table with its caption and a row per `table.rows` (the first cell heads the row), in a
/// box that scrolls sideways; rows' test ids are `{testid}-row-{index}`.
fn write_table(parent: &Element, table: &ChangeTable, testid: &str) -> Option<()> {
    let scroll = append(parent, "div", &[("class", "trend-table")], "")?;
    let element = append(
        &scroll,
        "table",
        &[("class", "summary"), ("data-testid", testid)],
        "",
    )?;
    append(&element, "caption", &[], &table.caption)?;
    let head = append(&element, "thead", &[], "")?;
    let head_row = append(&head, "tr", &[], "")?;
    for heading in &table.headings {
        append(&head_row, "th", &[("scope", "col")], heading)?;
    }
    let body = append(&element, "tbody", &[], "")?;
    for (index, row) in table.rows().enumerate() {
        let row_testid = format!("{testid}-row-{index}");
        let tr = append(&body, "tr", &[("data-testid", &row_testid)], "")?;
        for (column, cell) in row.iter().enumerate() {
            let tag = if column == 0 { "th" } else { "td" };
            let scope: &[(&str, &str)] = if column == 0 {
                &[("scope", "row")]
            } else {
                &[]
            };
            append(&tr, tag, scope, cell)?;
        }
    }
    Some(())
}
