//! Entry point of the browser app: install the panic hook and mount the root component.

#[cfg(target_arch = "wasm32")]
fn main() {
    renkei::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Renkei runs in the browser: serve it with scripts/serve.sh (see README.md).");
    std::process::exit(2);
}
