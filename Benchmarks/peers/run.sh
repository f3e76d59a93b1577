#!/usr/bin/env bash
# Side-by-side run against NetworKit, igraph, SciPy and NetworkX (never part of
# swift test or CI). Creates a Python virtual environment under .build/peers,
# installs the peers with pip, builds the release binaries, generates the R-MAT
# edge list, runs influence-bench on it and then Benchmarks/peers/peers.py.
#
#   Benchmarks/peers/run.sh [SCALE [THREADS [REPEAT]]]   (defaults: 20, all cores, 3)
#
# PEERS=networkit,igraph,scipy picks peers (NetworkX needs minutes and ~10 GB at scale 20).
set -euo pipefail
cd "$(dirname "$0")/../.."
scale=${1:-20} threads=${2:-$(nproc)} repeat=${3:-3}
work=.build/peers
mkdir -p "$work"

if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet networkit igraph networkx scipy numpy
fi
"$work/venv/bin/python" -c 'import networkit, igraph, networkx, scipy; print("peers: networkit", networkit.__version__, "igraph", igraph.__version__, "networkx", networkx.__version__, "scipy", scipy.__version__)'

swift build -c release --product influence >&2
swift build -c release --product influence-bench >&2
bin=$(swift build -c release --show-bin-path)

# igraph's reader takes no comment lines, so every engine reads the list without its header comment.
graph=$work/rmat$scale.el
if [ ! -f "$graph" ]; then
    "$bin/influence" generate --kind rmat --scale "$scale" -o "$graph.tmp"
    grep -v '^#' "$graph.tmp" > "$graph"
    rm "$graph.tmp"
fi

"$bin/influence-bench" --graph "$graph" --threads "$threads" --repeat "$repeat" \
    --only load,pagerank,reach --json "$work/influence-bench.json"
"$work/venv/bin/python" Benchmarks/peers/peers.py --graph "$graph" --influence "$bin/influence" \
    --threads "$threads" --repeat "$repeat" --peers "${PEERS:-networkit,igraph,scipy,networkx}" \
    --json "$work/peers.json"
