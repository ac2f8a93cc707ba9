#!/usr/bin/env bash
# Installs what building and testing Renkei needs, from package registries only (crates.io,
# npm, Debian). Quick when everything is already there. Source it or run it:
#   scripts/setup.sh            build tools (wasm target, Trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh --browser  also Chromium, ChromeDriver and a CJK font for the tests
# Versions are pinned to what TOOLCHAIN measurements showed to work offline; Trunk.toml pins
# the same versions so Trunk never tries to download its own.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen version in Cargo.lock
WASM_SPLIT_VERSION=0.2.4       # wasm-split-cli: cuts the app page in two (scripts/build-app.sh)
BINARYEN_VERSION=132.0.0       # Debian's binaryen (108) produces a blank page: do not use it
AXE_CORE_VERSION=4.14.1        # accessibility checks the end-to-end tests inject into the page
TERSER_VERSION=5.44.0          # minifies the JavaScript glue of release builds (Trunk.toml hook)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/.tools"
export PATH="$tools_dir/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*" >&2; }

has_version() { # command, expected version substring
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# ZSTD (Arrow and Parquet as Polars writes them) is C code: the reader workers' wasm builds
# compile it with clang (Debian's has the WebAssembly target).
if ! command -v clang >/dev/null 2>&1; then
  say "installing clang from Debian (compiles ZSTD's C code for wasm)"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq clang >/dev/null
fi

if ! has_version trunk "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes several minutes the first time)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile pins a crate version the registry here does not serve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

if ! has_version wasm-opt "version ${BINARYEN_VERSION%%.*}"; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into .tools/"
  npm install --silent --no-audit --no-fund --prefix "$tools_dir" "binaryen@$BINARYEN_VERSION"
fi

if ! grep -qs "\"version\": \"$TERSER_VERSION\"" "$tools_dir/node_modules/terser/package.json"; then
  say "installing terser $TERSER_VERSION from npm into .tools/"
  npm install --silent --no-audit --no-fund --prefix "$tools_dir" "terser@$TERSER_VERSION"
fi

if [[ "${1:-}" == "--browser" ]]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  if ((${#missing[@]})); then
    say "installing ${missing[*]} from Debian"
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" "$tools_dir/node_modules/axe-core/package.json"; then
    say "installing axe-core $AXE_CORE_VERSION from npm into .tools/"
    npm install --silent --no-audit --no-fund --prefix "$tools_dir" "axe-core@$AXE_CORE_VERSION"
  fi
fi
