//! The Parquet worker: the reader worker's protocol and readers plus the parquet crate, started
//! by the reader worker for the first Parquet file (`web::reader_worker::parquet`), so opening a
//! CSV or a workbook does not download Parquet's decoders. Built by Trunk as
//! `data-type="worker"` with feature `parquet-files`.

#[cfg(target_arch = "wasm32")]
fn main() {
    renkei::web::reader_worker::run(renkei::import::user_file::parquet_file_to_arrow);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("parquet_worker runs inside the browser as a web worker (see ARCHITECTURE.md).");
    std::process::exit(2);
}
