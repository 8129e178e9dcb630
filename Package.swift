// swift-tools-version:6.1
//
// AggLM: learned aggregation of candidate LLM solutions.
//
// Targets are layered by the direction data flows, each depending only on
// the ones above it:
//
//   CZlib, COpenBLAS, CZeroMQ      system libraries (Debian -dev packages)
//   AggLMSupport                   seeded random numbers, stable hashing, JSON text, monotonic clock, threads
//   AggLMWire                      generated protobuf schema (Protos/)
//   AggLMData                      dataset files: JSON Lines (+gzip) of Problem
//   AggLMAnswers                   extraction, canonical forms, equivalence, clusters
//   AggLMAggregation               prepared problems, candidate sets, baseline methods, aggregator
//   AggLMPolicy                    the set policy's math on cblas, checkpoints
//   AggLMEvaluation                set sampling, method comparison, reports, plots
//   AggLMFeatures                  candidate, set and cluster features for the learned aggregator
//   AggLMLearning                  policy/reward-model adapters, checkpoints, GRPO trainer, CV
//   AggLMService                   ZeroMQ broker, workers, clients (engine: the aggregator)
//   agglm                          the command-line tool
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "AggLM",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AggLM", targets: ["AggLMSupport", "AggLMWire", "AggLMData", "AggLMAnswers", "AggLMAggregation", "AggLMPolicy", "AggLMEvaluation", "AggLMFeatures", "AggLMLearning", "AggLMService"]),
        .executable(name: "agglm", targets: ["agglm"]),
        .executable(name: "agglm-train", targets: ["agglm-train"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries. libzmq's pkg-config file carries flags SwiftPM
        // rejects, so it is linked by name (its headers are on default paths).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),

        .target(name: "AggLMSupport", swiftSettings: strict),
        .target(
            name: "AggLMWire",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .target(
            name: "AggLMData",
            dependencies: ["AggLMWire", "CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .target(name: "AggLMAnswers", dependencies: ["AggLMSupport"], swiftSettings: strict),
        .target(name: "AggLMAggregation", dependencies: ["AggLMWire", "AggLMAnswers", "AggLMSupport"], swiftSettings: strict),
        .target(name: "AggLMPolicy", dependencies: ["COpenBLAS", "AggLMSupport"], swiftSettings: strict),
        .target(
            name: "AggLMEvaluation",
            dependencies: ["AggLMWire", "AggLMAggregation", "AggLMSupport"],
            swiftSettings: strict
        ),
        .target(name: "AggLMFeatures", dependencies: ["AggLMAggregation", "AggLMAnswers", "AggLMSupport"], swiftSettings: strict),
        .target(
            name: "AggLMLearning",
            dependencies: ["AggLMAggregation", "AggLMAnswers", "AggLMEvaluation", "AggLMFeatures", "AggLMPolicy", "AggLMSupport", "AggLMWire"],
            swiftSettings: strict
        ),
        .target(
            name: "AggLMService",
            dependencies: [
                "CZeroMQ", "AggLMWire", "AggLMAggregation", "AggLMSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "agglm",
            dependencies: [
                "AggLMWire", "AggLMData", "AggLMAnswers", "AggLMAggregation", "AggLMEvaluation",
                "AggLMFeatures", "AggLMLearning", "AggLMPolicy", "AggLMService", "AggLMSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "agglm-train",
            dependencies: [
                "AggLMWire", "AggLMData", "AggLMAggregation", "AggLMEvaluation", "AggLMFeatures", "AggLMLearning", "AggLMPolicy", "AggLMSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "AggLMWireTests",
            dependencies: ["AggLMSupport", "AggLMWire", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: strict
        ),
        .testTarget(name: "AggLMSupportTests", dependencies: ["AggLMSupport"], swiftSettings: strict),
        .testTarget(name: "AggLMDataTests", dependencies: ["AggLMSupport", "AggLMData", "AggLMWire"], swiftSettings: strict),
        .testTarget(name: "AggLMAnswersTests", dependencies: ["AggLMSupport", "AggLMAnswers"], swiftSettings: strict),
        .testTarget(name: "AggLMAggregationTests", dependencies: ["AggLMSupport", "AggLMAggregation", "AggLMAnswers", "AggLMWire"], swiftSettings: strict),
        .testTarget(name: "AggLMEvaluationTests", dependencies: ["AggLMSupport", "AggLMEvaluation", "AggLMAggregation", "AggLMWire"], swiftSettings: strict),
        .testTarget(name: "AggLMFeaturesTests", dependencies: ["AggLMSupport", "AggLMFeatures", "AggLMAggregation", "AggLMWire"], swiftSettings: strict),
        .testTarget(
            name: "AggLMLearningTests",
            dependencies: ["AggLMSupport", "AggLMLearning", "AggLMFeatures", "AggLMAggregation", "AggLMEvaluation", "AggLMPolicy", "AggLMWire"],
            swiftSettings: strict
        ),
        .testTarget(name: "AggLMPolicyTests", dependencies: ["AggLMSupport", "AggLMPolicy"], swiftSettings: strict),
        .testTarget(
            name: "AggLMServiceTests",
            dependencies: ["AggLMSupport", "AggLMService", "AggLMWire", "AggLMAggregation", "AggLMLearning", "AggLMData", .product(name: "SwiftProtobuf", package: "swift-protobuf"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
    ]
)
