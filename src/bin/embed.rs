//! The embed page's binary: one chart from a permalink, without the app's components, so a page
//! that embeds it downloads little. Built by Trunk next to the app (unhashed `embed.js` and
//! `embed_bg.wasm`, loaded by `embed.html`); see `web::embed`.

#[cfg(target_arch = "wasm32")]
fn main() {
    renkei::web::embed::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("embed runs inside the browser, from embed.html (see ARCHITECTURE.md).");
    std::process::exit(2);
}
