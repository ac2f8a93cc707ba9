//! The page: the choices (release, item, two selections) held in signals and wired to what the
//! core decides (`view::page`) and computes. Figures are computed in memos that do not read the
//! language; the words are written in memos that do, so a language switch recomputes no figure.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::changed_unless_still_empty;
use super::chart_canvas::{DistributionCanvas, SIM_FITTED_MARK};
use super::controls::{MenuSelect, SelectionFields};
use super::data_files::DataFiles;
use super::export_bar::{ExportBar, Exporter};
use super::fetch::{load_manifest, load_secondary_areas};
use super::file_picker::{FilePicker, FilesToOpen};
use super::later::{self, later};
use super::presentation::{
    ChartZoom, Presentation, PresentationBar, SavedViews, PRESENTATION_ZOOM,
};
use super::share_bar::ShareBar;
use super::simulator_section::SimulatorSettings;
use super::summary_table::SummaryTable;
use super::text::localized;
use super::trend_section::TrendPage;
use crate::analysis::groups::GroupDistributions;
use crate::analysis::simulator::fit::SimulatorInput;
use crate::import::collection::{merge_files, LoadedFile};
use crate::import::manifest::{user_catalogue, ManifestEntry, SecondaryAreaEntry, EXAMPLE_RELEASE};
use crate::view::export::ChartImage;
use crate::view::groups::GroupComparison;
use crate::view::language::{Language, Message};
use crate::view::messages::{import_error, selection_failure, LaterPart};
use crate::view::page::{self, Choices, NotShown, Shown};
use crate::view::permalink::{self, ViewState};
use crate::view::screen::{group_menu, indicator_or_default, SelectionKeys};

/// Entry point called from `main`.
pub fn start() {
    // A fault (a panic stops the page's wasm) must not leave a page that silently stops
    // answering: it says so, on top of the page. (Not console_error_panic_hook: formatting the
    // panic's message and place for the console cost about 1 KB gzip of the first visit.)
    std::panic::set_hook(Box::new(|_| say_fault()));
    leptos::mount::mount_to_body(App);
}

fn say_fault() {
    let Some(document) = window().document() else {
        return;
    };
    let (Ok(note), Some(body)) = (document.create_element("p"), document.body()) else {
        return;
    };
    note.set_text_content(Some("このページで不具合が起きたため、操作に応えられなくなりました。ページを再読み込みしてください（開いたファイルは、もう一度開いてください）。 A fault stopped this page: reload it (and open your files again)."));
    // Valid attribute names: setting them cannot fail.
    let _ = note.set_attribute("role", "alert");
    let _ = note.set_attribute("class", "error");
    let _ = note.set_attribute(
        "style",
        "position:fixed;top:0;left:0;right:0;z-index:9;margin:0",
    );
    let _ = body.append_child(&note);
}

/// The user's choices, one signal each, so a control re-renders only with its own value.
#[derive(Clone, Copy)]
struct ChoiceSignals {
    release: RwSignal<String>,
    indicator: RwSignal<String>,
    primary: RwSignal<SelectionKeys>,
    compare: RwSignal<bool>,
    comparison: RwSignal<SelectionKeys>,
}

impl ChoiceSignals {
    fn new(choices: Choices) -> ChoiceSignals {
        ChoiceSignals {
            release: RwSignal::new(choices.release),
            indicator: RwSignal::new(choices.indicator),
            primary: RwSignal::new(choices.primary),
            compare: RwSignal::new(choices.compare),
            comparison: RwSignal::new(choices.comparison),
        }
    }

    fn get_untracked(&self) -> Choices {
        Choices {
            release: self.release.get_untracked(),
            indicator: self.indicator.get_untracked(),
            primary: self.primary.get_untracked(),
            compare: self.compare.get_untracked(),
            comparison: self.comparison.get_untracked(),
        }
    }

    fn set(&self, choices: Choices) {
        self.release.set(choices.release);
        self.indicator.set(choices.indicator);
        self.primary.set(choices.primary);
        self.compare.set(choices.compare);
        self.comparison.set(choices.comparison);
    }
}

/// What the result area shows, without words: the selections on screen (the newest that could
/// be shown: while a file loads, or when a selection cannot be shown, the previous ones stay,
/// their title naming what they show) and why the selections chosen are not, if they are not.
#[derive(Clone, Debug, PartialEq)]
struct Figures {
    shown: Option<Shown>,
    not_shown: Option<NotShown>,
}

#[component]
pub fn App() -> impl IntoView {
    // The view a link names; what of it could not be read is said above the chart.
    let query = window().location().search().unwrap_or_default();
    let (restored, ignored) = permalink::from_query(&query);
    let language = RwSignal::new(restored.language);
    provide_context(language);
    Exporter::provide();
    // The page's language for screen readers, spelling checkers and fonts.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            // Cannot fail: `lang` is a valid attribute name.
            let _ = root.set_attribute("lang", language.get().code());
        }
        document().set_title(language.get().pick(
            "Renkei（連携）— 地域・職域の健診結果の分布",
            "Renkei — checkup distributions of residents and workers",
        ));
    });
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
                Message::in_both(|language| {
                    permalink::ignored_message(&ignored, language).unwrap_or_default()
                })
            })
            .into_iter()
            .collect(),
    );
    let choices = ChoiceSignals::new(Choices::of_view(&restored));
    let simulator_settings = SimulatorSettings::new(&restored.simulator);
    // A permalink's `data` files load after the first screen: its view is applied to them as
    // they come in, instead of the usual choice for new data (a plain `?data=` address gets
    // that usual choice).
    let pending_view = StoredValue::new(
        (!restored.data_files.is_empty() && permalink::names_a_view(&query))
            .then(|| restored.clone()),
    );
    let data = DataFiles::new();

    // Replaces the user's files if they merge, and points the choices at them. Nothing changes
    // when they do not merge.
    let apply_files = Callback::new(move |next: Vec<LoadedFile>| -> Result<(), Message> {
        let (entries, user_datasets) = if next.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            user_catalogue(merge_files(&next).map_err(|error| import_error(&error))?)
        };
        if let Some((_, newest)) = user_datasets.first() {
            let pending = pending_view.get_value();
            choices.set(
                choices
                    .get_untracked()
                    .for_user_files(pending.as_ref(), &entries, newest),
            );
            // The link's view is kept until all its files are in.
            if pending.is_some_and(|view| next.len() >= view.data_files.len()) {
                pending_view.set_value(None);
            }
        }
        data.set_user_data(user_datasets);
        user_entries.set(entries);
        files.set(next);
        Ok(())
    });

    // The release shown (newest unless chosen) and an indicator it has.
    let release = Memo::new(move |_| {
        let manifest = manifest.get()?;
        page::release_shown(&manifest, &choices.release.get())
    });
    let indicator = Memo::new(move |_| {
        let manifest = manifest.get()?;
        page::indicator_shown(&manifest, &release.get()?.0, &choices.indicator.get())
    });

    // Fetched once, when a release with data by secondary medical area is first shown (the
    // first screen's has none); the area menu lists them when they are in. Once fetched, the
    // effect reads no signal and never runs again.
    let secondary_areas: RwSignal<Option<Result<Vec<SecondaryAreaEntry>, Message>>> =
        RwSignal::new(None);
    Effect::new(move |fetched: Option<bool>| {
        let needed = || {
            let (manifest, release) = (manifest.get()?, release.get()?);
            Some(manifest.has_secondary_areas(&release.0))
        };
        if fetched == Some(true) || needed() != Some(true) {
            return fetched == Some(true);
        }
        spawn_local(async move { secondary_areas.set(Some(load_secondary_areas().await)) });
        true
    });
    let catalogue_error = move || {
        let areas_error = || secondary_areas.get().and_then(Result::err);
        manifest_error().or_else(areas_error)
    };

    // A link's release or item the catalogue does not have is said, once the catalogue is in.
    let link_view = (restored.data_files.is_empty()).then(|| restored.clone());
    Effect::new(move |checked: Option<bool>| {
        let Some(link) = link_view.as_ref() else {
            return true;
        };
        if checked == Some(true) {
            return true;
        }
        let (Some(manifest), Some((shown_release, _))) = (manifest.get(), release.get()) else {
            return false;
        };
        let notes = page::link_notes(link, &manifest, &shown_release);
        link_notes.update(|n| n.extend(notes));
        true
    });
    // The trend over the years: its code and every year's data come when the user opens it (or
    // a link or saved view that had it open). Once open it stays: it follows the choices above.
    let trend_asked = RwSignal::new(u32::from(restored.trend));
    let trend_open = Memo::new(move |_| trend_asked.get() > 0);
    // Set by the two years' comparison once open (`web::change_section`); a link's opens it.
    let compared_years = RwSignal::new(restored.compared_years);
    // Shows a saved view (or any view): the same signals a link sets.
    let apply_view = Callback::new(move |view: ViewState| {
        choices.set(Choices::of_view(&view));
        simulator_settings.apply(&view.simulator);
        if view.compared_years.is_some() {
            compared_years.set(view.compared_years);
        }
        if view.trend && !trend_open.get_untracked() {
            trend_asked.set(1);
        }
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
    // The address always holds the view, so copying it (or the button below) shares it.
    let link_files = restored.data_files.clone();
    let current_view = Memo::new(move |_| ViewState {
        release: release.get().map(|(r, _)| r),
        indicator: indicator
            .get()
            .map_or(choices.indicator.get(), str::to_string),
        primary: choices.primary.get(),
        compare: choices.compare.get(),
        comparison: choices.comparison.get(),
        simulator: simulator_settings.view(),
        data_files: link_files.clone(),
        presenting: presenting.get(),
        trend: trend_open.get(),
        compared_years: compared_years.get(),
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
            // Fails only for an address of another origin, which a path and query never are.
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
        }
    });

    // (selection keys, data file) for each series shown.
    let wanted = Memo::new(move |_| -> Result<Vec<(SelectionKeys, String)>, Message> {
        let (Some(manifest), Some((release, _)), Some(indicator)) =
            (manifest.get(), release.get(), indicator.get())
        else {
            return Ok(Vec::new());
        };
        let selections = Choices {
            release: release.clone(),
            indicator: indicator.to_string(),
            primary: choices.primary.get(),
            compare: choices.compare.get(),
            comparison: choices.comparison.get(),
        }
        .selections();
        page::files_needed(&manifest, &release, indicator, selections).map_err(|p| p.message())
    });

    // The groups the primary selection's data offer (none to choose for NDB data).
    let group_options = Memo::new(move |_| {
        let Ok(wanted) = wanted.get() else {
            return Vec::new();
        };
        let Some((_, file)) = wanted.first() else {
            return Vec::new();
        };
        data.get(file)
            .map(|dataset| group_menu(&dataset.groups(), language.get()))
            .unwrap_or_default()
    });

    // The primary selection with the dataset holding it, once loaded: what the group
    // comparison and the simulator read (not a Memo: datasets are not worth comparing).
    let primary_data = Signal::derive(move || {
        let (Ok(wanted), Some(indicator)) = (wanted.get(), indicator.get()) else {
            return None;
        };
        let (keys, file) = wanted.first()?;
        let dataset = data.get(file)?;
        Some((dataset, keys.to_selection(indicator)?))
    });
    // The simulator: every group of the primary selection's area, sex and age band, fitted once
    // per selection (never again for a language switch).
    let simulator_input = Memo::new_with_compare(
        move |_| {
            let (dataset, selection) = primary_data.get()?;
            let input = SimulatorInput::prepare(
                &dataset,
                indicator_or_default(&selection.indicator),
                &selection.area,
                selection.sex,
                selection.age_band,
            );
            // Counted by the browser benchmark: a language switch must fit nothing.
            if let Some(performance) = window().performance() {
                // Fails only for a name the browser reserves; ours is not.
                let _ = performance.mark(SIM_FITTED_MARK);
            }
            Some(input)
        },
        changed_unless_still_empty,
    );
    // Fetch each file the first time it is needed.
    Effect::new(move |_| {
        let Ok(wanted) = wanted.get() else { return };
        let files = wanted.into_iter().map(|(_, file)| file);
        data.fetch_missing(files);
    });

    // The selections computed: the figures, without words.
    let figures = Memo::new(move |previous: Option<&Figures>| {
        let computed = match wanted.get() {
            Ok(wanted) if !wanted.is_empty() => {
                let indicator = indicator_or_default(indicator.get().unwrap_or_default());
                let standard = simulator_settings.standard.get();
                page::shown(&wanted, indicator, standard, |file| data.state(file))
            }
            Ok(_) => Err(NotShown::Loading),
            Err(message) => Err(NotShown::Failed(message)),
        };
        match computed {
            Ok(shown) => Figures {
                shown: Some(shown),
                not_shown: None,
            },
            Err(not_shown) => Figures {
                shown: previous.and_then(|f| f.shown.clone()),
                not_shown: Some(not_shown),
            },
        }
    });
    // The chart and table on screen, in the page's language.
    let model = Memo::new(move |_| figures.with(|f| f.shown.as_ref()?.screen(language.get())));

    let release_menu = Signal::derive(move || {
        let manifest = manifest.get().unwrap_or_default();
        page::release_menu(&manifest, language.get())
    });
    let indicator_menu = Signal::derive(move || {
        let manifest = manifest.get().unwrap_or_default();
        let release = release.get().map(|(r, _)| r).unwrap_or_default();
        page::indicator_menu(&manifest, &release, language.get())
    });
    let area_groups = Signal::derive(move || {
        let (Some(manifest), Some((release, year)), Some(indicator)) =
            (manifest.get(), release.get(), indicator.get())
        else {
            return Vec::new();
        };
        let user_data = page::user_file_of(&manifest, &release).and_then(|file| data.get(&file));
        let secondary_areas = secondary_areas
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        page::area_groups(
            &manifest,
            &secondary_areas,
            (&release, year),
            indicator,
            user_data.as_deref(),
            language.get(),
        )
    });
    // The groups of the primary selection's area, sex and age band, compared: the figures
    // once per selection and standard population (standardising is cheap beside the
    // distributions, so one memo holds both), the words in the page's language.
    let standard_choice = simulator_settings.standard;
    let group_facts = Memo::new_with_compare(
        move |_| {
            let (dataset, selection) = primary_data.get()?;
            let facts = GroupDistributions::compute(
                &dataset,
                indicator_or_default(&selection.indicator),
                &selection.area,
                selection.sex,
                selection.age_band,
            )?;
            Some(facts.map(|facts| {
                let standardised = facts.standardised(&facts.standard(standard_choice.get()));
                (facts, standardised)
            }))
        },
        changed_unless_still_empty,
    );
    let group_comparison = Memo::new_with_compare(
        move |_| {
            let language = language.get();
            Some(
                group_facts
                    .get()?
                    .map(|(facts, standardised)| {
                        Arc::new(GroupComparison::new(
                            facts,
                            standardised,
                            standard_choice.get(),
                            language,
                        ))
                    })
                    .map_err(|failure| selection_failure(&failure, language)),
            )
        },
        changed_unless_still_empty,
    );
    // The group comparison's own module is asked for only once there are groups to compare.
    let has_groups = Memo::new(move |_| group_comparison.with(Option::is_some));
    let try_example = Signal::derive(move || {
        let offered = manifest
            .get()?
            .releases()
            .iter()
            .any(|(r, _)| r == EXAMPLE_RELEASE);
        let shown = release.get().is_some_and(|(r, _)| r == EXAMPLE_RELEASE);
        (offered && !shown)
            .then(|| Callback::new(move |()| choices.set(choices.get_untracked().example())))
    });
    let release_value = Signal::derive(move || release.get().map(|(r, _)| r).unwrap_or_default());
    let indicator_value = Signal::derive(move || indicator.get().unwrap_or_default().to_string());

    let trend_page = TrendPage {
        manifest,
        indicator,
        release,
        selection: choices.primary,
        data,
        // Named here, in the first module: see `later::LoadChange`.
        compare_years: |input| Box::pin(later::change_section(input)),
        compared_years,
        comparison_in_link: restored.compared_years.is_some(),
    };
    // The first screen has settled (its chart is shown, or could not be): the parts fetched
    // after it (`web::later`) may load. Stays true.
    let settled = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false)
            || model.with(Option::is_some)
            || manifest_error().is_some()
            || figures.with(|f| {
                matches!(
                    f.not_shown,
                    Some(NotShown::Failed(_) | NotShown::Selection(_))
                )
            })
    });

    // Files dropped anywhere on the page: queued for the file-opening part (`web::later`),
    // which may not be downloaded yet; never let the browser leave the page for the file,
    // which would lose everything on screen.
    let files_to_open = FilesToOpen::new();
    // Downloaded with the first file, and not before the first screen has settled.
    let open_wanted = Memo::new(move |_| settled.get() && files_to_open.wanted());
    let _ = window_event_listener(leptos::ev::dragover, |event| event.prevent_default());
    let _ = window_event_listener(leptos::ev::drop, move |event| {
        event.prevent_default();
        let Some(list) = event.data_transfer().and_then(|t| t.files()) else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        files_to_open.add(files);
    });
    // Leaving (a reload, a closed tab, a link followed in this tab) loses the files opened:
    // the browser asks first while some are loaded.
    let _ = window_event_listener(leptos::ev::beforeunload, move |event| {
        if files.with_untracked(|f| !f.is_empty()) {
            event.prevent_default();
        }
    });

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
                        on_change=Callback::new(move |v| choices.release.set(v)) />
                    <MenuSelect label=localized(language, "検査項目", "Item") testid="indicator-select" groups=indicator_menu selected=indicator_value
                        on_change=Callback::new(move |v| choices.indicator.set(v)) />
                </div>
                <SelectionFields legend=localized(language, "表示する集団（塗り）", "Population shown (filled)") prefix="primary" keys=choices.primary area_groups=area_groups group_options=group_options enabled=Signal::derive(|| true) />
                <label class="toggle">
                    <input type="checkbox" data-testid="compare-toggle" prop:checked=move || choices.compare.get()
                        on:change=move |ev| choices.compare.set(event_target_checked(&ev)) />
                    {localized(language, "比較する集団を重ねる（枠線）", "Overlay a population to compare (outlined)")}
                </label>
                <SelectionFields legend=localized(language, "比較する集団（枠線）", "Population compared (outlined)") prefix="comparison" keys=choices.comparison area_groups=area_groups group_options=group_options enabled=Signal::derive(move || choices.compare.get()) />
                <FilePicker files_to_open=files_to_open>
                    {later(open_wanted, LaterPart::OpenFiles, move || Box::pin(later::open_file(files.into(), apply_files, files_to_open)))}
                </FilePicker>
                <SavedViews presentation=presentation current=Signal::derive(move || {
                    let view = current_view.get();
                    let release = view.release.clone().unwrap_or_default();
                    let title = model.get().map(|m| m.view_title(&release)).unwrap_or_default();
                    (view, title)
                }) />
            </section>
            <section class="result" aria-live="polite">
                <ShareBar current_view=current_view model=model />
                {move || link_notes.get().into_iter().map(|note| view! { <p class="error" role="status" data-testid="link-note">{note.text(language.get()).to_string()}</p> }).collect_view()}
                {move || catalogue_error().map(|e| view! { <p class="error" role="alert" data-testid="load-error">{e.text(language.get()).to_string()}</p> })}
                {move || {
                    let message = match figures.with(|f| f.not_shown.clone()) {
                        Some(NotShown::Loading) => return view! { <p class="status" data-testid="loading">{localized(language, "読み込み中…", "Loading…")}</p> }.into_any(),
                        None => return ().into_any(),
                        Some(NotShown::Failed(message)) => message.text(language.get()).to_string(),
                        Some(NotShown::Selection(failure)) => selection_failure(&failure, language.get()),
                    };
                    let kept = model.get_untracked().map(|m| m.kept_note());
                    view! { <p class="error" role="alert" data-testid="load-error">{message}" "{kept}</p> }.into_any()
                }}
                {move || model.get().and_then(|m| m.fictional_note()).map(|note| view! {
                    <p class="fictional" data-testid="fictional-label">{note}</p>
                })}
                <div class="chart-box" class:hidden=move || model.get().is_none()>
                    <DistributionCanvas model=model />
                    <ExportBar image=Signal::derive(move || model.get().map(ChartImage::Distribution)) testid="export" />
                </div>
                {move || model.get().map(|model| view! { <SummaryTable model=model /> })}
                {later(settled, LaterPart::GroupComparison, move || {
                    // Read here, outside the future: a change of data swaps the part.
                    let grouped = has_groups.get();
                    Box::pin(async move {
                        if grouped {
                            later::group_section(group_comparison, standard_choice).await
                        } else {
                            later::group_hint(try_example).await
                        }
                    })
                })}
                {later::Offer { class: "hint", role: None, testid: "trend-offer", button_testid: "trend-open", hidden_once_pressed: true }.view(
                    // The button says it all.
                    Message::new("", ""),
                    Message::new("この集団・項目の年度ごとの推移（経年変化）を見る", "Show this population and item year by year (trend)"),
                    trend_asked,
                )}
                {later(trend_open, LaterPart::Trend, move || Box::pin(later::trend_section(trend_page)))}
                {later(settled, LaterPart::Simulator, move || Box::pin(later::simulator_section(simulator_input, simulator_settings)))}
            </section>
        </main>
        <footer class="bottom">
            <p>{localized(language,
                "出典：厚生労働省 NDBオープンデータ（特定健診）。全国値は都道府県別の値の合計として本アプリが算出しています。",
                "Source: MHLW NDB Open Data (specific health checkups). National figures are the sum of the prefectures, computed by this app.")}</p>
        </footer>
    }
}
