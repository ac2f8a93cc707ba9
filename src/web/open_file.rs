//! The user's own files: the file picker (several at once), dropping files anywhere on the page,
//! files published next to the app and named by `?data=`, and the list of what is loaded with
//! each file's group. Files are parsed in the reader worker, one at a time; each is added only if
//! it merges with the files already loaded (`collection::merge_files`), so a refused file never
//! disturbs what is on screen.

use std::rc::Rc;
use std::sync::Arc;

use js_sys::ArrayBuffer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::column_mapping::ColumnMapping;
use super::fetch::{data_parameters, fetch_published_file};
use super::reader_worker::{parse_in_worker, read_user_file, yield_to_browser, Parsed};
use super::text::{localized, use_language};
use crate::import::collection::LoadedFile;
use crate::import::wide::{WideMapping, WidePreview};
use crate::model::text::format_people;
use crate::model::KNOWN_GROUPS;
use crate::view::language::{Language, Message};
use crate::view::names;

#[derive(Clone, Debug, PartialEq)]
enum FileStatus {
    Idle,
    /// File name and, once the reader can tell, the fraction read.
    Reading(String, Option<f64>),
    Loaded(Message),
    Failed(Message),
}

/// Where a file comes from: the user's disk, or the app's own site (`?data=`).
enum Source {
    Disk(web_sys::File),
    Published(String),
}

/// Name of the `performance.mark` set each time a file has been added.
pub const FILE_LOADED_MARK: &str = "renkei:file-loaded";

impl Source {
    fn from_list(list: &web_sys::FileList) -> Vec<Source> {
        (0..list.length())
            .filter_map(|i| list.get(i))
            .map(Source::Disk)
            .collect()
    }
}

/// Files dropped anywhere on the page. The page's own listener (`web::app`) takes every drop,
/// so the browser never leaves the page for a file, and hands the files here: they wait until
/// the file-opening part (`web::later`) is downloaded and reads them, and from then on go
/// straight to it.
#[derive(Clone, Copy)]
pub struct DroppedFiles(StoredValue<Dropped, LocalStorage>);

enum Dropped {
    Waiting(Vec<web_sys::File>),
    Reader(Callback<Vec<web_sys::File>>),
}

impl DroppedFiles {
    pub fn new() -> DroppedFiles {
        DroppedFiles(StoredValue::new_local(Dropped::Waiting(Vec::new())))
    }

    /// Files just dropped.
    pub fn add(self, files: Vec<web_sys::File>) {
        let reader = self.0.with_value(|dropped| match dropped {
            Dropped::Reader(reader) => Some(*reader),
            Dropped::Waiting(_) => None,
        });
        match reader {
            Some(reader) => reader.run(files),
            None => self.0.update_value(|dropped| {
                if let Dropped::Waiting(waiting) = dropped {
                    waiting.extend(files);
                }
            }),
        }
    }

    /// The file-opening part, once downloaded: reads what waited, then every drop.
    fn read_with(self, reader: Callback<Vec<web_sys::File>>) {
        let before = self
            .0
            .try_update_value(|d| std::mem::replace(d, Dropped::Reader(reader)));
        if let Some(Dropped::Waiting(files)) = before {
            if !files.is_empty() {
                reader.run(files);
            }
        }
    }
}

/// Key of the group select's "not said" option.
const UNASSIGNED: &str = "";

#[component]
pub fn OpenFile(
    files: Signal<Vec<LoadedFile>>,
    /// Replaces the loaded files; `Err` (a message) when they do not merge, nothing changed.
    apply: Callback<Vec<LoadedFile>, Result<(), Message>>,
    /// Files dropped on the page (the page listens: a drop may come before this part is
    /// downloaded, and then waits for it).
    dropped: DroppedFiles,
) -> impl IntoView {
    let language = use_language();
    let status = RwSignal::new(FileStatus::Idle);
    let dragging = RwSignal::new(false);

    // A wide table waiting for the user to confirm its columns (and its bytes, to send again).
    let pending: RwSignal<Option<(String, ArrayBuffer, WidePreview)>, LocalStorage> =
        RwSignal::new_local(None);

    // Parses one file in the worker and adds it; the status line says what happened.
    let parse_and_add = move |name: String, buffer: ArrayBuffer, mapping: Option<WideMapping>| async move {
        let progress_name = name.clone();
        let on_progress: Rc<dyn Fn(f64)> = Rc::new(move |fraction| {
            status.set(FileStatus::Reading(progress_name.clone(), Some(fraction)))
        });
        let parsed = parse_in_worker(&name, &buffer, mapping.as_ref(), on_progress).await;
        yield_to_browser().await;
        let dataset = match parsed {
            Ok(Parsed::Dataset(dataset)) => dataset,
            Ok(Parsed::NeedsMapping(preview)) => {
                status.set(FileStatus::Loaded(Message::new(
                    format!("「{name}」は見出しを自動で読み取れませんでした。下で列の対応を確かめてください。"),
                    format!("The headers of “{name}” could not be read by themselves. Check the columns’ roles below."),
                )));
                pending.set(Some((name, buffer, preview)));
                return;
            }
            Err(message) => {
                status.set(FileStatus::Failed(message));
                return;
            }
        };
        let rows = format_people(dataset.records.len() as u64);
        let mut next = files.get_untracked();
        let dataset = Arc::try_unwrap(dataset).unwrap_or_else(|shared| (*shared).clone());
        next.push(LoadedFile::new(&name, dataset));
        let ungrouped = next.last().is_some_and(LoadedFile::has_ungrouped_rows);
        match apply.run(next) {
            Ok(()) => {
                pending.set(None);
                // Read by the browser benchmark (benches/large_file.rs).
                if let Some(performance) = window().performance() {
                    // Fails only for a name the browser reserves; ours is not.
                    let _ = performance.mark(FILE_LOADED_MARK);
                }
                let (ask_japanese, ask_english) = if ungrouped {
                    (
                        "区分の列がないため、下の一覧で区分（地域・職域など）を選んでください。",
                        "It has no group column: choose its group (regional, occupational…) in the list below.",
                    )
                } else {
                    ("", "")
                };
                status.set(FileStatus::Loaded(Message::new(
                    format!("「{name}」を読み込みました（{rows} 行）。{ask_japanese}"),
                    format!("“{name}” is loaded ({rows} rows). {ask_english}"),
                )));
            }
            Err(message) => status.set(FileStatus::Failed(message)),
        }
    };

    let read_all = move |sources: Vec<Source>| {
        spawn_local(async move {
            for source in sources {
                let wanted = match &source {
                    Source::Disk(file) => file.name(),
                    Source::Published(wanted) => wanted.clone(),
                };
                status.set(FileStatus::Reading(wanted.clone(), None));
                let read = match source {
                    Source::Disk(file) => read_user_file(&file).await.map(|b| (file.name(), b)),
                    Source::Published(wanted) => {
                        fetch_published_file(&wanted).await.map(|(name, bytes)| {
                            (name, js_sys::Uint8Array::from(bytes.as_slice()).buffer())
                        })
                    }
                };
                match read {
                    Ok((name, buffer)) => parse_and_add(name, buffer, None).await,
                    Err(message) => status.set(FileStatus::Failed(message)),
                }
            }
        });
    };
    let apply_mapping = Callback::new(move |mapping: WideMapping| {
        let Some((name, buffer, _)) = pending.get_untracked() else {
            return;
        };
        status.set(FileStatus::Reading(name.clone(), None));
        spawn_local(parse_and_add(name, buffer, Some(mapping)));
    });

    let on_change = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let Some(list) = input.files() else { return };
        let sources = Source::from_list(&list);
        input.set_value(""); // so that choosing the same file again reads it again
        read_all(sources);
    };

    // Anywhere on the page (the page itself keeps the browser from leaving for a dropped file,
    // and queues it in `dropped`).
    let drag_over = window_event_listener(leptos::ev::dragover, move |_| dragging.set(true));
    let drag_leave = window_event_listener(leptos::ev::dragleave, move |_| dragging.set(false));
    on_cleanup(move || {
        drag_over.remove();
        drag_leave.remove();
    });
    dropped.read_with(Callback::new(move |files: Vec<web_sys::File>| {
        dragging.set(false);
        read_all(files.into_iter().map(Source::Disk).collect());
    }));

    let published = data_parameters();
    if !published.is_empty() {
        read_all(published.into_iter().map(Source::Published).collect());
    }

    let set_group = move |index: usize, group: String| {
        let mut next = files.get_untracked();
        let Some(file) = next.get_mut(index) else {
            return;
        };
        file.group_for_ungrouped = (group != UNASSIGNED).then_some(group);
        let said = Message::new(
            format!(
                "「{}」の区分：{}",
                file.file_name,
                names::file_groups(file, Language::Japanese)
            ),
            format!(
                "Group of “{}”: {}",
                file.file_name,
                names::file_groups(file, Language::English)
            ),
        );
        status.set(match apply.run(next) {
            Ok(()) => FileStatus::Loaded(said),
            Err(message) => FileStatus::Failed(message),
        });
    };
    let remove = move |index: usize| {
        let mut next = files.get_untracked();
        if index < next.len() {
            let removed = next.remove(index);
            if apply.run(next).is_ok() {
                let name = &removed.file_name;
                status.set(FileStatus::Loaded(Message::new(
                    format!("「{name}」を閉じました。"),
                    format!("“{name}” is closed."),
                )));
            }
        }
    };

    let file_rows = move || {
        files
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, file)| {
                let group_select = file.has_ungrouped_rows().then(|| {
                    let chosen = file.group_for_ungrouped.clone().unwrap_or_default();
                    let language = language.get();
                    let options = std::iter::once((UNASSIGNED, "未指定（全体）", "Not said (all)"))
                        .chain(KNOWN_GROUPS.iter().copied().filter(|(id, _, _)| *id != "all"))
                        .map(|(id, japanese, english)| {
                            let name = language.pick(japanese, english);
                            view! { <option value=id prop:selected=chosen == id>{name}</option> }
                        })
                        .collect_view();
                    view! {
                        <label class="field inline">
                            <span>{language.pick("区分", "Group")}</span>
                            <select data-testid="file-group-select"
                                on:change=move |ev| set_group(index, event_target_value(&ev))>
                                {options}
                            </select>
                        </label>
                    }
                });
                view! {
                    <li data-testid="loaded-file" data-file-name=file.file_name.clone()>
                        <span class="file-name">{file.file_name.clone()}</span>
                        <span class="file-groups">{
                            let rows = format_people(file.dataset.records.len() as u64);
                            match language.get() {
                                Language::Japanese => format!("（{}、{rows} 行）", names::file_groups(&file, Language::Japanese)),
                                Language::English => format!(" ({}, {rows} rows)", names::file_groups(&file, Language::English)),
                            }
                        }</span>
                        {group_select}
                        <button type="button" data-testid="remove-file" on:click=move |_| remove(index)>{localized(language, "閉じる", "Close")}</button>
                    </li>
                }
            })
            .collect_view()
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
            {move || pending.get().map(|(_, _, preview)| view! {
                <ColumnMapping preview=preview on_apply=apply_mapping
                    on_cancel=Callback::new(move |()| { pending.set(None); status.set(FileStatus::Idle); }) />
            })}
            <ul class="loaded-files" data-testid="loaded-files">{file_rows}</ul>
            {move || match status.get() {
                FileStatus::Idle => ().into_any(),
                FileStatus::Reading(name, fraction) => view! {
                    <p class="status" data-testid="file-status">
                        {match language.get() {
                            Language::Japanese => format!("「{name}」を読み込み中…"),
                            Language::English => format!("Reading “{name}”…"),
                        }}
                        <progress data-testid="file-progress" max="1" value=fraction.map(|f| f.to_string())></progress>
                    </p>
                }.into_any(),
                FileStatus::Loaded(message) => view! { <p class="status" data-testid="file-status">{message.text(language.get()).to_string()}</p> }.into_any(),
                FileStatus::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="file-error">{message.text(language.get()).to_string()}{localized(language,
                        " 表示中のグラフと表、読み込み済みのファイルはそのままです。",
                        " The chart and tables shown, and the files already loaded, are kept.")}</p>
                }.into_any(),
            }}
        </section>
    }
}
