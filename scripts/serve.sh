#!/usr/bin/env bash
# Installs what is missing, builds Renkei with its built-in NDB data and serves it locally.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
port="${PORT:-8080}"
echo
echo "Renkei: http://127.0.0.1:${port}/  (Ctrl+C で終了 / to stop)"
echo
exec trunk serve --release --port "$port"
