//! The mapping step for a wide table whose headers were not recognised: each column with its
//! header and first values and what it holds (the core's guess first), and the values no
//! column gives (year, item, group, area). The core reads the table with it (`wide`).

use leptos::prelude::*;

use super::text::{localized, use_language};
use crate::import::wide::{ColumnRole, WideMapping, WidePreview, ROLE_CHOICES};
use crate::model::indicator::INDICATORS;
use crate::model::{AgeBand, Sex, KNOWN_GROUPS, NDB_AGE_BANDS};
use crate::view::language::Language;
use crate::view::names;

#[component]
pub fn ColumnMapping(
    preview: WidePreview,
    on_apply: Callback<WideMapping>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let language = use_language();
    let mapping = RwSignal::new(preview.guess.clone());
    let set_role = move |column: usize, role: ColumnRole| {
        mapping.update(|m| {
            if let Some(slot) = m.roles.get_mut(column) {
                *slot = role;
            }
        })
    };
    let sex_options = move || {
        std::iter::once(("", "—"))
            .chain(Sex::BOTH.map(|sex| (sex.id(), names::sex(sex, language.get()))))
            .collect::<Vec<_>>()
    };
    let age_options = move || {
        std::iter::once((String::new(), "—".to_string()))
            .chain(NDB_AGE_BANDS.map(|band| (band.id(), names::age_band(band, language.get()))))
            .collect::<Vec<_>>()
    };

    let rows = preview
        .headers
        .iter()
        .enumerate()
        .map(|(column, header)| {
            let samples = preview
                .samples
                .iter()
                .map(|row| row.get(column).cloned().unwrap_or_default())
                .filter(|value| !value.is_empty())
                .collect::<Vec<_>>()
                .join(" / ");
            let role = move || mapping.with(|m| m.roles.get(column).cloned().unwrap_or(ColumnRole::Ignore));
            let role_options = move || {
                ROLE_CHOICES
                    .iter()
                    .map(|(key, japanese, english)| {
                        let label = language.get().pick(*japanese, *english);
                        view! { <option value=*key prop:selected=move || role().key() == *key>{label}</option> }
                    })
                    .collect_view()
            };
            let count_details = move || match role() {
                ColumnRole::Count { sex, age_band } => {
                    let sex_id = sex.map_or("", Sex::id);
                    let age_id = age_band.map(AgeBand::id).unwrap_or_default();
                    let sexes = sex_options()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id prop:selected=sex_id == id>{name}</option> })
                        .collect_view();
                    let ages = age_options()
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = age_id == id;
                            view! { <option value=id prop:selected=selected>{name}</option> }
                        })
                        .collect_view();
                    view! {
                        <select aria-label=localized(language, "この列の性別", "Sex of this column") data-testid="mapping-count-sex"
                            on:change=move |ev| {
                                let sex = Sex::from_id(&event_target_value(&ev));
                                set_role(column, ColumnRole::Count { sex, age_band });
                            }>{sexes}</select>
                        <select aria-label=localized(language, "この列の年齢階級", "Age band of this column") data-testid="mapping-count-age"
                            on:change=move |ev| {
                                let age_band = AgeBand::parse(&event_target_value(&ev));
                                set_role(column, ColumnRole::Count { sex, age_band });
                            }>{ages}</select>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            };
            view! {
                <tr data-testid="mapping-column">
                    <th scope="row">{header.join(" ")}</th>
                    <td class="samples">{samples}</td>
                    <td>
                        <select aria-label=localized(language, "この列の内容", "What this column holds") data-testid="mapping-role"
                            on:change=move |ev| {
                                let key = event_target_value(&ev);
                                set_role(column, ColumnRole::from_key(&key, &role()));
                            }>{role_options}</select>
                        {count_details}
                    </td>
                </tr>
            }
        })
        .collect_view();

    // Chosen values are kept in `mapping`: the lists are redrawn in another language with
    // the choice still selected.
    let indicator_options = move || {
        let chosen = mapping.with(|m| m.indicator.clone()).unwrap_or_default();
        INDICATORS
            .iter()
            .map(|i| view! { <option value=i.id prop:selected=chosen == i.id>{names::indicator(i, language.get())}</option> })
            .collect_view()
    };
    let group_options = move || {
        let chosen = mapping.with(|m| m.group.clone()).unwrap_or_default();
        KNOWN_GROUPS
            .iter()
            .map(|(id, japanese, english)| {
                let name = language.get().pick(*japanese, *english);
                view! { <option value=*id prop:selected=chosen == *id>{name}</option> }
            })
            .collect_view()
    };
    let sexes = move || {
        let chosen = mapping.with(|m| m.sex.map_or("", Sex::id));
        sex_options()
            .into_iter()
            .map(|(id, name)| view! { <option value=id prop:selected=chosen == id>{name}</option> })
            .collect_view()
    };
    let ages = move || {
        let chosen = mapping.with(|m| m.age_band.map(AgeBand::id).unwrap_or_default());
        age_options()
            .into_iter()
            .map(|(id, name)| {
                let selected = chosen == id;
                view! { <option value=id prop:selected=selected>{name}</option> }
            })
            .collect_view()
    };
    let file_name = preview.file_name.clone();

    view! {
        <section class="column-mapping" data-testid="column-mapping" role="dialog" aria-labelledby="column-mapping-title">
            <h3 id="column-mapping-title">{move || match language.get() {
                Language::Japanese => format!("「{file_name}」の列の対応"),
                Language::English => format!("Columns of “{file_name}”"),
            }}</h3>
            <p class="hint">{localized(language,
                "自動で読み取った対応です。違う列は直してください。「中計」など合計の列は使いません（合計はこのアプリが計算します）。",
                "This is how the columns were read. Correct any that are wrong. Total columns such as 中計 are not used (the app sums the figures itself).")}</p>
            <div class="mapping-constants">
                <label class="field"><span>{localized(language, "年度（西暦）", "Fiscal year")}</span>
                    <input type="number" min="2008" max="2100" data-testid="mapping-year"
                        on:input=move |ev| mapping.update(|m| m.year = event_target_value(&ev).parse().ok()) />
                </label>
                <label class="field"><span>{localized(language, "検査項目", "Item")}</span>
                    <select data-testid="mapping-indicator"
                        on:change=move |ev| mapping.update(|m| m.indicator = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                        <option value="">"—"</option>{indicator_options}
                    </select>
                </label>
                <label class="field"><span>{localized(language, "区分", "Group")}</span>
                    <select data-testid="mapping-group"
                        on:change=move |ev| mapping.update(|m| m.group = Some(event_target_value(&ev)))>
                        {group_options}
                    </select>
                </label>
                <label class="field"><span>{localized(language, "地域名（地域の列がないとき）", "Area name (when no column gives it)")}</span>
                    <input type="text" data-testid="mapping-area"
                        on:input=move |ev| mapping.update(|m| m.area_name = Some(event_target_value(&ev))) />
                </label>
                <label class="field"><span>{localized(language, "性別（性別の列がないとき）", "Sex (when no column gives it)")}</span>
                    <select data-testid="mapping-sex"
                        on:change=move |ev| mapping.update(|m| m.sex = Sex::from_id(&event_target_value(&ev)))>{sexes}</select>
                </label>
                <label class="field"><span>{localized(language, "年齢階級（年齢の列がないとき）", "Age band (when no column gives it)")}</span>
                    <select data-testid="mapping-age"
                        on:change=move |ev| mapping.update(|m| m.age_band = AgeBand::parse(&event_target_value(&ev)))>{ages}</select>
                </label>
            </div>
            <table class="summary mapping">
                <thead><tr>
                    <th scope="col">{localized(language, "列の見出し", "Column header")}</th>
                    <th scope="col">{localized(language, "最初の値", "First values")}</th>
                    <th scope="col">{localized(language, "内容", "Holds")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button type="button" data-testid="mapping-apply" on:click=move |_| on_apply.run(mapping.get_untracked())>{localized(language, "この対応で読み込む", "Read with these columns")}</button>
            " "
            <button type="button" data-testid="mapping-cancel" on:click=move |_| on_cancel.run(())>{localized(language, "やめる", "Cancel")}</button>
        </section>
    }
}
