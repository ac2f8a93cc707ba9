//! The comparison of groups for the area, sex and age band chosen above: a table per threshold
//! of every group and their combined population, crude and age-standardised (with intervals,
//! differences in points and standardised ratios), and the small multiples across sex and age
//! band. Every string comes from [`crate::view::groups`].

use std::sync::Arc;

use leptos::prelude::*;

use super::changed_unless_still_empty;
use super::chart_canvas::{ChartCanvas, Drawing};
use super::export_bar::ExportBar;
use super::standard_select::StandardSelect;
use super::text::{localized, use_language};
use crate::analysis::standardise::StandardSource;
use crate::view::export::ChartImage;
use crate::view::groups::GroupComparison;
use crate::view::language::Language;
use crate::view::names::{self, fictional_label};

/// The comparison, for data with groups (`web::later`'s `groups` part: data without groups never
/// download it).
#[component]
pub fn GroupSection(
    /// `None` while the data shown have no groups to compare.
    comparison: Memo<Option<Result<Arc<GroupComparison>, String>>>,
    /// The page's standard population (shared with the simulator).
    standard: RwSignal<StandardSource>,
) -> impl IntoView {
    let ready = Memo::new_with_compare(
        move |_| comparison.get().and_then(Result::ok),
        changed_unless_still_empty,
    );
    let image = Signal::derive(move || ready.get().map(ChartImage::SmallMultiples));
    let alternative = Signal::derive(move || {
        ready
            .get()
            .map(|c| c.text_alternative())
            .unwrap_or_default()
    });
    view! {
        <GroupFrame>
            {move || match comparison.get() {
                None => ().into_any(),
                Some(Err(message)) => view! { <p class="error" role="alert" data-testid="group-error">{message}</p> }.into_any(),
                Some(Ok(c)) => view! {
                    <StandardSelect choice=standard testid="group-standard" />
                    <GroupTable comparison=c />
                }.into_any(),
            }}
            <div class:hidden=move || ready.with(Option::is_none)>
                <ChartCanvas
                    drawing=Signal::derive(move || image.get().map(Drawing::of))
                    height_css_px=560.0
                    testid="small-multiples"
                    alternative=alternative
                />
                <ExportBar image=image testid="groups-export" />
            </div>
        </GroupFrame>
    }
}

/// What the section says while the data shown have no groups: how to get some.
#[component]
pub fn GroupHint(
    /// Switches to the example dataset; `None` when it is already shown or not available.
    try_example: Signal<Option<Callback<()>>>,
) -> impl IntoView {
    let language = use_language();
    view! {
        <GroupFrame>
            <p class="hint" data-testid="group-hint">
                {localized(language,
                    "表示中のデータには区分（地域・職域など）がありません。区分を含む CSV を読み込むか、区分のないファイルを複数読み込んで一覧で区分を選ぶと、ここで比べられます。",
                    "The data shown have no groups (regional, occupational…). Open a CSV with groups, or several files without and choose each one’s group in the list, to compare them here.")}
                {move || try_example.get().map(|run| view! {
                    " "<button type="button" data-testid="try-example" on:click=move |_| run.run(())>
                        {move || match language.get() {
                            Language::Japanese => format!("{}で試す", fictional_label(Language::Japanese)),
                            Language::English => format!("Try it with {}", fictional_label(Language::English).to_ascii_lowercase()),
                        }}
                    </button>
                })}
            </p>
        </GroupFrame>
    }
}

/// The section and its heading, whichever of the two parts fills it.
#[component]
fn GroupFrame(children: Children) -> impl IntoView {
    let language = use_language();
    view! {
        <section class="groups" aria-label=localized(language, "区分の比較", "Groups compared") data-testid="group-section">
            <h2>{localized(language, "地域・職域など区分の比較", "Regional, occupational and other groups compared")}</h2>
            {children()}
        </section>
    }
}

#[component]
fn GroupTable(comparison: Arc<GroupComparison>) -> impl IntoView {
    let language = comparison.language;
    let reference = comparison
        .rows
        .first()
        .map(|r| r.label.clone())
        .unwrap_or_default();
    let difference_heading = |kind_ja: &str, kind_en: &str| match language {
        Language::Japanese => format!("{reference}との差（{kind_ja}）"),
        Language::English => format!("Difference from {reference} ({kind_en})"),
    };
    let tables = comparison
        .threshold_headings()
        .into_iter()
        .enumerate()
        .map(|(index, heading)| {
            let id = comparison.rows.first().map_or("", |r| r.thresholds[index].id);
            let rows = comparison
                .rows
                .iter()
                .map(|row| {
                    let cell = &row.thresholds[index];
                    let columns = [
                        Column { testid: "people".into(), text: row.people.clone() },
                        Column { testid: format!("threshold-{id}"), text: cell.share.clone() },
                        Column { testid: format!("difference-{id}"), text: cell.difference.clone() },
                        Column { testid: format!("standardised-{id}"), text: cell.standardised.clone() },
                        Column {
                            testid: format!("standardised-difference-{id}"),
                            text: cell.standardised_difference.clone(),
                        },
                        Column { testid: format!("ratio-{id}"), text: cell.ratio.clone() },
                    ];
                    view! {
                        <tr data-testid=format!("group-row-{}", row.key)>
                            <th scope="row">{row.label.clone()}</th>
                            {columns.into_iter().map(|c| view! { <td data-testid=c.testid>{c.text}</td> }).collect_view()}
                        </tr>
                    }
                })
                .collect_view();
            let headings = [
                language.pick("区分", "Group").to_string(),
                language.pick("人数", "People").to_string(),
                language.pick("粗割合", "Crude share").to_string(),
                difference_heading("粗", "crude"),
                language.pick("年齢調整割合（95%信頼区間）", "Age-standardised share (95% CI)").to_string(),
                difference_heading("年齢調整", "age-standardised"),
                language.pick("標準化該当比（合算＝100）", "Standardised ratio (combined = 100)").to_string(),
            ];
            view! {
                <table class="summary groups-table" data-testid=format!("group-table-{id}")>
                    <caption>{match language {
                        Language::Japanese => format!("{}：{}（{heading}の人の割合）", comparison.indicator.name_ja, comparison.scope()),
                        Language::English => format!("{}: {} (share past the {})", comparison.indicator.name_en, comparison.scope(), language.in_sentence(&heading)),
                    }}</caption>
                    <thead>
                        <tr>{headings.into_iter().map(|text| view! { <th scope="col">{text}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
        .collect_view();
    let notes = comparison
        .method_notes
        .iter()
        .map(|note| view! { <li>{note.clone()}</li> })
        .collect_view();
    view! {
        {comparison.fictional.then(|| view! {
            <p class="fictional" data-testid="group-fictional-label">{names::not_real(language)}</p>
        })}
        <div class="table-scroll" data-testid="group-table">{tables}</div>
        <ul class="notes" data-testid="group-method">{notes}</ul>
        <p class="citation" data-testid="group-citation">{comparison.citation.clone()}</p>
    }
}

/// One cell of a group table's row: every cell is drawn alike (one view type, less code).
struct Column {
    testid: String,
    text: String,
}
