// Starts the embed page's wasm (wasm-bindgen's no-modules output defines `wasm_bindgen`).
// A separate file, so the page's CSP needs no inline script.
wasm_bindgen("embed_bg.wasm");
