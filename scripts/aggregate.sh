#!/usr/bin/env bash
# From one row per checkup to Renkei's aggregate, with disclosure control (docs/aggregate.md):
#   scripts/aggregate.sh RECORDS OUT [--threshold 10] [--levels municipality,…] [--engine duckdb|spark]
# RECORDS: CSV (UTF-8 or Shift_JIS) or Parquet; OUT: .csv, .parquet or .arrow. Installs what it
# needs into .tools/venv (PyPI; Java from Debian for --engine spark) the first time.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ " $* " == *" --engine spark "* || " $* " == *" --engine=spark "* ]]; then
  "$repo_root/scripts/python-setup.sh" --spark
else
  "$repo_root/scripts/python-setup.sh"
fi
exec "$repo_root/.tools/venv/bin/python" "$repo_root/scripts/aggregate/aggregate.py" "$@"
