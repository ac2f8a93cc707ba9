//! The table beside the chart: people counted, share on the risky side of each threshold (crude,
//! and age-standardised beside it, with the difference between the two selections), suppressed
//! cells, and the share of every bin. All text comes from [`crate::view::screen`].

use leptos::prelude::*;

use crate::view::language::Language;
use crate::view::names;
use crate::view::screen::ScreenModel;

#[component]
pub fn SummaryTable(model: ScreenModel) -> impl IntoView {
    let language = model.language;
    let rows = model.summary_rows();
    let headings: Vec<String> = rows
        .first()
        .map(|r| r.thresholds.iter().map(|t| t.heading.clone()).collect())
        .unwrap_or_default();
    let role_ids = ["primary", "comparison"];
    let mut standardised_rows = model.standardised_rows().into_iter();
    let body = rows
        .into_iter()
        .zip(role_ids)
        .map(|(row, role)| {
            let standardised = standardised_rows.next().flatten();
            let cells = row
                .thresholds
                .into_iter()
                .map(|cell| view! { <td data-testid=format!("threshold-{}", cell.id)>{cell.share}</td> })
                .collect_view();
            view! {
                <tr data-testid=format!("summary-row-{role}")>
                    <th scope="row">{row.label}</th>
                    <td data-testid="people">{row.people}</td>
                    {cells}
                    <td data-testid="suppressed-cells">{row.suppressed_cells}</td>
                </tr>
                {standardised.map(|cells| view! {
                    <tr class="standardised" data-testid=format!("summary-row-{role}-standardised")>
                        <th scope="row">{language.pick("年齢調整（同上）", "Age-standardised (same)")}</th>
                        <td></td>
                        {cells.into_iter().map(|text| view! { <td>{text}</td> }).collect_view()}
                        <td></td>
                    </tr>
                })}
            }
        })
        .collect_view();

    let series: Vec<_> = std::iter::once(&model.primary)
        .chain(&model.comparison)
        .cloned()
        .collect();
    let bin_headings = series
        .iter()
        .map(|s| view! { <th scope="col">{names::selection(&s.selection, language)}</th> })
        .collect_view();
    let bin_rows = model
        .primary
        .distribution
        .bins
        .iter()
        .enumerate()
        .map(|(index, bin)| {
            let cells = series
                .iter()
                .map(|s| {
                    let d = &s.distribution;
                    let share = d.share_fractions().get(index).copied().unwrap_or(0.0);
                    let people = d.bins.get(index).map_or(0, |b| b.count_people);
                    view! { <td>{names::share_of_people(share, people, language)}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{names::bin(&bin.bin, language)}</th>{cells}</tr> }
        })
        .collect_view();

    view! {
        <table class="summary" data-testid="summary-table">
            <caption>{match language {
                Language::Japanese => format!("{}：判定値以上（HDLは未満）の人の割合", model.indicator.name_ja),
                Language::English => format!("{}: share of people at or past each threshold (below, for HDL)", model.indicator.name_en),
            }}</caption>
            <thead>
                <tr>
                    <th scope="col">{language.pick("集団", "Population")}</th>
                    <th scope="col">{language.pick("人数", "People")}</th>
                    {headings.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                    <th scope="col">{language.pick("秘匿セル / 全セル", "Suppressed / all cells")}</th>
                </tr>
            </thead>
            <tbody>
                {body}
                {model.standardised_differences().map(|cells| view! {
                    <tr class="standardised" data-testid="summary-row-difference">
                        <th scope="row">{language.pick("年齢調整した割合の差（表示する集団 − 比較する集団）", "Difference of the age-standardised shares (shown − compared)")}</th>
                        <td></td>
                        {cells.into_iter().map(|text| view! { <td>{text}</td> }).collect_view()}
                        <td></td>
                    </tr>
                })}
            </tbody>
        </table>
        {model.standardised_note().map(|note| view! { <p class="hint" data-testid="standardised-note">{note}</p> })}
        <details class="bins">
            <summary>{language.pick("階層ごとの人数と割合", "People and share per bin")}</summary>
            <table class="summary" data-testid="bin-table">
                <thead><tr><th scope="col">{language.pick("検査値階層", "Bin")}</th>{bin_headings}</tr></thead>
                <tbody>{bin_rows}</tbody>
            </table>
        </details>
        <p class="citation" data-testid="source-citation">{model.citation.clone()}</p>
    }
}
