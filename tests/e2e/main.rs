//! The end-to-end tests: the built app (`trunk build --release`, `dist/`) served on 127.0.0.1
//! and driven in headless Chromium through ChromeDriver by its `data-testid`s, every figure
//! compared with the core's, screenshots saved to `tests/screenshots/`. Ignored by a plain
//! `cargo test`; `scripts/test.sh` runs them:
//!
//!     cargo test --test e2e -- --ignored --test-threads=1
#![cfg(not(target_arch = "wasm32"))]

#[path = "../support/browser.rs"]
mod browser;
#[path = "../support/fixtures.rs"]
mod fixtures;

mod a11y;
mod files;
mod first_screen;
mod language;
mod share;
mod simulator;
mod trend;
