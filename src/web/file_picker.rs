//! The file picker and the page's drop target, on the first screen. They only collect files:
//! reading them is the file-opening part (`web::open_file`), a module of its own that is
//! downloaded the first time a file is picked, dropped or named by `?data=` — most visits open
//! none. Files that come before it is downloaded wait in [`FilesToOpen`].

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::fetch::data_parameters;
use super::text::{localized, use_language};

/// Files picked or dropped, for the file-opening part: they wait until it is downloaded and
/// reads them, and from then on go straight to it.
#[derive(Clone, Copy)]
pub struct FilesToOpen {
    queue: StoredValue<Queue, LocalStorage>,
    /// Whether the file-opening part is wanted: a file came, or `?data=` names one.
    wanted: RwSignal<bool>,
}

enum Queue {
    Waiting(Vec<web_sys::File>),
    Reader(Callback<Vec<web_sys::File>>),
}

impl FilesToOpen {
    pub fn new() -> FilesToOpen {
        FilesToOpen {
            queue: StoredValue::new_local(Queue::Waiting(Vec::new())),
            wanted: RwSignal::new(!data_parameters().is_empty()),
        }
    }

    /// Files just picked or dropped.
    pub fn add(self, files: Vec<web_sys::File>) {
        if files.is_empty() {
            return;
        }
        self.wanted.set(true);
        let reader = self.queue.with_value(|queue| match queue {
            Queue::Reader(reader) => Some(*reader),
            Queue::Waiting(_) => None,
        });
        match reader {
            Some(reader) => reader.run(files),
            None => self.queue.update_value(|queue| {
                if let Queue::Waiting(waiting) = queue {
                    waiting.extend(files);
                }
            }),
        }
    }

    /// Whether the file-opening part should be downloaded.
    pub fn wanted(self) -> bool {
        self.wanted.get()
    }

    /// The file-opening part, once downloaded: reads what waited, then every new file.
    pub fn read_with(self, reader: Callback<Vec<web_sys::File>>) {
        let before = self
            .queue
            .try_update_value(|q| std::mem::replace(q, Queue::Reader(reader)));
        if let Some(Queue::Waiting(files)) = before {
            if !files.is_empty() {
                reader.run(files);
            }
        }
    }
}

/// The picker, its hint and the CSV template; highlighted while a file is dragged over the
/// page. `children` is what the file-opening part shows once downloaded (the mapping step, the
/// files loaded, the status).
#[component]
pub fn FilePicker(files_to_open: FilesToOpen, children: Children) -> impl IntoView {
    let language = use_language();
    let dragging = RwSignal::new(false);
    let drag_over = window_event_listener(leptos::ev::dragover, move |_| dragging.set(true));
    let drag_leave = window_event_listener(leptos::ev::dragleave, move |_| dragging.set(false));
    let drop = window_event_listener(leptos::ev::drop, move |_| dragging.set(false));
    on_cleanup(move || {
        drag_over.remove();
        drag_leave.remove();
        drop.remove();
    });
    let on_change = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let Some(list) = input.files() else { return };
        let files = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value(""); // so that choosing the same file again reads it again
        files_to_open.add(files);
    };
    view! {
        <section class="open-file" class:dragging=move || dragging.get() aria-label=localized(language, "ファイルを開く", "Open files")>
            <label class="field">
                <span>{localized(language, "ファイルを開く（複数可）またはこのページにドロップ", "Open files (several at once), or drop them on this page")}</span>
                <input type="file" multiple data-testid="ndb-file-input" on:change=on_change
                    accept=".xlsx,.csv,.arrow,.arrows,.feather,.ipc,.parquet,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.apache.arrow.file,application/vnd.apache.arrow.stream" />
            </label>
            <p class="hint">
                {localized(language,
                    "NDB 特定健診の Excel（性年齢階級別分布）、区分（地域・職域など）ごとの人数を並べた CSV（UTF-8 または Shift_JIS）、または同じ列の Arrow・Parquet ファイル。",
                    "An NDB specific health checkup Excel workbook (distribution by sex and age band), a CSV of counts per group (regional, occupational…) in UTF-8 or Shift_JIS, or an Arrow or Parquet file of the same columns. ")}
                <a href="data/renkei-template.csv" download="renkei-template.csv" data-testid="template-download">{localized(language, "CSV のひな形をダウンロード", "Download the CSV template")}</a>
                {localized(language,
                    "。ファイルはこのブラウザの中だけで読み込まれ、どこにも送信されません。",
                    ". Files are read only inside this browser and are never sent anywhere.")}
            </p>
            {children()}
        </section>
    }
}
