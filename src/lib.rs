//! Renkei (連携): compare the health-checkup risk distributions of residents and workers.
//!
//! Everything except [`web`] is the pure core: it never touches the browser, takes bytes in and
//! gives typed values (or typed errors) out, and is tested natively with `cargo test`.
//! See ARCHITECTURE.md for the map and the invariants.

pub mod arrow_io;
pub mod binned;
pub mod chart;
pub mod collection;
pub mod embed;
pub mod example;
pub mod export;
pub mod groups;
pub mod indicator;
pub mod language;
pub mod manifest;
pub mod model;
pub mod ndb;
pub mod permalink;
pub mod prefecture;
pub mod risk;
pub mod saved_views;
pub mod scenario;
pub mod screen;
pub mod simulate;
pub mod small_multiples;
pub mod stats;
pub mod tidy;
pub mod user_file;
pub mod wide;

#[cfg(target_arch = "wasm32")]
pub mod web;
