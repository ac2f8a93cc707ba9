//! Both ends of the reader worker. Once its handler is installed the worker posts `"ready"`
//! (a message posted before that would be lost while the wasm initialises). Then the page posts
//! `[file name, ArrayBuffer, mapping JSON or undefined]`; the worker may answer
//! `["progress", fraction]` any number of times, then `["ok", Uint8Array]` with the dataset as
//! canonical Arrow IPC, `["mapping", …]` (`preview_reply`) for a wide table whose columns the
//! user must confirm, or `["error", Japanese message, English message]`. Arrow IPC is the only thing that crosses: the page already has its
//! reader. Parsing off the main thread keeps the page responsive while a large file is read.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, ArrayBuffer, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

use crate::import::canonical_ipc::read_ipc_file_format;
use crate::import::limits::READER_SILENCE_LIMIT_MS;
use crate::import::user_file::{too_large, MAX_USER_FILE_BYTES};
use crate::import::wide::{WideMapping, WidePreview};
use crate::import::{ImportError, Place};
use crate::model::Dataset;
use crate::view::language::Message;
use crate::view::messages::{import_error, reader_silent, reader_stopped};

/// Written by Trunk next to `index.html` (worker files carry no hash).
const WORKER_LOADER: &str = "./reader_worker_loader.js";
pub(super) const READY: &str = "ready";
pub(super) const PROGRESS: &str = "progress";
const MAPPING: &str = "mapping";
/// Not posted by the worker: what the page hears when the worker's wasm stopped (a panic, which
/// aborts; the parquet crate asserts on damaged page data).
const STOPPED: &str = "stopped";

/// What the worker made of a file.
pub enum Parsed {
    Dataset(Dataset),
    /// A wide table: the user confirms how its columns are read, then it is sent again.
    NeedsMapping(WidePreview),
}

/// Worker side: answer every request until the page closes, each file converted by
/// `convert` (the `reader_worker` binary: `user_file_to_arrow`; the `columnar_worker` binary:
/// `columnar_file_to_arrow`).
#[cfg(feature = "reader")]
pub fn run(convert: crate::import::user_file::Convert) {
    use crate::import::user_file::Converted;
    use web_sys::DedicatedWorkerGlobalScope;
    // No console panic hook: a panic stops the worker, the page hears it and names the file
    // (`reader_stopped`), and a reader's panic is reproduced natively (`cargo bench --bench
    // fuzz`, `RENKEI_FUZZ_SEED`). Formatting it for the console cost each worker 1.4 KB gzip.
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request: Array = event.data().unchecked_into();
        #[cfg(not(feature = "columnar-files"))]
        if super::columnar_relay::is_columnar(&request) {
            super::columnar_relay::relay(request, reply_scope.clone());
            return;
        }
        let file_name = request.get(0).as_string().unwrap_or_default();
        let bytes = Uint8Array::new(&request.get(1)).to_vec();
        let mapping: Option<WideMapping> = request
            .get(2)
            .as_string()
            .and_then(|json| serde_json::from_str(&json).ok());
        // Posting fails only for data that cannot be cloned; strings, numbers and bytes can.
        let mut report = |fraction: f64| {
            let _ = reply_scope.post_message(&Array::of2(&PROGRESS.into(), &fraction.into()));
        };
        let reply = match convert(&bytes, &file_name, mapping.as_ref(), &mut report) {
            Ok(Converted::Arrow(arrow)) => {
                Array::of2(&"ok".into(), &Uint8Array::from(arrow.as_slice()))
            }
            Ok(Converted::NeedsMapping(preview)) => preview_reply(&preview),
            Err(error) => error_reply(&import_error(&error)),
        };
        let _ = reply_scope.post_message_with_transfer(&reply, &moved(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    let _ = scope.post_message(&READY.into());
}

/// A worker's answer that a wide table needs its mapping: `["mapping", file name, header cells,
/// sample cells, the guess as JSON]`, the cells as arrays of arrays of strings, which the page
/// reads without a JSON reader of its own for them (0.6 KB of the opening of files).
#[cfg(feature = "reader")]
fn preview_reply(preview: &WidePreview) -> Array {
    let cells = |rows: &[Vec<String>]| -> Array {
        rows.iter()
            .map(|row| row.iter().map(JsValue::from).collect::<Array>())
            .collect()
    };
    let guess = serde_json::to_string(&preview.guess).unwrap_or_default();
    [
        JsValue::from(MAPPING),
        preview.file_name.as_str().into(),
        cells(&preview.headers).into(),
        cells(&preview.samples).into(),
        guess.into(),
    ]
    .iter()
    .collect()
}

/// A worker's answer that a file was refused: `["error", Japanese, English]`, both texts, so
/// the page follows a language switch after showing it.
#[cfg(feature = "reader")]
pub(super) fn error_reply(message: &Message) -> Array {
    use crate::view::language::Language;
    Array::of3(
        &"error".into(),
        &message.text(Language::Japanese).into(),
        &message.text(Language::English).into(),
    )
}

/// What an answer moves instead of copying: the Arrow bytes of an `["ok", bytes]` answer (a
/// large file's would otherwise be copied once per hop), nothing for the others.
#[cfg(feature = "reader")]
pub(super) fn moved(answer: &Array) -> Array {
    match answer.get(0).as_string().as_deref() {
        Some("ok") => Array::of1(&answer.get(1).unchecked_into::<Uint8Array>().buffer()),
        _ => Array::new(),
    }
}

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    /// Settles when the last queued request is done: the worker answers one request at a time,
    /// and a file dropped while a `?data=` file loads must wait its turn.
    static QUEUE_TAIL: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// A place in the worker's queue; dropping it lets the next request go.
struct QueueTurn(js_sys::Function);

impl QueueTurn {
    async fn take() -> QueueTurn {
        let mut release = None;
        let mine = Promise::new(&mut |resolve, _reject| release = Some(resolve));
        let previous = QUEUE_TAIL.with(|tail| tail.replace(Some(mine)));
        if let Some(previous) = previous {
            // A turn's promise is only ever resolved (when the turn ends), never rejected.
            let _ = JsFuture::from(previous).await;
        }
        QueueTurn(release.expect("a Promise runs its executor at once"))
    }
}

impl Drop for QueueTurn {
    fn drop(&mut self) {
        // Calling a promise's own resolve function cannot fail.
        let _ = self.0.call0(&JsValue::NULL);
    }
}

type MessageHandler = Closure<dyn FnMut(MessageEvent)>;

/// Not posted by the worker: what the page makes of a worker silent for
/// `limits::READER_SILENCE_LIMIT_MS`.
pub const TIMED_OUT: &str = "timed-out";

/// A reply the page waits for: its handlers are installed on the worker when this is made,
/// before the request goes out, and removed once the reply has come.
pub struct PendingReply {
    reply: JsFuture,
    _handlers: [MessageHandler; 2],
}

/// Expects the next message from the worker that is not a progress report (those go to
/// `on_progress`), a failure message if the worker fails instead, or `[TIMED_OUT]` once it has
/// sent nothing, neither progress nor an answer, for `silence_limit_ms`.
pub fn expect_reply(
    worker: &Worker,
    on_progress: Rc<dyn Fn(f64)>,
    silence_limit_ms: i32,
) -> PendingReply {
    let mut resolve_slot = None;
    let reply = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = resolve_slot.expect("a Promise runs its executor at once");
    // The watchdog: a timer that resolves the reply as `[TIMED_OUT]`, set again at every
    // progress report. One that fires after the reply resolves a settled promise: nothing.
    let restart_watchdog = {
        let (resolve, timer) = (resolve.clone(), Cell::new(None));
        let timed_out = Array::of1(&TIMED_OUT.into());
        move || {
            if let Some(window) = web_sys::window() {
                if let Some(timer) = timer.take() {
                    window.clear_timeout_with_handle(timer);
                }
                timer.set(
                    window
                        .set_timeout_with_callback_and_timeout_and_arguments_1(
                            &resolve,
                            silence_limit_ms,
                            &timed_out,
                        )
                        .ok(),
                );
            }
        }
    };
    restart_watchdog();
    let on_message = {
        let resolve = resolve.clone();
        MessageHandler::new(move |event: MessageEvent| {
            let data = event.data();
            let message = Array::from(&data);
            if message.get(0).as_string().as_deref() == Some(PROGRESS) {
                restart_watchdog();
                on_progress(message.get(1).as_f64().unwrap_or(0.0));
            } else {
                // Calling a promise's own resolve function cannot fail.
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        })
    };
    let on_error = MessageHandler::new(move |_| {
        // Calling a promise's own resolve function cannot fail.
        let _ = resolve.call1(&JsValue::NULL, &Array::of1(&STOPPED.into()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    PendingReply {
        reply: JsFuture::from(reply),
        _handlers: [on_message, on_error],
    }
}

impl PendingReply {
    pub async fn wait(self, worker: &Worker) -> JsValue {
        let reply = self.reply.await.unwrap_or(JsValue::UNDEFINED);
        worker.set_onmessage(None);
        worker.set_onerror(None);
        reply
    }
}

/// The worker, started and awaited on first use.
async fn worker() -> Result<Worker, Message> {
    if let Some(worker) = WORKER.with(|cell| cell.borrow().clone()) {
        return Ok(worker);
    }
    let not_started = || {
        Message::new(
            "ファイルを読む部品（reader_worker）を起動できません。",
            "The part that reads files (reader_worker) cannot be started.",
        )
    };
    let worker = Worker::new(WORKER_LOADER).map_err(|_| not_started())?;
    let first_message = expect_reply(&worker, Rc::new(|_| {}), READER_SILENCE_LIMIT_MS)
        .wait(&worker)
        .await;
    if first_message.as_string().as_deref() != Some(READY) {
        worker.terminate();
        return Err(not_started());
    }
    WORKER.with(|cell| *cell.borrow_mut() = Some(worker.clone()));
    Ok(worker)
}

/// Page side: the bytes of a file the user chose (refusing one too large before reading it).
pub async fn read_user_file(file: &web_sys::File) -> Result<ArrayBuffer, Message> {
    let file_name = file.name();
    if file.size() > MAX_USER_FILE_BYTES as f64 {
        return Err(import_error(&too_large(&file_name, file.size() as usize)));
    }
    JsFuture::from(file.array_buffer())
        .await
        .map(JsCast::unchecked_into)
        .map_err(|_| unreadable(&file_name))
}

/// Parses a file's bytes in the worker (`mapping`: how to read a wide table, once confirmed).
/// The bytes are copied, not moved, so a table that needs its mapping can be sent again.
/// Every failure is a message naming the file.
pub async fn parse_in_worker(
    file_name: &str,
    buffer: &ArrayBuffer,
    mapping: Option<&WideMapping>,
    on_progress: Rc<dyn Fn(f64)>,
) -> Result<Parsed, Message> {
    let _turn = QueueTurn::take().await;
    let worker = worker().await?;
    let mapping_json = mapping
        .and_then(|m| serde_json::to_string(m).ok())
        .map_or(JsValue::UNDEFINED, JsValue::from);
    let request = Array::of3(&file_name.into(), buffer, &mapping_json);
    let pending = expect_reply(&worker, on_progress, READER_SILENCE_LIMIT_MS);
    let reply = match worker.post_message(&request) {
        Ok(()) => Array::from(&pending.wait(&worker).await),
        Err(_) => {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            return Err(Message::new(
                "ファイルを読む部品に渡せません。",
                "It cannot be handed to the part that reads files.",
            )
            .about(file_name));
        }
    };
    match reply.get(0).as_string().as_deref() {
        Some("ok") => {
            let bytes = Uint8Array::new(&reply.get(1)).to_vec();
            // Reading a large file's Arrow and merging it are separate main-thread tasks, so
            // the page answers input between them.
            yield_to_browser().await;
            read_ipc_file_format(&bytes)
                .map(Parsed::Dataset)
                .map_err(|problem| import_error(&ImportError::new(file_name, Place::File, problem)))
        }
        Some(ended @ (STOPPED | TIMED_OUT)) => {
            // A stopped or stuck instance cannot be trusted with the next file: it is ended
            // (its memory with it) and a new one is started for the next.
            worker.terminate();
            WORKER.with(|cell| cell.borrow_mut().take());
            Err(match ended {
                STOPPED => reader_stopped(file_name),
                _ => reader_silent(file_name),
            })
        }
        Some(MAPPING) => {
            let cells = |rows: JsValue| -> Vec<Vec<String>> {
                Array::from(&rows)
                    .iter()
                    .map(|row| {
                        Array::from(&row)
                            .iter()
                            .filter_map(|c| c.as_string())
                            .collect()
                    })
                    .collect()
            };
            reply
                .get(4)
                .as_string()
                .and_then(|json| serde_json::from_str(&json).ok())
                .map(|guess| {
                    Parsed::NeedsMapping(WidePreview {
                        file_name: reply.get(1).as_string().unwrap_or_default(),
                        headers: cells(reply.get(2)),
                        samples: cells(reply.get(3)),
                        guess,
                    })
                })
                .ok_or_else(|| unreadable(file_name))
        }
        _ => match (reply.get(1).as_string(), reply.get(2).as_string()) {
            (Some(japanese), Some(english)) => Err(Message::new(japanese, english)),
            _ => Err(unreadable(file_name)),
        },
    }
}

fn unreadable(file_name: &str) -> Message {
    Message::new("ファイルを読み込めません。", "The file cannot be read.").about(file_name)
}

/// Lets the browser handle input and paint before the next step (a zero-delay timeout).
pub async fn yield_to_browser() {
    let later = Promise::new(&mut |resolve, _reject| {
        // A page's timer with a function cannot fail to be set.
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    // Only ever resolved, by the timer.
    let _ = JsFuture::from(later).await;
}
