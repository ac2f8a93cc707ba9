#!/usr/bin/env bash
# Makes .tools/venv with the aggregation recipe's packages (scripts/aggregate/requirements.txt)
# from PyPI; with --spark also PySpark and, if no Java is installed, Debian's headless JRE; with
# --bench also selenium for the browser benchmarks (scripts/bench-requirements.txt).
# Quick when everything is there. Source it or run it.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo_root/.tools/venv"
requirements=("$repo_root/scripts/aggregate/requirements.txt")
spark=false
for option in "$@"; do
  case "$option" in
    --spark) spark=true ;;
    --bench) requirements+=("$repo_root/scripts/bench-requirements.txt") ;;
    *) printf 'usage: scripts/python-setup.sh [--spark] [--bench]\n' >&2; exit 2 ;;
  esac
done
if $spark; then
  requirements+=("$repo_root/scripts/aggregate/requirements-spark.txt")
  if ! command -v java >/dev/null 2>&1; then
    printf '[setup] installing a Java runtime from Debian (Spark runs on it)\n' >&2
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq default-jre-headless >/dev/null
  fi
fi
# Debian's python3 makes no virtual environment without python3-venv (ensurepip).
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  printf '[setup] installing python3 and python3-venv from Debian\n' >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3 python3-venv >/dev/null
fi
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
for file in "${requirements[@]}"; do
  # One stamp per requirements file: what is installed, by the file's hash.
  stamp="$venv/.renkei-$(basename "$file")"
  wanted="$(sha256sum "$file" | cut -d' ' -f1)"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    printf '[setup] installing %s into .tools/venv\n' "${file#"$repo_root"/}" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$file"
    echo "$wanted" > "$stamp"
  fi
done
