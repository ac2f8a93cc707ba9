//! Architecture invariants of ARCHITECTURE.md, checked on the source text.

use std::path::Path;

/// The core never touches the browser: only `src/web/` (and `main.rs`, which mounts it) may
/// name the browser crates.
#[test]
fn the_core_never_imports_browser_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "rs")
            || path.ends_with("main.rs")
            || path.ends_with("lib.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for forbidden in [
            "leptos",
            "web_sys",
            "wasm_bindgen",
            "gloo",
            "plotters_canvas",
            "js_sys",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} mentions {forbidden}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 8, "expected the core modules, checked {checked}");
}
