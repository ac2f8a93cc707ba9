//! Reading the user's own files — picked or dropped (collected by `web::file_picker`), or
//! published next to the app and named by `?data=` — and the list of what is loaded with each
//! file's group. Files are parsed in the reader worker, one at a time; each is added only if it
//! merges with the files already loaded (`collection::merge_files`), so a refused file never
//! disturbs what is on screen. A split point of its own (`web::later::open_file`): downloaded
//! with the first file.

use std::rc::Rc;

use js_sys::ArrayBuffer;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::column_mapping::ColumnMapping;
use super::fetch::{data_parameters, fetch_published_file};
use super::file_picker::FilesToOpen;
use super::reader_worker::{parse_in_worker, read_user_file, yield_to_browser, Parsed};
use super::text::{localized, use_language};
use crate::import::collection::LoadedFile;
use crate::import::limits::MAX_FILES;
use crate::import::wide::{WideMapping, WidePreview};
use crate::model::text::format_people;
use crate::model::KNOWN_GROUPS;
use crate::view::language::{Language, Message};
use crate::view::messages::too_many_linked_files;
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

/// Key of the group select's "not said" option.
const UNASSIGNED: &str = "";

#[component]
pub fn OpenFile(
    files: Signal<Vec<LoadedFile>>,
    /// Replaces the loaded files; `Err` (a message) when they do not merge, nothing changed.
    apply: Callback<Vec<LoadedFile>, Result<(), Message>>,
    /// Files picked or dropped (some may have come before this part was downloaded).
    files_to_open: FilesToOpen,
) -> impl IntoView {
    let language = use_language();
    let status = RwSignal::new(FileStatus::Idle);

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
                    Source::Published(wanted) => fetch_published_file(&wanted).await,
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

    files_to_open.read_with(Callback::new(move |files: Vec<web_sys::File>| {
        read_all(files.into_iter().map(Source::Disk).collect());
    }));

    // A link naming more files than can be loaded together fetches none of them: a crafted
    // link must not make the page fetch hundreds of files from its site.
    let published = data_parameters();
    if published.len() > MAX_FILES {
        status.set(FileStatus::Failed(too_many_linked_files(published.len())));
    } else if !published.is_empty() {
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

    // Inside the picker's section (`web::file_picker::FilePicker`).
    view! {
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
    }
}
