//! Both ends of the reader worker. Once its handler is installed the worker posts `"ready"`
//! (a message posted before that would be lost while the wasm initialises). Then the page posts
//! `[file name, ArrayBuffer]` and the worker answers `["ok", Uint8Array]` with the dataset as
//! canonical Arrow IPC, or `["error", message]`. Arrow IPC is the only thing that crosses: the
//! page already has its reader.

use std::cell::RefCell;
use std::sync::Arc;

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

use crate::arrow_io::read_ipc_file;
use crate::model::Dataset;
use crate::user_file::{too_large_message, user_file_to_arrow, MAX_USER_FILE_BYTES};

/// Written by Trunk next to `index.html` (worker files carry no hash).
const WORKER_LOADER: &str = "./reader_worker_loader.js";

/// Worker side: answer every request until the page closes.
pub fn run() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request: Array = event.data().unchecked_into();
        let file_name = request.get(0).as_string().unwrap_or_default();
        let bytes = Uint8Array::new(&request.get(1)).to_vec();
        let reply = match user_file_to_arrow(&bytes, &file_name) {
            Ok(arrow) => Array::of2(&"ok".into(), &Uint8Array::from(arrow.as_slice())),
            Err(message) => Array::of2(&"error".into(), &message.into()),
        };
        let _ = reply_scope.post_message(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    let _ = scope.post_message(&READY.into());
}

const READY: &str = "ready";

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// The next message from the worker (or a failure message if the worker fails instead).
/// The handlers are installed now, before the caller posts anything.
fn next_reply(worker: &Worker) -> JsFuture {
    let reply = Promise::new(&mut |resolve, _reject| {
        let on_message = Closure::once_into_js({
            let resolve = resolve.clone();
            move |event: MessageEvent| {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            }
        });
        let on_error = Closure::once_into_js(move |_: JsValue| {
            let failed = Array::of2(
                &"error".into(),
                &"ファイルを読む部品（reader_worker）が動きませんでした。".into(),
            );
            let _ = resolve.call1(&JsValue::NULL, &failed);
        });
        worker.set_onmessage(Some(on_message.unchecked_ref()));
        worker.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(reply)
}

/// The worker, started and awaited on first use.
async fn worker() -> Result<Worker, String> {
    if let Some(worker) = WORKER.with(|cell| cell.borrow().clone()) {
        return Ok(worker);
    }
    let not_started = || "ファイルを読む部品（reader_worker）を起動できません。".to_string();
    let worker = Worker::new(WORKER_LOADER).map_err(|_| not_started())?;
    let first_message = next_reply(&worker).await.unwrap_or(JsValue::UNDEFINED);
    if first_message.as_string().as_deref() != Some(READY) {
        worker.terminate();
        return Err(not_started());
    }
    WORKER.with(|cell| *cell.borrow_mut() = Some(worker.clone()));
    Ok(worker)
}

/// Page side: reads a file the user chose, parses it in the worker and returns the dataset.
/// Every failure is a message naming the file.
pub async fn read_user_file(file: web_sys::File) -> Result<Arc<Dataset>, String> {
    let file_name = file.name();
    if file.size() > MAX_USER_FILE_BYTES as f64 {
        return Err(too_large_message(&file_name, file.size() as usize));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{file_name}：ファイルを読み込めません。"))?;
    let worker = worker().await?;
    let request = Array::of2(&file_name.clone().into(), &buffer);
    let reply = next_reply(&worker); // handler installed before the request goes out
    worker
        .post_message_with_transfer(&request, &Array::of1(&buffer))
        .map_err(|_| format!("{file_name}：ファイルを読む部品に渡せません。"))?;
    let reply: Array = reply
        .await
        .unwrap_or(JsValue::UNDEFINED)
        .dyn_into()
        .unwrap_or_default();
    match reply.get(0).as_string().as_deref() {
        Some("ok") => {
            let bytes = Uint8Array::new(&reply.get(1)).to_vec();
            read_ipc_file(&bytes)
                .map(Arc::new)
                .map_err(|error| format!("{file_name}：{}", error.message_ja()))
        }
        _ => Err(reply
            .get(1)
            .as_string()
            .unwrap_or_else(|| format!("{file_name}：読み込めません。"))),
    }
}
