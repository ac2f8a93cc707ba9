//! The reader worker: a second wasm binary, started only when a user opens a file, so the xlsx
//! reader (calamine, zip, XML) is not part of what a first visit downloads and parsing never
//! blocks the page. Built by Trunk as `data-type="worker"`; see `web::reader_worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    renkei::web::reader_worker::run(renkei::import::user_file::user_file_to_arrow);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("reader_worker runs inside the browser as a web worker (see ARCHITECTURE.md).");
    std::process::exit(2);
}
