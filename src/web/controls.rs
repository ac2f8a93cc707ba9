//! The menus of the page: a labelled `<select>` of grouped options, and the area, group, sex and
//! age band of one selection.

use leptos::prelude::*;

use super::text::{localized, use_language};
use crate::view::language::Language;
use crate::view::screen::{age_menu, sex_menu, MenuGroup, MenuOption, SelectionKeys};

/// Area, sex and age band of one selection.
#[component]
pub fn SelectionFields(
    legend: impl Fn() -> &'static str + Send + Sync + 'static,
    prefix: &'static str,
    keys: RwSignal<SelectionKeys>,
    area_groups: Signal<Vec<MenuGroup>>,
    #[prop(into)] group_options: Signal<Vec<MenuOption>>,
    enabled: Signal<bool>,
) -> impl IntoView {
    let language = use_language();
    let group_menu_groups = Signal::derive(move || {
        vec![MenuGroup {
            label: String::new(),
            options: group_options.get(),
        }]
    });
    let plain = |options: fn(Language) -> Vec<MenuOption>| {
        Signal::derive(move || {
            vec![MenuGroup {
                label: String::new(),
                options: options(language.get()),
            }]
        })
    };
    view! {
        <fieldset class="selection" prop:disabled=move || !enabled.get()>
            <legend>{legend}</legend>
            <MenuSelect label=localized(language, "地域", "Area") testid=format!("{prefix}-area-select") groups=area_groups
                selected=Signal::derive(move || keys.get().area)
                on_change=Callback::new(move |v| keys.update(|k| k.area = v)) />
            {move || (!group_options.get().is_empty()).then(|| view! {
                <MenuSelect label=localized(language, "区分（地域・職域など）", "Group (regional, occupational…)") testid=format!("{prefix}-group-select") groups=group_menu_groups
                    selected=Signal::derive(move || keys.get().group)
                    on_change=Callback::new(move |v| keys.update(|k| k.group = v)) />
            })}
            <MenuSelect label=localized(language, "性別", "Sex") testid=format!("{prefix}-sex-select") groups=plain(sex_menu)
                selected=Signal::derive(move || keys.get().sex)
                on_change=Callback::new(move |v| keys.update(|k| k.sex = v)) />
            <MenuSelect label=localized(language, "年齢階級", "Age band") testid=format!("{prefix}-age-select") groups=plain(age_menu)
                selected=Signal::derive(move || keys.get().age)
                on_change=Callback::new(move |v| keys.update(|k| k.age = v)) />
        </fieldset>
    }
}

#[component]
pub fn MenuSelect(
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    #[prop(into)] testid: String,
    groups: Signal<Vec<MenuGroup>>,
    selected: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let option_view = move |option: MenuOption| {
        let key = option.key.clone();
        view! { <option value=option.key prop:selected=move || selected.get() == key>{option.label}</option> }
    };
    view! {
        <label class="field">
            <span>{label}</span>
            <select data-testid=testid on:change=move |ev| on_change.run(event_target_value(&ev))>
                {move || groups.get().into_iter().map(|group| {
                    if group.label.is_empty() {
                        group.options.into_iter().map(option_view).collect_view().into_any()
                    } else {
                        view! { <optgroup label=group.label>{group.options.into_iter().map(option_view).collect_view()}</optgroup> }.into_any()
                    }
                }).collect_view()}
            </select>
        </label>
    }
}
