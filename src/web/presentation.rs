//! Presenting: a list of saved views (kept in this browser, saved and opened as a small JSON
//! file, see [`crate::saved_views`]) and the presentation mode — full screen, large type, thick
//! lines, high contrast — in which the arrow keys (or a clicker's page keys) step through the list.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::permalink::{to_query, ViewState};
use crate::saved_views::{from_json, to_json, ReadView, SavedView};

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
}

impl Presentation {
    /// The list kept in this browser, the arrow keys, full screen and the presentation look.
    pub fn new(presenting: bool, apply: Callback<ViewState>) -> Presentation {
        let stored = local_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| from_json(json.as_bytes()).ok())
            .map(|(views, _)| views)
            .unwrap_or_default();
        let presentation = Presentation {
            presenting: RwSignal::new(presenting),
            views: RwSignal::new(stored),
            position: RwSignal::new(None),
            apply,
        };
        let Presentation {
            presenting, views, ..
        } = presentation;
        Effect::new(move |_| {
            let list: Vec<SavedView> = views.with(|v| v.iter().map(|(s, _)| s.clone()).collect());
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(STORAGE_KEY, &to_json(&list));
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
                let _ = body.class_list().toggle_with_force("presenting", on);
            }
            if on {
                if let Some(root) = document.document_element() {
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
        ..
    } = presentation;
    let status = RwSignal::new(String::new());
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
        status.set(format!("「{title}」をリストに追加しました。"));
    };
    let save = move |_| {
        let list: Vec<SavedView> = views.with(|v| v.iter().map(|(s, _)| s.clone()).collect());
        if let Err(message) = super::export_bar::save_file(
            "renkei-saved-views.json",
            to_json(&list).as_bytes(),
            "application/json",
        ) {
            status.set(format!("保存できませんでした：{message}"));
        }
    };
    let open = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let read = text
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| "ファイルを読めません。".to_string())
                .and_then(|text| from_json(text.as_bytes()));
            match read {
                Ok((list, notes)) => {
                    let count = list.len();
                    views.set(list);
                    position.set(None);
                    status.set(format!(
                        "{}件の表示を読み込みました。{}",
                        count,
                        notes.join(" ")
                    ));
                }
                // A file that is not a list changes nothing.
                Err(message) => status.set(format!("{}：{message}", file.name())),
            }
        });
    };

    view! {
        <section class="saved-views" aria-label="発表用の表示リスト" data-testid="saved-views">
            <h2>"発表用の表示リスト"</h2>
            <button type="button" data-testid="save-view" on:click=add>"この表示をリストに追加"</button>
            <ol>
                {move || views.get().into_iter().enumerate().map(|(index, (saved, _))| {
                    let title = saved.title.clone();
                    view! {
                        <li data-testid="saved-view" class:current=move || position.get() == Some(index)>
                            <button type="button" class="link" data-testid="open-saved-view" on:click=move |_| presentation.show(index)>{saved.title}</button>
                            " "
                            <button type="button" data-testid="remove-saved-view" aria-label=format!("「{title}」をリストから削除")
                                on:click=move |_| { views.update(|v| { v.remove(index); }); position.set(None); }>"削除"</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="row-inline">
                <button type="button" data-testid="export-views" on:click=save>"リストを保存（JSON）"</button>
                <label class="file-button">"リストを開く（JSON）"
                    <input type="file" accept=".json,application/json" data-testid="import-views" on:change=open />
                </label>
            </div>
            <button type="button" class="present" data-testid="presentation-toggle" on:click=move |_| presenting.update(|p| *p = !*p)>
                {move || if presenting.get() { "発表モードを終える" } else { "発表モードを始める（← → で切り替え）" }}
            </button>
            <p class="hint" role="status" data-testid="views-status">{move || status.get()}</p>
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
    move || {
        presenting.get().then(|| view! {
            <div class="presentation-bar" role="status" data-testid="presentation-bar">
                <span data-testid="presentation-position">{move || {
                    let count = views.with(Vec::len);
                    match position.get() {
                        Some(i) => format!("{} / {count}　{}", i + 1, views.with(|v| v[i].0.title.clone())),
                        None if count > 0 => format!("→ で1つ目の表示へ（全{count}件）"),
                        None => "リストに表示がありません（発表モードを終えて追加してください）".into(),
                    }
                }}</span>
                <button type="button" on:click=move |_| presentation.step(false)>"← 前へ"</button>
                <button type="button" on:click=move |_| presentation.step(true)>"次へ →"</button>
                <button type="button" data-testid="presentation-exit" on:click=move |_| presenting.set(false)>"終了（Esc）"</button>
            </div>
        })
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}
