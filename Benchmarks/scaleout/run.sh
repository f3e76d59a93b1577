#!/usr/bin/env bash
# Same answers on Apache Spark (never part of swift test or CI): exports each graph
# with `influence export --to spark`, runs Benchmarks/scaleout/scaleout.py in Spark
# local mode, which recomputes PageRank, 2-hop reach and first-touch attribution from
# the export with DataFrames and compares them with the CLI's JSON, and prints the
# timings side by side.
#
#   Benchmarks/scaleout/run.sh [CORES [ITERATIONS]]   (defaults: 2, 50)
#
# Graphs: SNAP wiki-Vote and soc-Epinions1 (gzipped in $DATASETS, default
# /work/shared/datasets), R-MAT scale 20 and a generated social-CRM dataset of
# $SCRM_CUSTOMERS customers (default 1,000,000; the only one with referrals, so the
# one where attribution is more than zeros). GRAPHS=wiki-Vote,rmat20 picks a subset
# (GRAPHS=none runs only the hostile-id check, which always runs first).
#
# Sets up a Python virtual environment under .build/scaleout with pyspark from pip.
# Spark needs Java 17 or later: the machine's `java` when there is one, else Debian's
# openjdk-17-jre-headless is installed with apt-get (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/../.."
cores=${1:-2} iterations=${2:-50}
work=.build/scaleout
datasets=${DATASETS:-/work/shared/datasets}
mkdir -p "$work/data"

if ! command -v java >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq openjdk-17-jre-headless
fi
java -version 2>&1 | head -1

if [ ! -x "$work/venv/bin/python" ] || ! "$work/venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet pyspark
fi
"$work/venv/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'

swift build -c release --product influence >&2
bin=$(swift build -c release --show-bin-path)/influence

graphs=()
want() { [ -z "${GRAPHS:-}" ] || [[ ",$GRAPHS," == *",$1,"* ]]; }
for name in wiki-Vote soc-Epinions1; do
    want "$name" || continue
    [ -f "$work/data/$name.txt" ] || gunzip -c "$datasets/$name.txt.gz" > "$work/data/$name.txt"
    graphs+=(--graph "$name=$work/data/$name.txt")
done
if want rmat20; then
    [ -f "$work/data/rmat20.el" ] || "$bin" generate --kind rmat --scale 20 -o "$work/data/rmat20.el"
    graphs+=(--graph "rmat20=$work/data/rmat20.el")
fi
customers=${SCRM_CUSTOMERS:-1000000}
if want scrm; then
    [ -d "$work/data/scrm$customers" ] || "$bin" generate --kind scrm --customers "$customers" -o "$work/data/scrm$customers"
    graphs+=(--graph "scrm$customers=$work/data/scrm$customers")
fi

SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1} "$work/venv/bin/python" Benchmarks/scaleout/scaleout.py --influence "$bin" --work "$work" \
    --cores "$cores" --iterations "$iterations" --json "$work/scaleout.json" ${graphs[@]+"${graphs[@]}"}
