//! The menu of standard populations for age standardisation: one page-wide choice, offered
//! where standardised figures are shown (the group table and the simulator).

use leptos::prelude::*;

use super::text::use_language;
use crate::analysis::standardise::StandardSource;
use crate::view::names;

#[component]
pub fn StandardSelect(choice: RwSignal<StandardSource>, testid: &'static str) -> impl IntoView {
    let language = use_language();
    let options = move || {
        let language = language.get();
        StandardSource::ALL
            .into_iter()
            .map(|source| {
                view! {
                    <option value=source.id() prop:selected=move || choice.get() == source>
                        {names::standard_label(source, language)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <label class="field">
            <span>{move || language.get().pick("年齢調整の基準人口", "Standard population of age standardisation")}</span>
            <select data-testid=testid on:change=move |ev| {
                if let Some(source) = StandardSource::from_id(&event_target_value(&ev)) {
                    choice.set(source);
                }
            }>
                {options}
            </select>
        </label>
    }
}
