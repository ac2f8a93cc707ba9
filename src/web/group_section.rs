//! The comparison of groups for the area, sex and age band chosen above: a table of every group
//! and their combined population with differences in points, and the small multiples across
//! sex and age band. Every string comes from [`crate::view::groups`].

use leptos::prelude::*;

use super::chart_canvas::{ChartCanvas, Drawing};
use super::export_bar::ExportBar;
use super::text::{localized, use_language};
use crate::view::export::ChartImage;
use crate::view::groups::GroupComparison;
use crate::view::language::Language;
use crate::view::names::fictional_label;

#[component]
pub fn GroupSection(
    /// `None`: the data shown have no groups to compare.
    comparison: Memo<Option<Result<GroupComparison, String>>>,
    /// Switches to the example dataset; `None` when it is already shown or not available.
    #[prop(into)]
    try_example: Signal<Option<Callback<()>>>,
) -> impl IntoView {
    let language = use_language();
    let ready = Memo::new(move |_| comparison.get().and_then(Result::ok));
    let image = Signal::derive(move || ready.get().map(ChartImage::SmallMultiples));
    let alternative = Signal::derive(move || {
        ready
            .get()
            .map(|c| c.text_alternative())
            .unwrap_or_default()
    });
    view! {
        <section class="groups" aria-label=localized(language, "区分の比較", "Groups compared") data-testid="group-section">
            <h2>{localized(language, "地域・職域など区分の比較", "Regional, occupational and other groups compared")}</h2>
            {move || match comparison.get() {
                None => view! {
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
                }.into_any(),
                Some(Err(message)) => view! { <p class="error" role="alert" data-testid="group-error">{message}</p> }.into_any(),
                Some(Ok(c)) => view! { <GroupTable comparison=c /> }.into_any(),
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
        </section>
    }
}

#[component]
fn GroupTable(comparison: GroupComparison) -> impl IntoView {
    let language = comparison.language;
    let headings = comparison.threshold_headings();
    let reference = comparison
        .rows
        .first()
        .map(|r| r.label.clone())
        .unwrap_or_default();
    let heading_cells = headings
        .iter()
        .map(|h| {
            view! {
                <th scope="col">{h.clone()}</th>
                <th scope="col">{match language {
                    Language::Japanese => format!("{reference}との差"),
                    Language::English => format!("Difference from {reference}"),
                }}</th>
            }
        })
        .collect_view();
    let rows = comparison
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .thresholds
                .iter()
                .map(|cell| {
                    view! {
                        <td data-testid=format!("threshold-{}", cell.id)>{cell.share.clone()}</td>
                        <td data-testid=format!("difference-{}", cell.id)>{cell.difference.clone()}</td>
                    }
                })
                .collect_view();
            view! {
                <tr data-testid=format!("group-row-{}", row.key)>
                    <th scope="row">{row.label.clone()}</th>
                    <td data-testid="people">{row.people.clone()}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        {comparison.fictional.then(|| view! {
            <p class="fictional" data-testid="group-fictional-label">{match language {
                Language::Japanese => format!("{}：実在の地域・職域の値ではありません。", fictional_label(language)),
                Language::English => format!("{}: not the values of any real region or workplace.", fictional_label(language)),
            }}</p>
        })}
        <table class="summary" data-testid="group-table">
            <caption>{match language {
                Language::Japanese => format!("{}：{}、区分ごとと合算（判定値以上、HDLは未満の人の割合）", comparison.indicator.name_ja, comparison.scope()),
                Language::English => format!("{}: {}, each group and combined (share at or past each threshold; below, for HDL)", comparison.indicator.name_en, comparison.scope()),
            }}</caption>
            <thead>
                <tr><th scope="col">{language.pick("区分", "Group")}</th><th scope="col">{language.pick("人数", "People")}</th>{heading_cells}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="citation" data-testid="group-citation">{comparison.citation.clone()}</p>
    }
}
