//! Architecture invariants of ARCHITECTURE.md, checked on the source text of every file under
//! `src/`, folders included:
//!
//! - the layers are folders, and a file imports only its own layer and the layers below it
//!   (model → import → analysis → draw → view → web: `view` may use `draw`, never the reverse);
//! - no file outside `src/web/` names a browser crate.

use std::path::{Path, PathBuf};

/// The layers, lowest first. A file may use `crate::<layer>` only for its own layer or a lower one.
const LAYERS: [&str; 6] = ["model", "import", "analysis", "draw", "view", "web"];

/// Crates that exist only in the browser; the core must build and run natively.
const BROWSER_CRATES: [&str; 8] = [
    "leptos",
    "web_sys",
    "wasm_bindgen",
    "wasm_bindgen_futures",
    "gloo_net",
    "plotters_canvas",
    "js_sys",
    "console_error_panic_hook",
];

/// What is wrong with one file's text, if it lies in `layer` (`None`: an entry point such as
/// `lib.rs` or `src/bin/`, which may use every layer).
fn violations(layer: Option<&str>, text: &str) -> Vec<String> {
    let Some(layer) = layer else {
        return Vec::new();
    };
    let rank = |name: &str| LAYERS.iter().position(|l| *l == name);
    let own_rank = rank(layer).expect("a known layer");
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        // Comments may name anything; code may not.
        let code = line.split("//").next().unwrap_or_default();
        for (position, _) in code.match_indices("crate::") {
            let rest = &code[position + "crate::".len()..];
            let used: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if let Some(used_rank) = rank(&used) {
                if used_rank > own_rank {
                    found.push(format!(
                        "line {}: `{layer}` uses the higher layer `{used}`: {}",
                        index + 1,
                        line.trim()
                    ));
                }
            }
        }
        if layer != "web" {
            for browser_crate in BROWSER_CRATES {
                let named = code.match_indices(browser_crate).any(|(position, _)| {
                    let before = code[..position].chars().next_back();
                    let after = code[position + browser_crate.len()..].chars().next();
                    let is_word =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                    !is_word(before) && !is_word(after)
                });
                if named {
                    found.push(format!(
                        "line {}: `{layer}` names the browser crate `{browser_crate}`: {}",
                        index + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn imports_point_only_down_the_layers_and_the_browser_stays_in_web() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut files_per_layer = [0usize; LAYERS.len()];
    for path in rust_files(&src) {
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap();
        let layer = LAYERS
            .iter()
            .position(|l| first.as_os_str() == *l)
            .map(|index| {
                files_per_layer[index] += 1;
                LAYERS[index]
            });
        let text = std::fs::read_to_string(&path).unwrap();
        for problem in violations(layer, &text) {
            problems.push(format!("{}: {problem}", relative.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for (layer, count) in LAYERS.iter().zip(files_per_layer) {
        assert!(
            count >= 3,
            "src/{layer}/ holds {count} files: is the layer still a folder?"
        );
    }
}

/// The check itself catches what it is for (a planted upward import was also seen to fail the
/// test above once, see the commit that added this file).
#[test]
fn the_check_sees_upward_imports_and_browser_crates() {
    assert_eq!(
        violations(Some("analysis"), "use crate::model::Record;"),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(Some("view"), "use crate::draw::chart;"),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(Some("analysis"), "// see crate::view::screen"),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(None, "use renkei::web; use crate::web::x;"),
        Vec::<String>::new()
    );
    let upward = violations(Some("draw"), "use crate::view::language::Language;");
    assert_eq!(upward.len(), 1, "{upward:?}");
    assert!(upward[0].contains("higher layer `view`"));
    let nested = violations(Some("model"), "    let x = crate::analysis::binned::fit();");
    assert_eq!(nested.len(), 1, "{nested:?}");
    assert_eq!(violations(Some("view"), "use leptos::prelude::*;").len(), 1);
    assert_eq!(
        violations(Some("web"), "use leptos::prelude::*;"),
        Vec::<String>::new()
    );
    assert_eq!(
        violations(Some("view"), "let leptos_like = 1;"),
        Vec::<String>::new()
    );
}

/// The `data-testid`s a component writes, as patterns: a literal id, or `*` where a
/// `format!` fills in a part (`sim-table-*`, `*-png-*`). Props and fields named `testid` count
/// too, since components pass them on (`<ChartCanvas testid="sim-chart" …>`).
fn testid_patterns(source: &str) -> Vec<String> {
    let mut patterns = Vec::new();
    // The last two: an attribute set by a DOM call (`("data-testid", "trend-table")`), or an
    // id made for one (`let testid = format!("trend-row-{}", …)`).
    for marker in [
        "data-testid=",
        "testid=",
        "testid: ",
        "\"data-testid\", ",
        "testid = ",
    ] {
        for (position, _) in source.match_indices(marker) {
            if marker != "data-testid=" && source[..position].ends_with("data-") {
                continue;
            }
            let rest = &source[position + marker.len()..];
            // Quoted in Rust (`"…"`, `format!("…"`), in HTML a Rust string writes (`\"…\"`), or
            // an HTML attribute without quotes (`data-testid=sim-bands>`).
            let (quoted, end) = if let Some(quoted) = rest
                .strip_prefix("format!(\"")
                .or_else(|| rest.strip_prefix('"'))
            {
                (quoted, quoted.find('"'))
            } else if let Some(quoted) = rest.strip_prefix("\\\"") {
                (quoted, quoted.find("\\\""))
            } else if marker == "data-testid=" {
                (
                    rest,
                    rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')),
                )
            } else {
                continue;
            };
            let Some(end) = end.filter(|&end| end > 0) else {
                continue;
            };
            let mut pattern = String::new();
            let mut in_braces = false;
            for c in quoted[..end].chars() {
                match c {
                    '{' => {
                        in_braces = true;
                        pattern.push('*');
                    }
                    '}' => in_braces = false,
                    _ if !in_braces => pattern.push(c),
                    _ => {}
                }
            }
            patterns.push(pattern);
        }
    }
    patterns
}

/// Whether `id` is an id `pattern` can write (`*` stands for one or more characters).
fn matches_pattern(pattern: &str, id: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == id,
        Some((head, tail)) => {
            let Some(rest) = id.strip_prefix(head) else {
                return false;
            };
            (1..=rest.len())
                .filter(|&n| rest.is_char_boundary(n))
                .any(|n| matches_pattern(tail, &rest[n..]))
        }
    }
}

/// The literal test ids an end-to-end test relies on: in CSS selectors (`[data-testid=x]`) and
/// as the first argument of the helpers that find an element by its id.
fn testids_used(source: &str) -> Vec<String> {
    let id_at = |rest: &str| -> Option<String> {
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        // A prefix a `format!` completes (`sim-{key}-…`) is not an id.
        let next = rest[id.len()..].chars().next();
        (!id.is_empty() && !id.ends_with('-') && next != Some('{')).then_some(id)
    };
    let mut ids = Vec::new();
    for (position, _) in source.match_indices("data-testid=") {
        ids.extend(id_at(&source[position + "data-testid=".len()..]));
    }
    for helper in [
        "click(client, \"",
        "select(client, \"",
        "element(client, \"",
        "scroll_to(client, \"",
    ] {
        for (position, _) in source.match_indices(helper) {
            ids.extend(id_at(&source[position + helper.len()..]));
        }
    }
    ids
}

/// Every test id the end-to-end tests use is one a component writes: renaming one in a
/// component without its tests (or users' scripts, which rely on the same ids) fails here, not
/// after a release build.
#[test]
fn the_end_to_end_tests_use_only_test_ids_the_page_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The components, and the simulator's tables and fields the page sets as HTML.
    let mut sources = rust_files(&root.join("src/web"));
    sources.push(root.join("src/view/simulator/html.rs"));
    let patterns: Vec<String> = sources
        .iter()
        .flat_map(|path| testid_patterns(&std::fs::read_to_string(path).unwrap()))
        .collect();
    assert!(patterns.len() > 80, "{} patterns", patterns.len());
    let mut unknown = Vec::new();
    let mut checked = 0;
    for path in rust_files(&root.join("tests/e2e")) {
        for id in testids_used(&std::fs::read_to_string(&path).unwrap()) {
            checked += 1;
            if !patterns.iter().any(|p| matches_pattern(p, &id)) {
                unknown.push(format!("{}: {id}", path.display()));
            }
        }
    }
    assert!(checked > 100, "{checked} test ids checked");
    assert!(unknown.is_empty(), "no component writes: {unknown:?}");
}

#[test]
fn test_id_patterns_read_literals_and_formats() {
    let source = r#"<p data-testid="loading"></p> <td data-testid=format!("sim-{key}-{}-{column}", id)>
        <ExportBar image=image testid="sim-export" />
        "<td data-testid=\"sim-{}-{column}\">" "<details data-testid=sim-bands><summary>""#;
    assert_eq!(
        testid_patterns(source),
        ["loading", "sim-*-*-*", "sim-*-*", "sim-bands", "sim-export"]
    );
    assert!(matches_pattern(
        "sim-*-*-*",
        "sim-regional-past-guidance-now"
    ));
    assert!(!matches_pattern("sim-*-*-*", "sim-table"));
    assert!(matches_pattern("*-png-*", "export-png-2"));
    assert_eq!(
        testids_used(
            r#"text_of(client, "[data-testid=sim-{key}-x]"); click(client, "try-example");"#
        ),
        ["try-example"]
    );
}
