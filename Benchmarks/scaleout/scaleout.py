"""Same answers on Apache Spark: reads an `influence export --to spark` directory
with Spark DataFrames in local mode and recomputes, with InfluenceGraph's exact
semantics, what the `influence` CLI reports:

- PageRank over follows (a follow is a vote for the followee; a customer without
  followees spreads its mass over the teleport vector; damping 0.85; a fixed number
  of iterations from the uniform vector), compared over our top 50 within 1e-9;
- 2-hop reach of a seed set (followers of the seeds, then their followers, seeds not
  counted), compared per hop, exactly;
- first-touch tier-1 attributed revenue (each referee's earliest referral row, ties
  and time-less rows by input row, is worth its revenue, else the referee's spend,
  else 0, credited to that row's referrer), compared per customer to the cent.

Prints timings side by side and writes one JSON object per graph. Run through
run.sh, which sets up the environment; never part of `swift test` or CI.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F


def run_cli(influence, arguments):
    """Runs the influence CLI and returns its JSON output."""
    result = subprocess.run([influence] + arguments, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"influence {' '.join(arguments)} failed ({result.returncode}): {result.stderr}")
    return json.loads(result.stdout)


def read_table(spark, export, schema, name):
    """One table of the export, read with the options and schema schema.json gives."""
    reader = spark.read
    for key, value in schema["read_options"].items():
        reader = reader.option(key, value)
    return reader.schema(schema["tables"][name]["ddl"]).csv(os.path.join(export, name))


def timed(body):
    start = time.perf_counter()
    value = body()
    return value, time.perf_counter() - start


def spark_pagerank(spark, vertices, follows, iterations, damping):
    """PageRank with InfluenceGraph's semantics (Jacobi, two vectors, dangling mass to
    the uniform teleport vector). Returns {id: score}."""
    n = vertices.count()
    edges = follows.select("src", "dst").persist()
    degrees = edges.groupBy("src").agg(F.count(F.lit(1)).alias("degree"))
    inverse = (vertices.select("id")
               .join(degrees, vertices.id == degrees.src, "left")
               .select("id", F.when(F.col("degree").isNull(), F.lit(0.0))
                       .otherwise(1.0 / F.col("degree")).alias("inverse"))
               .localCheckpoint())
    ranks = inverse.select("id", F.lit(1.0 / n).alias("rank")).localCheckpoint()
    for _ in range(iterations):
        votes = ranks.join(inverse, "id")
        dangling = votes.where(F.col("inverse") == 0).agg(F.sum("rank")).first()[0] or 0.0
        votes = votes.select(F.col("id").alias("src"), (F.col("rank") * F.col("inverse")).alias("vote"))
        sums = edges.join(votes, "src").groupBy("dst").agg(F.sum("vote").alias("sum"))
        base = (damping * dangling + 1.0 - damping) / n
        ranks = (inverse.select("id")
                 .join(sums, inverse.id == sums.dst, "left")
                 .select("id", (F.lit(damping) * F.coalesce(F.col("sum"), F.lit(0.0)) + F.lit(base)).alias("rank"))
                 .localCheckpoint())
    result = {row["id"]: row["rank"] for row in ranks.collect()}
    edges.unpersist()
    return result


def spark_reach(spark, follows, seeds):
    """Customers first reached at hop 1 and at hop 2 from `seeds` (dense ids): a post
    is seen by the poster's followers, so reach walks follows backwards."""
    edges = follows.select("src", "dst")
    seed_frame = spark.createDataFrame([(s,) for s in seeds], "id long")
    hop1 = (edges.join(seed_frame, edges.dst == seed_frame.id).select(edges.src.alias("id")).distinct()
            .join(seed_frame, "id", "left_anti").persist())
    hop2 = (edges.join(hop1, edges.dst == hop1.id).select(edges.src.alias("id")).distinct()
            .join(seed_frame, "id", "left_anti").join(hop1, "id", "left_anti"))
    counts = [hop1.count(), hop2.count()]
    hop1.unpersist()
    return counts


def spark_attribution(vertices, referrals):
    """First-touch tier-1 attributed revenue per referrer (dense id)."""
    order = Window.partitionBy("dst").orderBy(F.col("time").asc_nulls_first(), F.col("row").asc())
    first = referrals.withColumn("k", F.row_number().over(order)).where(F.col("k") == 1)
    spend = vertices.select(F.col("id").alias("dst"), F.col("spend"))
    value = first.join(spend, "dst", "left").select(
        "src", F.coalesce(F.col("revenue"), F.col("spend"), F.lit(0.0)).alias("value"))
    credit = value.groupBy("src").agg(F.sum("value").alias("credit"))
    return {row["src"]: row["credit"] for row in credit.collect()}


HOSTILE_IDS = ["a,b", 'say "hi"', "line1\nline2", "cr\rhere", " lead", "trail ", "\ttab", "日本語", "emoji🙂",
               '"', ",", "x\r\n", "plain", "=1+2", "semi;colon", "back\\slash", '"quoted"']


def check_hostile(spark, args):
    """Hostile ids, names and segments written by Python's csv module, exported, and
    read by Spark with schema.json's options: every customer, name, segment and
    follow must come back as written."""
    source = os.path.join(args.work, "hostile")
    os.makedirs(source, exist_ok=True)
    names = {c: f"N{i}, \"the\" one\nsecond line" for i, c in enumerate(HOSTILE_IDS)}
    segments = {c: ["vip", "a,b segment", " spaced ", 'q"q'][i % 4] for i, c in enumerate(HOSTILE_IDS)}
    follows = [(HOSTILE_IDS[i], HOSTILE_IDS[(i + j) % len(HOSTILE_IDS)]) for i in range(len(HOSTILE_IDS)) for j in (1, 3)]
    with open(os.path.join(source, "customers.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(["id", "name", "segment"])
        for c in HOSTILE_IDS:
            w.writerow([c, names[c], segments[c]])
    with open(os.path.join(source, "follows.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(["follower", "followee"])
        w.writerows(follows)
    export = os.path.join(args.work, "export-hostile")
    subprocess.run(["rm", "-rf", export], check=True)
    run_cli(args.influence, ["export", source, "--to", "spark", "-o", export, "--partitions", "3", "--format", "json"])
    with open(os.path.join(export, "schema.json")) as f:
        schema = json.load(f)
    vertices = read_table(spark, export, schema, "vertices").collect()
    customer = {row["id"]: row["customer"] for row in vertices}
    read_back = {row["customer"]: (row["name"], row["segment"]) for row in vertices}
    written = {c: (names[c], segments[c]) for c in HOSTILE_IDS}
    spark_follows = sorted((customer[r["src"]], customer[r["dst"]]) for r in read_table(spark, export, schema, "follows").collect())
    return {"customers_equal": read_back == written and len(vertices) == len(HOSTILE_IDS),
            "follows_equal": spark_follows == sorted(follows)}


def compare_graph(spark, args, name, source):
    export = os.path.join(args.work, "export-" + name)
    subprocess.run(["rm", "-rf", export], check=True)
    exported = run_cli(args.influence, ["export", source, "--to", "spark", "-o", export, "--format", "json"])
    with open(os.path.join(export, "schema.json")) as f:
        schema = json.load(f)

    vertices = read_table(spark, export, schema, "vertices")
    follows = read_table(spark, export, schema, "follows")
    referrals = read_table(spark, export, schema, "referrals")
    (vertex_count, follow_count, referral_count), read_seconds = timed(
        lambda: (vertices.persist().count(), follows.persist().count(), referrals.persist().count()))
    assert (vertex_count, follow_count, referral_count) == (schema["customers"], schema["follows"], schema["referrals"])
    customer = {row["id"]: row["customer"] for row in vertices.select("id", "customer").collect()}
    index = {c: i for i, c in customer.items()}

    # PageRank: ours with exactly `iterations` iterations.
    ours_rank = run_cli(args.influence, ["rank", source, "--iterations", str(args.iterations), "--top", "50", "--format", "json"])
    spark_scores, spark_rank_seconds = timed(lambda: spark_pagerank(spark, vertices, follows, args.iterations, 0.85))
    worst = max(abs(spark_scores[index[row["id"]]] - row["score"]) for row in ours_rank["results"])
    spark_top = sorted(spark_scores, key=lambda i: (-spark_scores[i], i))[:50]
    same_order = [customer[i] for i in spark_top] == [row["id"] for row in ours_rank["results"]]

    # 2-hop reach from five of our top customers and five spread over the id range.
    n = vertex_count
    seeds = [index[row["id"]] for row in ours_rank["results"][:5]]
    seeds += [i for i in (n // 7, 2 * n // 7, 3 * n // 7, 4 * n // 7, 5 * n // 7) if i not in seeds]
    seeds_file = os.path.join(args.work, name + "-seeds.txt")
    with open(seeds_file, "w") as f:
        f.write("".join(customer[s] + "\n" for s in seeds))
    ours_reach = run_cli(args.influence, ["reach", source, "--seeds-file", seeds_file, "--hops", "2", "--format", "json"])
    spark_hops, spark_reach_seconds = timed(lambda: spark_reach(spark, follows, seeds))
    ours_hops = [ours_reach["hop_1"], ours_reach["hop_2"]]

    # First-touch tier-1 attribution, every customer, to the cent.
    ours_credit = run_cli(args.influence, ["attribute", source, "--tiers", "1", "--touch", "first", "--top", "0", "--format", "json"])
    spark_credit, spark_attribution_seconds = timed(lambda: spark_attribution(vertices, referrals))
    cent_mismatches = sum(1 for row in ours_credit["results"]
                          if round(row["attributed_revenue"] * 100) != round(spark_credit.get(index[row["id"]], 0.0) * 100))
    total_ours = sum(row["attributed_revenue"] for row in ours_credit["results"])

    for frame in (vertices, follows, referrals):
        frame.unpersist()
    return {
        "graph": name, "customers": vertex_count, "follows": follow_count, "referrals": referral_count,
        "export_bytes": exported["bytes"], "export_seconds": exported["timings"]["export_seconds"],
        "ours_load_seconds": ours_rank["timings"]["load_seconds"], "spark_read_seconds": read_seconds,
        "pagerank_iterations": args.iterations, "pagerank_max_abs_diff_top50": worst, "pagerank_top50_same_order": same_order,
        "pagerank_ours_seconds": ours_rank["timings"]["compute_seconds"], "pagerank_spark_seconds": spark_rank_seconds,
        "reach_seeds": len(seeds), "reach_ours": ours_hops, "reach_spark": spark_hops,
        "reach_ours_seconds": ours_reach["timings"]["compute_seconds"], "reach_spark_seconds": spark_reach_seconds,
        "attributed_total": total_ours, "attribution_cent_mismatches": cent_mismatches,
        "attribution_ours_seconds": ours_credit["timings"]["compute_seconds"],
        "attribution_spark_seconds": spark_attribution_seconds,
        "ok": worst <= 1e-9 and ours_hops == spark_hops and cent_mismatches == 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--influence", required=True, help="the influence binary (release build)")
    parser.add_argument("--work", required=True, help="scratch folder for exports")
    parser.add_argument("--graph", action="append", default=[], help="NAME=SOURCE, repeatable")
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--memory", default="8g", help="Spark driver memory")
    parser.add_argument("--json", help="write one JSON object per graph here")
    args = parser.parse_args()

    spark = (SparkSession.builder.master(f"local[{args.cores}]").appName("influence-scaleout")
             .config("spark.driver.memory", args.memory)
             # A few shuffle partitions per core: Spark's default of 200 is for clusters.
             .config("spark.sql.shuffle.partitions", str(4 * args.cores))
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark {spark.version} local[{args.cores}], java {spark.sparkContext._jvm.System.getProperty('java.version')}, "
          f"driver memory {args.memory}, pagerank {args.iterations} iterations", flush=True)

    hostile = check_hostile(spark, args)
    print(f"hostile ids, names and segments read back by Spark: {hostile}", flush=True)
    results = []
    for item in args.graph:
        name, source = item.split("=", 1)
        print(f"{name}: exporting and comparing ...", flush=True)
        result = compare_graph(spark, args, name, source)
        results.append(result)
        print(json.dumps(result), flush=True)
    spark.stop()

    print()
    header = f"{'graph':<14} {'customers':>10} {'follows':>10} {'export s':>9} | {'PageRank ours':>13} {'Spark':>9} | {'reach ours':>10} {'Spark':>8} | {'attrib ours':>11} {'Spark':>8} | answers"
    print(header)
    print("-" * len(header))
    for r in results:
        answers = "equal" if r["ok"] else "DIFFER"
        print(f"{r['graph']:<14} {r['customers']:>10} {r['follows']:>10} {r['export_seconds']:>9.3f} | "
              f"{r['pagerank_ours_seconds']:>13.3f} {r['pagerank_spark_seconds']:>9.1f} | "
              f"{r['reach_ours_seconds']:>10.4f} {r['reach_spark_seconds']:>8.1f} | "
              f"{r['attribution_ours_seconds']:>11.4f} {r['attribution_spark_seconds']:>8.1f} | {answers} "
              f"(top-50 max diff {r['pagerank_max_abs_diff_top50']:.1e}, hops {r['reach_ours']} vs {r['reach_spark']}, "
              f"{r['attribution_cent_mismatches']} cent mismatches)")
    if args.json:
        with open(args.json, "w") as f:
            f.write("".join(json.dumps(r) + "\n" for r in results))
    if not all(r["ok"] for r in results) or not all(hostile.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
