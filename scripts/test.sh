#!/usr/bin/env bash
# Installs what is missing and runs every test, tier by tier: native (`tests/native`: the core,
# the importers on the real workbooks, the built-in data, charts as SVG, the architecture's
# invariants; and every module's unit tests), the aggregation recipe (`scripts/aggregate`, with
# DuckDB and Spark from PyPI), component tests in headless Chromium
# (`tests/browser.rs`), the release build and its download sizes, and the end-to-end tests
# against the built app (`tests/e2e`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh --browser

step() { printf '\n==> %s\n' "$*"; }

step "formatting"
cargo fmt --all -- --check

step "native tests (cargo test)"
cargo test --locked

step "aggregation recipe (scripts/aggregate: DuckDB, the adversary's audit, Spark on 10^5 records)"
scripts/python-setup.sh --spark
RENKEI_SPARK_RECORDS=100000 .tools/venv/bin/python -m unittest discover -s scripts/aggregate -p 'test_*.py'

step "component tests in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked --target wasm32-unknown-unknown --test browser

step "release build (trunk build --release)"
trunk build --release

step "download size of a first visit"
node scripts/size-report.mjs dist

step "end-to-end tests (Chromium via ChromeDriver, screenshots in tests/screenshots/)"
cargo test --locked --test e2e -- --ignored --test-threads=1
