#!/usr/bin/env bash
# Side-by-side CSV reading against DuckDB and Polars (never part of swift test or
# CI). Creates a Python virtual environment under .build/peers/csv-venv with
# pinned DuckDB and Polars, builds the release influence binary if it is missing,
# generates a social-CRM export outside the repository if it is absent, and runs
# Benchmarks/peers/csvpeers.py on it.
#
#   Benchmarks/peers/run-csv.sh [REPEAT]   (default 5 trials per measurement)
#
# CUSTOMERS=N   customers of the generated export (default 1000000); the export goes to
#               ${TMPDIR:-/tmp}/influence-csvpeers/scrmN and is reused on later runs.
# DATA=DIR      measure this export instead (customers.csv, follows.csv, referrals.csv).
# INFLUENCE=BIN measure this influence binary instead of .build/release/influence.
# The binary is built only when missing: rebuild it yourself after changing Sources/.
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${1:-5}
customers=${CUSTOMERS:-1000000}
duckdb_version=2.0.1 polars_version=2.1.0
work=.build/peers
venv=$work/csv-venv
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import sys, duckdb, polars; sys.exit(duckdb.__version__ != '$duckdb_version' or polars.__version__ != '$polars_version')" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "duckdb==$duckdb_version" "polars==$polars_version"
fi
"$venv/bin/python" -c 'import duckdb, polars; print("peers: duckdb", duckdb.__version__, "polars", polars.__version__)'

bin=${INFLUENCE:-.build/release/influence}
if [ ! -x "$bin" ]; then
    swift build -c release --product influence >&2
fi

if [ -n "${DATA:-}" ]; then
    data=$DATA
else
    data=${TMPDIR:-/tmp}/influence-csvpeers/scrm$customers
    if [ ! -f "$data/customers.csv" ] || [ ! -f "$data/follows.csv" ] || [ ! -f "$data/referrals.csv" ]; then
        rm -rf "$data.tmp"
        mkdir -p "$(dirname "$data")"
        "$bin" generate --kind scrm --customers "$customers" --seed 7 -o "$data.tmp" >&2
        rm -rf "$data"
        mv "$data.tmp" "$data"
    fi
fi

"$venv/bin/python" Benchmarks/peers/csvpeers.py --data "$data" --influence "$bin" --repeat "$repeat" \
    --json "$work/csvpeers.json"
