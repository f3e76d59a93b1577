// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "InfluenceGraph",
    products: [
        .library(name: "InfluenceGraph", targets: ["InfluenceGraph"]),
        .executable(name: "influence", targets: ["influence"]),
        .executable(name: "influence-bench", targets: ["InfluenceBenchmarks"]),
    ],
    targets: [
        .target(name: "InfluenceGraph"),
        .target(name: "InfluenceCLI", dependencies: ["InfluenceGraph"]),
        .executableTarget(name: "influence", dependencies: ["InfluenceCLI"]),
        .target(name: "InfluenceBenchmarkKit", dependencies: ["InfluenceGraph"], path: "Benchmarks/InfluenceBenchmarkKit"),
        .executableTarget(
            name: "InfluenceBenchmarks",
            dependencies: ["InfluenceBenchmarkKit"],
            path: "Benchmarks/InfluenceBenchmarks"
        ),
        .testTarget(name: "InfluenceGraphTests", dependencies: ["InfluenceGraph"]),
        .testTarget(name: "InfluenceCLITests", dependencies: ["InfluenceCLI", "InfluenceGraph"]),
        .testTarget(name: "InfluenceBenchmarkTests", dependencies: ["InfluenceBenchmarkKit"]),
    ]
)
