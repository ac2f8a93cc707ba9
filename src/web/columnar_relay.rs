//! The reader worker's side of the columnar worker: an Arrow or Parquet file's request is
//! handed on unchanged to a worker that has their readers (`src/bin/columnar_worker.rs`, the
//! same protocol as `web::reader_worker`), started for the first such file only, and every
//! message it answers is handed back to the page as it is. So opening a CSV or a workbook does
//! not download Parquet, LZ4 or ZSTD (measured in `scripts/size-report.mjs`). Each file gets a
//! worker of its own, ended after its answer.

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

use crate::import::user_file::looks_columnar;
use crate::view::messages::reader_stopped;

/// Written by Trunk beside the reader worker's loader (worker files carry no hash).
const COLUMNAR_LOADER: &str = "./columnar_worker_loader.js";

type Handler = Closure<dyn FnMut(MessageEvent)>;

thread_local! {
    /// The handlers of the request in flight (the page sends one request at a time), kept
    /// until the next request replaces them: a handler cannot drop itself while it runs.
    static HANDLERS: RefCell<Option<[Handler; 2]>> = const { RefCell::new(None) };
}

/// Whether a request (`[file name, bytes, mapping]`) carries an Arrow or Parquet file; reads
/// the first 8 and the last 4 bytes.
pub fn is_columnar(request: &Array) -> bool {
    let bytes = Uint8Array::new(&request.get(1));
    let length = bytes.length();
    if length < 8 {
        return false;
    }
    let ends = [
        bytes.subarray(0, 8).to_vec(),
        bytes.subarray(length - 4, length).to_vec(),
    ];
    looks_columnar(&ends.concat())
}

/// Hands `request` to a new columnar worker and its answers to `page`, then ends that worker:
/// a worker's wasm memory only grows, and a large file's records would hold on to it for the
/// rest of the visit. The file's bytes and the Arrow answered are moved between the workers and
/// the page, not copied. If the worker stops (a panic in the parquet crate on damaged page
/// data), the page is told, naming the file.
pub fn relay(request: Array, page: DedicatedWorkerGlobalScope) {
    let file_name = request.get(0).as_string().unwrap_or_default();
    let Ok(worker) = Worker::new(COLUMNAR_LOADER) else {
        return say_stopped(&page, &file_name);
    };
    let on_message = {
        let (page, worker) = (page.clone(), worker.clone());
        Handler::new(move |event: MessageEvent| {
            let data = event.data();
            // Posting fails only for data that cannot be cloned; bytes and strings can.
            if data.as_string().as_deref() == Some(super::reader_worker::READY) {
                let _ = worker.post_message_with_transfer(&request, &Array::of1(&request.get(1)));
                return;
            }
            let answer = Array::from(&data);
            let _ = page.post_message_with_transfer(&data, &super::reader_worker::moved(&answer));
            if answer.get(0).as_string().as_deref() != Some(super::reader_worker::PROGRESS) {
                worker.terminate();
            }
        })
    };
    let on_error = {
        let (page, worker) = (page.clone(), worker.clone());
        Handler::new(move |_| {
            worker.terminate();
            say_stopped(&page, &file_name);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    HANDLERS.with(|cell| *cell.borrow_mut() = Some([on_message, on_error]));
}

fn say_stopped(page: &DedicatedWorkerGlobalScope, file_name: &str) {
    let reply = super::reader_worker::error_reply(&reader_stopped(file_name));
    let _ = page.post_message(&reply);
}
