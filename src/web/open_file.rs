//! Opening a file from the user's disk: an NDB workbook or a tidy CSV. The file is parsed in the reader worker;
//! success hands the dataset to the app, failure shows a message and leaves the page as it was.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::reader_worker::read_user_file;
use crate::model::Dataset;
use crate::stats::format_people;

#[derive(Clone, Debug, PartialEq)]
enum FileStatus {
    Idle,
    Reading(String),
    Loaded(String),
    Failed(String),
}

#[component]
pub fn OpenFile(on_loaded: Callback<(Arc<Dataset>, String)>) -> impl IntoView {
    let status = RwSignal::new(FileStatus::Idle);
    let on_change = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value(""); // so that choosing the same file again reads it again
        let file_name = file.name();
        status.set(FileStatus::Reading(file_name.clone()));
        spawn_local(async move {
            match read_user_file(file).await {
                Ok(dataset) => {
                    let rows = format_people(dataset.records.len() as u64);
                    status.set(FileStatus::Loaded(format!(
                        "「{file_name}」を読み込みました（{rows} 行）。"
                    )));
                    on_loaded.run((dataset, file_name));
                }
                Err(message) => status.set(FileStatus::Failed(message)),
            }
        });
    };
    view! {
        <section class="open-file" aria-label="ファイルを開く">
            <label class="field">
                <span>"ファイルを開く（NDB の Excel、または集計 CSV）"</span>
                <input type="file" data-testid="ndb-file-input" on:change=on_change
                    accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
            </label>
            <p class="hint">"NDB 特定健診の「性年齢階級別分布」（都道府県別・二次医療圏別）か、区分（地域・職域など）ごとの人数を並べた CSV（UTF-8 または Shift_JIS、形式は docs/data-format.md）。ファイルはこのブラウザの中だけで読み込まれ、どこにも送信されません。"</p>
            {move || match status.get() {
                FileStatus::Idle => ().into_any(),
                FileStatus::Reading(name) => view! { <p class="status" data-testid="file-status">{format!("「{name}」を読み込み中…")}</p> }.into_any(),
                FileStatus::Loaded(message) => view! { <p class="status" data-testid="file-status">{message}</p> }.into_any(),
                FileStatus::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="file-error">{message}" 表示中のグラフと表はそのままです。"</p>
                }.into_any(),
            }}
        </section>
    }
}
