//! The reader worker's side of the columnar worker: an Arrow or Parquet file's request is
//! handed on unchanged to a worker that has their readers (`src/bin/columnar_worker.rs`, the
//! same protocol as `web::reader_worker`), started for the first such file only, and every
//! message it answers is handed back to the page as it is. So opening a CSV or a workbook does
//! not download Parquet, LZ4 or ZSTD (measured in `scripts/size-report.mjs`).

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

use crate::import::user_file::looks_columnar;
use crate::view::language::Language;
use crate::view::messages::reader_stopped;

/// Written by Trunk beside the reader worker's loader (worker files carry no hash).
const COLUMNAR_LOADER: &str = "./columnar_worker_loader.js";

type Handler = Closure<dyn FnMut(MessageEvent)>;

thread_local! {
    /// The columnar worker once started, and whether it has said it is ready.
    static COLUMNAR_WORKER: RefCell<Option<(Worker, bool)>> = const { RefCell::new(None) };
    /// The handlers of the request in flight (the page sends one request at a time).
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

/// Hands `request` to the columnar worker and its answers to `page`. If that worker stops (a
/// panic in the parquet crate on damaged page data), the page is told, naming the file, and
/// the next such file gets a new worker.
pub fn relay(request: Array, page: DedicatedWorkerGlobalScope) {
    let file_name = request.get(0).as_string().unwrap_or_default();
    let worker = match COLUMNAR_WORKER.with(|cell| cell.borrow().as_ref().map(|(w, _)| w.clone())) {
        Some(worker) => worker,
        None => match Worker::new(COLUMNAR_LOADER) {
            Ok(worker) => {
                COLUMNAR_WORKER.with(|cell| *cell.borrow_mut() = Some((worker.clone(), false)));
                worker
            }
            Err(_) => return say_stopped(&page, &file_name),
        },
    };
    let on_message = {
        let (page, worker, request) = (page.clone(), worker.clone(), request.clone());
        Handler::new(move |event: MessageEvent| {
            let data = event.data();
            if data.as_string().as_deref() == Some(super::reader_worker::READY) {
                COLUMNAR_WORKER.with(|cell| {
                    if let Some((_, ready)) = cell.borrow_mut().as_mut() {
                        *ready = true;
                    }
                });
                // Posting fails only for data that cannot be cloned; bytes and strings can.
                let _ = worker.post_message(&request);
                return;
            }
            // Progress, then the answer: each goes to the page as it came.
            let _ = page.post_message(&data);
        })
    };
    let on_error = {
        let page = page.clone();
        Handler::new(move |_| {
            if let Some((worker, _)) = COLUMNAR_WORKER.with(|cell| cell.borrow_mut().take()) {
                worker.terminate();
            }
            say_stopped(&page, &file_name);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    HANDLERS.with(|cell| *cell.borrow_mut() = Some([on_message, on_error]));
    let ready = COLUMNAR_WORKER.with(|cell| cell.borrow().as_ref().is_some_and(|(_, r)| *r));
    if ready {
        let _ = worker.post_message(&request);
    }
}

fn say_stopped(page: &DedicatedWorkerGlobalScope, file_name: &str) {
    let message = reader_stopped(file_name);
    let _ = page.post_message(&Array::of3(
        &"error".into(),
        &message.text(Language::Japanese).into(),
        &message.text(Language::English).into(),
    ));
}
