//! Sharing the view: the button that copies the page's address (which always holds the whole
//! view), and the panel with the `<iframe>` code, text alternative and data link that web staff
//! paste into a prefecture's page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::text::{localized, use_language};
use crate::view::embed::iframe_snippet;
use crate::view::language::Message;
use crate::view::permalink::{self, ViewState};
use crate::view::screen::ScreenModel;

#[component]
pub fn ShareBar(current_view: Memo<ViewState>, model: Memo<Option<ScreenModel>>) -> impl IntoView {
    let language = use_language();
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
    let embed_panel = move || {
        embed_open.get().then(|| {
            let location = window().location();
            let path = location.pathname().unwrap_or_default();
            let base = format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                &path[..path.rfind('/').map_or(0, |i| i + 1)]
            );
            let view = current_view.get();
            let query = permalink::to_query(&ViewState {
                presenting: false,
                ..view
            });
            let (title, alternative) = model
                .get()
                .map(|m| (m.embed_title(), m.text_alternative()))
                .unwrap_or_default();
            view! {
                <div class="embed-panel" data-testid="embed-panel">
                    <label class="field"><span>{localized(language, "貼り付けるコード（iframe）", "Code to paste (iframe)")}</span>
                        <textarea readonly rows="3" data-testid="embed-code">{iframe_snippet(&base, &query, &title)}</textarea>
                    </label>
                    <label class="field"><span>{localized(language, "図の代替テキスト（altやページ本文に）", "Text alternative of the chart (for alt or the page’s text)")}</span>
                        <textarea readonly rows="3" data-testid="embed-alt">{alternative}</textarea>
                    </label>
                    <p>{localized(language, "データ表と出典へのリンク：", "Link to the data table and sources: ")}<a data-testid="embed-data-link" target="_blank" rel="noopener" href=format!("{base}?{query}")>{format!("{base}?{query}")}</a></p>
                    <p class="hint">{localized(language,
                        "埋め込み図は内蔵のNDBデータだけを表示します。幅は貼り付け先に合わせて描き直されます。",
                        "An embedded chart shows only the built-in NDB data. It is redrawn to the width of the page it is pasted in.")}</p>
                </div>
            }
        })
    };
    view! {
        <div class="share">
            <button type="button" data-testid="copy-link" on:click=copy_link>{localized(language, "この表示のリンクをコピー", "Copy the link to this view")}</button>
            <button type="button" data-testid="embed-toggle" aria-expanded=move || embed_open.get().to_string()
                on:click=move |_| embed_open.update(|o| *o = !*o)>{localized(language, "ウェブページに埋め込む", "Embed in a web page")}</button>
            <span class="hint" role="status" data-testid="link-status">{move || link_status.get().map(|m| m.text(language.get()).to_string())}</span>
        </div>
        {embed_panel}
    }
}
