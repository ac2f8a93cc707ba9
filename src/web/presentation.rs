//! Presenting: a list of saved views (kept in this browser, saved and opened as a small JSON
//! file, see [`crate::view::saved_views`]) and the presentation mode — full screen, large type, thick
//! lines, high contrast — in which the arrow keys (or a clicker's page keys) step through the list.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_split_helpers::wasm_split;
use web_sys::HtmlInputElement;

use super::later::NotDownloaded;
use super::text::{localized, use_language};
use crate::view::language::{Language, Message};
use crate::view::messages::{part_not_downloaded, LaterPart};
use crate::view::permalink::{to_query, ViewState};
use crate::view::saved_views::{from_json, refuse_size, to_json, ReadList, ReadView, SavedView};

/// A list's JSON read by a module of its own (`saved_views`), fetched when a list kept in this
/// browser or a list's file is opened: most visits present nothing. (The writer stays in the
/// first module: in this one it shared the JSON writer with the opening of files, which then
/// fetched it as a chunk of its own, 0.7 KB gzip.)
#[wasm_split(saved_views, fallible)]
fn read_list(json: String) -> Result<Result<ReadList, Message>, NotDownloaded> {
    Ok(from_json(json.as_bytes()))
}

fn views_of(views: RwSignal<Vec<ReadView>>) -> Vec<SavedView> {
    views.with(|v| v.iter().map(|(s, _)| s.clone()).collect())
}

/// How much larger charts are drawn while presenting (fonts, lines, margins).
pub const PRESENTATION_ZOOM: f64 = 1.5;
/// Where the list is kept between visits (this browser only).
const STORAGE_KEY: &str = "renkei.saved-views";

/// The chart zoom every canvas reads: 1, or [`PRESENTATION_ZOOM`] while presenting.
#[derive(Clone, Copy)]
pub struct ChartZoom(pub Signal<f64>);

/// The list of saved views, the one shown, and the mode: shared by the list in the side panel
/// and the bar shown while presenting.
#[derive(Clone, Copy)]
pub struct Presentation {
    pub presenting: RwSignal<bool>,
    views: RwSignal<Vec<ReadView>>,
    position: RwSignal<Option<usize>>,
    apply: Callback<ViewState>,
    /// The list could not be kept in this browser (storage off or full): said under the list.
    not_kept: RwSignal<bool>,
}

impl Presentation {
    /// The list kept in this browser, the arrow keys, full screen and the presentation look.
    pub fn new(presenting: bool, apply: Callback<ViewState>) -> Presentation {
        let presentation = Presentation {
            presenting: RwSignal::new(presenting),
            views: RwSignal::new(Vec::new()),
            position: RwSignal::new(None),
            apply,
            not_kept: RwSignal::new(false),
        };
        let Presentation {
            presenting,
            views,
            not_kept,
            ..
        } = presentation;
        // The list kept in this browser, read once its module is there (a list that cannot be
        // read is left as it is: a later version may read it).
        let stored = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        if let Some(json) = stored {
            leptos::task::spawn_local(async move {
                if let Ok(Ok((list, _))) = read_list(json).await {
                    views.set(list);
                }
            });
        }
        // Kept on every change after the first run (which would write the empty list over the
        // one being read).
        Effect::new(move |previous: Option<()>| {
            let list = views_of(views);
            if previous.is_some() {
                let kept = local_storage()
                    .is_some_and(|storage| storage.set_item(STORAGE_KEY, &to_json(&list)).is_ok());
                not_kept.set(!kept && !list.is_empty());
            }
        });
        let keys = window_event_listener(leptos::ev::keydown, move |event| {
            if !presenting.get_untracked() {
                return;
            }
            // Keys typed into a field are the field's.
            let in_field = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
            if in_field {
                return;
            }
            match event.key().as_str() {
                "ArrowRight" | "PageDown" | " " => presentation.step(true),
                "ArrowLeft" | "PageUp" => presentation.step(false),
                "Escape" => presenting.set(false),
                _ => return,
            }
            event.prevent_default();
        });
        on_cleanup(move || keys.remove());
        // Full screen and the presentation look follow the mode.
        Effect::new(move |_| {
            let on = presenting.get();
            let document = document();
            if let Some(body) = document.body() {
                // A valid class token: cannot fail.
                let _ = body.class_list().toggle_with_force("presenting", on);
            }
            if on {
                if let Some(root) = document.document_element() {
                    // A browser may refuse full screen (a link opened without a click): the
                    // presentation look and keys work without it.
                    let _ = root.request_fullscreen();
                }
            } else if document.fullscreen_element().is_some() {
                document.exit_fullscreen();
            }
        });
        presentation
    }

    fn show(self, index: usize) {
        if let Some((_, view)) = self.views.with_untracked(|v| v.get(index).cloned()) {
            self.position.set(Some(index));
            self.apply.run(view);
        }
    }

    fn step(self, forward: bool) {
        let count = self.views.with_untracked(Vec::len);
        if count == 0 {
            return;
        }
        let next = match (self.position.get_untracked(), forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1).min(count - 1),
            (Some(i), false) => i.saturating_sub(1),
        };
        self.show(next);
    }
}

/// The list in the side panel: add the view shown, open or remove one, save or open the file.
#[component]
pub fn SavedViews(
    presentation: Presentation,
    /// The view shown now and its title.
    current: Signal<(ViewState, String)>,
) -> impl IntoView {
    let Presentation {
        presenting,
        views,
        position,
        not_kept,
        ..
    } = presentation;
    let language = use_language();
    let status: RwSignal<Option<Message>> = RwSignal::new(None);
    let add = move |_| {
        let (view, title) = current.get_untracked();
        views.update(|v| {
            v.push((
                SavedView {
                    title: title.clone(),
                    link: to_query(&view),
                },
                view,
            ))
        });
        status.set(Some(Message::new(
            format!("「{title}」をリストに追加しました。"),
            format!("“{title}” is added to the list."),
        )));
    };
    let save = move |_| {
        if let Err(message) = super::export_bar::save_file(
            "renkei-saved-views.json",
            to_json(&views_of(views)).as_bytes(),
            "application/json",
        ) {
            status.set(Some(Message::new(
                format!("保存できませんでした：{message}"),
                format!("It could not be saved: {message}"),
            )));
        }
    };
    let open = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        input.set_value("");
        if let Err(message) = refuse_size(file.size()) {
            status.set(Some(message.about(&file.name())));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let Some(text) = text.ok().and_then(|t| t.as_string()) else {
                status.set(Some(
                    Message::new("ファイルを読めません。", "The file cannot be read.")
                        .about(&file.name()),
                ));
                return;
            };
            match read_list(text).await {
                Err(NotDownloaded) => status.set(Some(part_not_downloaded(LaterPart::SavedViews))),
                Ok(Ok((list, notes))) => {
                    let count = list.len();
                    views.set(list);
                    position.set(None);
                    let said = |language: Language| {
                        notes
                            .iter()
                            .map(|note| note.text(language))
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    status.set(Some(Message::new(
                        format!(
                            "{count}件の表示を読み込みました。{}",
                            said(Language::Japanese)
                        ),
                        format!("{count} views are loaded. {}", said(Language::English)),
                    )));
                }
                // A file that is not a list changes nothing.
                Ok(Err(message)) => status.set(Some(message.about(&file.name()))),
            }
        });
    };

    view! {
        <section class="saved-views" aria-label=localized(language, "発表用の表示リスト", "Views to present") data-testid="saved-views">
            <h2>{localized(language, "発表用の表示リスト", "Views to present")}</h2>
            <button type="button" data-testid="save-view" on:click=add>{localized(language, "この表示をリストに追加", "Add this view to the list")}</button>
            <ol>
                {move || views.get().into_iter().enumerate().map(|(index, (saved, _))| {
                    let title = saved.title.clone();
                    view! {
                        <li data-testid="saved-view" class:current=move || position.get() == Some(index)>
                            <button type="button" class="link" data-testid="open-saved-view" on:click=move |_| presentation.show(index)>{saved.title}</button>
                            " "
                            <button type="button" data-testid="remove-saved-view" aria-label=match language.get() {
                                    Language::Japanese => format!("「{title}」をリストから削除"),
                                    Language::English => format!("Remove “{title}” from the list"),
                                }
                                on:click=move |_| { views.update(|v| { v.remove(index); }); position.set(None); }>{localized(language, "削除", "Remove")}</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="row-inline">
                <button type="button" data-testid="export-views" on:click=save>{localized(language, "リストを保存（JSON）", "Save the list (JSON)")}</button>
                <label class="file-button">{localized(language, "リストを開く（JSON）", "Open a list (JSON)")}
                    <input type="file" accept=".json,application/json" data-testid="import-views" on:change=open />
                </label>
            </div>
            <button type="button" class="present" data-testid="presentation-toggle" on:click=move |_| presenting.update(|p| *p = !*p)>
                {move || match (presenting.get(), language.get()) {
                    (true, language) => language.pick("発表モードを終える", "End presentation mode"),
                    (false, language) => language.pick("発表モードを始める（← → で切り替え）", "Start presentation mode (← → to step)"),
                }}
            </button>
            <p class="hint" role="status" data-testid="views-status">{move || status.get().map(|m| m.text(language.get()).to_string())}</p>
            {move || not_kept.get().then(|| view! {
                <p class="error" role="status" data-testid="views-not-kept">{localized(language,
                    "このブラウザにはリストを残せません。「リストを保存」でファイルにしてください。",
                    "This browser cannot keep the list: save it as a file.")}</p>
            })}
        </section>
    }
}

/// The bar at the top while presenting: where in the list, back, next, end.
#[component]
pub fn PresentationBar(presentation: Presentation) -> impl IntoView {
    let Presentation {
        presenting,
        views,
        position,
        ..
    } = presentation;
    let language = use_language();
    move || {
        presenting.get().then(|| view! {
            <div class="presentation-bar" role="status" data-testid="presentation-bar">
                <span data-testid="presentation-position">{move || {
                    let count = views.with(Vec::len);
                    match (position.get(), language.get()) {
                        (Some(i), _) => format!("{} / {count}　{}", i + 1, views.with(|v| v[i].0.title.clone())),
                        (None, Language::Japanese) if count > 0 => format!("→ で1つ目の表示へ（全{count}件）"),
                        (None, Language::English) if count > 0 => format!("→ for the first view ({count} in all)"),
                        (None, language) => language.pick(
                            "リストに表示がありません（発表モードを終えて追加してください）",
                            "The list has no views (end presentation mode to add some)",
                        ).into(),
                    }
                }}</span>
                <button type="button" on:click=move |_| presentation.step(false)>{localized(language, "← 前へ", "← Back")}</button>
                <button type="button" on:click=move |_| presentation.step(true)>{localized(language, "次へ →", "Next →")}</button>
                <button type="button" data-testid="presentation-exit" on:click=move |_| presenting.set(false)>{localized(language, "終了（Esc）", "End (Esc)")}</button>
            </div>
        })
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}
