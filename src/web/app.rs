//! The first screen: choose release, indicator, area, sex and age band (and a second selection
//! to overlay); see the distribution chart and the summary table.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::chart_canvas::DistributionCanvas;
use super::export_bar::ExportBar;
use super::fetch::{load_dataset, load_manifest};
use super::group_section::GroupSection;
use super::open_file::OpenFile;
use super::presentation::{
    ChartZoom, Presentation, PresentationBar, SavedViews, PRESENTATION_ZOOM,
};
use super::simulator_section::{SimulatorSection, SimulatorSettings};
use super::summary_table::SummaryTable;
use super::text::{localized, use_language};
use crate::import::collection::{merge_files, LoadedFile};
use crate::import::example::{OCCUPATIONAL, REGIONAL};
use crate::import::manifest::{release_label, user_catalogue, ManifestEntry};
use crate::model::{fictional_label, AreaLevel, Dataset, FICTIONAL_LABEL_JA};
use crate::view::export::ChartImage;
use crate::view::groups::GroupComparison;
use crate::view::language::{Language, Message};
use crate::view::permalink::{self, ViewState};
use crate::view::scenario::{SimulatorInput, StandardPopulation};
use crate::view::screen::{
    age_menu, area_menu, compute_series, data_area_menu, group_key, group_menu,
    indicator_or_default, keys_for_user_data, level_needed, sex_menu, MenuGroup, MenuOption,
    ScreenModel, SelectionKeys, ANY_GROUP_KEY,
};

/// Keys in the dataset cache of the user's merged files (`user:2022`), see `user_catalogue`.
const USER_KEY_PREFIX: &str = "user:";

/// Points the selections at a user's data (`screen::keys_for_user_data`).
fn show_user_data(
    dataset: &Dataset,
    primary: RwSignal<SelectionKeys>,
    comparison: RwSignal<SelectionKeys>,
    compare: RwSignal<bool>,
) {
    let (primary_keys, comparison_keys) = keys_for_user_data(
        dataset,
        &primary.get_untracked(),
        &comparison.get_untracked(),
    );
    primary.set(primary_keys);
    compare.set(comparison_keys.is_some());
    if let Some(keys) = comparison_keys {
        comparison.set(keys);
    }
}

/// What the result area shows.
#[derive(Clone, Debug, PartialEq)]
enum ScreenState {
    Loading,
    Ready(ScreenModel),
    /// In the page's language (the state is recomputed when it changes).
    Problem(String),
}

/// Entry point called from `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// A message about a selection: in the language it is shown in.
fn both_languages(make: impl Fn(Language) -> String) -> Message {
    Message::new(make(Language::Japanese), make(Language::English))
}

#[component]
pub fn App() -> impl IntoView {
    // The view a link names; what of it could not be read is said above the chart.
    let query = window().location().search().unwrap_or_default();
    let (restored, ignored) = permalink::from_query(&query);
    let language = RwSignal::new(restored.language);
    provide_context(language);
    // The page's language for screen readers, spelling checkers and fonts.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", language.get().code());
        }
        document().set_title(language.get().pick(
            "Renkei（連携）— 地域・職域の健診結果の分布",
            "Renkei — checkup distributions of residents and workers",
        ));
    });
    let language = Signal::from(language);
    let manifest_resource = LocalResource::new(load_manifest);
    let manifest_error = move || manifest_resource.get().and_then(Result::err);
    // The user's files, merged: one catalogue entry per (year, level, indicator), offered
    // before the built-in releases.
    let files: RwSignal<Vec<LoadedFile>> = RwSignal::new(Vec::new());
    let user_entries: RwSignal<Vec<ManifestEntry>> = RwSignal::new(Vec::new());
    let manifest = Memo::new(move |_| {
        let mut merged = manifest_resource.get()?.unwrap_or_default();
        merged.datasets.splice(0..0, user_entries.get());
        Some(Arc::new(merged))
    });

    let link_notes: RwSignal<Vec<Message>> = RwSignal::new(
        (!ignored.is_empty())
            .then(|| {
                both_languages(|language| {
                    permalink::ignored_message(&ignored, language).unwrap_or_default()
                })
            })
            .into_iter()
            .collect(),
    );
    let chosen_release = RwSignal::new(restored.release.clone().unwrap_or_default());
    let chosen_indicator = RwSignal::new(restored.indicator.clone());
    let primary = RwSignal::new(restored.primary.clone());
    let compare = RwSignal::new(restored.compare);
    let comparison = RwSignal::new(restored.comparison.clone());
    let simulator_settings = SimulatorSettings::new(&restored.simulator);
    // A permalink's `data` files load after the first screen: its selections are applied to
    // them as they come in, instead of the usual choice for new data (a plain `?data=` address
    // gets that usual choice).
    let pending_view = StoredValue::new(
        (!restored.data_files.is_empty() && permalink::names_a_view(&query))
            .then(|| restored.clone()),
    );
    let datasets: RwSignal<HashMap<String, Arc<Dataset>>> = RwSignal::new(HashMap::new());
    let loading: RwSignal<HashSet<String>> = RwSignal::new(HashSet::new());
    let load_errors: RwSignal<HashMap<String, Message>> = RwSignal::new(HashMap::new());

    // Replaces the user's files if they merge; shows the newest year with its groups against
    // each other. Nothing changes when they do not merge.
    let apply_files = Callback::new(move |next: Vec<LoadedFile>| -> Result<(), Message> {
        let (entries, user_datasets) = if next.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            user_catalogue(merge_files(&next)?)
        };
        if let (Some(first_entry), Some((_, newest))) = (entries.first(), user_datasets.first()) {
            match pending_view.get_value() {
                Some(view) => {
                    chosen_release.set(view.release.clone().unwrap_or(first_entry.release.clone()));
                    chosen_indicator.set(view.indicator.clone());
                    primary.set(view.primary.clone());
                    comparison.set(view.comparison.clone());
                    compare.set(view.compare);
                    if next.len() >= view.data_files.len() {
                        pending_view.set_value(None);
                    }
                }
                None => {
                    show_user_data(newest, primary, comparison, compare);
                    chosen_release.set(first_entry.release.clone());
                    if !entries
                        .iter()
                        .any(|e| e.indicator == chosen_indicator.get_untracked())
                    {
                        chosen_indicator.set(first_entry.indicator.clone());
                    }
                }
            }
        }
        datasets.update(|d| {
            d.retain(|key, _| !key.starts_with(USER_KEY_PREFIX));
            d.extend(user_datasets.into_iter().map(|(k, v)| (k, Arc::new(v))));
        });
        user_entries.set(entries);
        files.set(next);
        Ok(())
    });

    // The release shown (newest unless chosen) and an indicator it has.
    let release = Memo::new(move |_| {
        let manifest = manifest.get()?;
        let releases = manifest.releases();
        let chosen = chosen_release.get();
        releases
            .iter()
            .find(|(r, _)| *r == chosen)
            .or(releases.first())
            .cloned()
    });
    let indicator = Memo::new(move |_| {
        let (manifest, (release, _)) = (manifest.get()?, release.get()?);
        let offered = manifest.indicators(&release);
        let chosen = chosen_indicator.get();
        offered
            .iter()
            .find(|i| i.id == chosen)
            .or(offered.first())
            .map(|i| i.id)
    });

    // A link's release or item the catalogue does not have is said, once the catalogue is in.
    let link_release = restored.release.clone();
    let link_indicator = restored.indicator.clone();
    let link_has_files = !restored.data_files.is_empty();
    Effect::new(move |checked: Option<bool>| {
        if checked == Some(true) || link_has_files {
            return true;
        }
        let (Some(manifest), Some((shown_release, _))) = (manifest.get(), release.get()) else {
            return false;
        };
        let mut notes = Vec::new();
        if let Some(wanted) = link_release.as_ref().filter(|r| **r != shown_release) {
            notes.push(Message::new(
                format!("リンクの年度（公表回）「{wanted}」は見つからないため、「{shown_release}」を表示しています。"),
                format!("The link’s release “{wanted}” is not here, so “{shown_release}” is shown."),
            ));
        }
        let offered = manifest.indicators(&shown_release);
        if !offered.iter().any(|i| i.id == link_indicator) {
            notes.push(Message::new(
                format!("リンクの検査項目「{link_indicator}」はこの年度にないため、別の項目を表示しています。"),
                format!("The link’s item “{link_indicator}” is not in this release, so another item is shown."),
            ));
        }
        link_notes.update(|n| n.extend(notes));
        true
    });
    // The address always holds the view, so copying it (or the button below) shares it.
    // Shows a saved view (or any view): the same signals a link sets.
    let apply_view = Callback::new(move |view: ViewState| {
        chosen_release.set(view.release.clone().unwrap_or_default());
        chosen_indicator.set(view.indicator.clone());
        primary.set(view.primary.clone());
        comparison.set(view.comparison.clone());
        compare.set(view.compare);
        simulator_settings.parameters.set(view.simulator.parameters);
        simulator_settings
            .standard
            .set(view.simulator.standard.clone());
        simulator_settings
            .chart_population
            .set(view.simulator.chart_population.clone());
        simulator_settings
            .chart_approach
            .set(view.simulator.chart_approach);
    });
    let presentation = Presentation::new(restored.presenting, apply_view);
    let presenting = presentation.presenting;
    provide_context(ChartZoom(Signal::derive(move || {
        if presenting.get() {
            PRESENTATION_ZOOM
        } else {
            1.0
        }
    })));
    let link_files = restored.data_files.clone();
    let current_view = Memo::new(move |_| ViewState {
        release: release.get().map(|(r, _)| r),
        indicator: indicator
            .get()
            .map_or(chosen_indicator.get(), str::to_string),
        primary: primary.get(),
        compare: compare.get(),
        comparison: comparison.get(),
        simulator: simulator_settings.view(),
        data_files: link_files.clone(),
        presenting: presenting.get(),
        language: language.get(),
    });
    Effect::new(move |_| {
        let view = current_view.get();
        let location = window().location();
        let address = format!(
            "{}?{}",
            location.pathname().unwrap_or_default(),
            permalink::to_query(&view)
        );
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
        }
    });
    let link_status: RwSignal<Option<Message>> = RwSignal::new(None);
    let embed_open = RwSignal::new(false);
    let copy_link = move |_| {
        let address = window().location().href().unwrap_or_default();
        spawn_local(async move {
            let written =
                JsFuture::from(window().navigator().clipboard().write_text(&address)).await;
            link_status.set(Some(match written {
                Ok(_) => Message::new(
                    "この表示のリンクをコピーしました。開くと同じ表示になります（手元のファイルから開いたデータは含まれません）。",
                    "The link to this view is copied. Opening it shows the same view (data opened from your own files are not included).",
                ),
                Err(_) => Message::new(
                    format!("コピーできませんでした。次のリンクを選んでコピーしてください：{address}"),
                    format!("It could not be copied. Select and copy this link: {address}"),
                ),
            }));
        });
    };

    // (selection keys, data file) for each series shown.
    let wanted = Memo::new(move |_| -> Result<Vec<(SelectionKeys, String)>, Message> {
        let (Some(manifest), Some((release, _)), Some(indicator)) =
            (manifest.get(), release.get(), indicator.get())
        else {
            return Ok(Vec::new());
        };
        let mut keys = vec![primary.get()];
        if compare.get() {
            keys.push(comparison.get());
        }
        keys.into_iter()
            .map(|keys| {
                let selection = keys
                    .to_selection(indicator)
                    .ok_or_else(unreadable_selection)?;
                let level = level_needed(&selection.area);
                let entry = manifest
                    .find(&release, level.id(), indicator)
                    .ok_or_else(|| {
                        let indicator = indicator_or_default(indicator);
                        both_languages(|language| match language {
                            Language::Japanese => format!(
                                "{release}には「{}」の{}別データがありません。",
                                indicator.name_ja,
                                level.name(language)
                            ),
                            Language::English => format!(
                                "{release} has no data on {} by {}.",
                                indicator.name_en,
                                level.name(language).to_ascii_lowercase()
                            ),
                        })
                    })?;
                Ok((keys, entry.file.clone()))
            })
            .collect()
    });

    // The groups the primary selection's data offer (none to choose for NDB data).
    let group_options = Memo::new(move |_| {
        let Ok(wanted) = wanted.get() else {
            return Vec::new();
        };
        let Some((_, file)) = wanted.first() else {
            return Vec::new();
        };
        datasets
            .with(|d| {
                d.get(file)
                    .map(|dataset| group_menu(&dataset.groups(), language.get()))
            })
            .unwrap_or_default()
    });

    // The primary selection with the dataset holding it, once loaded: what the group
    // comparison and the simulator read (not a Memo: datasets are not worth comparing).
    let primary_data = Signal::derive(move || {
        let (Ok(wanted), Some(indicator)) = (wanted.get(), indicator.get()) else {
            return None;
        };
        let (keys, file) = wanted.first()?;
        let dataset = datasets.with(|d| d.get(file).cloned())?;
        Some((dataset, keys.to_selection(indicator)?))
    });
    // The simulator: every group of the primary selection's area, sex and age band, fitted once
    // per selection.
    let simulator_input = Memo::new(move |_| {
        let (dataset, selection) = primary_data.get()?;
        Some(SimulatorInput::prepare(
            &dataset,
            indicator_or_default(&selection.indicator),
            &selection.area,
            selection.sex,
            selection.age_band,
            language.get(),
        ))
    });
    // The built-in national NDB file of the simulated item and year: the default standard
    // population of age standardisation.
    let standard_file = Memo::new(move |_| {
        let input = simulator_input.get()?.ok()?;
        let manifest = manifest.get()?;
        manifest
            .datasets
            .iter()
            .find(|e| {
                e.fiscal_year == input.fiscal_year
                    && e.area_level == AreaLevel::Prefecture.id()
                    && e.indicator == input.indicator.id
                    && !e.file.starts_with(USER_KEY_PREFIX)
                    && e.release != FICTIONAL_LABEL_JA
            })
            .map(|e| e.file.clone())
    });
    let national_standard = Memo::new(move |_| {
        let file = standard_file.get()?;
        let indicator = simulator_input.get()?.ok()?.indicator;
        if let Some(message) = load_errors.with(|e| e.get(&file).cloned()) {
            return Some(Err(message.text(language.get()).to_string()));
        }
        let dataset = datasets.with(|d| d.get(&file).cloned())?;
        Some(StandardPopulation::national(
            &dataset,
            indicator,
            language.get(),
        ))
    });

    // Fetch each file the first time it is needed.
    Effect::new(move |_| {
        let Ok(wanted) = wanted.get() else { return };
        let files = wanted
            .into_iter()
            .map(|(_, file)| file)
            .chain(standard_file.get());
        for file in files {
            let known = datasets.with_untracked(|d| d.contains_key(&file))
                || loading.with_untracked(|l| l.contains(&file))
                || load_errors.with_untracked(|e| e.contains_key(&file));
            if known {
                continue;
            }
            loading.update(|l| {
                l.insert(file.clone());
            });
            spawn_local(async move {
                match load_dataset(file.clone()).await {
                    Ok(dataset) => datasets.update(|d| {
                        d.insert(file.clone(), dataset);
                    }),
                    Err(message) => load_errors.update(|e| {
                        e.insert(file.clone(), message);
                    }),
                }
                loading.update(|l| {
                    l.remove(&file);
                });
            });
        }
    });

    let state = Memo::new(move |_| {
        let language = language.get();
        let problem = |message: Message| ScreenState::Problem(message.text(language).to_string());
        let wanted = match wanted.get() {
            Ok(wanted) if !wanted.is_empty() => wanted,
            Ok(_) => return ScreenState::Loading,
            Err(message) => return problem(message),
        };
        let indicator = indicator_or_default(indicator.get().unwrap_or_default());
        let mut results = Vec::new();
        let mut primary_dataset = None;
        for (keys, file) in &wanted {
            if let Some(message) = load_errors.with(|e| e.get(file).cloned()) {
                return problem(message);
            }
            let Some(dataset) = datasets.with(|d| d.get(file).cloned()) else {
                return ScreenState::Loading;
            };
            // A group key left over from another file falls back to what the menu shows.
            let options = group_options.get();
            let mut keys = keys.clone();
            if !options.iter().any(|o| o.key == keys.group) {
                keys.group = options
                    .first()
                    .map_or(ANY_GROUP_KEY.to_string(), |o| o.key.clone());
            }
            let Some(selection) = keys.to_selection(indicator.id) else {
                return problem(unreadable_selection());
            };
            match compute_series(&dataset, &selection, language) {
                Ok(result) => results.push(result),
                Err(message) => return ScreenState::Problem(message),
            }
            primary_dataset.get_or_insert(dataset);
        }
        let mut results = results.into_iter();
        match (results.next(), primary_dataset) {
            (Some(first), Some(dataset)) => ScreenState::Ready(ScreenModel::new(
                indicator,
                first,
                results.next(),
                &dataset,
                language,
            )),
            _ => ScreenState::Loading,
        }
    });
    // The chart and table on screen: the newest ready model. While a file loads, or when a
    // selection cannot be shown, the previous one stays (its title names what it shows).
    let model = Memo::new(
        move |previous: Option<&Option<ScreenModel>>| match state.get() {
            ScreenState::Ready(model) => Some(model),
            _ => previous.cloned().flatten(),
        },
    );

    let release_menu = Signal::derive(move || {
        let options = manifest
            .get()
            .map(|m| m.releases())
            .unwrap_or_default()
            .into_iter()
            .map(|(release, year)| MenuOption {
                label: release_label(&release, year, language.get()),
                key: release,
            })
            .collect();
        vec![MenuGroup {
            label: String::new(),
            options,
        }]
    });
    let indicator_menu = Signal::derive(move || {
        let options = match (manifest.get(), release.get()) {
            (Some(manifest), Some((release, _))) => manifest
                .indicators(&release)
                .into_iter()
                .map(|i| MenuOption {
                    key: i.id.into(),
                    label: indicator_label(i, language.get()),
                })
                .collect(),
            _ => Vec::new(),
        };
        vec![MenuGroup {
            label: String::new(),
            options,
        }]
    });
    let area_groups =
        Signal::derive(
            move || match (manifest.get(), release.get(), indicator.get()) {
                (Some(manifest), Some((release, year)), Some(indicator)) => {
                    // A user's data offer the areas they hold; built-in data the full menu.
                    let user_data = manifest
                        .datasets
                        .iter()
                        .find(|e| e.release == release && e.file.starts_with(USER_KEY_PREFIX))
                        .and_then(|e| datasets.with(|d| d.get(&e.file).cloned()));
                    match user_data {
                        Some(dataset) => data_area_menu(&dataset, indicator, language.get()),
                        None => area_menu(&manifest, &release, indicator, year, language.get()),
                    }
                }
                _ => Vec::new(),
            },
        );
    // The groups of the primary selection's area, sex and age band, compared.
    let group_comparison = Memo::new(move |_| {
        let (dataset, selection) = primary_data.get()?;
        GroupComparison::compute(
            &dataset,
            indicator_or_default(&selection.indicator),
            &selection.area,
            selection.sex,
            selection.age_band,
            language.get(),
        )
    });
    let try_example = Signal::derive(move || {
        let offered = manifest
            .get()?
            .releases()
            .iter()
            .any(|(r, _)| r == FICTIONAL_LABEL_JA);
        let shown = release.get().is_some_and(|(r, _)| r == FICTIONAL_LABEL_JA);
        (offered && !shown).then(|| {
            Callback::new(move |()| {
                chosen_release.set(FICTIONAL_LABEL_JA.to_string());
                primary.update(|k| k.group = group_key(REGIONAL));
                comparison.set(SelectionKeys {
                    group: group_key(OCCUPATIONAL),
                    ..primary.get_untracked()
                });
                compare.set(true);
            })
        })
    });
    let release_value = Signal::derive(move || release.get().map(|(r, _)| r).unwrap_or_default());
    let indicator_value = Signal::derive(move || indicator.get().unwrap_or_default().to_string());

    let switch_language = move |next: Language| {
        if let Some(signal) = use_context::<RwSignal<Language>>() {
            signal.set(next);
        }
    };
    view! {
        <header class="top">
            <div class="language-switch" role="group" aria-label=localized(language, "表示言語", "Language")>
                {Language::ALL.map(|option| view! {
                    <button type="button" lang=option.code() data-testid=format!("language-{}", option.code())
                        aria-pressed=move || (language.get() == option).to_string()
                        on:click=move |_| switch_language(option)>{option.own_name()}</button>
                })}
            </div>
            <h1>{localized(language, "Renkei（連携）", "Renkei")} " " <span class="subtitle">{localized(language, "地域・職域の健診結果の分布を見る", "Checkup distributions of residents and workers")}</span></h1>
            <p class="privacy">{localized(language, "データはすべてこのブラウザの中で処理され、どこにも送信されません。", "All data are processed inside this browser and never sent anywhere.")}</p>
        </header>
        <PresentationBar presentation=presentation />
        <main>
            <section class="controls" aria-label=localized(language, "表示する内容の選択", "What to show")>
                <div class="row">
                    <MenuSelect label=localized(language, "年度（公表回）", "Release (fiscal year)") testid="release-select" groups=release_menu selected=release_value
                        on_change=Callback::new(move |v| chosen_release.set(v)) />
                    <MenuSelect label=localized(language, "検査項目", "Item") testid="indicator-select" groups=indicator_menu selected=indicator_value
                        on_change=Callback::new(move |v| chosen_indicator.set(v)) />
                </div>
                <SelectionFields legend=localized(language, "表示する集団（塗り）", "Population shown (filled)") prefix="primary" keys=primary area_groups=area_groups group_options=group_options enabled=Signal::derive(|| true) />
                <label class="toggle">
                    <input type="checkbox" data-testid="compare-toggle" prop:checked=move || compare.get()
                        on:change=move |ev| compare.set(event_target_checked(&ev)) />
                    {localized(language, "比較する集団を重ねる（枠線）", "Overlay a population to compare (outlined)")}
                </label>
                <SelectionFields legend=localized(language, "比較する集団（枠線）", "Population compared (outlined)") prefix="comparison" keys=comparison area_groups=area_groups group_options=group_options enabled=Signal::derive(move || compare.get()) />
                <OpenFile files=files.into() apply=apply_files />
                <SavedViews presentation=presentation current=Signal::derive(move || {
                    let view = current_view.get();
                    let title = model.get().map(|m| {
                        let release = view.release.clone().unwrap_or_default();
                        match m.language {
                            Language::Japanese => format!("{}・{}（{release}）", m.indicator.name_ja, m.primary.selection.label(m.language)),
                            Language::English => format!("{}: {} ({release})", m.indicator.name_en, m.primary.selection.label(m.language)),
                        }
                    }).unwrap_or_default();
                    (view, title)
                }) />
            </section>
            <section class="result" aria-live="polite">
                <div class="share">
                    <button type="button" data-testid="copy-link" on:click=copy_link>{localized(language, "この表示のリンクをコピー", "Copy the link to this view")}</button>
                    <button type="button" data-testid="embed-toggle" aria-expanded=move || embed_open.get().to_string()
                        on:click=move |_| embed_open.update(|o| *o = !*o)>{localized(language, "ウェブページに埋め込む", "Embed in a web page")}</button>
                    <span class="hint" role="status" data-testid="link-status">{move || link_status.get().map(|m| m.text(language.get()).to_string())}</span>
                </div>
                {move || embed_open.get().then(|| {
                    let location = window().location();
                    let path = location.pathname().unwrap_or_default();
                    let base = format!(
                        "{}{}",
                        location.origin().unwrap_or_default(),
                        &path[..path.rfind('/').map_or(0, |i| i + 1)]
                    );
                    let view = current_view.get();
                    let query = permalink::to_query(&ViewState { presenting: false, ..view });
                    let (title, alternative) = model.get().map(|m| (
                        match m.language {
                            Language::Japanese => format!("{}の分布（{}）", m.indicator.name_ja, m.primary.selection.label(m.language)),
                            Language::English => format!("Distribution of {} ({})", m.indicator.name_en, m.primary.selection.label(m.language)),
                        },
                        m.text_alternative(),
                    )).unwrap_or_default();
                    view! {
                        <div class="embed-panel" data-testid="embed-panel">
                            <label class="field"><span>{localized(language, "貼り付けるコード（iframe）", "Code to paste (iframe)")}</span>
                                <textarea readonly rows="3" data-testid="embed-code">{crate::view::embed::iframe_snippet(&base, &query, &title)}</textarea>
                            </label>
                            <label class="field"><span>{localized(language, "図の代替テキスト（altやページ本文に）", "Text alternative of the chart (for alt or the page’s text)")}</span>
                                <textarea readonly rows="3" data-testid="embed-alt">{alternative}</textarea>
                            </label>
                            <p>{localized(language, "データ表と出典へのリンク：", "Link to the data table and sources: ")}<a data-testid="embed-data-link" href=format!("{base}?{query}")>{format!("{base}?{query}")}</a></p>
                            <p class="hint">{localized(language,
                                "埋め込み図は内蔵のNDBデータだけを表示します。幅は貼り付け先に合わせて描き直されます。",
                                "An embedded chart shows only the built-in NDB data. It is redrawn to the width of the page it is pasted in.")}</p>
                        </div>
                    }
                })}
                {move || link_notes.get().into_iter().map(|note| view! { <p class="error" role="status" data-testid="link-note">{note.text(language.get()).to_string()}</p> }).collect_view()}
                {move || manifest_error().map(|e| view! { <p class="error" role="alert" data-testid="load-error">{e.text(language.get()).to_string()}</p> })}
                {move || match state.get() {
                    ScreenState::Loading => view! { <p class="status" data-testid="loading">{localized(language, "読み込み中…", "Loading…")}</p> }.into_any(),
                    ScreenState::Problem(message) => {
                        let language = language.get();
                        let kept = model.get_untracked().map(|m| {
                            let shown = m.primary.selection.label(language);
                            match language {
                                Language::Japanese => format!("前の表示（{shown}）をそのまま残しています。"),
                                Language::English => format!("The previous view ({shown}) is kept."),
                            }
                        });
                        view! { <p class="error" role="alert" data-testid="load-error">{message}" "{kept}</p> }.into_any()
                    }
                    ScreenState::Ready(_) => ().into_any(),
                }}
                {move || model.get().filter(|m| m.fictional).map(|m| view! {
                    <p class="fictional" data-testid="fictional-label">{match m.language {
                        Language::Japanese => format!("{}：NDBの実際の人数を一定の規則で地域・職域に分けた架空の値です。実在の地域・職域の値ではありません。", fictional_label(m.language)),
                        Language::English => format!("{}: the real NDB counts split between regional and occupational by a fixed rule. Not the values of any real region or workplace.", fictional_label(m.language)),
                    }}</p>
                })}
                <div class="chart-box" class:hidden=move || model.get().is_none()>
                    <DistributionCanvas model=model />
                    <ExportBar image=Signal::derive(move || model.get().map(ChartImage::Distribution)) testid="export" />
                </div>
                {move || model.get().map(|model| view! { <SummaryTable model=model /> })}
                <GroupSection comparison=group_comparison try_example=try_example />
                <SimulatorSection input=simulator_input national_standard=national_standard settings=simulator_settings />
            </section>
        </main>
        <footer class="bottom">
            <p>{localized(language,
                "出典：厚生労働省 NDBオープンデータ（特定健診）。全国値は都道府県別の値の合計として本アプリが算出しています。",
                "Source: MHLW NDB Open Data (specific health checkups). National figures are the sum of the prefectures, computed by this app.")}</p>
        </footer>
    }
}

fn unreadable_selection() -> Message {
    Message::new("選択を読み取れません。", "The selection cannot be read.")
}

fn indicator_label(indicator: &crate::model::indicator::Indicator, language: Language) -> String {
    if indicator.unit.is_empty() {
        indicator.name(language).to_string()
    } else {
        language.parenthesised(indicator.name(language), indicator.unit)
    }
}

/// Area, sex and age band of one selection.
#[component]
fn SelectionFields(
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
fn MenuSelect(
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
