#!/usr/bin/env bash
# Trunk post-build hook: builds the app page's wasm in two modules and links it from index.html.
#
# The first module holds the first screen; the second, what `web::later` marks (opening files,
# the group comparison, the simulator), fetched once the first chart is shown. Trunk's own Rust
# pipeline cannot split a module (trunk-rs/trunk#1022): the split has to happen between the
# linker and wasm-bindgen. So this script builds the page itself:
#   cargo (relocations kept) → wasm-split-cli → wasm-bindgen (the linker's table export kept:
#   the second module calls through it) → wasm-opt and terser (release) → `app-<hash>/` in
#   Trunk's staging folder, `index.html` pointed at it.
# The folder is named by a hash of its contents, so a browser never mixes modules of two builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
profile="${TRUNK_PROFILE:-debug}"

# Its own target folder: its RUSTFLAGS differ from every other build's, and sharing one would
# rebuild everything each time.
target_dir=target/app-split
release_flag=()
[[ "$profile" == release ]] && release_flag=(--release)
RUSTFLAGS="-C link-args=--emit-relocs" cargo build --quiet --locked \
  --target wasm32-unknown-unknown --bin renkei --no-default-features --features app \
  --target-dir "$target_dir" "${release_flag[@]}"

work="$target_dir/app"
rm -rf "$work" && mkdir -p "$work/split" "$work/out"
wasm-split-cli "$target_dir/wasm32-unknown-unknown/$profile/renkei.wasm" "$work/split" --out-name renkei
wasm-bindgen --target web --keep-lld-exports --no-typescript \
  --out-dir "$work/out" --out-name renkei "$work/split/renkei.wasm"
cp "$work/split/__wasm_split.js" "$work/out/"
find "$work/split" -name '*.wasm' ! -name renkei.wasm -exec cp {} "$work/out/" \;
# Started from a file, not an inline script, so the page's policy need not allow inline code.
cat > "$work/out/start.js" <<'EOF'
import init from "./renkei.js";
await init({ module_or_path: new URL("renkei_bg.wasm", import.meta.url) });
EOF

if [[ "$profile" == release ]]; then
  # Twice: the second pass finds 0.7 KB gzip more in the first module, 0.2 in the second
  # (a third finds nothing).
  for module in "$work"/out/*.wasm; do
    for pass in 1 2; do
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$module" -o "$module"
    done
  done
  node scripts/strip-custom-sections.mjs "$work"/out/*.wasm
  for script in renkei.js __wasm_split.js; do
    terser --module --compress --mangle -o "$work/out/$script" "$work/out/$script"
  done
fi

hash="$(cat "$work"/out/* | sha256sum | cut -c1-16)"
folder="app-$hash"
rm -rf "$staging"/app-*
cp -r "$work/out" "$staging/$folder"
# index.html names `app/` (see its comment); here it becomes this build's folder, and the first
# module and the two scripts it imports are fetched while the page's CSS is.
node -e '
const fs = require("fs");
const [file, folder] = process.argv.slice(1);
const html = fs.readFileSync(file, "utf8");
const preload = `<link rel=modulepreload href=${folder}/renkei.js><link rel=modulepreload href=${folder}/__wasm_split.js><link rel=preload as=fetch type=application/wasm crossorigin href=${folder}/renkei_bg.wasm>`;
const linked = html
  .replace(/(src=["\x27]?)app\/start\.js/, `$1${folder}/start.js`)
  .replace(/<link[^>]*data-trunk-skip[^>]*>/, "")
  .replace("</head>", preload + "</head>");
if (linked === html) throw new Error("index.html has no app/start.js to link");
fs.writeFileSync(file, linked);
' "$staging/index.html" "$folder"
