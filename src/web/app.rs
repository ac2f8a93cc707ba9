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
use crate::collection::{merge_files, LoadedFile};
use crate::example::{OCCUPATIONAL, REGIONAL};
use crate::export::ChartImage;
use crate::groups::GroupComparison;
use crate::manifest::{release_label, user_catalogue, ManifestEntry};
use crate::model::{AreaLevel, Dataset, FICTIONAL_LABEL_JA};
use crate::permalink::{self, ViewState};
use crate::scenario::{SimulatorInput, StandardPopulation};
use crate::screen::{
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
    Problem(String),
}

#[component]
pub fn App() -> impl IntoView {
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

    // The view a link names; what of it could not be read is said above the chart.
    let query = window().location().search().unwrap_or_default();
    let (restored, ignored) = permalink::from_query(&query);
    let link_notes: RwSignal<Vec<String>> = RwSignal::new(
        permalink::ignored_message_ja(&ignored)
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
    let load_errors: RwSignal<HashMap<String, String>> = RwSignal::new(HashMap::new());

    // Replaces the user's files if they merge; shows the newest year with its groups against
    // each other. Nothing changes when they do not merge.
    let apply_files = Callback::new(move |next: Vec<LoadedFile>| -> Result<(), String> {
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
            notes.push(format!("リンクの年度（公表回）「{wanted}」は見つからないため、「{shown_release}」を表示しています。"));
        }
        let offered = manifest.indicators(&shown_release);
        if !offered.iter().any(|i| i.id == link_indicator) {
            notes.push(format!("リンクの検査項目「{link_indicator}」はこの年度にないため、別の項目を表示しています。"));
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
    let link_status = RwSignal::new(String::new());
    let embed_open = RwSignal::new(false);
    let copy_link = move |_| {
        let address = window().location().href().unwrap_or_default();
        spawn_local(async move {
            let written =
                JsFuture::from(window().navigator().clipboard().write_text(&address)).await;
            link_status.set(match written {
                Ok(_) => "この表示のリンクをコピーしました。開くと同じ表示になります（手元のファイルから開いたデータは含まれません）。".into(),
                Err(_) => format!("コピーできませんでした。次のリンクを選んでコピーしてください：{address}"),
            });
        });
    };

    // (selection keys, data file) for each series shown.
    let wanted = Memo::new(move |_| -> Result<Vec<(SelectionKeys, String)>, String> {
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
                    .ok_or("選択を読み取れません。")?;
                let level = level_needed(&selection.area);
                let entry = manifest
                    .find(&release, level.id(), indicator)
                    .ok_or_else(|| {
                        format!(
                            "{}には「{}」の{}別データがありません。",
                            release,
                            indicator_or_default(indicator).name_ja,
                            level.name_ja()
                        )
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
            .with(|d| d.get(file).map(|dataset| group_menu(&dataset.groups())))
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
            return Some(Err(message));
        }
        let dataset = datasets.with(|d| d.get(&file).cloned())?;
        Some(StandardPopulation::national(&dataset, indicator))
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
        let wanted = match wanted.get() {
            Ok(wanted) if !wanted.is_empty() => wanted,
            Ok(_) => return ScreenState::Loading,
            Err(message) => return ScreenState::Problem(message),
        };
        let indicator = indicator_or_default(indicator.get().unwrap_or_default());
        let mut results = Vec::new();
        let mut primary_dataset = None;
        for (keys, file) in &wanted {
            if let Some(message) = load_errors.with(|e| e.get(file).cloned()) {
                return ScreenState::Problem(message);
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
                return ScreenState::Problem("選択を読み取れません。".into());
            };
            match compute_series(&dataset, &selection) {
                Ok(result) => results.push(result),
                Err(message) => return ScreenState::Problem(message),
            }
            primary_dataset.get_or_insert(dataset);
        }
        let mut results = results.into_iter();
        match (results.next(), primary_dataset) {
            (Some(first), Some(dataset)) => {
                ScreenState::Ready(ScreenModel::new(indicator, first, results.next(), &dataset))
            }
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
                label: release_label(&release, year),
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
                    label: indicator_label(i),
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
                        Some(dataset) => data_area_menu(&dataset, indicator),
                        None => area_menu(&manifest, &release, indicator, year),
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

    view! {
        <header class="top">
            <h1>"Renkei（連携）" <span class="subtitle">"地域・職域の健診結果の分布を見る"</span></h1>
            <p class="privacy">"データはすべてこのブラウザの中で処理され、どこにも送信されません。"</p>
        </header>
        <PresentationBar presentation=presentation />
        <main>
            <section class="controls" aria-label="表示する内容の選択">
                <div class="row">
                    <MenuSelect label="年度（公表回）" testid="release-select" groups=release_menu selected=release_value
                        on_change=Callback::new(move |v| chosen_release.set(v)) />
                    <MenuSelect label="検査項目" testid="indicator-select" groups=indicator_menu selected=indicator_value
                        on_change=Callback::new(move |v| chosen_indicator.set(v)) />
                </div>
                <SelectionFields legend="表示する集団（塗り）" prefix="primary" keys=primary area_groups=area_groups group_options=group_options enabled=Signal::derive(|| true) />
                <label class="toggle">
                    <input type="checkbox" data-testid="compare-toggle" prop:checked=move || compare.get()
                        on:change=move |ev| compare.set(event_target_checked(&ev)) />
                    "比較する集団を重ねる（枠線）"
                </label>
                <SelectionFields legend="比較する集団（枠線）" prefix="comparison" keys=comparison area_groups=area_groups group_options=group_options enabled=Signal::derive(move || compare.get()) />
                <OpenFile files=files.into() apply=apply_files />
                <SavedViews presentation=presentation current=Signal::derive(move || {
                    let view = current_view.get();
                    let title = model.get().map(|m| format!(
                        "{}・{}（{}）",
                        m.indicator.name_ja,
                        m.primary.selection.label_ja(),
                        view.release.clone().unwrap_or_default()
                    )).unwrap_or_default();
                    (view, title)
                }) />
            </section>
            <section class="result" aria-live="polite">
                <div class="share">
                    <button type="button" data-testid="copy-link" on:click=copy_link>"この表示のリンクをコピー"</button>
                    <button type="button" data-testid="embed-toggle" aria-expanded=move || embed_open.get().to_string()
                        on:click=move |_| embed_open.update(|o| *o = !*o)>"ウェブページに埋め込む"</button>
                    <span class="hint" role="status" data-testid="link-status">{move || link_status.get()}</span>
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
                        format!("{}の分布（{}）", m.indicator.name_ja, m.primary.selection.label_ja()),
                        m.text_alternative(),
                    )).unwrap_or_default();
                    view! {
                        <div class="embed-panel" data-testid="embed-panel">
                            <label class="field"><span>"貼り付けるコード（iframe）"</span>
                                <textarea readonly rows="3" data-testid="embed-code">{crate::embed::iframe_snippet(&base, &query, &title)}</textarea>
                            </label>
                            <label class="field"><span>"図の代替テキスト（altやページ本文に）"</span>
                                <textarea readonly rows="3" data-testid="embed-alt">{alternative}</textarea>
                            </label>
                            <p>"データ表と出典へのリンク："<a data-testid="embed-data-link" href=format!("{base}?{query}")>{format!("{base}?{query}")}</a></p>
                            <p class="hint">"埋め込み図は内蔵のNDBデータだけを表示します。幅は貼り付け先に合わせて描き直されます。"</p>
                        </div>
                    }
                })}
                {move || link_notes.get().into_iter().map(|note| view! { <p class="error" role="status" data-testid="link-note">{note}</p> }).collect_view()}
                {move || manifest_error().map(|e| view! { <p class="error" role="alert" data-testid="load-error">{e}</p> })}
                {move || match state.get() {
                    ScreenState::Loading => view! { <p class="status" data-testid="loading">"読み込み中…"</p> }.into_any(),
                    ScreenState::Problem(message) => {
                        let kept = model.get_untracked().map(|m| format!("前の表示（{}）をそのまま残しています。", m.primary.selection.label_ja()));
                        view! { <p class="error" role="alert" data-testid="load-error">{message}" "{kept}</p> }.into_any()
                    }
                    ScreenState::Ready(_) => ().into_any(),
                }}
                {move || model.get().filter(|m| m.fictional).map(|_| view! {
                    <p class="fictional" data-testid="fictional-label">{format!("{FICTIONAL_LABEL_JA}：NDBの実際の人数を一定の規則で地域・職域に分けた架空の値です。実在の地域・職域の値ではありません。")}</p>
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
            <p>"出典：厚生労働省 NDBオープンデータ（特定健診）。全国値は都道府県別の値の合計として本アプリが算出しています。"</p>
        </footer>
    }
}

fn indicator_label(indicator: &crate::indicator::Indicator) -> String {
    if indicator.unit.is_empty() {
        indicator.name_ja.to_string()
    } else {
        format!("{}（{}）", indicator.name_ja, indicator.unit)
    }
}

/// Area, sex and age band of one selection.
#[component]
fn SelectionFields(
    legend: &'static str,
    prefix: &'static str,
    keys: RwSignal<SelectionKeys>,
    area_groups: Signal<Vec<MenuGroup>>,
    #[prop(into)] group_options: Signal<Vec<MenuOption>>,
    enabled: Signal<bool>,
) -> impl IntoView {
    let group_menu_groups = Signal::derive(move || {
        vec![MenuGroup {
            label: String::new(),
            options: group_options.get(),
        }]
    });
    let plain = |options: Vec<MenuOption>| {
        Signal::derive(move || {
            vec![MenuGroup {
                label: String::new(),
                options: options.clone(),
            }]
        })
    };
    view! {
        <fieldset class="selection" prop:disabled=move || !enabled.get()>
            <legend>{legend}</legend>
            <MenuSelect label="地域" testid=format!("{prefix}-area-select") groups=area_groups
                selected=Signal::derive(move || keys.get().area)
                on_change=Callback::new(move |v| keys.update(|k| k.area = v)) />
            {move || (!group_options.get().is_empty()).then(|| view! {
                <MenuSelect label="区分（地域・職域など）" testid=format!("{prefix}-group-select") groups=group_menu_groups
                    selected=Signal::derive(move || keys.get().group)
                    on_change=Callback::new(move |v| keys.update(|k| k.group = v)) />
            })}
            <MenuSelect label="性別" testid=format!("{prefix}-sex-select") groups=plain(sex_menu())
                selected=Signal::derive(move || keys.get().sex)
                on_change=Callback::new(move |v| keys.update(|k| k.sex = v)) />
            <MenuSelect label="年齢階級" testid=format!("{prefix}-age-select") groups=plain(age_menu())
                selected=Signal::derive(move || keys.get().age)
                on_change=Callback::new(move |v| keys.update(|k| k.age = v)) />
        </fieldset>
    }
}

#[component]
fn MenuSelect(
    label: &'static str,
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
