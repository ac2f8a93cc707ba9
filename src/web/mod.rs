//! The browser layer: Leptos components, fetching, the canvas. Thin by rule: it binds the
//! core's values ([`crate::screen`]) to elements and never computes a figure itself.

mod app;
mod chart_canvas;
mod column_mapping;
pub mod embed;
mod export_bar;
mod fetch;
mod group_section;
mod open_file;
mod presentation;
pub mod reader_worker;
mod simulator_section;
mod summary_table;

pub use app::App;
pub use chart_canvas::DistributionCanvas;
pub use summary_table::SummaryTable;

/// Entry point called from `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
