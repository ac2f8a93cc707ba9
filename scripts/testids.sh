#!/usr/bin/env bash
# Lists the stable `data-testid`s each component writes (what the end-to-end tests and users'
# scripts rely on). Ids made with `format!` show where a part is filled in with `*`
# (`sim-table-*`: one per group and `combined`). `tests/native/architecture.rs` checks that every
# id the end-to-end tests use is one of these.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for file in src/web/*.rs; do
  ids=$( (grep -oE '(data-testid|testid)(=|: )(format!\()?"[^"]+"' "$file" || true) \
    | sed -E 's/^[^"]*"//; s/"$//; s/\{[^}]*\}/*/g' | sort -u | tr '\n' ' ' || true)
  if [[ -n "$ids" ]]; then
    printf '%s: %s\n' "${file#src/web/}" "$ids"
  fi
done
