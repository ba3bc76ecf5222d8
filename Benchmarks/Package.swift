// swift-tools-version: 6.1
// Benchmarks for kaoxue, kept out of the main package so that building and testing kaoxue does not build
// package-benchmark. Run: `cd Benchmarks && swift package benchmark`.

import PackageDescription

let package = Package(
    name: "kaoxue-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "kaoxue", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Parsing a deterministic 100,000-question bank in the native text format (issue: foundation).
        .executableTarget(
            name: "BankParsing",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BankFormats", package: "kaoxue"),
                .product(name: "SyntheticBanks", package: "kaoxue"),
                .product(name: "QuizModel", package: "kaoxue"),
            ],
            path: "Benchmarks/BankParsing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Converting a 100,000-question bank to and from every interchange format (issue: interchange).
        .executableTarget(
            name: "BankConversion",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BankFormats", package: "kaoxue"),
                .product(name: "BankInterchange", package: "kaoxue"),
                .product(name: "SyntheticBanks", package: "kaoxue"),
                .product(name: "QuizModel", package: "kaoxue"),
            ],
            path: "Benchmarks/BankConversion",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Selecting and shuffling 1,000 versions of a 100-question paper from a 100,000-question bank (issue: papers).
        .executableTarget(
            name: "PaperSelection",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PaperAssembly", package: "kaoxue"),
                .product(name: "SyntheticBanks", package: "kaoxue"),
                .product(name: "QuizModel", package: "kaoxue"),
                .product(name: "BankFormats", package: "kaoxue"),
            ],
            path: "Benchmarks/PaperSelection",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Practice startup on a 10,000-question bank and a store of 100,000 reviews; FSRS over 1,000,000 reviews
        // (issue: quiz runner).
        .executableTarget(
            name: "StudySessions",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BankFormats", package: "kaoxue"),
                .product(name: "QuizModel", package: "kaoxue"),
                .product(name: "StudyRecords", package: "kaoxue"),
                .product(name: "StudySession", package: "kaoxue"),
                .product(name: "SyntheticBanks", package: "kaoxue"),
            ],
            path: "Benchmarks/StudySessions",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Scoring 1,000,000 answer sheets × 100 questions with item analysis and scores.csv (issue: scoring).
        .executableTarget(
            name: "BatchScoring",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PaperAssembly", package: "kaoxue"),
                .product(name: "QuizModel", package: "kaoxue"),
                .product(name: "Scoring", package: "kaoxue"),
                .product(name: "Spreadsheets", package: "kaoxue"),
            ],
            path: "Benchmarks/BatchScoring",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Importing 1,000,000 activity rows; a yearly credit report over 100,000 people (issue: ledger).
        .executableTarget(
            name: "Ledger",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BankFormats", package: "kaoxue"),
                .product(name: "QuizModel", package: "kaoxue"),
                .product(name: "StudyLedger", package: "kaoxue"),
                .product(name: "StudyRecords", package: "kaoxue"),
            ],
            path: "Benchmarks/Ledger",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
