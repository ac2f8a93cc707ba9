//! The columnar worker: the reader worker's protocol with the readers of Arrow and Parquet as
//! other tools write them, started by the reader worker for the first such file
//! (`web::columnar_relay`), so opening a CSV or a workbook does not download them. Built by
//! Trunk as `data-type="worker"` with feature `columnar-files`.

#[cfg(target_arch = "wasm32")]
fn main() {
    renkei::web::reader_worker::run(renkei::import::user_file::columnar_file_to_arrow);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("columnar_worker runs inside the browser as a web worker (see ARCHITECTURE.md).");
    std::process::exit(2);
}
