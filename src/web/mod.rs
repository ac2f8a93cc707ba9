//! The browser layer: Leptos components, fetching, the canvas. Thin by rule: it binds the
//! core's values ([`crate::view::screen`]) to elements and never computes a figure itself.
//!
//! Only the app page uses Leptos (the `app` feature, on by default): the embed page and the
//! reader worker are built without it, so their downloads carry none of its code.

#[cfg(feature = "app")]
mod app;
#[cfg(feature = "app")]
mod change_section;
#[cfg(feature = "app")]
mod chart_canvas;
#[cfg(feature = "app")]
mod column_mapping;
#[cfg(all(feature = "reader", not(feature = "columnar-files")))]
mod columnar_relay;
#[cfg(feature = "app")]
mod controls;
#[cfg(feature = "app")]
mod data_files;
pub mod embed;
#[cfg(feature = "app")]
mod export_bar;
mod fetch;
#[cfg(feature = "app")]
mod file_picker;
#[cfg(feature = "app")]
mod group_section;
#[cfg(feature = "app")]
mod later;
#[cfg(feature = "app")]
mod open_file;
#[cfg(feature = "app")]
mod presentation;
pub mod reader_worker;
#[cfg(feature = "app")]
mod share_bar;
#[cfg(feature = "app")]
mod simulator_section;
#[cfg(feature = "app")]
mod standard_select;
#[cfg(feature = "app")]
mod summary_table;
#[cfg(feature = "app")]
mod text;
#[cfg(feature = "app")]
mod trend_section;

#[cfg(feature = "app")]
pub use app::{start, App};
#[cfg(feature = "app")]
pub use chart_canvas::DistributionCanvas;
#[cfg(feature = "app")]
pub use summary_table::SummaryTable;

/// The `changed` test of a memo whose value is large and differs whenever the memo reruns
/// with something to show (a selection's fitted models, a report, a group comparison): it says
/// so instead of comparing, because a derived comparison of such types costs the page's
/// download more than the rare rerun it would spare. Nothing to show twice is no change, so
/// what shows the empty state (a hint and its button) is not rebuilt under the user's hand.
#[cfg(feature = "app")]
fn changed_unless_still_empty<T>(old: Option<&Option<T>>, new: Option<&Option<T>>) -> bool {
    !matches!((old, new), (Some(None), Some(None)))
}
