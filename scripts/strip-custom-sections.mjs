// Removes the `producers` and `target_features` custom sections from wasm modules, in place:
// no browser reads them, and every module and chunk of the page carried ≈0.2 KB gzip of them.
// The other sections are copied byte for byte (wasm-opt would re-encode the module, and it reads
// the features it may use from `target_features`, so it cannot drop them itself).
// Usage: node scripts/strip-custom-sections.mjs file.wasm…
import { readFileSync, writeFileSync } from "node:fs";

const DROPPED = new Set(["producers", "target_features"]);

for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  let at = 8; // magic and version
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const kept = [bytes.subarray(0, 8)];
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const length = leb();
    const body = at;
    at = body + length;
    if (id === 0) {
      const nameAt = at;
      at = body;
      const nameLength = leb();
      const name = bytes.subarray(at, at + nameLength).toString();
      at = nameAt;
      if (DROPPED.has(name)) continue;
    }
    kept.push(bytes.subarray(start, at));
  }
  writeFileSync(file, Buffer.concat(kept));
}
