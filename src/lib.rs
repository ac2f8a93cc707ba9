//! Renkei (連携): compare the health-checkup risk distributions of residents and workers.
//!
//! The crate is layered; each layer imports only the layers above it in this list, and only
//! [`web`] touches the browser (checked by `tests/native/architecture.rs`; see ARCHITECTURE.md):
//!
//! - [`model`] — the tidy aggregate records, checkup items and prefectures;
//! - [`import`] — bytes of a file (NDB workbook, tidy or wide CSV, Arrow) into records;
//! - [`analysis`] — distributions, the binned model, interventions and risks: numbers only;
//! - [`draw`] — charts on any plotters backend, with the words they are given;
//! - [`view`] — what a screen shows, in Japanese or English: the only layer that writes words;
//! - [`web`] — Leptos components, canvas, fetch, the reader worker (wasm32 only).

// Errors are typed facts that carry everything their message names (file, place, the values
// found) to `view::messages`; they are rare, so their size is not worth a box each.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod draw;
pub mod import;
pub mod model;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;
