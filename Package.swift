// swift-tools-version: 6.1
// kaoxue (考学): question banks, papers, practice, scoring and study records for "以考促学".
// Licence: GPL-3.0-or-later (the executable links GNU readline).

import PackageDescription

let package = Package(
    name: "kaoxue",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kaoxue", targets: ["kaoxue"]),
        .library(name: "QuizModel", targets: ["QuizModel"]),
        .library(name: "BankFormats", targets: ["BankFormats"]),
        .library(name: "TextMatching", targets: ["TextMatching"]),
        .library(name: "SyntheticBanks", targets: ["SyntheticBanks"]),
    ],
    dependencies: [
        // Subcommands, options, --help and usage errors for the `kaoxue` command line.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Terminal colours for diagnostics (switched on only for a TTY).
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.0.0"),
        // Property-based tests (generated banks survive write -> parse) with shrinking.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // MARK: - Domain values

        // Question, AnswerKey, Bank, SourceLocation, Diagnostic: Sendable, Codable values. No dependencies.
        .target(name: "QuizModel"),

        // MARK: - Text

        // Width, space and punctuation folding; Traditional <-> Simplified through OpenCC.
        .target(name: "TextMatching", dependencies: ["COpenCC"]),
        // OpenCC's C API (Debian: libopencc-dev), linked through the module map.
        .systemLibrary(name: "COpenCC", path: "Sources/COpenCC"),

        // MARK: - Bank files

        // Reading and writing question banks: the native text template, encoding detection, diagnostics.
        .target(name: "BankFormats", dependencies: ["QuizModel", "TextMatching"]),
        // Deterministic generator of synthetic banks for benchmarks and property tests.
        .target(name: "SyntheticBanks", dependencies: ["QuizModel"]),

        // MARK: - Terminal

        // Display width (wcwidth), TTY and colour detection. No readline here.
        .target(name: "TerminalIO", dependencies: ["CTerminal", .product(name: "Rainbow", package: "Rainbow")]),
        // static inline C helpers (wcwidth) for TerminalIO.
        .target(name: "CTerminal"),

        // MARK: - Command line

        // ArgumentParser commands, one file per subcommand; wiring and presentation only.
        .target(
            name: "KaoxueCommands",
            dependencies: [
                "QuizModel", "BankFormats", "TextMatching", "TerminalIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The executable: a few lines calling KaoxueCommands.
        .executableTarget(name: "kaoxue", dependencies: ["KaoxueCommands"]),

        // MARK: - Tests

        .testTarget(name: "QuizModelTests", dependencies: ["QuizModel"]),
        .testTarget(name: "TextMatchingTests", dependencies: ["TextMatching"]),
        .testTarget(
            name: "BankFormatsTests",
            dependencies: [
                "BankFormats", "QuizModel", "SyntheticBanks", "TextMatching",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Runs the built `kaoxue` binary the way a user does: arguments, files, exit codes, output.
        .testTarget(name: "KaoxueEndToEndTests", dependencies: ["kaoxue"], resources: [.copy("Fixtures")]),
    ]
)
