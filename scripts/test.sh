#!/usr/bin/env bash
# Installs what is missing and runs every test: native (core, importer on the real workbooks,
# built-in data, chart SVG), component tests in headless Chromium, the release build, the
# end-to-end tests against the built app, and the download-size report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh --browser

step() { printf '\n==> %s\n' "$*"; }

step "formatting"
cargo fmt --all -- --check

step "native tests (cargo test)"
cargo test --locked

step "component tests in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked --target wasm32-unknown-unknown --test browser

step "release build (trunk build --release)"
trunk build --release


step "download size of a first visit"
node scripts/size-report.mjs dist

step "end-to-end tests (Chromium via ChromeDriver, screenshots in tests/screenshots/)"
cargo test --locked --test e2e --test e2e_files --test e2e_simulator --test e2e_share --test e2e_language --test e2e_a11y -- --ignored --test-threads=1
