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

use leptos::prelude::*;

use crate::language::Language;

pub use app::App;
pub use chart_canvas::DistributionCanvas;
pub use summary_table::SummaryTable;

/// The page's language, chosen with the switch in the header (provided by [`App`]).
pub(crate) fn use_language() -> Signal<Language> {
    expect_context::<RwSignal<Language>>().into()
}

/// A text in the page's language, for `view!` (as text or as an attribute).
pub(crate) fn localized(
    language: Signal<Language>,
    japanese: &'static str,
    english: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || language.get().pick(japanese, english)
}

/// Entry point called from `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
