#!/usr/bin/env bash
# Rewrites tests/data/ecosystem/ with pyarrow and DuckDB from PyPI, in the virtual environment
# under .tools/ that scripts/python-setup.sh makes (versions pinned in
# scripts/aggregate/requirements.txt: the files are committed, and a new version is a new fixture).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/python-setup.sh
.tools/venv/bin/python scripts/ecosystem-fixtures.py tests/data/ecosystem
