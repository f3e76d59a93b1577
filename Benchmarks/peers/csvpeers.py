"""Side-by-side CSV reading: InfluenceGraph's CLI against DuckDB and Polars on
one social-CRM export (customers.csv, follows.csv, referrals.csv), in one run.

Every engine reads all three files with every column parsed and typed (spend,
weight and revenue as doubles, orders as an integer, time as a timestamp, the
rest as strings) and counts the distinct customer ids over every id column of
the three files (customers.id, follower, followee, referrer, referee); that
count must equal the "customers" that `influence stats DIR --format json`
reports, and the run fails when any two engines disagree on it or on a file's
row count.

- DuckDB: `read_csv` with explicit column types and dialect (no sniffing) into
  three in-memory tables, then `count(DISTINCT …)` over their id columns; at
  DuckDB's default thread count (all cores) and with `threads = 1`.
- Polars: eager `read_csv` with an explicit schema, then `n_unique` of the
  concatenated id columns; at its default thread count and with
  POLARS_MAX_THREADS=1 (Polars fixes its pool at import, so every Polars trial is
  a process of its own).
- InfluenceGraph: `influence stats DIR --format json --threads T`, timed as a
  whole process, and the `load_seconds` it reports (parse, both follow
  directions, referrals and customer attributes).

Every trial is a fresh process, and the trials run round-robin (one of each
measurement per round) so that the machine's drift spreads over all engines
alike. DuckDB's and Polars' seconds are taken inside their process around the
read and the count (interpreter start and import excluded; their whole-process
seconds are kept in the JSON). The files are read once first to warm the page
cache. MB/s is the three files' bytes (10^6 per MB) over the median.

Run it through Benchmarks/peers/run-csv.sh, which sets up the virtual environment.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from peerjson import write_json_lines

FILES = ("customers.csv", "follows.csv", "referrals.csv")

# Column types as the generator writes them: `influence generate --kind scrm`.
DUCKDB_COLUMNS = {
    "customers.csv": {"id": "VARCHAR", "name": "VARCHAR", "spend": "DOUBLE", "orders": "BIGINT",
                      "segment": "VARCHAR"},
    "follows.csv": {"follower": "VARCHAR", "followee": "VARCHAR", "weight": "DOUBLE"},
    "referrals.csv": {"referrer": "VARCHAR", "referee": "VARCHAR", "time": "TIMESTAMP", "revenue": "DOUBLE"},
}
ID_COLUMNS = {"customers.csv": ("id",), "follows.csv": ("follower", "followee"),
              "referrals.csv": ("referrer", "referee")}
TYPED_COLUMNS = {"customers.csv": ("spend", "orders"), "follows.csv": ("weight",),
                 "referrals.csv": ("time", "revenue")}


# ---------------------------------------------------------------- workers (one trial per process)

def duckdb_trial(data, threads):
    import duckdb
    config = {} if threads is None else {"threads": threads}
    connection = duckdb.connect(":memory:", config=config)
    used = int(connection.execute("SELECT current_setting('threads')").fetchone()[0])
    tables = {name: name.split(".")[0] for name in FILES}

    def read(name):
        columns = ", ".join(f"'{column}': '{kind}'" for column, kind in DUCKDB_COLUMNS[name].items())
        path = os.path.join(data, name).replace("'", "''")
        connection.execute(
            f"CREATE TABLE {tables[name]} AS SELECT * FROM read_csv('{path}', header = true, delim = ',', "
            f"quote = '\"', escape = '\"', auto_detect = false, columns = {{{columns}}})")

    ids = " UNION ALL ".join(f"SELECT {column} AS id FROM {tables[name]}"
                             for name in FILES for column in ID_COLUMNS[name])
    start = time.perf_counter()
    for name in FILES:
        read(name)
    distinct = connection.execute(f"SELECT count(DISTINCT id) FROM ({ids})").fetchone()[0]
    seconds = time.perf_counter() - start

    rows, nulls = {}, 0
    for name in FILES:
        table = tables[name]
        counts = ", ".join(f"count(*) - count({column})" for column in TYPED_COLUMNS[name])
        result = connection.execute(f"SELECT count(*), {counts} FROM {table}").fetchone()
        rows[name] = result[0]
        nulls += sum(result[1:])
    connection.close()
    return {"seconds": seconds, "distinct": int(distinct), "rows": rows, "nulls": int(nulls), "threads": used,
            "version": duckdb.__version__}


def polars_trial(data, threads):
    import polars as pl
    schemas = {
        "customers.csv": {"id": pl.String, "name": pl.String, "spend": pl.Float64, "orders": pl.Int64,
                          "segment": pl.String},
        "follows.csv": {"follower": pl.String, "followee": pl.String, "weight": pl.Float64},
        "referrals.csv": {"referrer": pl.String, "referee": pl.String, "time": pl.Datetime("us", "UTC"),
                          "revenue": pl.Float64},
    }
    used = pl.thread_pool_size()  # also starts the pool outside the timed region
    start = time.perf_counter()
    frames = {name: pl.read_csv(os.path.join(data, name), schema=schemas[name]) for name in FILES}
    ids = pl.concat([frames[name][column] for name in FILES for column in ID_COLUMNS[name]], rechunk=False)
    distinct = ids.n_unique()
    seconds = time.perf_counter() - start

    rows = {name: frame.height for name, frame in frames.items()}
    nulls = sum(frames[name][column].null_count() for name in FILES for column in TYPED_COLUMNS[name])
    return {"seconds": seconds, "distinct": int(distinct), "rows": rows, "nulls": int(nulls), "threads": used,
            "version": pl.__version__}


WORKERS = {"duckdb": duckdb_trial, "polars": polars_trial}


def worker_main(engine, data, threads):
    result = WORKERS[engine](data, threads)
    json.dump(result, sys.stdout)


# ---------------------------------------------------------------- measurements

class Measurement:
    """One row of the table: an engine at a thread count, one fresh process per trial."""

    def __init__(self, engine, label, threads, notes):
        self.engine, self.label, self.threads, self.notes = engine, label, threads, notes
        self.seconds, self.process_seconds, self.load_seconds = [], [], []
        self.distinct, self.rows, self.version, self.threads_used = set(), [], None, threads


def run_peer_trial(measurement, data):
    environment = dict(os.environ)
    arguments = [sys.executable, os.path.abspath(__file__), "--worker", measurement.engine, "--data", data]
    if measurement.engine == "polars":
        environment.pop("POLARS_MAX_THREADS", None)
        if measurement.threads is not None:
            environment["POLARS_MAX_THREADS"] = str(measurement.threads)
    elif measurement.threads is not None:
        arguments += ["--worker-threads", str(measurement.threads)]
    start = time.perf_counter()
    completed = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"error: {measurement.label} failed (exit {completed.returncode}):\n{completed.stderr}")
    result = json.loads(completed.stdout)
    if result["nulls"]:
        sys.exit(f"error: {measurement.label} left {result['nulls']} typed values empty: a column did not parse")
    measurement.seconds.append(result["seconds"])
    measurement.process_seconds.append(elapsed)
    measurement.distinct.add(result["distinct"])
    measurement.rows.append(tuple(result["rows"][name] for name in FILES))
    measurement.version, measurement.threads_used = result["version"], result["threads"]


def run_influence_trial(measurement, data, binary):
    arguments = [binary, "stats", data, "--format", "json", "--threads", str(measurement.threads)]
    start = time.perf_counter()
    completed = subprocess.run(arguments, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"error: {' '.join(arguments)} failed (exit {completed.returncode}):\n{completed.stderr}")
    stats = json.loads(completed.stdout)
    measurement.seconds.append(elapsed)
    measurement.process_seconds.append(elapsed)
    measurement.load_seconds.append(stats["load_seconds"])
    measurement.distinct.add(stats["customers"])
    measurement.rows.append((stats["customer_rows"], stats["follow_rows"], stats["referral_rows"]))


def warm(data):
    """Reads every file once so that no engine pays for the disk; returns the total bytes."""
    total = 0
    for name in FILES:
        with open(os.path.join(data, name), "rb", buffering=0) as handle:
            while chunk := handle.read(1 << 24):
                total += len(chunk)
    return total


def commit_of(path):
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="export directory with customers.csv, follows.csv, referrals.csv")
    parser.add_argument("--influence", help="path of the release influence binary (needed for the influence rows)")
    parser.add_argument("--repeat", type=int, default=5, help="trials per measurement (default 5)")
    parser.add_argument("--influence-threads", default="1,2", help="--threads values for influence (default 1,2)")
    parser.add_argument("--engines", default="duckdb,polars,influence")
    parser.add_argument("--json", help="also write every measurement here, one JSON object per line")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--worker-threads", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    data = os.path.abspath(options.data)
    if options.worker:
        worker_main(options.worker, data, options.worker_threads)
        return

    engines = [name for name in options.engines.split(",") if name]
    for name in engines:
        if name not in ("duckdb", "polars", "influence"):
            parser.error(f"unknown engine '{name}' (accepted: duckdb, polars, influence)")
    if "influence" in engines and not options.influence:
        parser.error("--influence BINARY is needed for the influence rows")
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    for name in FILES:
        if not os.path.isfile(os.path.join(data, name)):
            parser.error(f"{os.path.join(data, name)} is missing")

    measurements = []
    if "duckdb" in engines:
        measurements += [Measurement("duckdb", "duckdb", None, "read_csv typed into tables, count(DISTINCT)"),
                         Measurement("duckdb", "duckdb", 1, "threads = 1")]
    if "polars" in engines:
        measurements += [Measurement("polars", "polars", None, "read_csv with schema, n_unique"),
                         Measurement("polars", "polars", 1, "POLARS_MAX_THREADS=1")]
    if "influence" in engines:
        for threads in sorted({int(t) for t in options.influence_threads.split(",") if t}):
            measurements.append(Measurement("influence", "influence stats", threads,
                                            "whole process; builds the graph, referrals, attributes"))

    total_bytes = warm(data)
    print(f"data {data}: {total_bytes:,} bytes in {len(FILES)} files; {os.cpu_count()} cores; "
          f"{options.repeat} trials each, round-robin; commit {commit_of(os.path.dirname(os.path.abspath(__file__)))}",
          file=sys.stderr)
    for round_number in range(options.repeat):
        print(f"round {round_number + 1}/{options.repeat}…", file=sys.stderr)
        for measurement in measurements:
            if measurement.engine == "influence":
                run_influence_trial(measurement, data, options.influence)
            else:
                run_peer_trial(measurement, data)

    rows = []
    for measurement in measurements:
        threads = measurement.threads_used
        rows.append((f"{measurement.label}", threads, measurement.seconds, measurement))
        if measurement.engine == "influence":
            rows.append(("influence load_seconds", threads, measurement.load_seconds, measurement))

    def reference(threads):
        for m in measurements:
            if m.engine == "duckdb" and m.threads_used == threads:
                return statistics.median(m.seconds)
        return None

    versions = ", ".join(f"{m.engine} {m.version}" for m in measurements
                         if m.version and m.threads is None)
    print(f"\n{'engine':<24} {'thr':>3} {'median s':>9} {'min s':>8} {'max s':>8} {'MB/s':>7} {'×DuckDB':>8} "
          f"{'distinct ids':>13}  notes")
    records = []
    for label, threads, seconds, measurement in rows:
        median = statistics.median(seconds)
        duck = reference(threads)
        ratio = f"{median / duck:8.2f}" if duck else f"{'n/a':>8}"
        distinct = ",".join(str(d) for d in sorted(measurement.distinct))
        notes = "as reported by the CLI (no process start)" if label.endswith("load_seconds") else measurement.notes
        print(f"{label:<24} {threads:>3} {median:9.3f} {min(seconds):8.3f} {max(seconds):8.3f} "
              f"{total_bytes / median / 1e6:7.0f} {ratio} {distinct:>13}  {notes}")
        records.append({"engine": label, "threads": threads, "unit": "s", "median": median, "min": min(seconds),
                        "max": max(seconds), "runs": len(seconds), "seconds": seconds,
                        "process_seconds": measurement.process_seconds, "mb_per_s": total_bytes / median / 1e6,
                        "bytes": total_bytes, "distinct_ids": sorted(measurement.distinct),
                        "version": measurement.version, "data": data, "notes": notes})
    print(f"\n×DuckDB: median / DuckDB's median at the same thread count (below 1 means faster than DuckDB). "
          f"MB/s: {total_bytes:,} bytes / median. Peers: {versions or 'none'}.")

    distinct_all = set().union(*(m.distinct for m in measurements))
    rows_all = {row for m in measurements for row in m.rows}
    print(f"distinct customer ids: {', '.join(str(d) for d in sorted(distinct_all))}; "
          f"rows (customers, follows, referrals): {'; '.join(str(r) for r in sorted(rows_all))}")
    problems = []
    if len(distinct_all) != 1:
        problems.append("engines disagree on the distinct customer ids: " + "; ".join(
            f"{m.label} ({m.threads_used} thr) {sorted(m.distinct)}" for m in measurements))
    if len(rows_all) != 1:
        problems.append("engines disagree on the row counts: " + "; ".join(
            f"{m.label} ({m.threads_used} thr) {sorted(set(m.rows))}" for m in measurements))
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        sys.exit(1)

    if options.json:
        write_json_lines(options.json, records)


if __name__ == "__main__":
    main()
