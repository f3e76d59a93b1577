import InfluenceGraph

print("influence-bench: no benchmarks yet")
