// Trunk post-build hook (release only): minifies the JavaScript glue with terser, which reads
// the `export default` that Trunk's own minifier gives up on, and rewrites the page's
// subresource-integrity hashes of the files it changed. Part of the first-visit budget
// (scripts/size-report.mjs).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (process.env.TRUNK_PROFILE !== "release" || !staging) process.exit(0);

// terser lives in .tools/ (scripts/setup.sh), not in a package.json of the repository.
const require = createRequire(join(process.cwd(), ".tools", "node_modules", "x.js"));
const { minify } = require("terser");

const sha384 = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
const htmlFiles = readdirSync(staging).filter((name) => name.endsWith(".html"));
const scripts = readdirSync(staging).filter((name) => name.endsWith(".js"));
const hashes = [];
for (const name of scripts) {
  const path = join(staging, name);
  const source = readFileSync(path, "utf8");
  // Only the page's ES module: the worker and embed glue are classic scripts whose top-level
  // names (`wasm_bindgen`) their loaders call, and are already small.
  if (!/^export /m.test(source)) continue;
  const result = await minify(source, { module: true, compress: true, mangle: true });
  if (!result.code || result.code.length >= source.length) continue;
  writeFileSync(path, result.code);
  hashes.push([sha384(source), sha384(result.code)]);
}
for (const name of htmlFiles) {
  const path = join(staging, name);
  let html = readFileSync(path, "utf8");
  for (const [before, after] of hashes) html = html.split(before).join(after);
  writeFileSync(path, html);
}
