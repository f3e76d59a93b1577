"""Side-by-side timings: InfluenceGraph's CLI against NetworKit, igraph, SciPy
and NetworkX on one SNAP edge list, in one run.

Measured for every engine: loading the edge list, PageRank (20 iterations where
the engine lets us fix the count) and the 2-hop reach of 100 seeds (customers
who follow a seed, and their followers; an edge "A B" means A follows B).
InfluenceGraph's numbers are the `timings` its CLI reports in JSON, so the same
seed file and edge list feed every engine. Each timing is the median of
--repeat runs, with the minimum. The 2-hop reach counts are printed side by side
so a disagreement between engines is visible.

Run it through Benchmarks/peers/run.sh, which sets up the virtual environment.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import scipy.sparse as sp

from peerjson import write_json_lines


def median_min(values):
    return statistics.median(values), min(values)


def timed(function, repeat):
    """Runs `function` `repeat` times; returns (last result, list of seconds)."""
    seconds = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return result, seconds


def read_edges(path):
    """The edge list as two int64 arrays (source follows target), skipping '#' lines."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data.startswith(b"#"):
        lines = [line for line in data.split(b"\n") if not line.startswith(b"#")]
        data = b"\n".join(lines)
    numbers = np.array(data.split(), dtype=np.int64)
    return numbers[0::2], numbers[1::2]


# ---------------------------------------------------------------- InfluenceGraph

def run_influence(binary, arguments):
    output = subprocess.run([binary] + arguments, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def measure_influence(binary, graph, seeds_file, threads, repeat):
    results = {}
    for thread_count in sorted({1, threads}):
        loads, ranks, reaches, reach = [], [], [], None
        for _ in range(repeat):
            rank = run_influence(binary, ["rank", graph, "--iterations", "20", "--top", "1",
                                          "--format", "json", "--threads", str(thread_count)])
            ranks.append(rank["timings"]["compute_seconds"])
            loads.append(rank["timings"]["load_seconds"])
            hops = run_influence(binary, ["reach", graph, "--seeds-file", seeds_file, "--hops", "2",
                                          "--format", "json", "--threads", str(thread_count)])
            reaches.append(hops["timings"]["compute_seconds"])
            reach = hops["reach"]
        results[thread_count] = {"load": loads, "pagerank": ranks, "reach": reaches, "reach_count": reach}
    return results


# ---------------------------------------------------------------- peers

def two_hop_reach(seeds, followers_of):
    """Customers other than the seeds within two hops: followers, and their followers."""
    seen = set(seeds)
    frontier = list(seen)
    for _ in range(2):
        following = []
        for node in frontier:
            for follower in followers_of(node):
                if follower not in seen:
                    seen.add(follower)
                    following.append(follower)
        frontier = following
    return len(seen) - len(seeds)


def networkit_engine(path, seeds, threads, repeat):
    import networkit as nk
    nk.setNumberOfThreads(threads)
    reader = nk.graphio.EdgeListReader("\t", 0, directed=True, continuous=True)
    graph, load = timed(lambda: reader.read(path), repeat)

    def pagerank():
        algorithm = nk.centrality.PageRank(graph, damp=0.85, tol=1e-300)
        algorithm.maxIterations = 20
        algorithm.norm = nk.centrality.Norm.L1_NORM
        algorithm.run()
        return algorithm.numberOfIterations()

    _, rank = timed(pagerank, repeat)

    count, hops = timed(lambda: two_hop_reach(seeds, graph.iterInNeighbors), repeat)
    return {"load": load, "pagerank": rank, "reach": hops, "reach_count": count,
            "notes": f"{threads} threads; reach walks in-neighbours from Python"}


def igraph_engine(path, seeds, threads, repeat):
    import igraph as ig
    graph, load = timed(lambda: ig.Graph.Read_Edgelist(path, directed=True), repeat)
    _, rank = timed(lambda: graph.pagerank(damping=0.85, directed=True), repeat)

    def reach():
        lists = graph.neighborhood(seeds, order=2, mode="in")
        audience = np.unique(np.concatenate([np.asarray(members, dtype=np.int64) for members in lists]))
        return int(audience.size - np.isin(np.asarray(seeds), audience).sum())

    count, hops = timed(reach, repeat)
    return {"load": load, "pagerank": rank, "reach": hops, "reach_count": count, "fixed_iterations": False,
            "notes": "1 thread; PageRank is PRPACK, solved exactly (no iteration count)"}


def scipy_engine(path, seeds, threads, repeat):
    def load():
        sources, targets = read_edges(path)
        n = int(max(sources.max(), targets.max())) + 1
        ones = np.ones(sources.size, dtype=np.float64)
        return sp.csr_matrix((ones, (sources, targets)), shape=(n, n))

    matrix, loading = timed(load, repeat)
    n = matrix.shape[0]
    followees = np.asarray(matrix.sum(axis=1)).ravel()
    dangling = followees == 0
    inverse = np.where(dangling, 0.0, 1.0 / np.maximum(followees, 1))
    transposed = matrix.T.tocsr()

    def pagerank():
        scores = np.full(n, 1.0 / n)
        for _ in range(20):
            votes = transposed @ (scores * inverse)
            scores = 0.85 * votes + (0.15 + 0.85 * scores[dangling].sum()) / n
        return scores

    _, rank = timed(pagerank, repeat)
    audience_matrix = matrix.astype(np.bool_)

    def reach():
        seeded = np.zeros(n, dtype=np.bool_)
        seeded[seeds] = True
        hop1 = audience_matrix @ seeded
        hop2 = audience_matrix @ (hop1 | seeded)
        return int(((hop1 | hop2) & ~seeded).sum())

    count, hops = timed(reach, repeat)
    return {"load": loading, "pagerank": rank, "reach": hops, "reach_count": count,
            "notes": "1 thread; numpy parse, CSR matrix, sparse matrix-vector loop"}


def networkx_engine(path, seeds, threads, repeat):
    import networkx as nx
    graph, load = timed(lambda: nx.read_edgelist(path, nodetype=int, create_using=nx.DiGraph), 1)

    def pagerank():
        try:
            return nx.pagerank(graph, alpha=0.85, max_iter=20, tol=0)
        except nx.PowerIterationFailedConvergence:
            return None  # twenty iterations ran; that is all we time

    _, rank = timed(pagerank, repeat)

    count, hops = timed(lambda: two_hop_reach([s for s in seeds if s in graph], graph.predecessors), repeat)
    return {"load": load, "pagerank": rank, "reach": hops, "reach_count": count,
            "notes": "1 thread; loaded once (minutes)"}


ENGINES = {"networkit": networkit_engine, "igraph": igraph_engine,
           "scipy": scipy_engine, "networkx": networkx_engine}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", required=True, help="SNAP edge list with integer ids")
    parser.add_argument("--influence", required=True, help="path of the release influence binary")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", default="networkit,igraph,scipy,networkx")
    parser.add_argument("--json", help="also write every measurement here, one JSON object per line")
    options = parser.parse_args()
    peers = [name for name in options.peers.split(",") if name]
    for name in peers:
        if name not in ENGINES:
            parser.error(f"unknown peer '{name}' (accepted: {', '.join(ENGINES)})")

    sources, targets = read_edges(options.graph)
    present = np.unique(np.concatenate([sources, targets]))
    seeds = sorted(int(s) for s in np.random.default_rng(7).choice(present, 100, replace=False))
    seeds_file = os.path.join(os.path.dirname(os.path.abspath(options.graph)), "peer-seeds.txt")
    with open(seeds_file, "w") as handle:
        handle.write("\n".join(str(seed) for seed in seeds) + "\n")
    edges = sources.size
    del sources, targets, present
    print(f"graph {options.graph}: {edges} edges; 100 seeds in {seeds_file}", file=sys.stderr)

    ours = measure_influence(options.influence, options.graph, seeds_file, options.threads, options.repeat)
    rows = [(f"influencegraph ({t} thr)", result, f"{t} threads; CLI JSON timings")
            for t, result in sorted(ours.items())]
    for name in peers:
        print(f"running {name}…", file=sys.stderr)
        result = ENGINES[name](options.graph, seeds, options.threads, options.repeat)
        rows.append((name, result, result["notes"]))

    reference = ours[options.threads]
    print(f"\n{'engine':<24} {'load s':>9} {'pagerank s':>11} {'ns/edge/it':>11} {'2-hop ms':>9} "
          f"{'reach':>8}  {'×load':>7} {'×pagerank':>9} {'×reach':>8}  notes")
    records = []
    for name, result, notes in rows:
        load, _ = median_min(result["load"])
        rank, _ = median_min(result["pagerank"])
        hops, _ = median_min(result["reach"])
        ratios = [load / median_min(reference["load"])[0], rank / median_min(reference["pagerank"])[0],
                  hops / median_min(reference["reach"])[0]]
        per_edge = f"{rank / 20 / edges * 1e9:11.2f}" if result.get("fixed_iterations", True) else f"{'n/a':>11}"
        print(f"{name:<24} {load:9.3f} {rank:11.3f} {per_edge} {hops * 1000:9.1f} "
              f"{result['reach_count']:8d}  {ratios[0]:7.1f} {ratios[1]:9.1f} {ratios[2]:8.1f}  {notes}")
        for task in ("load", "pagerank", "reach"):
            median, minimum = median_min(result[task])
            records.append({"engine": name, "task": task, "unit": "s", "median": median, "min": minimum,
                            "max": max(result[task]), "runs": len(result[task]), "notes": notes})
    print(f"\n× columns: engine median / InfluenceGraph median at {options.threads} threads "
          "(above 1 means InfluenceGraph is faster)")
    counts = {result["reach_count"] for _, result, _ in rows}
    if len(counts) != 1:
        print(f"warning: engines disagree on the 2-hop reach: {sorted(counts)}", file=sys.stderr)
    if options.json:
        write_json_lines(options.json, records)


if __name__ == "__main__":
    main()
