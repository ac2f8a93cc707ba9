#!/usr/bin/env bash
# Rewrites tests/data/ecosystem/ with pyarrow and DuckDB from PyPI, in a virtual environment
# under .tools/ (versions pinned: the files are committed, and a new version is a new fixture).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYARROW_VERSION=26.0.1
DUCKDB_VERSION=2.0.1
venv=.tools/venv
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "pyarrow==$PYARROW_VERSION" "duckdb==$DUCKDB_VERSION"
"$venv/bin/python" scripts/ecosystem-fixtures.py tests/data/ecosystem
