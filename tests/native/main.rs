//! The native tests (`cargo test`): everything the core promises, checked without a browser —
//! the importers against the ministry's real workbooks and hostile variants, the built-in data
//! re-derived from them, the statistics and the simulator against known distributions and
//! exact identities, the charts as SVG, the exports, and the architecture's invariants. One
//! binary, so CI links it once.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../support/fixtures.rs"]
mod fixtures;

mod aggregate_recipe;
mod architecture;
mod builtin_data;
mod canonical_ipc;
mod change;
mod chart_svg;
mod ecosystem_files;
mod events;
mod export;
mod hostile;
mod ndb_bad_input;
mod ndb_means;
mod ndb_workbooks;
mod never_panic;
mod published_means;
mod scenario;
mod simulator;
mod simulator_html;
mod standardise;
mod subtotals;
mod tidy_csv;
mod trend;
mod user_files;
